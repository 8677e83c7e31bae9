//! `--query` on the commands that report on events, run as a process on the core's resource
//! fixtures: only the events the query selects are counted (a `json:` term's by re-reading the
//! files), and a query that cannot be parsed is refused with its reason.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/resources")
}

fn trailscope(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trailscope"))
        .args(args)
        .arg(fixtures())
        .output()
        .expect("run trailscope")
}

/// What the command printed, parsed, after checking it ran.
fn json(args: &[&str]) -> Value {
    let out = trailscope(args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn summary_counts_only_what_the_query_selects() {
    let all = json(&["summary"]);
    let deleted = json(&["summary", "--query", "resource:amzn-s3-demo-bucket -op:GetObject"]);
    assert_eq!(deleted["files"], all["files"], "what was loaded is told whole");
    assert_eq!(deleted["events"], 1);
    assert_eq!(
        deleted["by_operation"],
        serde_json::json!({"s3.amazonaws.com DeleteBucket": 1})
    );
    assert_eq!(
        deleted["by_principal"],
        serde_json::json!({"arn:aws:iam::111122223333:user/Admin": 1})
    );
    let not_s3 = json(&["summary", "--query", "-source:s3"]);
    let s3 = all["by_source"]["s3.amazonaws.com"].as_u64().unwrap();
    assert_eq!(not_s3["events"].as_u64().unwrap(), all["events"].as_u64().unwrap() - s3);
}

#[test]
fn resources_lists_only_those_the_selected_events_touched() {
    let admin = json(&["resources", "--query", "principal:user/ADMIN"]);
    let names: Vec<&str> = admin["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "management-events",
            "1234abcd-12ab-34cd-56ef-1234567890ab",
            "amzn-s3-demo-bucket"
        ]
    );
}

#[test]
fn a_query_that_cannot_be_used_is_refused_with_its_reason() {
    for (query, reason) in [
        (
            "AccessDenied ip:",
            "trailscope: --query: \"ip:\" at character 14 needs a value",
        ),
        ("foo:bar", "trailscope: --query: unknown field \"foo:\" at character 1"),
        (
            "\"access denied",
            "trailscope: --query: the quote at character 1 is never closed",
        ),
    ] {
        for command in ["summary", "resources"] {
            let out = trailscope(&[command, "--query", query]);
            assert_eq!(out.status.code(), Some(2), "{command} {query}");
            assert!(out.stdout.is_empty());
            let stderr = String::from_utf8(out.stderr).unwrap();
            assert!(stderr.starts_with(reason), "{stderr}");
        }
    }
}

/// The events of every fixture whose JSON, written by serde_json, holds `text` in any case.
fn events_holding(text: &str) -> u64 {
    let mut n = 0;
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let doc: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            let records = doc["Records"].as_array().unwrap();
            n += records
                .iter()
                .filter(|r| r.to_string().to_lowercase().contains(&text.to_lowercase()))
                .count() as u64;
        }
    }
    n
}

#[test]
fn a_json_term_selects_the_events_holding_the_text_anywhere() {
    let all = json(&["summary"])["events"].as_u64().unwrap();
    for text in ["ExampleAlias", "shutting-down", "DELETING", "user/Bob"] {
        let want = events_holding(text);
        assert!(want > 0 && want < all, "{text}: {want} of {all}");
        let holding = json(&["summary", "--query", &format!("json:\"{text}\"")]);
        assert_eq!(holding["events"], want, "{text}");
        let without = json(&["summary", "--query", &format!("-json:{text}")]);
        assert_eq!(without["events"].as_u64().unwrap(), all - want, "{text}");
    }
    let none = json(&["summary", "--query", "json:no-such-text-anywhere"]);
    assert_eq!(none["events"], 0);
}
