//! Searches in every field: the worker re-reads its files (here and in helpers, whose jobs and
//! answers cross the wire), keeps the rows found in the dataset, reports progress, and stops
//! when cancelled; a search asked for during a load runs over the merged rows.

use super::helper_jobs::{distinct_trails, Gone, Kept};
use super::*;
use crate::protocol::{decode, encode, SearchProgress, Searched};
use crate::test_support::{TRAIL, TRAIL_PATH};
use helpers::{SearchJob, SearchJobRequest, SearchJobResult};
use source::HeldFiles;
use wasm_bindgen_test::wasm_bindgen_test;

fn search(text: &str) -> Request {
    Request::Search { text: text.to_string() }
}

fn searched(responses: &[Response]) -> &Searched {
    responses
        .iter()
        .find_map(|r| match r {
            Response::Searched(s) => Some(s),
            _ => None,
        })
        .expect("the search ends")
}

/// A worker holding the sample trail (rows e1, e2, e3 in time order).
fn with_trail() -> Worker<Memory> {
    let mut w = worker(0.0);
    send(&mut w, load(&[TRAIL_PATH], 0), vec![file(gzip(TRAIL))]);
    w
}

/// What a helper worker answers to `job`: the request crosses the wire, its files are re-read
/// and searched, and the answer crosses back.
fn helper_answer(job: &SearchJob<Held>) -> SearchJobResult {
    let source = Memory::instant();
    let request: SearchJobRequest = decode(&encode(&job.request()).expect("encodes")).expect("decodes");
    // The job's files by their position, as a helper holds them.
    let handles = job
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (i as u32, f.handle.clone()))
        .collect();
    let result = request.run(&mut HeldFiles {
        source: &source,
        handles: &handles,
    });
    decode(&encode(&result).expect("encodes")).expect("decodes")
}

/// A worker holding four copies of the trail (distinct eventIDs, so 4 files to search), whose
/// helpers keep the jobs they are sent until the test answers them.
fn four_trails_with_kept_helpers() -> (Worker<Memory>, Kept) {
    let (texts, paths) = distinct_trails(4);
    let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
    let mut w = worker(0.0);
    send(&mut w, load(&refs, 0), texts);
    let kept = Kept::default();
    w.set_helpers(Box::new(kept.clone()));
    (w, kept)
}

#[wasm_bindgen_test(unsupported = test)]
fn the_rows_found_are_kept_under_the_lowercased_text_and_the_answer_counts_them() {
    let mut w = with_trail();
    let out = send(&mut w, search("JOANNA"), Vec::new());
    let done = searched(&out);
    assert_eq!((done.text.as_str(), done.key.as_str()), ("JOANNA", "joanna"));
    assert_eq!((done.events, done.generation), (Some(1), 1));
    assert!(done.problems.is_empty(), "{:?}", done.problems);
    assert_eq!(w.data.text_hits("joanna"), Some(&[1][..]), "e2 only");
    let out = send(&mut w, search("198.51.100"), Vec::new());
    assert_eq!(searched(&out).events, Some(3));
    assert_eq!(w.data.text_hits("198.51.100"), Some(&[0, 1, 2][..]));
    assert_eq!(w.data.text_hits("joanna"), Some(&[1][..]), "earlier searches are kept");
    let out = send(&mut w, search("Records"), Vec::new());
    assert_eq!(searched(&out).events, Some(0), "the file's wrapper is no event");
}

#[wasm_bindgen_test(unsupported = test)]
fn a_file_no_longer_readable_is_named_and_the_others_searched() {
    let mut w = worker(0.0);
    let paths = ["a.json.gz", "b.json.gz"];
    send(
        &mut w,
        load(&paths, 0),
        vec![
            file(gzip(TRAIL)),
            file(gzip(&TRAIL.replace("\"eventID\":\"e", "\"eventID\":\"x"))),
        ],
    );
    w.handles.insert(1, None);
    let out = send(&mut w, search("joanna"), Vec::new());
    let done = searched(&out);
    assert_eq!(done.events, Some(1));
    assert_eq!(done.problems, ["b.json.gz: cannot be read: NotFoundError: gone"]);
}

#[wasm_bindgen_test(unsupported = test)]
fn helpers_search_part_of_the_files_and_progress_counts_them() {
    let (texts, paths) = distinct_trails(6);
    let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
    let mut alone = worker(0.0);
    send(&mut alone, load(&refs, 0), texts.clone());
    send(&mut alone, search("joanna"), Vec::new());

    let mut w = worker(0.0);
    send(&mut w, load(&refs, 0), texts);
    let kept = Kept::default();
    w.set_helpers(Box::new(kept.clone()));
    let mut out = send(&mut w, search("joanna"), Vec::new());
    let jobs: Vec<_> = kept.1.borrow_mut().drain(..).collect();
    assert!(!jobs.is_empty(), "helpers were given jobs");
    let first = SearchProgress {
        text: "joanna".into(),
        files_done: 0,
        files_total: 6,
    };
    assert_eq!(out, [Response::SearchProgress(first)], "the files to search, at once");
    assert!(w.is_busy(), "the search waits for its helpers");
    assert_eq!(kept.2.get(), 0, "no rest while the search waits for them");
    out.clear();
    w.source().clock.set(1000.0);
    for job in &jobs {
        w.search_job_done(helper_answer(job), &mut |r| out.push(r));
    }
    let progress: Vec<&SearchProgress> = out
        .iter()
        .filter_map(|r| match r {
            Response::SearchProgress(p) => Some(p),
            _ => None,
        })
        .collect();
    assert_eq!(
        progress.len(),
        1,
        "at most one report per {} ms",
        crate::worker::loading::PROGRESS_MS
    );
    assert_eq!((progress[0].files_total, progress[0].text.as_str()), (6, "joanna"));
    assert!(progress[0].files_done >= 1);
    assert_eq!(searched(&out).events, Some(6));
    assert_eq!(w.data.text_hits("joanna"), alone.data.text_hits("joanna"));
    assert_eq!(kept.2.get(), 1, "the helpers rest once the search is done");
}

#[wasm_bindgen_test(unsupported = test)]
fn the_files_of_a_search_job_lost_with_its_helper_are_searched_by_the_owner() {
    let (mut w, kept) = four_trails_with_kept_helpers();
    let mut out = send(&mut w, search("joanna"), Vec::new());
    let jobs: Vec<_> = kept.1.borrow_mut().drain(..).collect();
    assert!(!jobs.is_empty());
    w.set_helpers(Box::new(Gone));
    for job in jobs {
        w.search_job_lost(job);
    }
    while w.step(&mut |r| out.push(r)) {}
    assert_eq!(searched(&out).events, Some(4));
}

#[wasm_bindgen_test(unsupported = test)]
fn a_cancelled_search_keeps_nothing_and_a_late_helper_answer_is_dropped() {
    let (mut w, kept) = four_trails_with_kept_helpers();
    let mut out = Vec::new();
    w.handle(search("joanna"), Vec::new(), &mut |r| out.push(r));
    w.handle(Request::CancelSearch, Vec::new(), &mut |r| out.push(r));
    let ended = out.iter().any(|r| matches!(r, Response::Searched(_)));
    assert!(!ended, "the helpers' jobs are still out: {out:?}");
    let jobs: Vec<_> = kept.1.borrow_mut().drain(..).collect();
    for job in &jobs {
        w.search_job_done(helper_answer(job), &mut |r| out.push(r));
    }
    assert_eq!(searched(&out).events, None, "cancelled");
    assert_eq!(w.data.text_hits("joanna"), None);
    assert!(!w.is_busy());
}

#[wasm_bindgen_test(unsupported = test)]
fn searches_asked_for_during_another_run_after_it_and_kept_rows_answer_at_once() {
    let (mut w, kept) = four_trails_with_kept_helpers();
    let mut out = Vec::new();
    w.handle(search("joanna"), Vec::new(), &mut |r| out.push(r));
    w.handle(search("alice"), Vec::new(), &mut |r| out.push(r));
    w.handle(search("joanna"), Vec::new(), &mut |r| out.push(r));
    // Each search's jobs go out once the one before has ended.
    loop {
        let jobs: Vec<_> = kept.1.borrow_mut().drain(..).collect();
        if jobs.is_empty() {
            break;
        }
        for job in &jobs {
            w.search_job_done(helper_answer(job), &mut |r| out.push(r));
        }
    }
    w.set_helpers(Box::new(Gone));
    while w.step(&mut |r| out.push(r)) {}
    let ended: Vec<(String, Option<u64>)> = out
        .iter()
        .filter_map(|r| match r {
            Response::Searched(s) => Some((s.text.clone(), s.events)),
            _ => None,
        })
        .collect();
    assert_eq!(
        ended,
        [("joanna".to_string(), Some(4)), ("alice".to_string(), Some(8))],
        "each once, in the order asked (the trail holds alice in 2 events, joanna in 1, 4 times)"
    );
    out.clear();
    w.handle(search("JOANNA"), Vec::new(), &mut |r| out.push(r));
    assert!(!w.is_busy(), "its rows are kept: nothing to read again");
    assert_eq!(searched(&out).events, Some(4));
    assert_eq!(searched(&out).key, "joanna");
}

#[wasm_bindgen_test(unsupported = test)]
fn a_search_asked_for_during_a_load_runs_over_the_merged_rows() {
    let mut w = worker(0.0);
    let mut out = Vec::new();
    w.handle(load(&[TRAIL_PATH], 0), vec![file(gzip(TRAIL))], &mut |r| out.push(r));
    w.handle(search("alice"), Vec::new(), &mut |r| out.push(r));
    while w.step(&mut |r| out.push(r)) {}
    let order: Vec<bool> = out
        .iter()
        .filter(|r| matches!(r, Response::Loaded(_) | Response::Searched(_)))
        .map(|r| matches!(r, Response::Loaded(_)))
        .collect();
    assert_eq!(order, [true, false], "loaded, then searched");
    assert_eq!(searched(&out).events, Some(2));
    assert_eq!(w.data.text_hits("alice"), Some(&[0, 1][..]));
}

#[wasm_bindgen_test(unsupported = test)]
fn a_load_forgets_the_rows_found_and_a_clear_stops_the_search() {
    let mut w = with_trail();
    send(&mut w, search("alice"), Vec::new());
    let other = TRAIL.replace("\"eventID\":\"e", "\"eventID\":\"z");
    send(&mut w, load(&["more.json.gz"], 1), vec![file(gzip(&other))]);
    assert_eq!(w.data.text_hits("alice"), None, "the rows moved");
    let mut out = Vec::new();
    w.handle(search("alice"), Vec::new(), &mut |r| out.push(r));
    w.handle(Request::Clear, Vec::new(), &mut |r| out.push(r));
    assert!(!w.is_busy());
    assert_eq!(out.last(), Some(&Response::Cleared { generation: 3 }));
    assert!(out.iter().all(|r| !matches!(r, Response::Searched(_))), "{out:?}");
}
