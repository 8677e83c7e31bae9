//! `formats::extract::event_detail`: the full JSON of an event, re-read on demand from its file by
//! the locator the store kept, from plain, BOM-prefixed, NDJSON, gzip (multi-member) and zip
//! (nested) files and from lookup-events output, where the event is an escaped string.

mod common;

use serde_json::Value;
use std::collections::BTreeMap;
use trailscope_core::Dataset;

type Files = Vec<(String, Vec<u8>)>;

fn load(rels: &[&str]) -> (Dataset, Files) {
    let files = common::files(rels);
    (Dataset::from_batches([common::batch(&files)]), files)
}

/// Every row's re-read event, by eventID.
fn events_by_id(data: &Dataset, files: &Files) -> BTreeMap<String, Value> {
    (0..data.store.len())
        .map(|row| {
            let event = common::event_value(data, files, row);
            (event["eventID"].as_str().expect("an eventID").to_string(), event)
        })
        .collect()
}

/// The records of a plain `{"Records":[…]}` or JSON-array fixture, parsed independently.
fn records_of(rel: &str) -> BTreeMap<String, Value> {
    let bytes = common::read(rel);
    let text = std::str::from_utf8(&bytes).unwrap().trim_start_matches('\u{feff}');
    let doc: Value = serde_json::from_str(text).unwrap();
    let list = doc.get("Records").unwrap_or(&doc).as_array().unwrap().clone();
    list.into_iter()
        .map(|e| (e["eventID"].as_str().unwrap().to_string(), e))
        .collect()
}

#[test]
fn a_plain_file_gives_back_each_record_pretty_printed_in_key_order() {
    let (data, files) = load(&["shapes/records.json"]);
    assert_eq!(events_by_id(&data, &files), records_of("shapes/records.json"));
    let json = common::event_json(&data, &files, 0).unwrap();
    assert!(
        json.starts_with("{\n  \"eventVersion\": \"1.09\",\n  \"userIdentity\": {\n    \"type\": \"IAMUser\","),
        "{json}"
    );
    assert!(
        json.contains("\n  \"eventTime\": \"2024-05-01T10:00:00Z\",\n"),
        "row 0 is the earliest: {json}"
    );
}

#[test]
fn bom_and_array_files() {
    for rel in ["shapes/bom.json", "shapes/array.json"] {
        let (data, files) = load(&[rel]);
        assert_eq!(events_by_id(&data, &files), records_of(rel), "{rel}");
    }
}

#[test]
fn a_gzip_file_and_a_multi_member_gzip_file() {
    for (rel, n) in [("gzip/fname.json.gz", 2), ("gzip/multi-member.json.gz", 4)] {
        let (data, files) = load(&[rel]);
        let events = events_by_id(&data, &files);
        assert_eq!(events.len(), n, "{rel}");
        for event in events.values() {
            assert_eq!(event["userIdentity"]["userName"], "alice", "{rel}");
        }
    }
    let (data, files) = load(&["gzip/multi-member.json.gz"]);
    let times: Vec<Value> = (0..data.store.len())
        .map(|r| common::event_value(&data, &files, r)["eventTime"].clone())
        .collect();
    assert_eq!(
        times,
        [
            "2024-05-02T01:01:00Z",
            "2024-05-02T01:02:00Z",
            "2024-05-02T01:03:00Z",
            "2024-05-02T01:04:00Z"
        ]
    );
}

#[test]
fn zip_entries_and_nested_zip_entries() {
    let (data, files) = load(&["zip/archive.zip"]);
    assert_eq!(data.store.len(), 6);
    let mut by_entry: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in 0..data.store.len() {
        let event = common::event_value(&data, &files, row);
        let path = data.store.files[data.store.columns.file.get(row) as usize].path.clone();
        by_entry.entry(path).or_default().push(format!(
            "{} {}",
            event["eventSource"].as_str().unwrap(),
            event["eventName"].as_str().unwrap()
        ));
    }
    let entries: Vec<(&str, Vec<&str>)> = by_entry
        .iter()
        .map(|(p, ops)| (p.rsplit('/').next().unwrap(), ops.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        entries,
        [
            (
                "111122223333_CloudTrail_us-east-1_20240503T0110Z_ZipEntry00000001.json.gz",
                vec!["s3.amazonaws.com GetObject", "s3.amazonaws.com GetObject"]
            ),
            ("b.json", vec!["iam.amazonaws.com CreateRole"]),
            ("c.json", vec!["kms.amazonaws.com Encrypt", "kms.amazonaws.com Encrypt"]),
            ("d.json.gz", vec!["sqs.amazonaws.com DeleteQueue"]),
        ]
    );
}

#[test]
fn lookup_events_give_back_the_unescaped_event() {
    let (data, files) = load(&["shapes/lookup-events.json"]);
    let output: Value = serde_json::from_slice(&common::read("shapes/lookup-events.json")).unwrap();
    let want: BTreeMap<String, Value> = output["Events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            let event: Value = serde_json::from_str(item["CloudTrailEvent"].as_str().unwrap()).unwrap();
            (item["EventId"].as_str().unwrap().to_string(), event)
        })
        .collect();
    assert_eq!(want.len(), 3);
    assert_eq!(events_by_id(&data, &files), want);
    let json = common::event_json(&data, &files, 0).unwrap();
    assert!(
        json.starts_with("{\n  \"eventVersion\""),
        "pretty, not an escaped string: {json}"
    );
}

#[test]
fn ndjson_lines_and_records_lines() {
    let (data, files) = load(&["shapes/mixed.ndjson"]);
    let names: Vec<String> = (0..data.store.len())
        .map(|r| {
            common::event_value(&data, &files, r)["eventName"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        names,
        [
            "CreateLogStream",
            "PutRetentionPolicy",
            "SendMessage",
            "ReceiveMessage",
            "Publish"
        ]
    );
}

#[test]
fn a_file_that_changed_since_it_was_loaded_is_reported() {
    let (data, mut files) = load(&["shapes/records.json"]);
    files[0].1 = b"{\"Records\":[]}".to_vec();
    let err = common::event_json(&data, &files, 0).unwrap_err();
    assert_eq!(
        err.to_string(),
        "not a CloudTrail file: the file changed since it was loaded"
    );
}

#[test]
fn a_huge_string_is_shown_cut_with_what_was_left_out_and_the_json_stays_json() {
    use trailscope_core::formats::extract::{cut_for_display, event_detail, Shown};
    use trailscope_core::{Ingest, IngestOptions};
    const SHOWN_STRING_CHARS: usize = Shown::EVENT_DETAIL.string_chars;
    let huge = "é".repeat(30) + &"A".repeat(10 << 20);
    let text = serde_json::json!({"Records": [{
        "eventName": "Huge", "eventSource": "s3.amazonaws.com", "eventTime": "2025-01-06T10:00:00Z",
        "userAgent": huge, "requestParameters": {"small": "kept", "list": [huge.clone()], huge.clone(): 1, "b": huge.clone()},
    }]})
    .to_string();
    let mut ingest = Ingest::new(IngestOptions::default());
    ingest.add_bytes(0, "huge.json", text.as_bytes());
    let data = Dataset::from_batches([ingest.finish()]);
    let r = data.store.columns.row(0);
    let file = &data.store.files[0];
    let shown = event_detail(text.as_bytes(), file, r.offset, r.len)
        .expect("re-read")
        .json;
    assert!(shown.len() < 5 * SHOWN_STRING_CHARS, "{} bytes", shown.len());
    let value: Value = serde_json::from_str(&shown).expect("still JSON");
    let cut = format!(
        "{}{}\u{2026} ({} more characters not shown)",
        "é".repeat(30),
        "A".repeat(SHOWN_STRING_CHARS - 30),
        (10 << 20) - (SHOWN_STRING_CHARS - 30)
    );
    assert_eq!(value["userAgent"], Value::String(cut.clone()));
    assert_eq!(value["requestParameters"]["list"][0], Value::String(cut.clone()));
    assert_eq!(value["requestParameters"]["small"], "kept");
    assert_eq!(value["requestParameters"]["b"], Value::String(cut.clone()));
    assert_eq!(value["requestParameters"][cut.as_str()], 1, "a huge key is cut too");
    let keys: Vec<_> = value["requestParameters"]
        .as_object()
        .expect("object")
        .keys()
        .cloned()
        .collect();
    assert_eq!(keys, ["small", "list", cut.as_str(), "b"], "keys stay in file order");
    // Strings at the limit are left whole; cut keys that would collide stay apart.
    let mut v = serde_json::json!({"x": "abc", "aaaa1": 1, "aaaa2": 2});
    cut_for_display(
        &mut v,
        Shown {
            string_chars: 3,
            ..Shown::EVENT_DETAIL
        },
    );
    assert_eq!(v["x"], "abc");
    assert_eq!(v.as_object().expect("object").len(), 3);
}

#[test]
fn an_events_redacted_and_not_logged_fields_come_with_its_json() {
    use trailscope_core::formats::extract::event_detail;
    use trailscope_core::formats::redactions::{Redaction, RedactionKind};
    use trailscope_core::{Ingest, IngestOptions};
    let text = r#"{"Records":[{"eventName":"SynthesizeSpeech","eventSource":"polly.amazonaws.com",
        "eventTime":"2025-01-06T10:00:00Z","requestParameters":{"text":"****","voiceId":"Joanna"},
        "responseElements":null}]}"#;
    let mut ingest = Ingest::new(IngestOptions::default());
    ingest.add_bytes(0, "polly.json", text.as_bytes());
    let data = Dataset::from_batches([ingest.finish()]);
    let r = data.store.columns.row(0);
    let detail = event_detail(text.as_bytes(), &data.store.files[0], r.offset, r.len).expect("re-read");
    assert!(detail.json.contains("\"voiceId\": \"Joanna\""), "{}", detail.json);
    let redaction = |path: &str, kind| Redaction {
        path: path.to_string(),
        kind,
    };
    assert_eq!(
        detail.redactions,
        [
            redaction("requestParameters.text", RedactionKind::Masked),
            redaction("responseElements", RedactionKind::NotLogged)
        ]
    );
}

/// Loads `text` as one file and gives back its first row's detail, and the time that took.
fn detail_of(text: &str) -> (trailscope_core::formats::extract::EventDetail, std::time::Duration) {
    use trailscope_core::formats::extract::event_detail;
    use trailscope_core::{Ingest, IngestOptions};
    let mut ingest = Ingest::new(IngestOptions::default());
    ingest.add_bytes(0, "large.json", text.as_bytes());
    let data = Dataset::from_batches([ingest.finish()]);
    assert_eq!(data.store.len(), 1, "{:?}", data.failures);
    let r = data.store.columns.row(0);
    let started = std::time::Instant::now();
    let detail = event_detail(text.as_bytes(), &data.store.files[0], r.offset, r.len).expect("re-read");
    (detail, started.elapsed())
}

#[test]
fn a_huge_array_and_a_huge_object_are_shown_cut_with_what_was_left_out_and_the_json_stays_json() {
    use trailscope_core::formats::extract::Shown;
    let items = Shown::EVENT_DETAIL.items;
    let resources: Vec<Value> = (0..200_000)
        .map(|n| serde_json::json!({"ARN": format!("arn:aws:s3:::bucket/key-{n}"), "type": "AWS::S3::Object"}))
        .collect();
    let parameters: serde_json::Map<String, Value> =
        (0..5_000).map(|n| (format!("key{n:05}"), Value::from(n))).collect();
    let text = serde_json::json!({"Records": [{
        "eventName": "Huge", "eventSource": "s3.amazonaws.com", "eventTime": "2025-01-06T10:00:00Z",
        "requestParameters": parameters, "resources": resources, "eventID": "after-them",
    }]})
    .to_string();
    let (detail, took) = detail_of(&text);
    // Re-reading costs the parse of the whole event (16 MB here); showing it costs the first
    // 1,000 items. Measured at 1.8 s in a debug build (0.5 s for the next test's 31 MB); a cut
    // that grew with the square of the items would take minutes. Without the cut the detail
    // is 18 MB.
    assert!(took.as_secs_f64() < 10.0, "{took:?}");
    assert!(detail.json.len() < 200_000, "{} bytes shown", detail.json.len());
    let value: Value = serde_json::from_str(&detail.json).expect("still JSON");
    let shown = value["resources"].as_array().expect("an array");
    assert_eq!(shown.len(), items + 1);
    assert_eq!(shown[..items], resources[..items]);
    assert_eq!(shown[items], "\u{2026} (199000 more items not shown)");
    let keys: Vec<&String> = value["requestParameters"].as_object().expect("object").keys().collect();
    assert_eq!(keys.len(), items + 1);
    assert_eq!((keys[0].as_str(), keys[items - 1].as_str()), ("key00000", "key00999"));
    assert_eq!(value["requestParameters"]["\u{2026}"], "4000 more keys not shown");
    assert_eq!(value["eventID"], "after-them", "what follows a cut list is shown");
}

#[test]
fn the_shown_json_is_bounded_in_size_however_the_event_nests_its_values() {
    use trailscope_core::formats::extract::Shown;
    let budget = Shown::EVENT_DETAIL.json_bytes;
    // 300 lists of 1,000 strings of 100 characters: 31 MB, none past the item or string limit.
    let lists: serde_json::Map<String, Value> = (0..300)
        .map(|n| (format!("list{n:03}"), Value::from(vec!["x".repeat(100); 1_000])))
        .collect();
    let text = serde_json::json!({"Records": [{
        "eventName": "Wide", "eventSource": "s3.amazonaws.com", "eventTime": "2025-01-06T10:00:00Z",
        "requestParameters": lists, "eventID": "after-them",
    }]})
    .to_string();
    let (detail, took) = detail_of(&text);
    assert!(took.as_secs_f64() < 10.0, "{took:?}");
    assert!(
        detail.json.len() <= budget + 4096 && detail.json.len() > budget / 2,
        "{} bytes shown",
        detail.json.len()
    );
    let value: Value = serde_json::from_str(&detail.json).expect("still JSON");
    let shown = value["requestParameters"].as_object().expect("object");
    let (last_key, last) = shown.iter().next_back().expect("keys");
    assert_eq!(last_key, "\u{2026}");
    let more: usize = last
        .as_str()
        .unwrap()
        .strip_suffix(" more keys not shown")
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(shown.len() - 1 + more, 300);
    let cut_list = shown.values().rev().nth(1).unwrap().as_array().unwrap();
    let marker = cut_list.last().unwrap().as_str().unwrap();
    assert!(
        marker.starts_with("\u{2026} (") && marker.ends_with(" more items not shown)"),
        "{marker}"
    );
    assert_eq!(value["eventID"], Value::Null, "the size ran out before it");
    assert_eq!(value["\u{2026}"], "1 more keys not shown");
}

#[test]
fn cutting_for_display_marks_each_cut_and_leaves_the_rest_as_it_was() {
    use trailscope_core::formats::extract::{cut_for_display, Shown};
    let cut = |mut value: Value, items: usize| {
        cut_for_display(
            &mut value,
            Shown {
                items,
                ..Shown::EVENT_DETAIL
            },
        );
        value
    };
    let untouched = serde_json::json!({"a": [1, 2], "b": {"c": [], "d": {}}});
    assert_eq!(cut(untouched.clone(), 2), untouched, "at the limit nothing is cut");
    assert_eq!(
        cut(serde_json::json!([[1, 2, 3], "x", true, null]), 2),
        serde_json::json!([
            [1, 2, "\u{2026} (1 more items not shown)"],
            "x",
            "\u{2026} (2 more items not shown)"
        ])
    );
    let object = cut(serde_json::json!({"\u{2026}": 1, "x": 2, "y": 3, "z": 4}), 2);
    assert_eq!(
        object
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect::<Vec<_>>(),
        [
            ("\u{2026}", Value::from(1)),
            ("x", Value::from(2)),
            ("\u{2026} (2)", Value::from("2 more keys not shown"))
        ],
        "the marker never replaces a key of the event"
    );
    let mut keys = serde_json::json!({"aaaa1": 1, "aaaa2": 2, "aaaa3": 3});
    cut_for_display(
        &mut keys,
        Shown {
            string_chars: 3,
            ..Shown::EVENT_DETAIL
        },
    );
    let cut_key = "aaa\u{2026} (2 more characters not shown)";
    assert_eq!(
        keys.as_object().unwrap().keys().cloned().collect::<Vec<_>>(),
        [cut_key.to_string(), format!("{cut_key} (2)"), format!("{cut_key} (3)")],
        "cut keys that would collide are numbered"
    );
}
