//! Which files of a drop to read: accounts, regions and a range of days, chosen from the
//! [`Catalog`] before any file is read. The days of a key are delivery days, and CloudTrail
//! delivers a file up to about 15 minutes after its events, so a range also keeps the files
//! delivered the day after it; a file with no trail key is always kept.

use super::{Catalog, Cell, TrailKey};
use crate::time::MS_PER_DAY;
use serde::{Deserialize, Serialize};

/// What the user chose to read. Empty lists and missing days keep everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// Account ids to read; every account when empty.
    pub accounts: Vec<String>,
    /// Regions to read; every region when empty.
    pub regions: Vec<String>,
    /// The first day of events wanted (UTC midnight, ms).
    pub from_day_ms: Option<i64>,
    /// The last day of events wanted (UTC midnight, ms); files delivered the day after are read too.
    pub to_day_ms: Option<i64>,
}

impl Choice {
    /// Whether the file at `path` is read.
    pub fn keeps(&self, path: &str) -> bool {
        TrailKey::of(path).is_none_or(|key| self.keeps_parts(key.account, key.region, key.day_ms))
    }

    /// Whether the files of `cell` in `catalog` are read.
    pub fn keeps_cell(&self, catalog: &Catalog, cell: &Cell) -> bool {
        let account = catalog
            .accounts
            .get(cell.account as usize)
            .map_or("", |(a, _)| a.as_str());
        let region = catalog.regions.get(cell.region as usize).map_or("", String::as_str);
        let day_ms = catalog.days.get(cell.day as usize).copied().unwrap_or(0);
        self.keeps_parts(account, region, day_ms)
    }

    /// Whether files delivered on `day_ms` are read, whatever their account or region.
    pub fn keeps_day(&self, day_ms: i64) -> bool {
        self.from_day_ms.is_none_or(|from| day_ms >= from)
            && self.to_day_ms.is_none_or(|to| day_ms <= to.saturating_add(MS_PER_DAY))
    }

    fn keeps_parts(&self, account: &str, region: &str, day_ms: i64) -> bool {
        let listed = |list: &[String], value: &str| list.is_empty() || list.iter().any(|v| v == value);
        listed(&self.accounts, account) && listed(&self.regions, region) && self.keeps_day(day_ms)
    }
}
