//! `trailscope resources` run as a process on the core's resource fixtures: the JSON it prints,
//! its order, and a name from the log made safe for a terminal.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/resources")
}

/// What the command printed, parsed, after checking it ran.
fn run(paths: &[&Path]) -> (String, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_trailscope"))
        .arg("resources")
        .args(paths)
        .output()
        .expect("run trailscope");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let json = serde_json::from_str(&text).unwrap();
    (text, json)
}

#[test]
fn prints_the_fixtures_resources_most_touched_first() {
    let (_, json) = run(&[&fixtures()]);
    let rows = json["resources"].as_array().unwrap();
    assert_eq!(rows.len(), 31);
    let events: Vec<u64> = rows.iter().map(|r| r["events"].as_u64().unwrap()).collect();
    assert!(events.windows(2).all(|w| w[0] >= w[1]), "{events:?}");
    // Ten resources have two events each; the tie goes by name.
    let first = &rows[0];
    assert_eq!(first["name"], "1234abcd-12ab-34cd-56ef-1234567890ab");
    let key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    assert_eq!(first["arn"], key);
    assert_eq!(first["type"], "AWS::KMS::Key");
    assert_eq!(first["account"], "111122223333");
    assert_eq!(first["events"], 2);
    let operations = serde_json::json!({"Decrypt": 1, "ScheduleKeyDeletion": 1});
    assert_eq!(first["by_operation"], operations);
    let principals =
        serde_json::json!({"arn:aws:iam::111122223333:user/Admin": 1, "arn:aws:iam::111122223333:user/Alice": 1});
    assert_eq!(first["by_principal"], principals);
    assert_eq!(rows[1]["name"], "Bob");
    assert_eq!(events.iter().filter(|&&n| n == 2).count(), 10);
    let bucket = rows.iter().find(|r| r["name"] == "amzn-s3-demo-bucket").unwrap();
    assert_eq!(bucket["first"], "2024-03-02T10:01:00Z");
    assert_eq!(bucket["last"], "2024-03-03T10:02:00Z");
    let stack = rows.iter().find(|r| r["type"] == "AWS::CloudFormation::Stack").unwrap();
    assert_eq!((&stack["name"], &stack["arn"]), (&"my-stack".into(), &"".into()));
}

#[test]
fn names_from_the_log_are_escaped() {
    let dir = std::env::temp_dir().join(format!("trailscope-resources-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("trail.json");
    let log = r#"{"Records":[{"eventID":"e","eventTime":"2024-01-01T00:00:00Z","eventSource":"cloudformation.amazonaws.com",
        "eventName":"DeleteStack","requestParameters":{"stackName":"a\u001b[2Jb\u202ec"}}]}"#;
    std::fs::write(&file, log).unwrap();
    let (text, json) = run(&[&file]);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(!text.contains('\u{1b}') && !text.contains('\u{202e}'), "{text}");
    assert!(text.contains(r"\u001b[2Jb\u202ec"), "{text}");
    assert_eq!(json["resources"][0]["name"], "a\u{1b}[2Jb\u{202e}c");
}
