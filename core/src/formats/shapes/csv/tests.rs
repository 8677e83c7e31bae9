use super::{event_at, read};
use crate::formats::source::Shape;
use crate::formats::testing::{ask, fixture, Answer, Collect};
use serde_json::Value;
use std::collections::HashMap;

/// The events the CSV fixtures were written from, by `eventID`, read as JSON.
fn originals() -> HashMap<String, Value> {
    let mut events: Vec<Value> = Vec::new();
    for rel in ["shapes/identities.json", "shapes/records.json"] {
        let doc: Value = serde_json::from_str(&fixture(rel)).unwrap();
        events.extend(doc["Records"].as_array().unwrap().iter().cloned());
    }
    let generated = fixture("ctgen/events.ndjson.gz");
    events.extend(
        generated
            .lines()
            .map(|line| serde_json::from_str::<Value>(line).unwrap()),
    );
    events
        .into_iter()
        .map(|e| (e["eventID"].as_str().unwrap().to_string(), e))
        .collect()
}

/// Every leaf of `value` as (path, text), booleans written as CSV writes them.
fn leaves(value: &Value, path: String, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| leaves(v, format!("{path}/{k}"), out)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, v)| leaves(v, format!("{path}/{i}"), out)),
        Value::String(s) => out.push((path, s.clone())),
        other => out.push((path, other.to_string())),
    }
}

/// Reads a CSV fixture, checking it is all events and that each range re-reads as its JSON.
fn read_fixture(rel: &str) -> (String, Collect) {
    let text = fixture(rel);
    let (answer, sink) = ask(read, &text);
    assert_eq!(answer, Answer::Events(Shape::Csv), "{rel}");
    assert!(sink.failures.is_empty(), "{rel}: {:?}", sink.failures);
    let mut end = 0;
    for got in &sink.events {
        assert!(got.range.start >= end, "{rel}: ranges in order and apart");
        end = got.range.end;
        let row = &text[got.range.clone()];
        assert!(
            !row.ends_with(['\n', '\r']) && text[..got.range.start].ends_with('\n'),
            "{rel}: {row:?}"
        );
        let again = event_at(text.as_bytes(), got.range.clone()).unwrap();
        assert_eq!(again, serde_json::from_str::<Value>(&got.json).unwrap(), "{rel}");
    }
    (text, sink)
}

#[test]
fn every_export_reads_all_its_rows_and_each_carries_only_what_its_event_had() {
    let originals = originals();
    for rel in [
        "csv/lake/result_1.csv.gz",
        "csv/athena-select-star.csv",
        "csv/tailpipe-export.csv",
        "csv/duckdb-dotted.csv",
    ] {
        let (_, sink) = read_fixture(rel);
        assert_eq!(sink.events.len(), originals.len(), "{rel}");
        for got in &sink.events {
            let event: Value = serde_json::from_str(&got.json).unwrap();
            let original = &originals[event["eventID"].as_str().unwrap()];
            assert_eq!(got.name, original["eventName"], "{rel}");
            let (mut had, mut carried) = (Vec::new(), Vec::new());
            leaves(original, String::new(), &mut had);
            leaves(&event, String::new(), &mut carried);
            for leaf in &carried {
                assert!(had.contains(leaf), "{rel}: {leaf:?} is not in the event it came from");
            }
            if rel.contains("lake") {
                assert_eq!(&event, original, "{rel}: the whole event");
            }
        }
    }
}

#[test]
fn athena_structs_keep_the_identity_and_leave_nulls_out() {
    let (_, sink) = read_fixture("csv/athena-select-star.csv");
    let by_name = |name: &str| -> Value {
        let got = sink.events.iter().find(|g| g.name == name).unwrap();
        serde_json::from_str(&got.json).unwrap()
    };
    let decrypt = by_name("Decrypt");
    assert_eq!(decrypt["userIdentity"]["type"], "AWSService");
    assert_eq!(
        decrypt["userIdentity"].get("accessKeyId"),
        None,
        "no access key in the row"
    );
    assert_eq!(decrypt.get("errorCode"), None, "NULL stays missing");
    let run = by_name("RunInstances");
    assert_eq!(
        run["userIdentity"]["sessionContext"]["sessionIssuer"]["arn"],
        "arn:aws:iam::111122223333:role/Deploy"
    );
    assert_eq!(run["readOnly"], Value::Bool(true));
    let acl = by_name("GetBucketAcl");
    assert!(acl["resources"][0]["ARN"]
        .as_str()
        .unwrap()
        .starts_with("arn:aws:s3:::"));
}

#[test]
fn a_quoted_line_break_stays_inside_its_cell() {
    let (_, sink) = read_fixture("csv/quoted-newline.csv");
    assert_eq!(sink.names(), ["GetBucketPolicy", "StartQueryExecution"]);
    let denied: Value = serde_json::from_str(&sink.events[0].json).unwrap();
    assert_eq!(
        denied["errorMessage"],
        "User is not authorized to perform: s3:GetBucketPolicy\nbecause no policy allows it"
    );
    let asked: Value = serde_json::from_str(&sink.events[1].json).unwrap();
    assert_eq!(asked["requestParameters"]["queryExecutionName"], "core-45da0c2c");
}

#[test]
fn a_row_that_is_no_event_fails_by_its_line_and_the_others_load() {
    let text = "eventName,awsRegion,eventjsonx\r\nGetObject,us-east-1,\r\n,us-west-2,x\r\n\r\nPutObject,,\r\n";
    let (answer, sink) = ask(read, text);
    assert_eq!(answer, Answer::Events(Shape::Csv));
    assert_eq!(sink.names(), ["GetObject", "PutObject"]);
    let not_event = "record 1 skipped: not a CloudTrail event (no eventName, eventSource or eventTime)";
    assert_eq!(sink.failures, [(Some(3), not_event.to_string())]);

    let lake = "eventjson\n\"{\"\"eventName\"\":\"\"A\"\"}\"\n\"{\"\"eventName\"\":\"\"B\"\"\"\n[1]\n";
    let (answer, sink) = ask(read, lake);
    assert_eq!(answer, Answer::Events(Shape::Csv));
    assert_eq!(sink.names(), ["A"]);
    assert_eq!(
        sink.failures,
        [
            (
                Some(3),
                "record 1 skipped: its eventjson cell is not JSON: EOF while parsing an object at line 1 column 16"
                    .to_string()
            ),
            (
                Some(4),
                "record 2 skipped: its eventjson cell is not a JSON object".to_string()
            ),
        ]
    );

    let (answer, sink) = ask(read, "eventName,awsRegion\n,us-east-1\n,eu-west-1\n");
    let failed = "not a CloudTrail file: none of its 2 CSV rows is a CloudTrail event";
    assert_eq!((answer, sink.failures.len()), (Answer::Failed(failed.into()), 2));
    assert_eq!(ask(read, "eventName,awsRegion\n").0, Answer::Events(Shape::Csv));
}

#[test]
fn not_mine_without_a_cloudtrail_header() {
    for text in [
        fixture("shapes/records.json"),
        fixture("shapes/mixed.ndjson"),
        "name,age\nalice,3\n".to_string(),
        "eventName\nGetObject\n".to_string(),
        "plain text".to_string(),
        "[\"eventName\",\"awsRegion\"]".to_string(),
    ] {
        let (answer, sink) = ask(read, &text);
        assert_eq!(answer, Answer::NotMine, "{text}");
        assert!(sink.events.is_empty() && sink.failures.is_empty(), "{text}");
    }
}
