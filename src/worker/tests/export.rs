//! Exports of the filtered events, in parts.

use super::*;
use crate::protocol::{ExportFormat, Exported};
use crate::test_support::{TRAIL, TRAIL_PATH};
use trailscope_core::export::csv::CsvColumn;
use trailscope_core::query::filter::Filter;
use wasm_bindgen_test::wasm_bindgen_test;

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
