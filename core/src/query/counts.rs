//! Counting the filtered events by every dimension in one pass over the columns.

use super::filter::CompiledFilter;
use super::pairs::PairIndex;
use super::selection::{for_each_row, Rows};
use crate::store::EventStore;
use crate::time::UNDATED;
use std::collections::{BTreeMap, HashMap};

/// Milliseconds in an hour.
const HOUR_MS: i64 = 3_600_000;

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
        Self::of_rows(store, filter.selected(store).rows())
    }

    /// Counts the given rows (in time order, as [`CompiledFilter::selected`] returns them), so
    /// that a view computes the filter once and shares the row list. Every counter is a dense
    /// vector indexed by id (operations through a per-query pair index) rather than a hash map,
    /// and hours are counted in runs since rows come sorted by time.
    pub fn of_rows(store: &EventStore, rows: Rows<'_>) -> Self {
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
        let mut pairs = PairIndex::new(d.operations.len());
        let mut by_pair: Vec<u64> = Vec::new();
        let mut hour_runs: Vec<(i64, u64)> = Vec::new();
        // The last run's hour as a range of times, so that a row in it costs no division.
        let mut run_hour = 0..0;
        for_each_row!(rows, |i| {
            let i = i as usize;
            let (source, error) = (c.source.get(i), c.error.get(i));
            counts.by_source[source as usize] += 1;
            let slot = pairs.slot(u32::from(source), u32::from(c.operation.get(i)));
            if slot == by_pair.len() {
                by_pair.push(0);
            }
            by_pair[slot] += 1;
            counts.by_principal[c.principal.get(i) as usize] += 1;
            counts.by_account[c.account.get(i) as usize] += 1;
            counts.by_region[c.region.get(i) as usize] += 1;
            counts.by_error[error as usize] += 1;
            let t = c.time[i];
            if t == UNDATED {
                counts.undated += 1;
            } else {
                counts.first = Some(counts.first.map_or(t, |f| f.min(t)));
                counts.last = Some(counts.last.map_or(t, |l| l.max(t)));
                match hour_runs.last_mut() {
                    Some((_, n)) if run_hour.contains(&t) => *n += 1,
                    _ => {
                        let hour = t.div_euclid(HOUR_MS);
                        run_hour = hour * HOUR_MS..(hour + 1) * HOUR_MS;
                        hour_runs.push((hour, 1));
                    }
                }
            }
        });
        counts.events = rows.len() as u64;
        counts.errors = counts.events - counts.by_error.first().copied().unwrap_or(0);
        counts.by_operation = (0..pairs.len())
            .map(|s| {
                let (source, operation) = pairs.key(s);
                ((source as u16, operation), by_pair[s])
            })
            .collect();
        for (hour, n) in hour_runs {
            *counts.by_hour.entry(hour).or_insert(0) += n;
        }
        counts
    }
}
