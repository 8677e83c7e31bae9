//! The worker's state machine with files in memory and a clock that moves as files are read.

use super::source::FileSource;
use super::*;
use crate::protocol::{ExportFormat, Exported, Progress};
use crate::test_support::{TRAIL, TRAIL_PATH};
use flate2::write::GzEncoder;
use flate2::Compression;
use std::cell::Cell;
use std::io::Write;
use std::rc::Rc;
use trailscope_core::decode::{Decoded, Decoder};
use trailscope_core::export::csv::CsvColumn;
use trailscope_core::formats::redactions::RedactionKind;
use trailscope_core::query::events::EventPage;
use trailscope_core::query::filter::Filter;
use trailscope_core::query::timeline::Stack;
use trailscope_core::query::view::{View, ViewRequest};
use trailscope_core::FileError;
use wasm_bindgen_test::wasm_bindgen_test;

/// Files as bytes (`None` cannot be read), cut in 64-byte slices that each take `ms_per_slice`.
struct Memory {
    clock: Rc<Cell<f64>>,
    ms_per_slice: f64,
}

impl FileSource for Memory {
    type Handle = Option<Rc<Vec<u8>>>;

    fn size(&self, file: &Self::Handle) -> u64 {
        file.as_ref().map_or(0, |b| b.len() as u64)
    }

    fn decode(
        &self,
        file: &Self::Handle,
        cap: u64,
        on_slice: &mut dyn FnMut(u64),
    ) -> Result<Result<Decoded, FileError>, String> {
        let bytes = file.as_ref().ok_or("NotFoundError: gone")?;
        let mut decoder = Decoder::new(cap);
        for slice in bytes.chunks(64) {
            self.clock.set(self.clock.get() + self.ms_per_slice);
            decoder.push(slice);
            on_slice(slice.len() as u64);
        }
        Ok(decoder.finish())
    }

    fn read_all(&self, file: &Self::Handle) -> Result<Vec<u8>, String> {
        file.as_ref()
            .map(|b| b.to_vec())
            .ok_or_else(|| "NotFoundError: gone".to_string())
    }
}

fn gzip(text: &str) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(text.as_bytes()).expect("in memory");
    encoder.finish().expect("in memory")
}

fn worker(ms_per_slice: f64) -> Worker<Memory> {
    let clock = Rc::new(Cell::new(0.0));
    let now = clock.clone();
    Worker::new(Memory { clock, ms_per_slice }, Box::new(move || now.get()))
}

fn file(bytes: Vec<u8>) -> Option<Rc<Vec<u8>>> {
    Some(Rc::new(bytes))
}

/// Sends a request and runs the load to its end; returns every response.
fn send(worker: &mut Worker<Memory>, request: Request, files: Vec<Option<Rc<Vec<u8>>>>) -> Vec<Response> {
    let mut out = Vec::new();
    worker.handle(request, files, &mut |r| out.push(r));
    while worker.step(&mut |r| out.push(r)) {}
    out
}

fn load(paths: &[&str], base_origin: u32) -> Request {
    Request::Load {
        base_origin,
        paths: paths.iter().map(|p| p.to_string()).collect(),
        more: false,
    }
}

fn loaded(responses: &[Response]) -> &Loaded {
    responses
        .iter()
        .find_map(|r| match r {
            Response::Loaded(l) => Some(l),
            _ => None,
        })
        .expect("the load ends")
}

#[wasm_bindgen_test(unsupported = test)]
fn a_load_reads_every_file_and_reports_failures() {
    let mut w = worker(1.0);
    let out = send(
        &mut w,
        load(&[TRAIL_PATH, "bad.json", "gone.json.gz"], 0),
        vec![file(gzip(TRAIL)), file(b"{\"Records\":[".to_vec()), None],
    );
    let l = loaded(&out);
    assert_eq!(l.generation, 1);
    assert_eq!(l.events, 3);
    assert_eq!(l.progress.files_done, 3);
    assert_eq!(l.progress.files_total, 3);
    assert_eq!(l.progress.events, 3);
    assert!(!l.cancelled);
    let paths: Vec<&str> = l.failures.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["bad.json", "gone.json.gz"]);
    assert!(l.failures[1].error.contains("cannot be read: NotFoundError"));
    assert!(!w.is_loading());
}

#[wasm_bindgen_test(unsupported = test)]
fn a_load_sent_in_parts_ends_only_after_its_last_part() {
    let texts: Vec<Held> = (0..4)
        .map(|i| file(gzip(&TRAIL.replace("\"eventID\":\"", &format!("\"eventID\":\"{i}")))))
        .collect();
    let paths = ["a.json.gz", "b.json.gz", "c.json.gz", "d.json.gz"];
    let whole = send(&mut worker(1.0), load(&paths, 0), texts.clone());

    let mut w = worker(1.0);
    let first = Request::Load {
        base_origin: 0,
        paths: paths[..2].iter().map(|p| p.to_string()).collect(),
        more: true,
    };
    let mut out = send(&mut w, first, texts[..2].to_vec());
    assert!(w.is_loading(), "the load waits for its last part");
    assert!(!out.iter().any(|r| matches!(r, Response::Loaded(_))));
    out.extend(send(&mut w, load(&paths[2..], 2), texts[2..].to_vec()));
    let (a, b) = (loaded(&whole), loaded(&out));
    assert_eq!((a.events, a.duplicates), (b.events, b.duplicates));
    assert_eq!((b.generation, b.progress.files_done, b.progress.files_total), (1, 4, 4));
}

/// The one answer to a request that carries no files.
fn answer(w: &mut Worker<Memory>, request: Request) -> Response {
    let mut out = send(w, request, Vec::new());
    assert_eq!(out.len(), 1, "one answer: {out:?}");
    out.remove(0)
}

/// The view a query gets.
fn query(w: &mut Worker<Memory>, request: &ViewRequest) -> Rc<View> {
    let Response::View { view, .. } = answer(w, Request::Query(request.clone())) else {
        panic!("a query is answered with a view")
    };
    view
}

#[wasm_bindgen_test(unsupported = test)]
fn a_repeated_query_gets_the_same_view_until_the_store_changes() {
    let mut w = worker(1.0);
    send(&mut w, load(&["a.json"], 0), vec![file(TRAIL.as_bytes().to_vec())]);
    let all = ViewRequest::default();
    let by_outcome = ViewRequest {
        stack: Stack::ByOutcome,
        ..ViewRequest::default()
    };
    let first = query(&mut w, &all);
    assert_ne!(query(&mut w, &by_outcome), first);
    assert_eq!(query(&mut w, &all), first, "a cached view is the view");
    let other_ids = TRAIL.replace("\"eventID\":\"", "\"eventID\":\"x");
    send(&mut w, load(&["b.json.gz"], 1), vec![file(gzip(&other_ids))]);
    let again = query(&mut w, &all);
    assert_eq!(
        again.overview.events,
        2 * first.overview.events,
        "a load drops the cached views"
    );
}

/// The page of `filter` a page request gets.
fn page_of(w: &mut Worker<Memory>, filter: &Filter, offset: u64, limit: u32) -> EventPage {
    let filter = filter.clone();
    let Response::Page { page, .. } = answer(w, Request::Page { filter, offset, limit }) else {
        panic!("a page request is answered with a page")
    };
    page
}

#[wasm_bindgen_test(unsupported = test)]
fn pages_slice_the_last_filters_rows_until_the_store_changes() {
    let mut w = worker(1.0);
    send(&mut w, load(&["a.json"], 0), vec![file(TRAIL.as_bytes().to_vec())]);
    let polly = Filter {
        sources: vec!["polly.amazonaws.com".into()],
        ..Filter::default()
    };
    let all = page_of(&mut w, &Filter::default(), 0, 10);
    assert_eq!(all.total, 3);
    // A view of another filter, then pages of both: each page is its own filter's.
    query(
        &mut w,
        &ViewRequest {
            filter: polly.clone(),
            ..ViewRequest::default()
        },
    );
    let first = page_of(&mut w, &polly, 0, 10);
    assert_eq!(first.total, 1);
    assert!(first.rows.iter().all(|r| r.source == "polly.amazonaws.com"));
    assert_eq!(page_of(&mut w, &Filter::default(), 1, 1).rows, all.rows[1..2]);

    let other_ids = TRAIL.replace("\"eventID\":\"", "\"eventID\":\"x");
    send(&mut w, load(&["b.json.gz"], 1), vec![file(gzip(&other_ids))]);
    assert_eq!(
        page_of(&mut w, &Filter::default(), 0, 10).total,
        6,
        "a load drops the kept rows"
    );
    assert_eq!(page_of(&mut w, &polly, 0, 10).total, 2);
}

#[wasm_bindgen_test(unsupported = test)]
fn a_second_load_adds_to_the_store_and_skips_duplicates() {
    let mut w = worker(1.0);
    send(&mut w, load(&["a.json"], 0), vec![file(TRAIL.as_bytes().to_vec())]);
    let out = send(&mut w, load(&["b.json.gz"], 1), vec![file(gzip(TRAIL))]);
    let l = loaded(&out);
    assert_eq!((l.generation, l.events, l.duplicates), (2, 3, 3));
}

#[wasm_bindgen_test(unsupported = test)]
fn loads_run_in_short_steps_and_stop_on_cancel() {
    let mut w = worker(10.0);
    let n = 20;
    let paths: Vec<String> = (0..n).map(|i| format!("f{i}.json")).collect();
    let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
    let files = (0..n).map(|_| file(TRAIL.as_bytes().to_vec())).collect();
    let mut out = Vec::new();
    w.handle(load(&refs, 0), files, &mut |r| out.push(r));
    assert!(w.step(&mut |r| out.push(r)), "one step does not read every file");
    w.handle(Request::Cancel, Vec::new(), &mut |r| out.push(r));
    assert!(!w.step(&mut |r| out.push(r)), "the load ends at the next step");
    let l = loaded(&out);
    assert!(l.cancelled);
    assert!(l.progress.files_done > 0 && l.progress.files_done < n);
    assert_eq!(
        l.events, 3,
        "files read before the cancel are kept (their events are duplicates)"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn progress_is_posted_between_100_and_250_ms_apart() {
    let mut w = worker(7.0);
    let files = (0..30).map(|_| file(TRAIL.as_bytes().to_vec())).collect();
    let paths: Vec<String> = (0..30).map(|i| format!("f{i}.json")).collect();
    let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
    let out = send(&mut w, load(&refs, 0), files);
    let reports: Vec<&Progress> = out
        .iter()
        .filter_map(|r| match r {
            Response::Progress(p) => Some(p),
            _ => None,
        })
        .collect();
    assert!(reports.len() > 10, "{} reports", reports.len());
    let elapsed = loaded(&out).elapsed_ms as f64;
    let per_second = reports.len() as f64 / (elapsed / 1000.0);
    assert!((4.0..=10.0).contains(&per_second), "{per_second} reports per second");
    assert!(reports.windows(2).all(|w| w[0].bytes_read <= w[1].bytes_read));
    assert!(reports.iter().all(|p| p.mb_per_s > 0.0));
}

#[wasm_bindgen_test(unsupported = test)]
fn queries_pages_and_event_json_are_answered() {
    let mut w = worker(1.0);
    send(&mut w, load(&[TRAIL_PATH], 0), vec![file(gzip(TRAIL))]);
    let out = send(&mut w, Request::Query(ViewRequest::default()), Vec::new());
    let Some(Response::View {
        generation: 1, view, ..
    }) = out.first()
    else {
        panic!("a view: {out:?}")
    };
    assert_eq!(view.overview.events, 3);

    let out = send(
        &mut w,
        Request::Page {
            filter: Filter::default(),
            offset: 1,
            limit: 5,
        },
        Vec::new(),
    );
    let Some(Response::Page { page, .. }) = out.first() else {
        panic!("a page: {out:?}")
    };
    assert_eq!((page.total, page.offset, page.rows.len()), (3, 1, 2));
    let polly = &page.rows[0];
    assert_eq!(polly.operation, "SynthesizeSpeech");

    let out = send(
        &mut w,
        Request::Event {
            generation: 1,
            row: polly.row,
        },
        Vec::new(),
    );
    let Some(Response::EventJson { result: Ok(detail), .. }) = out.first() else {
        panic!("an event: {out:?}")
    };
    assert!(detail.json.contains("\"voiceId\": \"Joanna\""), "{}", detail.json);
    let kinds: Vec<(&str, RedactionKind)> = detail.redactions.iter().map(|r| (r.path.as_str(), r.kind)).collect();
    assert_eq!(
        kinds,
        [
            ("requestParameters.text", RedactionKind::Masked),
            ("responseElements", RedactionKind::NotLogged)
        ]
    );
}

/// The bytes of an export's parts, and how it ended.
fn exported(out: Vec<Response>) -> (String, Exported) {
    let mut bytes = Vec::new();
    let mut done = None;
    for r in out {
        match r {
            Response::ExportPart { bytes: part } => bytes.extend(part),
            Response::Exported(e) => done = Some(e),
            other => panic!("unexpected {other:?}"),
        }
    }
    (String::from_utf8(bytes).unwrap(), done.expect("the export ends"))
}

#[wasm_bindgen_test(unsupported = test)]
fn exports_write_the_filtered_events_and_name_files_that_are_gone() {
    let mut w = worker(1.0);
    send(&mut w, load(&[TRAIL_PATH], 0), vec![file(gzip(TRAIL))]);
    let polly = Filter {
        sources: vec!["polly.amazonaws.com".into()],
        ..Filter::default()
    };
    let request = |format| Request::Export {
        filter: polly.clone(),
        format,
    };
    let (ndjson, done) = exported(send(&mut w, request(ExportFormat::Ndjson), Vec::new()));
    assert_eq!((done.events, done.problems.len()), (1, 0));
    let line: serde_json::Value = serde_json::from_str(ndjson.trim_end()).unwrap();
    assert_eq!(line["requestParameters"]["voiceId"], "Joanna");
    assert_eq!(ndjson.lines().count(), 1);

    let columns = vec![CsvColumn::Source, CsvColumn::Operation];
    let (csv, done) = exported(send(&mut w, request(ExportFormat::Csv(columns)), Vec::new()));
    assert_eq!(csv, "eventSource,eventName\r\npolly.amazonaws.com,SynthesizeSpeech\r\n");
    assert_eq!(done.events, 1);

    let mut gone = worker(1.0);
    send(&mut gone, load(&[TRAIL_PATH], 0), vec![file(gzip(TRAIL))]);
    gone.handles.insert(0, None);
    let (ndjson, done) = exported(send(&mut gone, request(ExportFormat::Ndjson), Vec::new()));
    assert_eq!((ndjson.as_str(), done.events), ("", 0));
    assert_eq!(done.problems.len(), 1);
    assert!(done.problems[0].starts_with(TRAIL_PATH), "{:?}", done.problems);
}

#[wasm_bindgen_test(unsupported = test)]
fn clear_forgets_everything_and_stale_rows_are_refused() {
    let mut w = worker(1.0);
    send(&mut w, load(&[TRAIL_PATH], 0), vec![file(gzip(TRAIL))]);
    let out = send(&mut w, Request::Clear, Vec::new());
    assert_eq!(out, [Response::Cleared { generation: 2 }]);
    let out = send(&mut w, Request::Event { generation: 1, row: 0 }, Vec::new());
    assert!(matches!(&out[0], Response::EventJson { result: Err(_), .. }));
    let out = send(&mut w, Request::Query(ViewRequest::default()), Vec::new());
    let Some(Response::View { view, .. }) = out.first() else {
        panic!("a view")
    };
    assert_eq!(view.overview.loaded_events, 0);
}

#[wasm_bindgen_test(unsupported = test)]
fn a_load_whose_files_do_not_match_its_paths_is_refused() {
    let mut w = worker(1.0);
    let out = send(&mut w, load(&["a", "b"], 0), vec![None]);
    assert!(matches!(&out[..], [Response::Failed { .. }]));
    assert!(!w.is_loading());
}

/// Helpers that keep the jobs they are given, to be answered by the test.
#[derive(Clone, Default)]
struct Kept(Rc<std::cell::RefCell<Vec<helpers::Job<Held>>>>);

/// A file as [`Memory`] holds it.
type Held = Option<Rc<Vec<u8>>>;

impl helpers::Helpers<Held> for Kept {
    fn can_take(&self) -> bool {
        self.0.borrow().len() < 2
    }
    fn send(&mut self, job: helpers::Job<Held>) {
        self.0.borrow_mut().push(job);
    }
}

/// Reads each job the way a helper worker does and hands its batch back to `w`.
fn run_as_helpers(w: &mut Worker<Memory>, jobs: Vec<helpers::Job<Held>>, out: &mut dyn FnMut(Response)) {
    let source = Memory {
        clock: Rc::new(Cell::new(0.0)),
        ms_per_slice: 0.0,
    };
    for job in jobs {
        let request = job.request();
        let handles: Vec<_> = job.files.into_iter().map(|f| f.handle).collect();
        let result = helpers::read_job(&source, request, &handles);
        w.job_done(result.load, result.batch, result.files, result.bytes, out);
    }
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
    let jobs: Vec<_> = kept.0.borrow_mut().drain(..).collect();
    run_as_helpers(&mut w, jobs, &mut |r| out.push(r));
    let (a, b) = (loaded(&alone), loaded(&out));
    assert_eq!(
        (a.events, a.duplicates, &a.failures),
        (b.events, b.duplicates, &b.failures)
    );
    assert_eq!(b.progress.files_done, texts.len() as u64);
}

/// [`Memory`] read in the background: reads started by `prefetch` come in only when the test
/// says so.
struct Background {
    memory: Memory,
    /// Started reads by key, with whether each has come in.
    reads: std::cell::RefCell<HashMap<u32, (Held, bool)>>,
}

impl Background {
    fn arrive(&self) {
        for read in self.reads.borrow_mut().values_mut() {
            read.1 = true;
        }
    }
}

impl FileSource for Background {
    type Handle = Held;

    fn size(&self, file: &Held) -> u64 {
        self.memory.size(file)
    }

    fn decode(
        &self,
        file: &Held,
        cap: u64,
        on_slice: &mut dyn FnMut(u64),
    ) -> Result<Result<Decoded, FileError>, String> {
        self.memory.decode(file, cap, on_slice)
    }

    fn read_all(&self, file: &Held) -> Result<Vec<u8>, String> {
        self.memory.read_all(file)
    }

    fn read_ahead(&self) -> usize {
        3
    }

    fn prefetch(&self, files: &[(&Held, u32)]) {
        let mut reads = self.reads.borrow_mut();
        for (file, key) in files {
            reads.insert(*key, ((*file).clone(), false));
        }
    }

    fn ready(&self, key: u32) -> bool {
        self.reads.borrow().get(&key).is_none_or(|read| read.1)
    }

    fn decode_fetched(&self, key: u32, cap: u64) -> Option<source::DecodeResult> {
        let (file, _) = self.reads.borrow_mut().remove(&key)?;
        let bytes = match file.as_ref() {
            Some(bytes) => bytes,
            None => return Some(Err("NotFoundError: gone".to_string())),
        };
        Some(Ok(Decoder::decode_all(bytes, cap)))
    }

    fn discard(&self) {
        self.reads.borrow_mut().clear();
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn a_load_read_in_the_background_waits_for_its_reads_and_gives_the_same_store() {
    let texts: Vec<Held> = (0..5)
        .map(|i| file(gzip(&TRAIL.replace("\"eventID\":\"", &format!("\"eventID\":\"{i}")))))
        .chain([file(b"not json".to_vec()), None])
        .collect();
    let paths: Vec<String> = (0..texts.len()).map(|i| format!("f{i}.json.gz")).collect();
    let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
    let alone = send(&mut worker(1.0), load(&refs, 0), texts.clone());

    let memory = Memory {
        clock: Rc::new(Cell::new(0.0)),
        ms_per_slice: 0.0,
    };
    let mut w = Worker::new(
        Background {
            memory,
            reads: Default::default(),
        },
        Box::new(|| 0.0),
    );
    let mut out = Vec::new();
    w.handle(load(&refs, 0), texts, &mut |r| out.push(r));
    let mut steps = 0;
    while w.is_loading() {
        assert!(
            !w.step(&mut |r| out.push(r)),
            "a step waiting for a read does not ask for another"
        );
        assert!(w.source().reads.borrow().len() <= 3, "at most 3 reads ahead");
        w.source().arrive();
        steps += 1;
        assert!(steps < 100, "the load ends");
    }
    assert!(steps > 1, "the load waited for its reads");
    assert!(w.source().reads.borrow().is_empty(), "no read is kept after the load");
    let (a, b) = (loaded(&alone), loaded(&out));
    assert_eq!(
        (a.events, a.duplicates, &a.failures),
        (b.events, b.duplicates, &b.failures)
    );
    assert_eq!(b.progress.files_done, 7);
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
    assert_eq!(w.store.file_hashes.len(), 6, "every log file, whoever read it");
    assert_eq!(w.store.digests.len(), 1);
    let mut plain = worker(1.0);
    send(
        &mut plain,
        load(&refs[..6], 0),
        (0..6).map(|_| file(gzip(TRAIL))).collect(),
    );
    assert!(plain.store.file_hashes.is_empty(), "no digest, no hashing");
}
