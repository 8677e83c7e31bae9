//! Counting the filtered events by every dimension in one pass over the columns.

use super::filter::CompiledFilter;
use crate::normalize::time::UNDATED;
use crate::store::EventStore;
use std::collections::{BTreeMap, HashMap};

/// Counts of the events passing a filter; the `by_*` vectors are indexed by dictionary id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Events.
    pub events: u64,
    /// Events with an error code.
    pub errors: u64,
    /// Events without a usable time.
    pub undated: u64,
    /// Earliest dated event (UTC ms).
    pub first: Option<i64>,
    /// Latest dated event (UTC ms).
    pub last: Option<i64>,
    /// By event source id.
    pub by_source: Vec<u64>,
    /// By (event source id, operation id).
    pub by_operation: HashMap<(u16, u32), u64>,
    /// By principal id.
    pub by_principal: Vec<u64>,
    /// By account id.
    pub by_account: Vec<u64>,
    /// By region id.
    pub by_region: Vec<u64>,
    /// By error code id (id 0: no error).
    pub by_error: Vec<u64>,
    /// By hour since the epoch (UTC).
    pub by_hour: BTreeMap<i64, u64>,
}

impl Counts {
    /// Counts the events of `store` passing `filter`.
    pub fn compute(store: &EventStore, filter: &CompiledFilter) -> Self {
        let d = &store.dict;
        let c = &store.columns;
        let mut counts = Counts {
            by_source: vec![0; d.sources.len()],
            by_principal: vec![0; d.principals.len()],
            by_account: vec![0; d.accounts.len()],
            by_region: vec![0; d.regions.len()],
            by_error: vec![0; d.errors.len()],
            ..Counts::default()
        };
        let mut by_hour: HashMap<i64, u64> = HashMap::new();
        for i in filter.rows(store) {
            counts.events += 1;
            counts.by_source[c.source[i] as usize] += 1;
            *counts.by_operation.entry((c.source[i], c.operation[i])).or_insert(0) += 1;
            counts.by_principal[c.principal[i] as usize] += 1;
            counts.by_account[c.account[i] as usize] += 1;
            counts.by_region[c.region[i] as usize] += 1;
            counts.by_error[c.error[i] as usize] += 1;
            if c.error[i] != 0 {
                counts.errors += 1;
            }
            let t = c.time[i];
            if t == UNDATED {
                counts.undated += 1;
            } else {
                counts.first = Some(counts.first.map_or(t, |f| f.min(t)));
                counts.last = Some(counts.last.map_or(t, |l| l.max(t)));
                *by_hour.entry(t.div_euclid(3_600_000)).or_insert(0) += 1;
            }
        }
        counts.by_hour = by_hour.into_iter().collect();
        counts
    }
}
