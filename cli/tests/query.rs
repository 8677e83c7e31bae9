//! `--query` on the commands that report on events, run as a process on the core's resource
//! fixtures: only the events the query selects are counted, and a query that cannot be parsed,
//! or that needs a search in every field, is refused with its reason.

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
        (
            "json:bucketName",
            "trailscope: --query: json: needs the search in every field (trailscope search)",
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
