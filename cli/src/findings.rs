//! `trailscope findings PATH...`: every rule that fired (see `trailscope_core::findings`), most
//! severe first, as `{"findings": [{"rule", "title", "severity", "technique", "events",
//! "event_ids", "principals", "targets"}]}`; the `eventID`s, sorted, are re-read from the files
//! the events came from, each file once (a file that changed since finds no ids).

use crate::load::text_of;
use serde_json::{json, Value};
use std::path::PathBuf;
use trailscope_core::formats::extract::event_value;
use trailscope_core::Dataset;

/// The findings of `data`, whose files are `files` (origin `i` is `files[i]`), read under `cap`.
pub fn findings(data: &Dataset, files: &[PathBuf], cap: u64) -> Value {
    let store = &data.store;
    let mut rows: Vec<u32> = data
        .findings()
        .list()
        .flat_map(|f| data.findings().rows(&f.rule).unwrap_or_default())
        .copied()
        .collect();
    rows.sort_unstable();
    rows.dedup();
    rows.sort_unstable_by_key(|&r| (store.columns.file.get(r as usize), r));
    let mut ids: Vec<Option<String>> = vec![None; store.len()];
    for group in rows.chunk_by(|&a, &b| store.columns.file.get(a as usize) == store.columns.file.get(b as usize)) {
        let file = &store.files[store.columns.file.get(group[0] as usize) as usize];
        let Ok(text) = text_of(&files[file.origin as usize], file, cap) else {
            continue;
        };
        for &row in group {
            let (offset, len) = (store.columns.offset[row as usize], store.columns.len.get(row as usize));
            ids[row as usize] = event_value(&text, file.shape, offset, len)
                .ok()
                .and_then(|event| event.get("eventID")?.as_str().map(str::to_string));
        }
    }
    let list: Vec<Value> = data
        .findings()
        .list()
        .map(|f| {
            let mut event_ids: Vec<&str> = data
                .findings()
                .rows(&f.rule)
                .unwrap_or_default()
                .iter()
                .filter_map(|&row| ids[row as usize].as_deref())
                .collect();
            event_ids.sort_unstable();
            json!({
                "rule": f.rule,
                "title": f.title,
                "severity": f.severity.label(),
                "technique": f.technique,
                "events": f.events,
                "event_ids": event_ids,
                "principals": f.principals,
                "targets": f.targets,
            })
        })
        .collect();
    json!({ "findings": list })
}
