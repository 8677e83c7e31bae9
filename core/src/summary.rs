//! The `trailscope summary` report: what was loaded, what failed, and the counts users check
//! first (of the events a filter selects, `--query`), as one JSON object with maps sorted by key.

use crate::dataset::Dataset;
use crate::error::Failure;
use crate::query::counts::Counts;
use crate::query::filter::Filter;
use crate::time::hour_key;
use serde::Serialize;
use std::collections::BTreeMap;

/// The summary of a dataset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Leaf files read (zip entries counted instead of archives), failed ones and digests included.
    pub files: u64,
    /// Failures sorted by path (`path:LINE` for NDJSON lines).
    pub failed: Vec<Failure>,
    /// Digest files recognised.
    pub digests: u64,
    /// Events after de-duplication that the filter selects.
    pub events: u64,
    /// Events skipped as duplicates of an already loaded `eventID`.
    pub duplicates: u64,
    /// Selected events without a usable time.
    pub undated: u64,
    /// Selected events with a non-empty `errorCode`.
    pub errors: u64,
    /// `eventSource` → count.
    pub by_source: BTreeMap<String, u64>,
    /// `"<eventSource> <folded eventName>"` → count.
    pub by_operation: BTreeMap<String, u64>,
    /// Principal → count.
    pub by_principal: BTreeMap<String, u64>,
    /// `"YYYY-MM-DDTHH"` (UTC) → count; undated events are not in it.
    pub by_hour: BTreeMap<String, u64>,
}

impl Summary {
    /// Summarises what was loaded, counting the events `filter` selects (all of them under the
    /// default filter).
    pub fn of(data: &Dataset, filter: &Filter) -> Self {
        let store = &data.store;
        let counts = Counts::compute(store, &filter.compile(data));
        let d = &store.dict;
        let named = |ids: &[u64], dict: &crate::store::interner::Interner| {
            ids.iter()
                .enumerate()
                .filter(|(_, &n)| n > 0)
                .map(|(id, &n)| (dict.get(id as u32).to_string(), n))
                .fold(BTreeMap::new(), |mut map, (k, n)| {
                    *map.entry(k).or_insert(0) += n;
                    map
                })
        };
        let by_operation = counts
            .by_operation
            .iter()
            .map(|(&(source, op), &n)| {
                (
                    format!("{} {}", d.sources.get(u32::from(source)), d.operations.get(op)),
                    n,
                )
            })
            .collect();
        let by_hour = counts
            .by_hour
            .iter()
            .map(|(&hour, &n)| (hour_key(hour * 3_600_000), n))
            .collect();
        Summary {
            files: data.files_read,
            failed: data.failures.clone(),
            digests: data.digests.len() as u64,
            events: counts.events,
            duplicates: store.duplicates,
            undated: counts.undated,
            errors: counts.errors,
            by_source: named(&counts.by_source, &d.sources),
            by_operation,
            by_principal: named(&counts.by_principal, &d.principals),
            by_hour,
        }
    }
}
