//! Native timings of a filter change at scale: loads a corpus directory, then times the
//! findings (evaluated once per load), a few entity pages, `View::compute` and a page of events
//! (`events::page_of`) for a few typical filters, so that the ≤ 100 ms re-aggregation budget of
//! the browser (wasm is ~2–4× slower) can be checked natively.
//!
//! `cargo run --release -p trailscope-core --example view_bench -- bench/out/corpus-1000000`
//! (`VIEW_BENCH_CPU=1` times CPU rather than wall-clock time, on a machine busy with other work)

#[path = "shared/corpus.rs"]
mod corpus;

use std::path::Path;
use std::time::Instant;
use trailscope_core::findings;
use trailscope_core::ingest::{Ingest, IngestOptions};
use trailscope_core::query::counts::Counts;
use trailscope_core::query::entity::page::EntityPage;
use trailscope_core::query::entity::Entity;
use trailscope_core::query::filter::{Filter, Outcome};
use trailscope_core::query::timeline::{Stack, Timeline};
use trailscope_core::query::view::{View, ViewRequest};
use trailscope_core::query::{events, identities, resources, services};
use trailscope_core::Dataset;

/// Nanoseconds of CPU time this thread has used (`CLOCK_THREAD_CPUTIME_ID`, exact to the
/// nanosecond unlike `/proc`'s tick-rounded counters), or `None` off Linux.
#[cfg(target_os = "linux")]
fn cpu_ns() -> Option<u64> {
    #[repr(C)]
    struct Timespec {
        sec: i64,
        nsec: i64,
    }
    extern "C" {
        fn clock_gettime(clock: i32, time: *mut Timespec) -> i32;
    }
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut t = Timespec { sec: 0, nsec: 0 };
    // SAFETY: `t` is a valid, writable timespec for the call's duration.
    let ok = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut t) } == 0;
    ok.then(|| t.sec as u64 * 1_000_000_000 + t.nsec as u64)
}

#[cfg(not(target_os = "linux"))]
fn cpu_ns() -> Option<u64> {
    None
}

/// The best of `runs` timings of `f` in ms: wall-clock, or with `VIEW_BENCH_CPU=1` the thread's
/// CPU time, which a machine busy with other work disturbs far less.
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    let _ = f();
    let cpu = std::env::var_os("VIEW_BENCH_CPU").is_some() && cpu_ns().is_some();
    let mut best = f64::MAX;
    for _ in 0..runs {
        let (t, c) = (Instant::now(), cpu_ns().unwrap_or(0));
        std::hint::black_box(f());
        let ms = if cpu {
            (cpu_ns().unwrap_or(0) - c) as f64 / 1e6
        } else {
            t.elapsed().as_secs_f64() * 1e3
        };
        best = best.min(ms);
    }
    best
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "bench/out/corpus-1000000".into());
    let files = corpus::files_under(Path::new(&dir));
    let t = Instant::now();
    let mut ingest = Ingest::new(IngestOptions::default());
    for (i, path) in files.iter().enumerate() {
        let bytes = std::fs::read(path).expect("readable file");
        ingest.add_bytes(i as u32, &path.display().to_string(), &bytes);
    }
    let data = Dataset::from_batches([ingest.finish()]);
    println!(
        "loaded {} events from {} files in {:.0} ms",
        data.store.len(),
        files.len(),
        t.elapsed().as_secs_f64() * 1e3
    );

    let d = &data.store.dict;
    println!(
        "dictionaries: principals {}, sessions {}, ips {}, access keys {}, sources {}, operations {}, accounts {}, regions {}",
        d.principals.len(),
        d.sessions.len(),
        d.ips.len(),
        d.access_keys.len(),
        d.sources.len(),
        d.operations.len(),
        d.accounts.len(),
        d.regions.len()
    );
    let runs = std::env::var("VIEW_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    println!(
        "findings (ms): evaluate {:.1}",
        time(runs, || findings::evaluate(&data.store, data.lineage(), data.signals()))
    );
    for f in data.findings().list() {
        println!(
            "  {:<26} {:>8} {:>9}  {}",
            f.rule,
            f.severity.label(),
            f.events,
            f.detail
        );
    }
    let finding = data.findings().list().next().map(|f| f.rule.clone());
    let all = View::compute(&data, &ViewRequest::default());
    let principal = all
        .identities
        .as_deref()
        .unwrap_or_default()
        .get(1)
        .map(|r| r.principal.clone())
        .unwrap_or_default();
    let source = all.services.get(2).map(|r| r.source.clone()).unwrap_or_default();
    let region = all
        .facets
        .regions
        .values
        .first()
        .map(|(r, _)| r.clone())
        .unwrap_or_default();
    let (first, last) = (all.overview.first.unwrap_or(0), all.overview.last.unwrap_or(0));
    let quarter = (last - first) / 4;
    let cases: Vec<(&str, Filter)> = vec![
        ("no filter", Filter::default()),
        (
            "principal",
            Filter {
                principals: vec![principal.clone()],
                ..Filter::default()
            },
        ),
        (
            "source",
            Filter {
                sources: vec![source.clone()],
                ..Filter::default()
            },
        ),
        (
            "busiest region",
            Filter {
                regions: vec![region],
                ..Filter::default()
            },
        ),
        (
            "errors only",
            Filter {
                outcome: Some(Outcome::Error),
                ..Filter::default()
            },
        ),
        (
            "time range (1/4)",
            Filter {
                from: Some(first + quarter),
                to: Some(first + 2 * quarter),
                ..Filter::default()
            },
        ),
        (
            "text \"delete\"",
            Filter {
                text: "delete".into(),
                ..Filter::default()
            },
        ),
        (
            "combination",
            Filter {
                from: Some(first + quarter),
                to: Some(last),
                sources: vec![source.clone()],
                outcome: Some(Outcome::Error),
                text: "a".into(),
                ..Filter::default()
            },
        ),
        (
            "finding",
            Filter {
                finding,
                ..Filter::default()
            },
        ),
    ];
    let compiled = Filter::default().compile(&data);
    let selection = compiled.selected(&data.store);
    let rows = selection.rows();
    println!(
        "no-filter parts (ms): select {:.1}, counts {:.1}, timeline {:.1}, identities {:.1}, services {:.1}, resources {:.1}",
        time(runs, || compiled.selected(&data.store)),
        time(runs, || Counts::of_rows(&data.store, rows)),
        time(runs, || Timeline::of_rows(
            &data.store,
            rows,
            None,
            Stack::BySource,
            120
        )),
        time(runs, || identities::of_rows(&data.store, rows, 500)),
        time(runs, || services::of_rows(&data.store, rows)),
        time(runs, || resources::most_touched(&data.store, rows, 500)),
    );
    let busiest_resource = all
        .resources
        .as_deref()
        .unwrap_or_default()
        .first()
        .map(|r| r.key.clone())
        .unwrap_or_default();
    for entity in [
        Entity::Principal(
            all.identities
                .as_deref()
                .unwrap_or_default()
                .first()
                .map(|r| r.principal.clone())
                .unwrap_or_default(),
        ),
        Entity::Principal(principal.clone()),
        Entity::Resource(busiest_resource),
    ] {
        let events = EntityPage::compute(&data, &entity, 120).events;
        let ms = time(runs, || EntityPage::compute(&data, &entity, 120));
        println!("entity page {:<9} {events:>8} events {ms:>8.1} ms", entity.word());
    }
    println!(
        "{:<20} {:>8} {:>12} {:>12} {:>12} {:>10} {:>14} {:>16}",
        "filter", "events", "view ms", "page ms", "total ms", "view KB", "identities KB", "lean view ms"
    );
    for (name, filter) in cases {
        let request = ViewRequest {
            filter: filter.clone(),
            ..ViewRequest::default()
        };
        let computed = View::compute(&data, &request);
        let events = computed.overview.events;
        let view_kb = postcard::to_allocvec(&computed).expect("encodable").len() as f64 / 1024.0;
        let identities_kb = postcard::to_allocvec(&computed.identities).expect("encodable").len() as f64 / 1024.0;
        let view = time(runs, || View::compute(&data, &request));
        let lean = ViewRequest {
            identities: false,
            resources: false,
            ..request.clone()
        };
        let without_identities = time(runs, || View::compute(&data, &lean));
        let page = time(runs, || {
            events::page_of(&data.store, filter.compile(&data).selected(&data.store).rows(), 0, 100)
        });
        println!(
            "{name:<20} {events:>8} {view:>12.1} {page:>12.1} {:>12.1} {view_kb:>10.1} {identities_kb:>14.1} {without_identities:>16.1}",
            view + page
        );
    }
}
