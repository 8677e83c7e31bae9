//! The helpers' side of a load: jobs handed out, read into batches by [`JobIngest`] as a helper
//! worker reads them (the job and its answer crossing the wire as postcard bytes), answered,
//! lost, or answered too late.

use super::*;
use crate::protocol::{decode, encode};
use crate::test_support::{TRAIL, TRAIL_PATH};
use helpers::{Helpers, Job, JobIngest, JobItem, JobRequest, JobResult, SearchJob};
use std::cell::RefCell;
use trailscope_core::IngestOptions;
use wasm_bindgen_test::wasm_bindgen_test;

/// Helpers that keep the jobs they are given (a load's, a search's), to be answered by the test,
/// and count the times they were let rest.
#[derive(Clone, Default)]
pub(super) struct Kept(
    pub(super) Rc<RefCell<Vec<Job<Held>>>>,
    pub(super) Rc<RefCell<Vec<SearchJob<Held>>>>,
    pub(super) Rc<std::cell::Cell<u32>>,
);

impl Helpers<Held> for Kept {
    fn can_take(&self) -> bool {
        self.0.borrow().len() + self.1.borrow().len() < 2
    }
    fn send(&mut self, job: Job<Held>) {
        self.0.borrow_mut().push(job);
    }
    fn send_search(&mut self, job: SearchJob<Held>) {
        self.1.borrow_mut().push(job);
    }
    fn rest(&mut self) {
        self.2.set(self.2.get() + 1);
    }
}

/// Helpers that are all gone: they take no job.
pub(super) struct Gone;

impl Helpers<Held> for Gone {
    fn can_take(&self) -> bool {
        false
    }
    fn send(&mut self, _job: Job<Held>) {
        unreachable!("no job is sent to helpers that take none")
    }
    fn send_search(&mut self, _job: SearchJob<Held>) {
        unreachable!("no job is sent to helpers that take none")
    }
    fn rest(&mut self) {}
}

/// What a helper worker answers to `job`: the request crosses the wire, its files are read into
/// one batch by [`JobIngest`], and the answer crosses back.
fn helper_answer(job: &Job<Held>) -> JobResult {
    let source = Memory::instant();
    let request: JobRequest = decode(&encode(&job.request()).expect("encodes")).expect("decodes");
    let mut ingest = JobIngest::new(request.options());
    for (item, file) in request.items.iter().zip(&job.files) {
        match item {
            JobItem::File { origin, path, size } => {
                let decoded = source.decode(&file.handle, ingest.cap(), &mut |_| {});
                ingest.add(*origin, path, *size, decoded);
            }
            JobItem::ZipEntries { entries, lent } => {
                let mut read = |range| source.read_range(&file.handle, range).map_err(FileError::Unreadable);
                ingest.add_zip_entries(entries, *lent, &mut read);
            }
            JobItem::TarMembers { members, lent } => ingest.add_tar_members(members, *lent),
        }
    }
    decode(&encode(&ingest.finish(request.load)).expect("encodes")).expect("decodes")
}

/// Answers each job as a helper worker does and hands its batch back to `w`.
pub(super) fn run_as_helpers(w: &mut Worker<Memory>, jobs: Vec<Job<Held>>, out: &mut dyn FnMut(Response)) {
    for job in jobs {
        w.job_done(helper_answer(&job), out);
    }
}

/// `count` copies of the sample trail with distinct event IDs, as gzip files, and their paths.
pub(super) fn distinct_trails(count: usize) -> (Vec<Held>, Vec<String>) {
    let texts = (0..count)
        .map(|i| file(gzip(&TRAIL.replace("\"eventID\":\"", &format!("\"eventID\":\"{i}")))))
        .collect();
    let paths = (0..count).map(|i| format!("f{i}.json.gz")).collect();
    (texts, paths)
}

#[wasm_bindgen_test(unsupported = test)]
fn a_job_counts_its_files_and_bytes_and_names_the_files_it_could_not_read() {
    let mut ingest = JobIngest::new(IngestOptions::default());
    let trail = gzip(TRAIL);
    let cap = ingest.cap();
    ingest.add(3, TRAIL_PATH, trail.len() as u64, Ok(Decoder::decode_all(&trail, cap)));
    ingest.add(4, "gone.json.gz", 10, Err("NotFoundError: gone".to_string()));
    ingest.add(5, "bad.json", 8, Ok(Decoder::decode_all(b"not json", cap)));
    let result = ingest.finish(7);
    assert_eq!(
        (result.load, result.files, result.bytes),
        (7, 3, trail.len() as u64 + 18)
    );
    assert_eq!(result.batch.rows.columns.len(), 3);
    assert_eq!(
        result.batch.files_read, 3,
        "a file that cannot be read is counted as read"
    );
    let error = |path: &str| {
        let failure = result.batch.failures.iter().find(|f| f.path == path);
        failure.map(|f| f.error.as_str())
    };
    assert_eq!(error("gone.json.gz"), Some("cannot be read: NotFoundError: gone"));
    assert!(
        error("bad.json").is_some_and(|e| e.starts_with("not JSON")),
        "{:?}",
        error("bad.json")
    );
    assert_eq!(error(TRAIL_PATH), None);
}

#[wasm_bindgen_test(unsupported = test)]
fn helpers_read_part_of_a_load_and_the_store_is_the_same() {
    let texts: Vec<Vec<u8>> = (0..6).map(|_| gzip(TRAIL)).chain([b"not json".to_vec()]).collect();
    let paths: Vec<String> = (0..texts.len()).map(|i| format!("f{i}.json.gz")).collect();
    let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
    let alone = send(
        &mut worker(1.0),
        load(&refs, 0),
        texts.iter().cloned().map(file).collect(),
    );

    let mut w = worker(1.0);
    let kept = Kept::default();
    w.set_helpers(Box::new(kept.clone()));
    let mut out = send(&mut w, load(&refs, 0), texts.iter().cloned().map(file).collect());
    assert!(!kept.0.borrow().is_empty(), "helpers were given jobs");
    assert!(
        out.iter().all(|r| !matches!(r, Response::Loaded(_))),
        "the load waits for its helpers"
    );
    assert_eq!(kept.2.get(), 0, "no rest while the load waits for them");
    let jobs: Vec<_> = kept.0.borrow_mut().drain(..).collect();
    run_as_helpers(&mut w, jobs, &mut |r| out.push(r));
    assert_eq!(kept.2.get(), 1, "the helpers rest once the load is merged");
    let (a, b) = (loaded(&alone), loaded(&out));
    assert_eq!(
        (a.events, a.duplicates, &a.failures),
        (b.events, b.duplicates, &b.failures)
    );
    assert_eq!(b.progress.files_done, texts.len() as u64);
}

#[wasm_bindgen_test(unsupported = test)]
fn a_load_with_a_digest_hashes_every_file_here_and_in_helpers() {
    let digest = "AWSLogs/1/CloudTrail-Digest/us-east-1/2025/01/01/1_CloudTrail-Digest_us-east-1_t_us-east-1_20250101T010000Z.json.gz";
    let digest_json = r#"{"digestStartTime":"2025-01-01T00:00:00Z","logFiles":[]}"#;
    let mut texts: Vec<Vec<u8>> = (0..6).map(|_| gzip(TRAIL)).collect();
    texts.push(gzip(digest_json));
    let mut paths: Vec<String> = (0..6).map(|i| format!("f{i}.json.gz")).collect();
    paths.push(digest.to_string());
    let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
    let mut w = worker(1.0);
    let kept = Kept::default();
    w.set_helpers(Box::new(kept.clone()));
    send(&mut w, load(&refs, 0), texts.into_iter().map(file).collect());
    let jobs: Vec<_> = kept.0.borrow_mut().drain(..).collect();
    assert!(!jobs.is_empty() && jobs.iter().all(|j| j.hash_files));
    run_as_helpers(&mut w, jobs, &mut |_| {});
    assert_eq!(w.data.file_hashes.len(), 6, "every log file, whoever read it");
    assert_eq!(w.data.digests.len(), 1);
    let mut plain = worker(1.0);
    send(
        &mut plain,
        load(&refs[..6], 0),
        (0..6).map(|_| file(gzip(TRAIL))).collect(),
    );
    assert!(plain.data.file_hashes.is_empty(), "no digest, no hashing");
}

#[wasm_bindgen_test(unsupported = test)]
fn the_files_of_a_job_lost_with_its_helper_are_read_by_the_owner() {
    let (texts, paths) = distinct_trails(6);
    let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
    let alone = send(&mut worker(1.0), load(&refs, 0), texts.clone());

    let mut w = worker(1.0);
    let kept = Kept::default();
    w.set_helpers(Box::new(kept.clone()));
    let mut out = send(&mut w, load(&refs, 0), texts);
    let jobs: Vec<_> = kept.0.borrow_mut().drain(..).collect();
    assert!(!jobs.is_empty(), "helpers were given jobs");
    assert!(w.is_busy(), "the load waits for its helpers");
    w.set_helpers(Box::new(Gone));
    for job in jobs {
        w.job_lost(job);
    }
    while w.step(&mut |r| out.push(r)) {}
    let (a, b) = (loaded(&alone), loaded(&out));
    assert_eq!(
        (a.events, a.duplicates, &a.failures),
        (b.events, b.duplicates, &b.failures)
    );
    assert_eq!(b.progress.files_done, 6);
}

#[wasm_bindgen_test(unsupported = test)]
fn a_helpers_answer_about_a_cleared_load_is_dropped() {
    let (texts, paths) = distinct_trails(4);
    let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
    let mut w = worker(1.0);
    let kept = Kept::default();
    w.set_helpers(Box::new(kept.clone()));
    send(&mut w, load(&refs, 0), texts);
    let jobs: Vec<_> = kept.0.borrow_mut().drain(..).collect();
    assert!(!jobs.is_empty(), "helpers were given jobs");
    assert_eq!(
        send(&mut w, Request::Clear, Vec::new()),
        [Response::Cleared { generation: 1 }]
    );
    let mut out = Vec::new();
    run_as_helpers(&mut w, jobs, &mut |r| out.push(r));
    assert!(out.is_empty(), "{out:?}");
    assert!(!w.is_busy());
    assert_eq!(w.data.store.len(), 0);
}
