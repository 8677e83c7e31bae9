//! The resources the filtered events touched, most-touched first: for the CLI each with who
//! touched it, by which operations, and when; for the Resources view the busiest with their
//! writes, denied calls and principals. Either is one pass over the selected rows' resource ids.

use super::selection::{for_each_row, Rows};
use super::tally::Span;
use crate::findings::denied_errors;
use crate::resources::{arn_of, name_of};
use crate::store::flags::{Flags, ReadOnly};
use crate::store::EventStore;
use crate::time::format_utc;
use hashbrown::{HashMap, HashSet};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One resource and what touched it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResourceRow {
    /// Its own name (see [`crate::resources::name_of`]).
    pub name: String,
    /// Its ARN, or empty when none could be built.
    pub arn: String,
    /// Its type (`AWS::S3::Bucket`), or empty when unknown.
    #[serde(rename = "type")]
    pub kind: String,
    /// The account that owns it, or empty when unknown.
    pub account: String,
    /// Events that touched it.
    pub events: u64,
    /// Folded operation name → events.
    pub by_operation: BTreeMap<String, u64>,
    /// Principal → events.
    pub by_principal: BTreeMap<String, u64>,
    /// Earliest dated event (`YYYY-MM-DDTHH:MM:SSZ`), or `None` when all were undated.
    pub first: Option<String>,
    /// Latest dated event.
    pub last: Option<String>,
}

/// One resource as the Resources view lists it: what a responder scans for first (how busy, how
/// many changes, how many refusals, how many hands) before opening its page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TouchedResource {
    /// Its key (an ARN, or `TYPE NAME`): the filter's and the entity page's value.
    pub key: String,
    /// Its own name (see [`crate::resources::name_of`]).
    pub name: String,
    /// Its type (`AWS::S3::Bucket`), or empty when unknown.
    pub kind: String,
    /// The account that owns it, or empty when unknown.
    pub account: String,
    /// Events that touched it.
    pub events: u64,
    /// Of them, writes (`readOnly: false`).
    pub writes: u64,
    /// Of them, calls refused (see [`crate::findings::denied_errors`]).
    pub denied: u64,
    /// Distinct principals that touched it.
    pub principals: u64,
    /// First dated event (UTC ms).
    pub first: Option<i64>,
    /// Last dated event (UTC ms).
    pub last: Option<i64>,
}

/// Calls `each(id, row)` for every (resource id, row) pair of `rows`: a row that touched no
/// resource (most) costs two look-ups.
fn each_touch(store: &EventStore, rows: Rows<'_>, mut each: impl FnMut(u32, usize)) {
    for_each_row!(rows, |row| {
        let row = row as usize;
        for &id in store.resources.column.of(row) {
            each(id, row);
        }
    });
}

/// Largest resources × principals for which "has this principal touched this resource?" is a
/// bit in a dense table rather than a hash-set entry.
pub(super) const DENSE_BITS: usize = 1 << 24;

/// Which (resource slot, principal) pairs were seen: bits when there are few enough, else a set.
enum Seen {
    Bits(Vec<u64>, usize),
    Set(HashSet<(u32, u32)>),
}

impl Seen {
    fn new(slots: usize, principals: usize, dense_bits: usize) -> Self {
        match slots.checked_mul(principals) {
            Some(cells) if cells <= dense_bits => Seen::Bits(vec![0; cells.div_ceil(64)], principals),
            _ => Seen::Set(HashSet::new()),
        }
    }

    /// Marks the pair; whether it is new.
    fn insert(&mut self, slot: u32, principal: u32) -> bool {
        match self {
            Seen::Bits(bits, principals) => {
                let at = slot as usize * *principals + principal as usize;
                let (word, bit) = (&mut bits[at / 64], 1u64 << (at % 64));
                let new = *word & bit == 0;
                *word |= bit;
                new
            }
            Seen::Set(set) => set.insert((slot, principal)),
        }
    }
}

/// What the Resources view counts for one of its resources: events, denials (as the span's
/// errors) and span, writes, and distinct principals (the last one seen kept to skip repeats).
struct Acc {
    span: Span,
    writes: u64,
    principals: u64,
    last_principal: u32,
}

/// The `limit` resources of `rows` with the most events (ties by key), for the Resources view.
/// A first pass counts each resource's events in a small dense vector; a second gathers the
/// rest for the chosen few only, so that the per-pair state stays in cache at any number of
/// resources.
pub fn most_touched(store: &EventStore, rows: Rows<'_>, limit: usize) -> Vec<TouchedResource> {
    most_touched_with(store, rows, limit, DENSE_BITS, touches(store, rows))
}

/// Events of `rows` per resource id: the first pass of [`most_touched`], which the resources
/// facet shares.
pub(super) fn touches(store: &EventStore, rows: Rows<'_>) -> Vec<u32> {
    let mut events = vec![0u32; store.resources.dict.len()];
    match rows {
        Rows::Span(start, end) => store.resources.column.count(start..end, &mut events),
        Rows::Listed(rows) => store.resources.column.count(rows.iter().copied(), &mut events),
    }
    events
}

/// [`most_touched`] with the first pass's counts ([`touches`]) given, and the dense table's
/// budget as a parameter, so tests can force the set.
pub(super) fn most_touched_with(
    store: &EventStore,
    rows: Rows<'_>,
    limit: usize,
    dense_bits: usize,
    events: Vec<u32>,
) -> Vec<TouchedResource> {
    let dict = &store.resources.dict;
    let touched = events.iter().enumerate().filter(|&(_, &n)| n > 0);
    let mut chosen: Vec<(u32, u32)> = touched.map(|(id, &n)| (id as u32, n)).collect();
    // The cut is found on the counts alone; only what passes it is ordered, ties by key (a
    // comparison of strings, too slow for tens of thousands of resources touched once).
    if chosen.len() > limit && limit > 0 {
        let mut counts: Vec<u32> = chosen.iter().map(|&(_, n)| n).collect();
        let cut = *counts.select_nth_unstable_by(limit - 1, |a, b| b.cmp(a)).1;
        chosen.retain(|&(_, n)| n >= cut);
    }
    chosen.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| dict.key(a.0).cmp(dict.key(b.0))));
    chosen.truncate(limit);
    let mut slot_of = events;
    slot_of.fill(u32::MAX);
    for (slot, &(id, _)) in chosen.iter().enumerate() {
        slot_of[id as usize] = slot as u32;
    }
    let c = &store.columns;
    let denied_error = denied_errors(&store.dict.errors);
    let mut seen = Seen::new(chosen.len(), store.dict.principals.len(), dense_bits);
    let mut accs: Vec<Acc> = (0..chosen.len())
        .map(|_| Acc {
            span: Span::default(),
            writes: 0,
            principals: 0,
            last_principal: u32::MAX,
        })
        .collect();
    each_touch(store, rows, |id, row| {
        let slot = slot_of[id as usize];
        let Some(acc) = accs.get_mut(slot as usize) else {
            return;
        };
        acc.span.add(c.time[row], denied_error[c.error.get(row) as usize]);
        acc.writes += u64::from(Flags(c.flags[row]).read_only() == ReadOnly::Write);
        let principal = c.principal.get(row);
        if acc.last_principal != principal {
            acc.last_principal = principal;
            acc.principals += u64::from(seen.insert(slot, principal));
        }
    });
    chosen
        .iter()
        .zip(accs)
        .map(|(&(id, _), acc)| TouchedResource {
            key: dict.key(id).to_string(),
            name: name_of(dict.key(id)).to_string(),
            kind: dict.kind(id).to_string(),
            account: dict.account(id).to_string(),
            events: acc.span.events,
            writes: acc.writes,
            denied: acc.span.errors,
            principals: acc.principals,
            first: acc.span.first,
            last: acc.span.last,
        })
        .collect()
}

/// The resources of `rows` (row indexes, as [`super::filter::CompiledFilter::selected`] gives
/// them), most events first, ties by name, then ARN and type.
pub fn resources(store: &EventStore, rows: Rows<'_>) -> Vec<ResourceRow> {
    let dict = &store.resources.dict;
    let c = &store.columns;
    let mut by_operation: HashMap<(u32, u32), u64> = HashMap::new();
    let mut by_principal: HashMap<(u32, u32), u64> = HashMap::new();
    let mut tallies: Vec<Span> = (0..dict.len()).map(|_| Span::default()).collect();
    each_touch(store, rows, |id, row| {
        tallies[id as usize].add(c.time[row], false);
        *by_operation.entry((id, u32::from(c.operation.get(row)))).or_default() += 1;
        *by_principal.entry((id, c.principal.get(row))).or_default() += 1;
    });
    let mut out: Vec<ResourceRow> = tallies
        .iter()
        .enumerate()
        .filter(|(_, t)| t.events > 0)
        .map(|(id, t)| {
            let key = dict.key(id as u32);
            ResourceRow {
                name: name_of(key).to_string(),
                arn: arn_of(key).to_string(),
                kind: dict.kind(id as u32).to_string(),
                account: dict.account(id as u32).to_string(),
                events: t.events,
                by_operation: BTreeMap::new(),
                by_principal: BTreeMap::new(),
                first: t.first.map(format_utc),
                last: t.last.map(format_utc),
            }
        })
        .collect();
    let index: HashMap<u32, usize> = tallies
        .iter()
        .enumerate()
        .filter(|(_, t)| t.events > 0)
        .enumerate()
        .map(|(at, (id, _))| (id as u32, at))
        .collect();
    let d = &store.dict;
    for ((id, op), n) in by_operation {
        *out[index[&id]]
            .by_operation
            .entry(d.operations.get(op).to_string())
            .or_default() += n;
    }
    for ((id, principal), n) in by_principal {
        *out[index[&id]]
            .by_principal
            .entry(d.principals.get(principal).to_string())
            .or_default() += n;
    }
    out.sort_by(|a, b| {
        (b.events.cmp(&a.events))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.arn.cmp(&b.arn))
            .then_with(|| a.kind.cmp(&b.kind))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::{most_touched, most_touched_with, touches, Rows};
    use crate::formats::testing::fixture;
    use crate::{Dataset, Ingest, IngestOptions};

    #[test]
    fn principals_counted_in_bits_or_in_a_set_agree() {
        let mut ingest = Ingest::new(IngestOptions::default());
        for (origin, rel) in [
            "ctgen/trail.json",
            "ctgen/events.ndjson.gz",
            "resources/s3.json",
            "resources/iam.json",
        ]
        .into_iter()
        .enumerate()
        {
            ingest.add_bytes(origin as u32, rel, fixture(rel).as_bytes());
        }
        let store = Dataset::from_batches([ingest.finish()]).store;
        let all = Rows::Span(0, store.len() as u32);
        let bits = most_touched_with(&store, all, 100, usize::MAX, touches(&store, all));
        assert!(bits.iter().any(|r| r.principals > 1), "{bits:?}");
        assert_eq!(bits, most_touched_with(&store, all, 100, 0, touches(&store, all)));
        let listed = all.to_vec();
        assert_eq!(bits, most_touched(&store, (&listed).into(), 100), "the rows listed");
    }
}
