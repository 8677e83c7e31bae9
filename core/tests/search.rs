//! Search in every field finds the events whose JSON holds a text, whatever shape their file
//! has: Records (pretty and compact, gzip, inside a zip), an array, NDJSON, a bare event,
//! `lookup-events` output (and its items per line), CloudWatch Logs envelopes (one, concatenated
//! and per line), `filter-log-events` output and export-task lines; through the loaded store (as
//! the app searches) and through the files alone (as `trailscope search` does), with the same
//! answer.

mod common;

use common::zipper::zip_of;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::io::Write;
use trailscope_core::decode::Decoder;
use trailscope_core::search::files::search_decoded;
use trailscope_core::search::plan::{Hits, Plan, TopFiles};
use trailscope_core::search::Needle;
use trailscope_core::Dataset;

const CAP: u64 = 1 << 30;

fn event(id: &str, minute: u32, request: Value, response: Value) -> Value {
    json!({
        "eventVersion": "1.09",
        "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/alice", "accountId": "111122223333"},
        "eventTime": format!("2024-05-01T10:{minute:02}:00Z"),
        "eventSource": "s3.amazonaws.com",
        "eventName": "CreateBucket",
        "awsRegion": "us-east-1",
        "sourceIPAddress": "198.51.100.7",
        "userAgent": "aws-cli/2.15.0",
        "requestParameters": request,
        "responseElements": response,
        "eventID": id,
        "eventType": "AwsApiCall",
        "recipientAccountId": "111122223333"
    })
}

/// Four events: `e1` alone names the bucket `Needle-Bucket-7Q` (in its request), `e2` alone
/// holds `only-in-the-response` (in its response), `e3` has a path with a slash.
fn events() -> Vec<Value> {
    vec![
        event("e1", 1, json!({"bucketName": "Needle-Bucket-7Q"}), Value::Null),
        event(
            "e2",
            2,
            json!({"bucketName": "other"}),
            json!({"location": "only-in-the-response"}),
        ),
        event("e3", 3, json!({"key": "logs/2024/a.txt"}), Value::Null),
        event("e4", 4, Value::Null, Value::Null),
    ]
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// The same events in every shape, one file each (the bare event holds `e1` only).
fn shapes() -> Vec<(&'static str, Vec<u8>)> {
    let events = events();
    let records = json!({ "Records": events });
    let compact = serde_json::to_vec(&records).unwrap();
    let ndjson: String = events.iter().map(|e| format!("{e}\n")).collect();
    let lookup = json!({ "Events": events.iter().map(|e| json!({
        "EventId": e["eventID"], "EventName": "CreateBucket", "Username": "wrapper-only-name",
        "CloudTrailEvent": e.to_string(),
    })).collect::<Vec<_>>() });
    let exported: String = events
        .iter()
        .map(|e| format!("2024-05-01T10:00:00.000Z {e}\n"))
        .collect();
    let lookup_lines: String = lookup["Events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| format!("{item}\n"))
        .collect();
    vec![
        ("records.json", serde_json::to_vec_pretty(&records).unwrap()),
        ("records.json.gz", gzip(&compact)),
        ("trail.zip", zip_of(&[("AWSLogs/records.json", &compact)])),
        ("array.json", serde_json::to_vec(&events).unwrap()),
        ("events.ndjson", ndjson.into_bytes()),
        ("bare.json", serde_json::to_vec(&events[0]).unwrap()),
        ("lookup-events.json", serde_json::to_vec_pretty(&lookup).unwrap()),
        ("subscription.json.gz", gzip(&envelope(&events[..]).into_bytes())),
        (
            "firehose-object",
            [envelope(&events[..1]), control(), envelope(&events[1..])]
                .concat()
                .into_bytes(),
        ),
        (
            "envelopes.ndjson",
            format!("{}\n{}\n", envelope(&events[..2]), envelope(&events[2..])).into_bytes(),
        ),
        (
            "filter-log-events.json",
            serde_json::to_vec_pretty(&log_output(&events)).unwrap(),
        ),
        ("000000.gz", gzip(exported.as_bytes())),
        ("lookup-events.jsonl", lookup_lines.into_bytes()),
    ]
}

/// A CloudWatch Logs subscription envelope whose log events' messages are `events`.
fn envelope(events: &[Value]) -> String {
    json!({
        "messageType": "DATA_MESSAGE", "owner": "111122223333", "logGroup": "wrapper-only-group",
        "logStream": "wrapper-only-stream", "subscriptionFilters": ["f"],
        "logEvents": events.iter().enumerate().map(|(n, e)| json!({
            "id": n.to_string(), "timestamp": 1714557600000u64, "message": e.to_string(),
        })).collect::<Vec<_>>(),
    })
    .to_string()
}

fn control() -> String {
    json!({"messageType": "CONTROL_MESSAGE", "logEvents": [{"id": "", "timestamp": 0,
        "message": "CWL CONTROL MESSAGE: Checking health of destination Firehose."}]})
    .to_string()
}

/// `aws logs filter-log-events` output holding `events`.
fn log_output(events: &[Value]) -> Value {
    json!({
        "events": events.iter().map(|e| json!({
            "logStreamName": "wrapper-only-stream", "timestamp": 1714557600000u64,
            "message": e.to_string(), "ingestionTime": 1714557601000u64, "eventId": "1",
        })).collect::<Vec<_>>(),
        "searchedLogStreams": [],
    })
}

fn load(files: &[(&str, Vec<u8>)]) -> Dataset {
    let owned: Vec<(String, Vec<u8>)> = files.iter().map(|(p, b)| (p.to_string(), b.clone())).collect();
    let data = Dataset::from_batches([common::batch(&owned)]);
    assert!(data.failures.is_empty(), "{:?}", data.failures);
    data
}

/// The dropped files by origin, read in ranges as the app re-reads them; every range asked for
/// is noted.
struct Dropped<'a> {
    files: &'a [(&'a str, Vec<u8>)],
    reads: Vec<(u32, std::ops::Range<u64>)>,
}

impl<'a> Dropped<'a> {
    fn new(files: &'a [(&'a str, Vec<u8>)]) -> Self {
        Dropped {
            files,
            reads: Vec::new(),
        }
    }
}

impl TopFiles for Dropped<'_> {
    fn len(&mut self, origin: u32) -> Result<u64, String> {
        Ok(self.files[origin as usize].1.len() as u64)
    }

    fn read(&mut self, origin: u32, range: std::ops::Range<u64>) -> Result<Vec<u8>, String> {
        self.reads.push((origin, range.clone()));
        Ok(self.files[origin as usize].1[range.start as usize..range.end as usize].to_vec())
    }
}

/// The rows holding `text`, searched as the app does: every file of the store re-read (through
/// `dropped`), and what could not be.
fn search_through(data: &Dataset, dropped: &mut Dropped, text: &str) -> (Vec<u32>, Vec<String>) {
    let plan = Plan::of(&data.store);
    let parts: Vec<usize> = plan.by_origin(&data.store).concat();
    let mut hits = Hits::default();
    hits.search(&plan.parts(&data.store, &parts), &Needle::new(text), dropped, CAP);
    let rows = plan.rows(hits.hits.iter().map(|(part, events)| (*part as usize, &events[..])));
    (rows, hits.problems)
}

/// The rows holding `text`, searched as the app does; every file re-read.
fn search_store(data: &Dataset, files: &[(&str, Vec<u8>)], text: &str) -> Vec<u32> {
    let (rows, problems) = search_through(data, &mut Dropped::new(files), text);
    assert_eq!(problems, [] as [String; 0]);
    rows
}

fn ids_of_rows(data: &Dataset, files: &[(&str, Vec<u8>)], rows: &[u32]) -> Vec<String> {
    let owned: Vec<(String, Vec<u8>)> = files.iter().map(|(p, b)| (p.to_string(), b.clone())).collect();
    let mut ids: Vec<String> = rows
        .iter()
        .map(|&r| {
            common::event_value(data, &owned, r as usize)["eventID"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    ids.sort();
    ids
}

/// The `eventID`s holding `text`, searched as the command does: each file alone, no store.
fn search_files(files: &[(&str, Vec<u8>)], text: &str) -> Vec<String> {
    let needle = Needle::new(text);
    let ids: BTreeSet<String> = files
        .iter()
        .flat_map(|(_, bytes)| search_decoded(Decoder::decode_all(bytes, CAP), &needle, CAP))
        .map(|found| found.id.unwrap())
        .collect();
    ids.into_iter().collect()
}

/// The `eventID`s holding `text` in one file loaded alone, by both ways, which must agree.
fn found_in(file: &(&str, Vec<u8>), text: &str) -> Vec<String> {
    let files = [file.clone()];
    let data = load(&files);
    let by_store = ids_of_rows(&data, &files, &search_store(&data, &files, text));
    assert_eq!(by_store, search_files(&files, text), "{} {text}", file.0);
    by_store
}

#[test]
fn a_string_only_in_one_events_request_finds_exactly_that_event_in_every_shape() {
    for file in shapes() {
        assert_eq!(found_in(&file, "Needle-Bucket-7Q"), ["e1"], "{}", file.0);
        assert_eq!(found_in(&file, "needle-bucket-7q"), ["e1"], "{}: case", file.0);
        assert_eq!(found_in(&file, "NEEDLE-bucket"), ["e1"], "{}: case", file.0);
    }
}

#[test]
fn a_string_only_in_a_response_is_found() {
    for file in shapes().into_iter().filter(|(p, _)| *p != "bare.json") {
        assert_eq!(found_in(&file, "only-in-the-RESPONSE"), ["e2"], "{}", file.0);
        assert_eq!(found_in(&file, "logs/2024/a.txt"), ["e3"], "{}", file.0);
        assert_eq!(found_in(&file, "aws-cli/2.15"), ["e1", "e2", "e3", "e4"], "{}", file.0);
    }
}

#[test]
fn a_needle_across_two_events_or_in_the_wrapper_finds_nothing() {
    let e1 = events()[0].to_string();
    let e2 = events()[1].to_string();
    let across = format!("{},{}", &e1[e1.len() - 6..], &e2[..8]);
    for file in shapes() {
        for text in [
            across.as_str(),
            "Records",
            "wrapper-only-name",
            "\"Events\"",
            "CloudTrailEvent",
            "wrapper-only-stream",
            "messageType",
            "CWL CONTROL",
            "2024-05-01T10:00:00.000Z",
        ] {
            assert_eq!(found_in(&file, text), [] as [&str; 0], "{}: {text}", file.0);
        }
    }
}

#[test]
fn events_loaded_twice_are_found_once() {
    let files = shapes();
    let twice = [files[0].clone(), files[1].clone(), files[6].clone()];
    let data = load(&twice);
    assert_eq!(data.store.len(), 4);
    let rows = search_store(&data, &twice, "needle-bucket-7q");
    assert_eq!(ids_of_rows(&data, &twice, &rows), ["e1"]);
    let mut keys: Vec<u64> = twice
        .iter()
        .flat_map(|(_, b)| search_decoded(Decoder::decode_all(b, CAP), &Needle::new("needle-bucket-7q"), CAP))
        .map(|found| found.key)
        .collect();
    assert_eq!(keys.len(), 3, "each file finds it");
    keys.dedup();
    assert_eq!(keys.len(), 1, "with one key, as the store de-duplicates");
}

#[test]
fn a_file_that_changed_since_it_was_loaded_is_an_error_not_a_guess() {
    let files = [shapes()[2].clone()];
    let data = load(&files);
    let other = [("trail.zip", zip_of(&[("x.json", b"{}")]))];
    let (rows, problems) = search_through(&data, &mut Dropped::new(&other), "e1");
    assert_eq!(rows, [] as [u32; 0]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("trail.zip/AWSLogs/records.json: "),
        "{problems:?}"
    );
}

#[test]
fn a_zip_is_searched_entry_by_entry_and_never_read_whole() {
    // Each entry is one of the four events among 1,500 of noise (hex that deflate cannot shrink
    // much), so that an entry is far smaller than the archive and its directory's tail.
    let mut seed = 7u64;
    let mut noise = |n: u32| -> Value {
        let hex: String = (0..25)
            .map(|_| {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                format!("{:08x}", seed >> 32)
            })
            .collect();
        event(
            &format!("noise-{n}-{}", &hex[..12]),
            1,
            json!({ "bucketName": hex }),
            Value::Null,
        )
    };
    let compact: Vec<Vec<u8>> = (events().into_iter().enumerate())
        .map(|(i, e)| {
            let records: Vec<Value> = std::iter::once(e)
                .chain((0..1500).map(|n| noise(i as u32 * 10_000 + n)))
                .collect();
            json!({ "Records": records }).to_string().into_bytes()
        })
        .collect();
    let names = ["AWSLogs/a.json", "AWSLogs/b.json", "AWSLogs/c.json", "AWSLogs/d.json"];
    let entries: Vec<(&str, &[u8])> = names.iter().zip(&compact).map(|(n, b)| (*n, &b[..])).collect();
    let files = [("trail.zip", zip_of(&entries))];
    let data = load(&files);
    let mut dropped = Dropped::new(&files);
    let (rows, problems) = search_through(&data, &mut dropped, "needle-bucket-7q");
    assert_eq!(
        (ids_of_rows(&data, &files, &rows), problems),
        (vec!["e1".to_string()], vec![])
    );
    let archive = files[0].1.len() as u64;
    let largest = dropped.reads.iter().map(|(_, r)| r.end - r.start).max().unwrap();
    assert!(
        largest < archive / 2,
        "a read of {largest} of the archive's {archive} bytes"
    );
    let read: u64 = dropped.reads.iter().map(|(_, r)| r.end - r.start).sum();
    assert!(read < 2 * archive, "{read} bytes read of {archive}");
}

#[test]
fn a_tar_gz_is_inflated_once_for_all_its_members() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tar/trail.tar.gz");
    let files = [("trail.tar.gz", std::fs::read(path).unwrap())];
    let data = load(&files);
    assert_eq!(data.store.files.len(), 3, "three members hold events");
    let mut dropped = Dropped::new(&files);
    let (rows, problems) = search_through(&data, &mut dropped, "eventVersion");
    assert_eq!((rows.len(), problems), (data.store.len(), vec![]));
    let whole = 0..files[0].1.len() as u64;
    assert_eq!(
        dropped.reads,
        [(0, 0..4), (0, whole)],
        "a zip's first bytes asked for, then read once"
    );
}
