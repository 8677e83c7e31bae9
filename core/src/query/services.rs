//! Per event source, its operations with counts, error shares and read/write kind, for the
//! per-service charts.

use super::pairs::PairIndex;
use super::selection::{for_each_row, Rows};
use crate::store::flags::{Flags, ReadOnly};
use crate::store::EventStore;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One operation of a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperationRow {
    /// The folded operation name.
    pub name: String,
    /// Events.
    pub events: u64,
    /// Events with an error code.
    pub errors: u64,
    /// `Some(true)` if its events are reads, `Some(false)` writes, `None` when not logged.
    pub read_only: Option<bool>,
}

/// One event source with its operations, busiest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceRow {
    /// The event source (`s3.amazonaws.com`).
    pub source: String,
    /// Events.
    pub events: u64,
    /// Events with an error code.
    pub errors: u64,
    /// Its operations, busiest first.
    pub operations: Vec<OperationRow>,
}

#[derive(Default)]
struct Acc {
    events: u64,
    errors: u64,
    /// Events by [`ReadOnly`], as its number.
    by_read_only: [u64; 3],
}

/// The services of `rows` (the events passing a view's filter), busiest first; the
/// per-operation accumulators are a dense vector indexed by a per-query pair slot.
pub fn of_rows(store: &EventStore, rows: Rows<'_>) -> Vec<ServiceRow> {
    let c = &store.columns;
    let d = &store.dict;
    let mut pairs = PairIndex::new(d.operations.len());
    let mut accs: Vec<Acc> = Vec::new();
    for_each_row!(rows, |i| {
        let i = i as usize;
        let slot = pairs.slot(u32::from(c.source.get(i)), u32::from(c.operation.get(i)));
        if slot == accs.len() {
            accs.push(Acc::default());
        }
        let acc = &mut accs[slot];
        acc.events += 1;
        acc.errors += u64::from(c.error.get(i) != 0);
        acc.by_read_only[Flags(c.flags[i]).read_only() as usize] += 1;
    });
    let by_operation = accs.into_iter().enumerate().map(|(slot, acc)| {
        let (source, operation) = pairs.key(slot);
        ((source as u16, operation), acc)
    });
    let mut services: HashMap<u16, ServiceRow> = HashMap::new();
    for ((source, operation), acc) in by_operation {
        let row = services.entry(source).or_insert_with(|| ServiceRow {
            source: d.sources.get(u32::from(source)).to_string(),
            events: 0,
            errors: 0,
            operations: Vec::new(),
        });
        row.events += acc.events;
        row.errors += acc.errors;
        row.operations.push(OperationRow {
            name: d.operations.get(operation).to_string(),
            events: acc.events,
            errors: acc.errors,
            read_only: match (
                acc.by_read_only[ReadOnly::Read as usize],
                acc.by_read_only[ReadOnly::Write as usize],
            ) {
                (0, 0) => None,
                (r, w) => Some(r >= w),
            },
        });
    }
    let mut services: Vec<ServiceRow> = services.into_values().collect();
    for service in &mut services {
        service
            .operations
            .sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.name.cmp(&b.name)));
    }
    services.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.source.cmp(&b.source)));
    services
}
