//! The resources the filtered events touched, most-touched first, each with who touched it, by
//! which operations, and when: one pass over the selected rows' resource ids.

use crate::resources::{arn_of, name_of};
use crate::store::EventStore;
use crate::time::{format_utc, UNDATED};
use hashbrown::HashMap;
use serde::Serialize;
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

#[derive(Default)]
struct Tally {
    events: u64,
    first: Option<i64>,
    last: Option<i64>,
}

/// The resources of `rows` (row indexes, as [`super::filter::CompiledFilter::selected`] gives
/// them), most events first, ties by name, then ARN and type.
pub fn resources(store: &EventStore, rows: &[u32]) -> Vec<ResourceRow> {
    let dict = &store.resources.dict;
    let c = &store.columns;
    let mut tallies: Vec<Tally> = (0..dict.len()).map(|_| Tally::default()).collect();
    let mut by_operation: HashMap<(u32, u32), u64> = HashMap::new();
    let mut by_principal: HashMap<(u32, u32), u64> = HashMap::new();
    for &row in rows {
        let row = row as usize;
        let ids = store.resources.column.of(row);
        if ids.is_empty() {
            continue;
        }
        let time = c.time[row];
        for &id in ids {
            let tally = &mut tallies[id as usize];
            tally.events += 1;
            if time != UNDATED {
                tally.first = Some(tally.first.map_or(time, |t| t.min(time)));
                tally.last = Some(tally.last.map_or(time, |t| t.max(time)));
            }
            *by_operation.entry((id, c.operation[row])).or_default() += 1;
            *by_principal.entry((id, c.principal[row])).or_default() += 1;
        }
    }
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
