//! `trailscope search TEXT PATH...`: the events whose JSON holds a text anywhere, found by
//! reading the files on all cores with no store built (see `trailscope_core::search::files`).

use crate::load::{on_threads, read};
use crate::walk::{self, Walked};
use serde_json::{json, Value};
use std::path::PathBuf;
use trailscope_core::search::files::{search_decoded, Found};
use trailscope_core::search::Needle;
use trailscope_core::IngestOptions;

/// Searches every file below `paths` for `text` on `threads` threads, and answers
/// `{"text", "events", "event_ids"}`: the text as given, the events found, each counted once as
/// the store de-duplicates them (by `eventID`; events without one each count), and their
/// `eventID`s, sorted, each once. Files that cannot be read find nothing (`trailscope summary`
/// says why).
pub fn search_paths(text: &str, paths: &[PathBuf], options: IngestOptions, threads: usize) -> Value {
    let Walked { files, .. } = walk::walk(paths);
    let needle = Needle::new(text);
    let cap = options.max_decompressed;
    let mut found: Vec<Found> = on_threads(&files, threads, Vec::new, |found, _, path| {
        if let Ok(contents) = read(path, cap) {
            found.extend(search_decoded(contents.decode(cap), &needle, cap));
        }
    })
    .into_iter()
    .flatten()
    .collect();
    let without_id = found.iter().filter(|f| f.key == 0).count() as u64;
    found.retain(|f| f.key != 0);
    found.sort_unstable_by_key(|f| f.key);
    found.dedup_by_key(|f| f.key);
    let mut event_ids: Vec<String> = found.into_iter().filter_map(|f| f.id).collect();
    event_ids.sort_unstable();
    json!({
        "text": text,
        "events": event_ids.len() as u64 + without_id,
        "event_ids": event_ids,
    })
}
