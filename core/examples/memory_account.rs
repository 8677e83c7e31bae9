//! Where a loaded corpus's bytes go, counted by the allocator rather than estimated: a corpus is
//! read in batches of about 1 MiB of files each (as the browser's helpers read their jobs, each
//! batch with dictionaries of its own), each batch folded into one as it comes (as the worker
//! does), merged, its findings computed, and then each part of the dataset is dropped in turn and
//! the bytes that freed are its share. It prints the folded batch's bytes before the merge, the
//! merge's peak, and the held bytes part by part, in MB and bytes an event: the native floor
//! under the tab's memory (`bench/browser.mjs` measures the tab).
//!
//! `cargo run --release -p trailscope-core --example memory_account -- bench/out/corpus-1000000`

#[path = "../tests/common/budget.rs"]
#[allow(dead_code)]
mod budget;

#[path = "shared/corpus.rs"]
mod corpus;

use std::path::{Path, PathBuf};
use trailscope_core::dataset::projected_rows;
use trailscope_core::ingest::{Ingest, IngestOptions};
use trailscope_core::{Batch, Dataset};

#[global_allocator]
static HEAP: budget::Budget = budget::Budget;

/// Compressed bytes read into one batch, as a helper's job (`worker::loading::JOB_BYTES`).
const BATCH_BYTES: u64 = 1 << 20;

/// Every file of the corpus read, one batch per [`BATCH_BYTES`] of files, and the batches folded
/// into one, its columns grown to the rows projected as the worker grows them; with the number
/// of batches.
fn read_batches(files: &[PathBuf]) -> (Batch, usize) {
    let total: u64 = files.iter().map(|f| f.metadata().map_or(0, |m| m.len())).sum();
    let mut read = Batch::default();
    let mut batches = 1;
    let mut ingest = Ingest::new(IngestOptions::default());
    let (mut in_batch, mut bytes_read) = (0, 0);
    let fold = |read: &mut Batch, batch: Batch, bytes_read: u64| {
        let rows = (read.rows.columns.len() + batch.rows.columns.len()) as u64;
        read.absorb(batch, projected_rows(rows, bytes_read, total));
    };
    for (origin, path) in files.iter().enumerate() {
        let bytes = std::fs::read(path).expect("a readable file");
        in_batch += bytes.len() as u64;
        bytes_read += bytes.len() as u64;
        ingest.add_bytes(origin as u32, &path.to_string_lossy(), &bytes);
        drop(bytes);
        if in_batch >= BATCH_BYTES {
            let batch = std::mem::replace(&mut ingest, Ingest::new(IngestOptions::default())).finish();
            fold(&mut read, batch, bytes_read);
            batches += 1;
            in_batch = 0;
        }
    }
    fold(&mut read, ingest.finish(), bytes_read);
    (read, batches)
}

/// The bytes freed by dropping what `take` takes out.
fn freed<T>(take: impl FnOnce() -> T) -> usize {
    let before = budget::in_use();
    drop(take());
    before.saturating_sub(budget::in_use())
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "bench/out/corpus-1000000".into());
    let files = corpus::files_under(Path::new(&dir));
    let base = budget::in_use();
    let ((read, batch_count), read_peak) = budget::measure(usize::MAX, || read_batches(&files));
    let batch_bytes = budget::in_use() - base;
    let (mut data, merge_peak) = budget::measure(usize::MAX, || Dataset::from_batches([read]));
    let merged = budget::in_use() - base;
    let findings = {
        let before = budget::in_use();
        let count = data.findings().list().count();
        println!("findings: {count}");
        budget::in_use() - before
    };
    let events = data.store.len().max(1);
    // The event ids' hashes (one a row) and the lineage index's own count.
    let (dedup, lineage) = (8 * data.store.len(), data.lineage().bytes());
    let mut parts: Vec<(&str, usize)> = vec![
        ("findings", findings),
        ("rows (columns)", freed(|| std::mem::take(&mut data.store.columns))),
        ("dictionaries (strings)", freed(|| std::mem::take(&mut data.store.dict))),
        ("resources", freed(|| std::mem::take(&mut data.store.resources))),
        ("files", freed(|| std::mem::take(&mut data.store.files))),
        ("jobs, Insights, console keys", {
            freed(|| {
                (
                    std::mem::take(&mut data.jobs),
                    std::mem::take(&mut data.insights),
                    std::mem::take(&mut data.console_keys),
                )
            })
        }),
        ("failures, digests, hashes", {
            freed(|| {
                (
                    std::mem::take(&mut data.failures),
                    std::mem::take(&mut data.digests),
                    std::mem::take(&mut data.file_hashes),
                )
            })
        }),
    ];
    parts.push((
        "the rest: de-duplication, lineage, signals, derived",
        freed(|| std::mem::take(&mut data)),
    ));
    let mb = |bytes: usize| bytes as f64 / 1e6;
    let per_event = |bytes: usize| bytes as f64 / events as f64;
    println!("{dir}: {} files, {events} events", files.len());
    println!(
        "read in {batch_count} batches, folded into one: {:.1} MB held ({:.1} B/event), peak while reading {:.1} MB",
        mb(batch_bytes),
        per_event(batch_bytes),
        mb(read_peak)
    );
    println!(
        "merged: peak {:.1} MB above the empty process (batch and store at once), then {:.1} MB held ({:.1} B/event)",
        mb(batch_bytes + merge_peak),
        mb(merged),
        per_event(merged)
    );
    let total: usize = parts.iter().map(|(_, b)| b).sum();
    for (name, bytes) in &parts {
        println!("  {name:<52} {:>8.1} MB {:>7.1} B/event", mb(*bytes), per_event(*bytes));
    }
    println!(
        "  {:<52} {:>8.1} MB {:>7.1} B/event",
        "in all",
        mb(total),
        per_event(total)
    );
    println!(
        "  (the rest holds de-duplication's {:.1} B/event and, by its own count, lineage's {:.1})",
        per_event(dedup),
        per_event(lineage)
    );
}
