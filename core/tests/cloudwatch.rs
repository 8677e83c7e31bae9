//! CloudTrail's events as they reach a responder through CloudWatch Logs load as events, told
//! by content whatever the file is called and however it is fed: a subscription envelope (and a
//! control message, an envelope without log events), a Kinesis Data Firehose object of
//! envelopes concatenated (whole, cut short, one per line), `aws logs filter-log-events` and
//! `get-log-events` output (whole, or a log event per line), a `create-export-task` object and
//! `lookup-events` items per line.
//! Every event re-reads (detail view, NDJSON export) as the event ct-gen wrote. The fixtures are
//! made by `fixtures/make_cloudwatch_fixtures.py`.

mod common;

use serde_json::Value;
use std::collections::BTreeMap;
use trailscope_core::decode::{Decoded, Decoder};
use trailscope_core::export::ndjson;
use trailscope_core::formats::extract::file_text;
use trailscope_core::formats::source::Shape;
use trailscope_core::query::filter::Filter;
use trailscope_core::query::selection::Selection;
use trailscope_core::{Dataset, IngestOptions, Summary};

const FIREHOSE: &str = "cloudwatch/firehose/2023/11/14/22/ct-to-s3-1-2023-11-14-22-13-20-5f1c0a6e";
const EXPORT: &str = "cloudwatch/export/0b1e7d1c/111122223333_CloudTrail_us-east-1/000000.gz";
const CUT: &str = "CloudWatch Logs envelope 2 (log stream 111122223333_CloudTrail_ap-south-1) is cut short: \
                   the file ends inside it, so its events were not read";

/// Each fixture: its events, its shape (`None`: no events, so no event file) and its failures.
fn fixtures() -> Vec<(&'static str, usize, Option<Shape>, Vec<&'static str>)> {
    let cwl = Some(Shape::CloudWatchLogs);
    vec![
        ("cloudwatch/subscription.json.gz", 4, cwl, vec![]),
        ("cloudwatch/control-message.json.gz", 0, None, vec![]),
        ("cloudwatch/empty-envelope.json", 0, None, vec![]),
        (FIREHOSE, 6, cwl, vec![]),
        ("cloudwatch/firehose-cut.gz", 3, cwl, vec![CUT]),
        ("cloudwatch/firehose-newlines", 3, cwl, vec![]),
        ("cloudwatch/filter-log-events.json", 3, cwl, vec![]),
        ("cloudwatch/get-log-events.json", 2, cwl, vec![]),
        (EXPORT, 4, Some(Shape::LogExport), vec![]),
        ("cloudwatch/lookup-events.jsonl", 3, Some(Shape::LookupEvents), vec![]),
        ("cloudwatch/filter-log-events.jsonl", 3, cwl, vec![]),
    ]
}

/// The events ct-gen wrote, by `eventID`, as the fixtures took them.
fn originals() -> BTreeMap<String, Value> {
    let bytes = common::read("ctgen/events.ndjson.gz");
    let Ok(Decoded::Text(text)) = Decoder::decode_all(&bytes, 1 << 30) else {
        panic!("ctgen/events.ndjson.gz: not text")
    };
    String::from_utf8(text)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap())
        .map(|event| (event["eventID"].as_str().unwrap().to_string(), event))
        .collect()
}

#[test]
fn each_layout_loads_whole_and_in_2_byte_chunks_under_any_name() {
    for (rel, events, shape, failures) in fixtures() {
        let files = common::files(&[rel]);
        let renamed = vec![("evidence.bin".to_string(), files[0].1.clone())];
        for (how, batch) in [
            ("whole", common::batch(&files)),
            (
                "2-byte chunks",
                common::batch_in_chunks(&files, 2, IngestOptions::default()),
            ),
            ("renamed", common::batch(&renamed)),
        ] {
            let data = Dataset::from_batches([batch]);
            let got: Vec<&str> = data.failures.iter().map(|f| f.error.as_str()).collect();
            assert_eq!(got, failures, "{rel} {how}");
            assert_eq!(data.store.len(), events, "{rel} {how}");
            let shapes: Vec<Shape> = data.store.files.iter().map(|f| f.shape).collect();
            assert_eq!(shapes, shape.into_iter().collect::<Vec<_>>(), "{rel} {how}");
        }
    }
}

#[test]
fn every_event_re_reads_as_the_event_ct_gen_wrote() {
    let originals = originals();
    let files = common::files(&["cloudwatch"]);
    let data = Dataset::from_batches([common::batch(&files)]);
    assert_eq!(data.store.len(), 31);
    let escaped = std::cell::Cell::new(0);
    let check = |event: &Value, how: &str| {
        let id = event["eventID"].as_str().unwrap();
        let mut original = originals[id].clone();
        if event["requestParameters"].get("policyDocument").is_some() {
            // The one event the fixtures gave escapes within escapes.
            let policy = event["requestParameters"]["policyDocument"].as_str().unwrap();
            assert!(policy.contains(r#""Resource":"arn:aws:s3:::café/*""#), "{policy}");
            assert_eq!(event["requestParameters"]["note"], "line one\nline \"two\" \u{2615}");
            original["requestParameters"] = event["requestParameters"].clone();
            escaped.set(escaped.get() + 1);
        }
        assert_eq!(*event, original, "{how} {id}");
    };
    for row in 0..data.store.len() {
        check(&common::event_value(&data, &files, row), "detail");
    }
    let rows = Filter::default().compile(&data).selected(&data.store);
    assert_eq!(
        rows,
        Selection::Span(0..data.store.len() as u32),
        "every event, held as a span"
    );
    let mut out = Vec::new();
    for part in ndjson::plan(&data.store, rows.rows()) {
        let file = &data.store.files[part.file as usize];
        let cap = IngestOptions::default().max_decompressed;
        let text = file_text(&files[file.origin as usize].1, file, cap).unwrap();
        ndjson::write_file(&text, file, &part.events, &mut out).unwrap();
    }
    let exported: Vec<Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(exported.len(), 31);
    for event in &exported {
        check(event, "export");
    }
    assert_eq!(escaped.get(), 2, "the event with escapes within escapes, read twice");
}

#[test]
fn the_whole_folder_counts_its_events_and_the_cut_envelope() {
    let s = common::summary(&["cloudwatch"]);
    assert_eq!((s.files, s.events, s.duplicates, s.undated), (11, 31, 0, 0));
    assert_eq!(s.failed.len(), 1, "{:?}", s.failed);
    assert_eq!(common::error_of(&s.failed, "cloudwatch/firehose-cut.gz"), CUT);
    let data = common::load(&["cloudwatch"]);
    let events: usize = Summary::of(&data, &Filter::default())
        .by_operation
        .values()
        .sum::<u64>() as usize;
    assert_eq!(events, 31);
}

/// A Firehose object whose delivery stream gzips again what CloudWatch Logs already gzipped.
#[test]
fn a_firehose_object_gzipped_twice_loads_its_events() {
    use std::io::Write;
    let mut twice = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    twice.write_all(&common::read(FIREHOSE)).unwrap();
    let files = vec![("twice.gz".to_string(), twice.finish().unwrap())];
    for batch in [
        common::batch(&files),
        common::batch_in_chunks(&files, 2, IngestOptions::default()),
    ] {
        let data = Dataset::from_batches([batch]);
        assert!(data.failures.is_empty(), "{:?}", data.failures);
        assert_eq!(data.store.len(), 6);
        let text = file_text(&files[0].1, &data.store.files[0], 1 << 30).unwrap();
        assert!(text.starts_with(br#"{"messageType""#), "re-read as the envelopes' text");
    }
}
