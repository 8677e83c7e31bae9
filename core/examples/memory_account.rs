//! Where a loaded corpus's bytes go, counted by the allocator rather than estimated: a corpus is
//! read as the worker reads it (`shared/batches.rs`), merged, its findings computed, and then
//! each part of the dataset is dropped in turn and the bytes that freed are its share. It prints
//! the folded batch's bytes before the merge, the merge's peak, and the held bytes part by part,
//! in MB and bytes an event: the native floor under the tab's memory (`bench/browser.mjs`
//! measures the tab; `wasm_heap` the owner's heap); then what a search in every field's plan and
//! the first view of a load hold.
//!
//! `cargo run --release -p trailscope-core --example memory_account -- bench/out/corpus-1000000`

#[path = "../tests/common/budget.rs"]
#[allow(dead_code)]
mod budget;

#[path = "shared/batches.rs"]
mod batches;
#[path = "shared/corpus.rs"]
mod corpus;

use std::path::Path;
use trailscope_core::query::view::{View, ViewRequest};
use trailscope_core::search::plan::Plan;
use trailscope_core::Dataset;

#[global_allocator]
static HEAP: budget::Budget = budget::Budget;

/// The bytes freed by dropping what `take` takes out.
fn freed<T>(take: impl FnOnce() -> T) -> usize {
    let before = budget::in_use();
    drop(take());
    before.saturating_sub(budget::in_use())
}

/// What the worker holds for the first view of a load, all its events (the rows selected, which
/// it keeps for the event table, and the view, which it caches), without and with the
/// identities: the bytes held and the peak while computing them.
fn view_costs(data: &Dataset) -> Vec<(&'static str, usize, usize)> {
    [("without identities", false), ("with identities", true)]
        .into_iter()
        .map(|(name, identities)| {
            let request = ViewRequest {
                identities,
                ..ViewRequest::default()
            };
            let before = budget::in_use();
            let (held, peak) = budget::measure(usize::MAX, || {
                let rows = request.filter.compile(data).selected(&data.store);
                let view = View::of_selection(data, &request, rows.rows());
                (rows, view)
            });
            let bytes = budget::in_use() - before;
            drop(held);
            (name, bytes, peak)
        })
        .collect()
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "bench/out/corpus-1000000".into());
    let files = corpus::files_under(Path::new(&dir));
    let base = budget::in_use();
    let ((read, batch_count), read_peak) = budget::measure(usize::MAX, || batches::read_folded(&files));
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
    let views = view_costs(&data);
    let (plan, plan_peak) = budget::measure(usize::MAX, || Plan::of(&data.store));
    let plan_bytes = freed(|| plan);
    // The event ids' hashes (one a row) and the lineage index's own count.
    let dedup = std::mem::size_of::<trailscope_core::store::IdHash>() * data.store.len();
    let lineage = data.lineage().bytes();
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
        "a search in every field's plan: {:.1} MB held while it runs ({:.1} B/event), peak {:.1} MB",
        mb(plan_bytes),
        per_event(plan_bytes),
        mb(plan_peak)
    );
    for (name, held, peak) in views {
        println!(
            "a view of every event, {name}: {:.1} MB held with its rows ({:.1} B/event), peak {:.1} MB",
            mb(held),
            per_event(held),
            mb(peak)
        );
    }
    println!(
        "  (the rest holds de-duplication's {:.1} B/event and, by its own count, lineage's {:.1})",
        per_event(dedup),
        per_event(lineage)
    );
}
