//! `trailscope search TEXT PATH...`: the events whose JSON holds a text anywhere, found by
//! reading the files on all cores with no store built (see `trailscope_core::search::files`).

use crate::load::{open_regular, read};
use crate::queue::on_threads;
use crate::walk::{self, Walked};
use crate::zip_parts::read_range;
use serde_json::{json, Value};
use std::fs::{File, Metadata};
use std::ops::Range;
use std::path::PathBuf;
use trailscope_core::search::files::{search_decoded, Found};
use trailscope_core::search::plan::{Hits, Plan, TopFiles};
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
    let mut found: Vec<Found> = on_threads(&files, threads, Vec::new, |found, path, _| {
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
/// over the loaded events, re-reading `files` (origin `i` is `files[i]`) on `threads` threads as
/// the app's workers do, and keeps their rows in `data` for the query to select. A file that
/// cannot be re-read (it changed since it was loaded, or is larger than the cap) finds nothing.
pub fn search_loaded(data: &mut Dataset, texts: &[String], files: &[PathBuf], cap: u64, threads: usize) {
    if texts.is_empty() {
        return;
    }
    let store = &data.store;
    let plan = Plan::of(store);
    let groups = plan.by_origin(store);
    let paths: Vec<PathBuf> = groups
        .iter()
        .map(|group| {
            let origin = plan
                .origin_of(store, group[0])
                .expect("a group holds parts of the plan");
            files[origin as usize].clone()
        })
        .collect();
    let needles: Vec<Needle> = texts.iter().map(|text| Needle::new(text)).collect();
    let found = on_threads(
        paths.iter().enumerate(),
        threads,
        || vec![Hits::default(); needles.len()],
        |hits, (group, path), _| {
            let parts = plan.parts(store, &groups[group]);
            let mut file = OpenedFile(open_regular(path));
            for (hits, needle) in hits.iter_mut().zip(&needles) {
                hits.search(&parts, needle, &mut file, cap);
            }
        },
    );
    for (n, needle) in needles.iter().enumerate() {
        let hits = found
            .iter()
            .flat_map(|per_needle| &per_needle[n].hits)
            .map(|(part, events)| (*part as usize, events.as_slice()));
        let rows = plan.rows(hits);
        data.set_text_hits(needle.key(), rows);
    }
}

/// One top-level file opened for a search (every part searched with it is of this file): read
/// in ranges, so that a zip archive's entries are read alone.
struct OpenedFile(Result<(File, Metadata), String>);

impl TopFiles for OpenedFile {
    fn len(&mut self, _origin: u32) -> Result<u64, String> {
        self.0.as_ref().map(|(_, meta)| meta.len()).map_err(Clone::clone)
    }

    fn read(&mut self, _origin: u32, range: Range<u64>) -> Result<Vec<u8>, String> {
        let (file, _) = self.0.as_ref().map_err(Clone::clone)?;
        read_range(file, range).map_err(|e| e.to_string())
    }
}
