//! Loads: every file read, in parts, in short steps, with progress, cancelled, and read in the
//! background.

use super::*;
use crate::protocol::Progress;
use crate::test_support::{TRAIL, TRAIL_PATH};
use wasm_bindgen_test::wasm_bindgen_test;

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
    assert!(!w.is_busy());
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
        choose: Choose::Never,
    };
    let mut out = send(&mut w, first, texts[..2].to_vec());
    assert!(w.is_busy(), "the load waits for its last part");
    assert!(!out.iter().any(|r| matches!(r, Response::Loaded(_))));
    out.extend(send(&mut w, load(&paths[2..], 2), texts[2..].to_vec()));
    let (a, b) = (loaded(&whole), loaded(&out));
    assert_eq!((a.events, a.duplicates), (b.events, b.duplicates));
    assert_eq!((b.generation, b.progress.files_done, b.progress.files_total), (1, 4, 4));
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
fn a_load_stops_cleanly_when_memory_is_full_and_keeps_what_it_read() {
    // The heap "grows" with the time spent reading (10 ms a 64-byte slice): full after a few files.
    let clock = Rc::new(Cell::new(0.0));
    let (now, grown) = (clock.clone(), clock.clone());
    let memory = HeldMemory {
        held: Box::new(move || grown.get() as u64),
        limit: 100,
    };
    let source = Memory {
        clock,
        ms_per_slice: 10.0,
    };
    let mut w = Worker::new(source, Box::new(move || now.get()), memory);
    let n = 20;
    let paths: Vec<String> = (0..n).map(|i| format!("f{i}.json.gz")).collect();
    let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
    let id = |i: usize| format!("\"eventID\":\"{i}-");
    let files = (0..n)
        .map(|i| file(gzip(&TRAIL.replace("\"eventID\":\"", &id(i)))))
        .collect();
    let out = send(&mut w, load(&refs, 0), files);
    let l = loaded(&out);
    assert!(
        l.memory_full && !l.cancelled,
        "stopped for memory, not by the user: {l:?}"
    );
    let read = l.progress.files_done;
    assert!(read > 0 && read < n as u64, "{read} of {n} files read");
    assert_eq!(l.events, 3 * read, "every event of the files read is kept");
    let Response::View { view, .. } = answer(&mut w, Request::Query(Default::default())) else {
        panic!("a view")
    };
    assert_eq!(view.overview.events, 3 * read, "the events loaded answer questions");
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
fn a_load_whose_files_do_not_match_its_paths_is_refused() {
    let mut w = worker(1.0);
    let out = send(&mut w, load(&["a", "b"], 0), vec![None]);
    assert!(matches!(&out[..], [Response::Failed { .. }]));
    assert!(!w.is_busy());
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

    fn read_range(&self, file: &Held, range: std::ops::Range<u64>) -> Result<Vec<u8>, String> {
        self.memory.read_range(file, range)
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

    fn decode_fetched(&self, key: u32, cap: u64) -> Option<DecodeResult> {
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
        never_full(),
    );
    let mut out = Vec::new();
    w.handle(load(&refs, 0), texts, &mut |r| out.push(r));
    let mut steps = 0;
    while w.is_busy() {
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
