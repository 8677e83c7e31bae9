//! A large zip archive dropped on the page is read in parts, by the owner and by its helpers
//! (each lent a share of the archive's allowance), and loads exactly as the archive read whole.

use super::helper_jobs::{run_as_helpers, Kept};
use super::*;
use wasm_bindgen_test::wasm_bindgen_test;

/// The sample trail, whose log files and digests are zipped together: over a megabyte.
const SAMPLE: &[u8] = include_bytes!("../../../static/sample/trailscope-sample.zip");
const NAME: &str = "trailscope-sample.zip";

/// The sample read whole by the engine, as a small archive is.
fn whole() -> Dataset {
    let mut ingest = trailscope_core::Ingest::new(trailscope_core::IngestOptions::default());
    ingest.add_bytes(0, NAME, SAMPLE);
    Dataset::from_batches([ingest.finish()])
}

#[wasm_bindgen_test(unsupported = test)]
fn a_large_zip_is_read_in_parts_here_and_in_helpers_and_loads_as_whole() {
    assert!(
        SAMPLE.len() as u64 >= crate::worker::zip_parts::MIN_BYTES,
        "the sample is read in parts"
    );
    let reference = whole();
    let alone = send(&mut worker(0.0), load(&[NAME], 0), vec![file(SAMPLE.to_vec())]);

    let mut w = worker(0.0);
    let kept = Kept::default();
    w.set_helpers(Box::new(kept.clone()));
    let mut shared = send(&mut w, load(&[NAME], 0), vec![file(SAMPLE.to_vec())]);
    let jobs: Vec<_> = kept.0.borrow_mut().drain(..).collect();
    let items: Vec<bool> = jobs
        .iter()
        .flat_map(|job| &job.files)
        .map(|f| f.part.is_some())
        .collect();
    assert!(
        !items.is_empty() && items.iter().all(|&part| part),
        "helpers were given parts of the archive: {items:?}"
    );
    run_as_helpers(&mut w, jobs, &mut |r| shared.push(r));

    for (label, responses) in [("alone", &alone), ("with helpers", &shared)] {
        let done = loaded(responses);
        assert_eq!(done.events, reference.store.len() as u64, "{label}");
        assert_eq!(done.duplicates, reference.store.duplicates, "{label}");
        assert_eq!(done.failures, reference.failures, "{label}");
        let integrity = done.integrity.as_ref().expect("the sample holds digests");
        assert_eq!(
            integrity,
            &reference.integrity().problems_only(MAX_INTEGRITY_FILES),
            "{label}: the log files were hashed"
        );
        assert_eq!((done.progress.files_done, done.progress.files_total), (1, 1), "{label}");
        assert_eq!(done.progress.bytes_read, SAMPLE.len() as u64, "{label}");
    }
    assert!(reference.store.len() > 1000, "the sample holds its events");
    // An event read from a part is re-read from its entry.
    let generation = loaded(&shared).generation;
    let detail = answer(&mut w, Request::Event { generation, row: 0 });
    assert!(
        matches!(&detail, Response::EventJson { result: Ok(_), .. }),
        "{detail:?}"
    );
}
