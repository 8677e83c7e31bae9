//! A trail file cut short (an interrupted download or copy, the commonest damage) keeps the
//! events whole before the cut and says how many, gzip or plain, read whole or in slices; the
//! events kept are the file's first ones and each re-reads from the cut bytes.

mod common;

use std::io::Read;
use trailscope_core::query::filter::Filter;
use trailscope_core::{Dataset, IngestOptions, Summary};

const TRUNCATED: &str = "truncated gzip: the file ends before the end of the compressed stream";

/// A ct-gen trail file laid out again from its records, with where each record ends in the text
/// (known from how the text is put together, not from the reader under test).
fn trail() -> (String, Vec<String>, Vec<usize>) {
    let document: serde_json::Value = serde_json::from_slice(&common::read("ctgen/trail.json")).expect("JSON");
    let records: Vec<String> = document["Records"]
        .as_array()
        .expect("Records")
        .iter()
        .map(|record| serde_json::to_string(record).expect("a record"))
        .collect();
    let head = "{\"Records\":[";
    let mut ends = Vec::new();
    let mut text = head.to_string();
    for (i, record) in records.iter().enumerate() {
        text.push_str(if i == 0 { "" } else { "," });
        text.push_str(record);
        ends.push(text.len());
    }
    text.push_str("]}");
    let ids = records
        .iter()
        .map(|r| {
            serde_json::from_str::<serde_json::Value>(r).unwrap()["eventID"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    (text, ids, ends)
}

/// What flate2 inflates from a gzip cut short, up to where it stops.
fn inflated_before_cut(cut: &[u8]) -> usize {
    let mut reader = flate2::read::MultiGzDecoder::new(cut);
    let mut out = Vec::new();
    let mut buf = [0; 4096];
    while let Ok(n @ 1..) = reader.read(&mut buf) {
        out.extend_from_slice(&buf[..n]);
    }
    out.len()
}

fn loaded(name: &str, bytes: &[u8], chunk: Option<usize>) -> (Dataset, Summary) {
    let files = vec![(name.to_string(), bytes.to_vec())];
    let batch = match chunk {
        None => common::batch_with(&files, IngestOptions::default()),
        Some(chunk) => common::batch_in_chunks(&files, chunk, IngestOptions::default()),
    };
    let data = Dataset::from_batches([batch]);
    let summary = Summary::of(&data, &Filter::default());
    (data, summary)
}

/// The event ids of the loaded rows, in file order, each re-read from `bytes`.
fn ids_re_read(data: &Dataset, name: &str, bytes: &[u8]) -> Vec<String> {
    let files = vec![(name.to_string(), bytes.to_vec())];
    let mut rows: Vec<(u32, String)> = (0..data.store.len())
        .map(|row| {
            let event = common::event_value(data, &files, row);
            (
                data.store.columns.row(row).offset,
                event["eventID"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    rows.sort();
    rows.into_iter().map(|(_, id)| id).collect()
}

#[test]
fn a_gzip_cut_short_keeps_the_events_whole_before_the_cut() {
    let (text, ids, ends) = trail();
    let packed = common::gzip(text.as_bytes());
    let mut kept_some = 0;
    for cut in (20..packed.len()).step_by(packed.len() / 23).chain([packed.len() - 4]) {
        let bytes = &packed[..cut];
        let whole = ends.iter().filter(|&&end| end <= inflated_before_cut(bytes)).count();
        for chunk in [None, Some(2), Some(4096)] {
            let (data, summary) = loaded("cut.json.gz", bytes, chunk);
            let at = format!("cut at {cut} of {}, read in {chunk:?}", packed.len());
            assert_eq!(summary.events, whole as u64, "{at}");
            assert_eq!(ids_re_read(&data, "cut.json.gz", bytes), ids[..whole], "{at}");
            let error = match whole {
                0 => TRUNCATED.to_string(),
                1 => format!("{TRUNCATED}; kept the 1 event whole before the cut"),
                n => format!("{TRUNCATED}; kept the {n} events whole before the cut"),
            };
            let failed: Vec<(&str, &str)> = summary
                .failed
                .iter()
                .map(|f| (f.path.as_str(), f.error.as_str()))
                .collect();
            assert_eq!(failed, [("cut.json.gz", error.as_str())], "{at}");
            assert_eq!(summary.files, 1, "{at}: counted once");
        }
        kept_some += usize::from(whole > 0);
    }
    assert!(kept_some >= 15, "most cuts keep events: {kept_some}");
}

#[test]
fn a_plain_file_cut_short_keeps_the_records_whole_before_the_cut() {
    let (text, ids, ends) = trail();
    for cut in [ends[0] - 1, ends[0], ends[6] + 1, ends[19], text.len() - 1] {
        let bytes = &text.as_bytes()[..cut];
        let whole = ends.iter().filter(|&&end| end <= cut).count();
        let (data, summary) = loaded("cut.json", bytes, Some(3));
        assert_eq!(ids_re_read(&data, "cut.json", bytes), ids[..whole], "cut at {cut}");
        let error = format!(
            "cut short: the file ends inside its list of records; kept the {whole} record{} before the cut",
            if whole == 1 { "" } else { "s" }
        );
        assert_eq!(
            summary.failed.iter().map(|f| f.error.as_str()).collect::<Vec<_>>(),
            [error],
            "cut at {cut}"
        );
    }
}

#[test]
fn a_cut_that_splits_a_character_keeps_the_text_before_it() {
    let record = r#"{"eventTime":"2024-05-01T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","eventID":"Zoë"}"#;
    let text = format!("{{\"Records\":[{record},{record}]}}");
    let split = text.rfind('ë').expect("ë") + 1;
    // A gzip of the text up to the middle of the second ë, then cut inside the stream's trailer.
    let packed = common::gzip(&text.as_bytes()[..split]);
    let (_, summary) = loaded("zoe.json.gz", &packed[..packed.len() - 3], None);
    assert_eq!(summary.events, 1);
    assert_eq!(
        summary.failed[0].error,
        format!("{TRUNCATED}; kept the 1 event whole before the cut")
    );
}

#[test]
fn a_firehose_object_cut_short_keeps_its_whole_envelopes() {
    let name = "cloudwatch/firehose/2023/11/14/22/ct-to-s3-1-2023-11-14-22-13-20-5f1c0a6e";
    let packed = common::read(name);
    let mut text = String::new();
    flate2::read::MultiGzDecoder::new(&packed[..])
        .read_to_string(&mut text)
        .expect("gzip");
    // Where each envelope ends and how many events it holds, read by serde from the whole text.
    let mut envelopes = Vec::new();
    let mut stream = serde_json::Deserializer::from_str(&text).into_iter::<serde_json::Value>();
    while let Some(envelope) = stream.next() {
        let envelope = envelope.expect("an envelope");
        let events = match envelope["messageType"].as_str() {
            Some("DATA_MESSAGE") => envelope["logEvents"].as_array().map_or(0, Vec::len),
            _ => 0,
        };
        envelopes.push((stream.byte_offset(), events));
    }
    assert!(envelopes.len() >= 3, "{envelopes:?}");
    let cut = &packed[..packed.len() * 7 / 10];
    let before = inflated_before_cut(cut);
    let kept: usize = envelopes.iter().filter(|(end, _)| *end <= before).map(|(_, n)| n).sum();
    assert!(kept > 0 && envelopes.iter().any(|(end, _)| *end > before));
    let (_, summary) = loaded("firehose.gz", cut, Some(2));
    assert_eq!(summary.events, kept as u64);
    let errors: Vec<&str> = summary.failed.iter().map(|f| f.error.as_str()).collect();
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("CloudWatch Logs envelope ") && e.contains("is cut short")),
        "{errors:?}"
    );
    assert!(
        errors.contains(&format!("{TRUNCATED}; kept the {kept} events whole before the cut").as_str()),
        "{errors:?}"
    );
}
