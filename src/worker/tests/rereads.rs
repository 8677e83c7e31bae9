//! Which files a request reads again, and when the worker reads none: the browser lets a
//! folder's files go in between and finds them again before a request that reads them.

use super::*;
use crate::protocol::{ExportFormat, Request};
use crate::test_support::TRAIL;
use trailscope_core::query::filter::Filter;
use trailscope_core::query::view::ViewRequest;
use wasm_bindgen_test::wasm_bindgen_test;

/// Whether `read` is exactly `expected`, by identity.
fn same_files(read: Vec<&Held>, expected: &[&Held]) -> bool {
    let same = |a: &Held, b: &Held| matches!((a, b), (Some(a), Some(b)) if Rc::ptr_eq(a, b));
    read.len() == expected.len() && expected.iter().all(|e| read.iter().any(|r| same(r, e)))
}

#[wasm_bindgen_test(unsupported = test)]
fn each_request_names_the_files_it_reads_again() {
    let mut w = worker(1.0);
    // Two files, the second's events an hour later, so that rows 3 to 5 are its own.
    let later = TRAIL
        .replace("\"eventID\":\"", "\"eventID\":\"x")
        .replace("T10:", "T11:");
    let (first, second) = (file(TRAIL.as_bytes().to_vec()), file(later.into_bytes()));
    send(&mut w, load(&["a.json"], 0), vec![first.clone()]);
    send(&mut w, load(&["b.json"], 1), vec![second.clone()]);
    let generation = w.generation;
    let event = |row| Request::Event { generation, row };
    assert!(same_files(w.files_read_by(&event(0)), &[&first]));
    assert!(same_files(w.files_read_by(&event(4)), &[&second]));
    assert!(w.files_read_by(&event(6)).is_empty(), "no such row");
    let stale = Request::Event {
        generation: generation - 1,
        row: 0,
    };
    assert!(w.files_read_by(&stale).is_empty(), "answered without a read");

    // Polly's events, one in each file, and the first file's alone.
    let mut polly = Filter::default();
    polly.sources.push("polly.amazonaws.com".into());
    let mut before_second = polly.clone();
    before_second.to = Some(later_than_first());
    let export = |filter: &Filter, format| Request::Export {
        filter: filter.clone(),
        format,
    };
    let ndjson = |filter| w.files_read_by(&export(filter, ExportFormat::Ndjson));
    assert!(same_files(ndjson(&polly), &[&first, &second]));
    assert!(same_files(ndjson(&before_second), &[&first]));
    assert!(w
        .files_read_by(&export(&polly, ExportFormat::Csv(Vec::new())))
        .is_empty());
    assert!(w.files_read_by(&Request::Query(ViewRequest::default())).is_empty());

    let search = Request::Search { text: "Joanna".into() };
    assert!(same_files(w.files_read_by(&search), &[&first, &second]));
    send(&mut w, search.clone(), Vec::new());
    assert!(
        w.files_read_by(&search).is_empty(),
        "a search made already is not made again"
    );
}

/// 10:30 on the trail's day, in ms: after the first file's events, before the second's.
fn later_than_first() -> i64 {
    trailscope_core::time::parse_rfc3339("2024-05-01T10:30:00Z").expect("a time")
}

#[wasm_bindgen_test(unsupported = test)]
fn the_worker_is_idle_only_when_it_reads_nothing_and_waits_for_nothing() {
    let mut w = worker(1.0);
    assert!(w.is_idle());
    let more = load_choosing(&["a.json".into()], 0, true, Choose::Never);
    send(&mut w, more, vec![file(TRAIL.as_bytes().to_vec())]);
    assert!(!w.is_idle(), "a load waits for the rest of its files");
    send(
        &mut w,
        load(&["b.json"], 1),
        vec![file(TRAIL.replace("T10:", "T12:").into_bytes())],
    );
    assert!(w.is_idle());

    let mut out = Vec::new();
    w.handle(Request::Search { text: "nowhere".into() }, Vec::new(), &mut |r| {
        out.push(r)
    });
    assert!(!w.is_idle(), "a search is under way");
    while w.step(&mut |r| out.push(r)) {}
    assert!(w.is_idle());

    let key = "AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/c.json";
    let held = load_choosing(&[key.into()], 2, false, Choose::Always);
    send(&mut w, held, vec![file(TRAIL.as_bytes().to_vec())]);
    assert!(
        !w.is_idle(),
        "a drop is held until the person chooses what to read of it"
    );
    send(&mut w, Request::Choose(None), Vec::new());
    assert!(w.is_idle());
}
