//! What the S3 keys of dropped files say before any of them is read: the accounts, organisation
//! ids, regions, delivery days and kinds of a trail's files, with their bytes, so that a drop too
//! large for a tab can be narrowed first (`choice.rs`) and only what matches read.

pub mod choice;

use crate::integrity::key::{s3_key, DIGEST_KIND, LOG_KIND};
use crate::time::{format_day_folder, parse_rfc3339};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The folder of Insights files in a key.
pub const INSIGHT_KIND: &str = "CloudTrail-Insight";
/// Bytes of gzip text an event takes in a delivered log file (ct-gen's trails: 283 MB a million).
pub const GZIP_BYTES_PER_EVENT: u64 = 280;
/// Bytes of plain JSON an event takes (ct-gen's trails: 1.57 GB a million).
pub const PLAIN_BYTES_PER_EVENT: u64 = 1570;

/// The kind of file a key names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum KeyKind {
    /// A log file (`CloudTrail/`).
    Log,
    /// A digest file (`CloudTrail-Digest/`).
    Digest,
    /// An Insights file (`CloudTrail-Insight/`).
    Insight,
}

impl KeyKind {
    /// Every kind, in the order they are shown.
    pub const ALL: [KeyKind; 3] = [KeyKind::Log, KeyKind::Digest, KeyKind::Insight];

    fn of_folder(folder: &str) -> Option<KeyKind> {
        match folder {
            LOG_KIND => Some(KeyKind::Log),
            DIGEST_KIND => Some(KeyKind::Digest),
            INSIGHT_KIND => Some(KeyKind::Insight),
            _ => None,
        }
    }

    /// What the kind is called, as a user knows it.
    pub fn name(self) -> &'static str {
        match self {
            KeyKind::Log => "log",
            KeyKind::Digest => "digest",
            KeyKind::Insight => "Insights",
        }
    }
}

/// Where a file of a trail was delivered: `AWSLogs/[o-ORG/]ACCOUNT/KIND/REGION/YYYY/MM/DD/NAME`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrailKey<'p> {
    /// The organisation id of an organisation trail, empty for an account's own trail.
    pub org: &'p str,
    /// The account folder.
    pub account: &'p str,
    /// The kind folder.
    pub kind: KeyKind,
    /// The region folder.
    pub region: &'p str,
    /// UTC midnight of the date folders (the delivery day), in ms.
    pub day_ms: i64,
}

impl<'p> TrailKey<'p> {
    /// The key a dropped path ends with; `None` for a path that does not have that layout.
    pub fn of(path: &'p str) -> Option<TrailKey<'p>> {
        let segments: Vec<&str> = s3_key(path)?.split('/').skip(1).collect();
        let (org, rest) = match segments.first() {
            Some(first) if first.starts_with("o-") => (*first, &segments[1..]),
            _ => ("", &segments[..]),
        };
        let [account, kind, region, year, month, day, _name] = rest else {
            return None;
        };
        let day_ms = parse_rfc3339(&format!("{year}-{month}-{day}T00:00:00Z"))?;
        let date_folder = format!("{year}/{month}/{day}");
        (format_day_folder(day_ms) == date_folder).then_some(())?;
        Some(TrailKey {
            org,
            account,
            kind: KeyKind::of_folder(kind)?,
            region,
            day_ms,
        })
    }
}

/// Files and their bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// How many files.
    pub files: u64,
    /// Their bytes, as dropped (compressed or not).
    pub bytes: u64,
    /// About how many events they hold, from their bytes.
    pub events: u64,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.files += other.files;
        self.bytes += other.bytes;
        self.events += other.events;
    }

    /// One file of `bytes` at `path`. A log file's events (or, for `None`, those of a file that
    /// may be anything) are estimated from its bytes and whether its name says gzip; a digest's
    /// and an Insights file's are not events of the trail.
    pub fn file(path: &str, bytes: u64, kind: Option<KeyKind>) -> Tally {
        let per_event = if path.ends_with(".gz") {
            GZIP_BYTES_PER_EVENT
        } else {
            PLAIN_BYTES_PER_EVENT
        };
        Tally {
            files: 1,
            bytes,
            events: if matches!(kind, None | Some(KeyKind::Log)) {
                bytes.div_ceil(per_event)
            } else {
                0
            },
        }
    }
}

/// The files of one account, kind, region and day: indexes into the catalog's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    /// Index into [`Catalog::accounts`].
    pub account: u32,
    /// The kind.
    pub kind: KeyKind,
    /// Index into [`Catalog::regions`].
    pub region: u32,
    /// Index into [`Catalog::days`].
    pub day: u32,
    /// Its files.
    pub tally: Tally,
}

/// What the keys of a drop say, compact enough to send to the page whatever the drop's size.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    /// Account ids, sorted, each with its organisation id (empty for none).
    pub accounts: Vec<(String, String)>,
    /// Regions, sorted.
    pub regions: Vec<String>,
    /// Delivery days (UTC midnight in ms), in order.
    pub days: Vec<i64>,
    /// The files of every account, kind, region and day that has any.
    pub cells: Vec<Cell>,
    /// Files with no key of a trail's layout: always read.
    pub keyless: Tally,
}

impl Catalog {
    /// The catalog of files given as (path, bytes).
    pub fn of<'p>(files: impl IntoIterator<Item = (&'p str, u64)>) -> Catalog {
        let mut keyless = Tally::default();
        let mut keyed: HashMap<(&str, &str, KeyKind, &str, i64), Tally> = HashMap::new();
        for (path, bytes) in files {
            match TrailKey::of(path) {
                Some(k) => keyed
                    .entry((k.org, k.account, k.kind, k.region, k.day_ms))
                    .or_default()
                    .add(Tally::file(path, bytes, Some(k.kind))),
                None => keyless.add(Tally::file(path, bytes, None)),
            }
        }
        let mut accounts: Vec<(String, String)> = keyed.keys().map(|k| (k.1.to_string(), k.0.to_string())).collect();
        let mut regions: Vec<String> = keyed.keys().map(|k| k.3.to_string()).collect();
        let mut days: Vec<i64> = keyed.keys().map(|k| k.4).collect();
        sort_dedup(&mut accounts);
        sort_dedup(&mut regions);
        sort_dedup(&mut days);
        let index = |found: Result<usize, usize>| found.unwrap_or_else(|at| at) as u32;
        let mut cells: Vec<Cell> = keyed
            .into_iter()
            .map(|((org, account, kind, region, day), tally)| Cell {
                account: index(accounts.binary_search_by(|(a, o)| (a.as_str(), o.as_str()).cmp(&(account, org)))),
                kind,
                region: index(regions.binary_search_by(|r| r.as_str().cmp(region))),
                day: index(days.binary_search(&day)),
                tally,
            })
            .collect();
        cells.sort_by_key(|c| (c.day, c.account, c.region, c.kind as u8));
        Catalog {
            accounts,
            regions,
            days,
            cells,
            keyless,
        }
    }

    /// Whether no file had a trail's key.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// The files of the cells `keep` keeps, in all.
    pub fn total(&self, keep: impl Fn(&Cell) -> bool) -> Tally {
        let mut total = Tally::default();
        self.cells.iter().filter(|c| keep(c)).for_each(|c| total.add(c.tally));
        total
    }

    /// The files of the cells `keep` keeps, by the index `by` gives each, over `len` indexes.
    pub fn totals_by(&self, len: usize, by: impl Fn(&Cell) -> usize, keep: impl Fn(&Cell) -> bool) -> Vec<Tally> {
        let mut totals = vec![Tally::default(); len];
        for cell in self.cells.iter().filter(|c| keep(c)) {
            if let Some(total) = totals.get_mut(by(cell)) {
                total.add(cell.tally);
            }
        }
        totals
    }
}

fn sort_dedup<T: Ord>(list: &mut Vec<T>) {
    list.sort_unstable();
    list.dedup();
}
