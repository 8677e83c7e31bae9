//! `trailscope search` run as a process on the core's shape fixtures, its answer compared with
//! one computed here independently: every event of every file parsed with serde_json, and kept
//! when one of its strings (keys included) holds the text, case folded.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

const FILES: [&str; 5] = [
    "records.json",
    "array.json",
    "lookup-events.json",
    "logstash-export.ndjson",
    "identities.json",
];

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/fixtures/shapes")
        .join(name)
}

fn run(text: &str, paths: &[PathBuf]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_trailscope"))
        .args(["search", "--threads", "2", text])
        .args(paths)
        .output()
        .expect("run trailscope");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The events of one fixture, whatever its shape.
fn events(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap();
    let Ok(doc) = serde_json::from_str::<Value>(&text) else {
        return text
            .lines()
            .filter_map(|line| serde_json::from_str(line).ok())
            .collect();
    };
    if let Some(records) = doc["Records"].as_array() {
        return records.clone();
    }
    if let Some(items) = doc["Events"].as_array() {
        let inner = items.iter().filter_map(|i| i["CloudTrailEvent"].as_str());
        return inner.map(|json| serde_json::from_str(json).unwrap()).collect();
    }
    doc.as_array().cloned().unwrap_or_else(|| vec![doc])
}

fn holds(value: &Value, text: &str) -> bool {
    match value {
        Value::String(s) => s.to_lowercase().contains(text),
        Value::Array(items) => items.iter().any(|v| holds(v, text)),
        Value::Object(map) => map
            .iter()
            .any(|(k, v)| k.to_lowercase().contains(text) || holds(v, text)),
        other => other.to_string().contains(text),
    }
}

fn reference(text: &str, paths: &[PathBuf]) -> Vec<String> {
    let text = text.to_lowercase();
    let ids: BTreeSet<String> = paths
        .iter()
        .flat_map(|p| events(p))
        .filter(|e| holds(e, &text))
        .map(|e| e["eventID"].as_str().unwrap().to_string())
        .collect();
    ids.into_iter().collect()
}

#[test]
fn finds_the_events_a_reference_search_finds() {
    let paths: Vec<PathBuf> = FILES.iter().map(|f| fixture(f)).collect();
    for text in [
        "alice",
        "ALICE",
        "AKIAIOSFODNN7EXAMPLE",
        "us-east-1",
        "t2.micro",
        "Python/3.11",
        "absent-text-zz",
    ] {
        let want = reference(text, &paths);
        let got = run(text, &paths);
        assert_eq!(got["text"], text);
        let ids: Vec<String> = serde_json::from_value(got["event_ids"].clone()).unwrap();
        assert_eq!(ids, want, "{text}");
        assert_eq!(got["events"], want.len(), "{text}");
    }
}

#[test]
fn a_file_given_twice_counts_its_events_once() {
    let once = run("alice", &[fixture("records.json")]);
    let twice = run("alice", &[fixture("records.json"), fixture("records.json")]);
    assert_eq!(once, twice);
    assert!(once["events"].as_u64().unwrap() > 0);
}

#[test]
fn without_a_text_and_a_path_it_says_how_to_use_it() {
    let out = Command::new(env!("CARGO_BIN_EXE_trailscope"))
        .args(["search", "alice"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("trailscope search"));
}
