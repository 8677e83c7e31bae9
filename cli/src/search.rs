//! `trailscope search TEXT PATH...`: the events whose JSON holds a text anywhere, found by
//! reading the files on all cores with no store built (see `trailscope_core::search::files`).

use crate::load::{on_threads, read, Contents};
use crate::walk::{self, Walked};
use serde_json::{json, Value};
use std::path::PathBuf;
use trailscope_core::search::files::{search_decoded, Found};
use trailscope_core::search::plan::{search_file, Plan};
use trailscope_core::search::Needle;
use trailscope_core::{Dataset, IngestOptions};

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

/// Runs the searches in every field that `texts` (a query's `json:` values, lowercased) name
/// over the loaded events, re-reading `files` (origin `i` is `files[i]`) on `threads` threads,
/// and keeps their rows in `data` for the query to select. A file that cannot be re-read (it
/// changed since it was loaded, or is larger than the cap) finds nothing.
pub fn search_loaded(data: &mut Dataset, texts: &[String], files: &[PathBuf], cap: u64, threads: usize) {
    let plan = Plan::of(&data.store);
    let mut parts_of_origin: Vec<Vec<usize>> = vec![Vec::new(); files.len()];
    for (part, events) in plan.files.iter().enumerate() {
        let origin = data.store.files[events.file as usize].origin as usize;
        if let Some(parts) = parts_of_origin.get_mut(origin) {
            parts.push(part);
        }
    }
    let needles: Vec<Needle> = texts.iter().map(|text| Needle::new(text)).collect();
    let store = &data.store;
    let found = on_threads(
        files,
        threads,
        Vec::new,
        |found: &mut Vec<(usize, usize, Vec<u32>)>, origin, path| {
            let parts = &parts_of_origin[origin as usize];
            if parts.is_empty() {
                return;
            }
            let Ok(Contents::Whole(top)) = read(path, cap) else {
                return;
            };
            for &part in parts {
                let events = &plan.files[part];
                let file = &store.files[events.file as usize];
                for (n, needle) in needles.iter().enumerate() {
                    if let Ok(hits) = search_file(&top, file, &events.events, needle, cap) {
                        found.push((n, part, hits));
                    }
                }
            }
        },
    );
    for (n, needle) in needles.iter().enumerate() {
        let hits = found
            .iter()
            .flatten()
            .filter(|(of, _, _)| *of == n)
            .map(|(_, part, hits)| (*part, hits.as_slice()));
        let rows = plan.rows(hits);
        data.set_text_hits(needle.key(), rows);
    }
}
