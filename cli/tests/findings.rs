//! `trailscope findings` run as a process on the findings fixtures: each finding's keys are
//! exactly the documented ones, and the `eventID`s of the CloudTrail and KMS rules are the ones
//! picked here from the records by event name and outcome, as a responder would with jq.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../core/tests/fixtures/findings/{name}.json"))
}

fn findings(paths: &[PathBuf]) -> Vec<Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_trailscope"))
        .args(["findings", "--threads", "2"])
        .args(paths)
        .output()
        .expect("run trailscope");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let printed: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    printed["findings"].as_array().expect("a findings list").clone()
}

/// The sorted `eventID`s of the records of `name` whose event name is one of `names` and which
/// failed (`errorCode` set) or not.
fn picked(name: &str, names: &[&str], failed: bool) -> Vec<String> {
    let doc: Value = serde_json::from_slice(&std::fs::read(fixture(name)).unwrap()).unwrap();
    let mut ids: Vec<String> = doc["Records"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| names.contains(&r["eventName"].as_str().unwrap_or_default()))
        .filter(|r| r.get("errorCode").is_some_and(|e| !e.is_null()) == failed)
        .map(|r| r["eventID"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

fn find<'f>(list: &'f [Value], rule: &str) -> &'f Value {
    list.iter()
        .find(|f| f["rule"] == rule)
        .unwrap_or_else(|| panic!("{rule} fired"))
}

fn ids(finding: &Value) -> Vec<String> {
    let list = finding["event_ids"].as_array().unwrap();
    list.iter().map(|id| id.as_str().unwrap().to_string()).collect()
}

#[test]
fn findings_carry_exactly_the_documented_fields() {
    let list = findings(&[fixture("cloudtrail"), fixture("kms")]);
    assert!(!list.is_empty());
    for finding in &list {
        let mut keys: Vec<&str> = finding.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        let expected = [
            "event_ids",
            "events",
            "principals",
            "rule",
            "severity",
            "targets",
            "technique",
            "title",
        ];
        assert_eq!(keys, expected);
        assert_eq!(finding["events"].as_u64(), Some(ids(finding).len() as u64));
        let mut sorted = ids(finding);
        sorted.sort();
        assert_eq!(ids(finding), sorted, "event_ids are sorted");
    }
}

#[test]
fn a_stopped_trail_and_a_denied_deletion_are_told_apart() {
    let list = findings(&[fixture("cloudtrail")]);
    let stopped = find(&list, "cloudtrail-stopped");
    assert_eq!(
        ids(stopped),
        picked("cloudtrail", &["StopLogging", "DeleteTrail"], false)
    );
    assert_eq!(stopped["severity"], "critical");
    assert_eq!(stopped["technique"], "T1562.008");
    assert_eq!(stopped["principals"][0], "arn:aws:iam::111122223333:user/alice");
    let attempt = find(&list, "cloudtrail-stopped-failed");
    assert_eq!(
        ids(attempt),
        picked("cloudtrail", &["StopLogging", "DeleteTrail"], true)
    );
    assert_eq!(attempt["severity"], "high");
    let changed = find(&list, "cloudtrail-changed");
    assert_eq!(
        ids(changed),
        picked("cloudtrail", &["UpdateTrail", "PutEventSelectors"], false)
    );
}

#[test]
fn key_deletions_name_their_keys() {
    let list = findings(&[fixture("kms")]);
    let deletion = find(&list, "kms-key-deletion");
    assert_eq!(
        ids(deletion),
        picked("kms", &["ScheduleKeyDeletion", "DisableKey"], false)
    );
    let targets = deletion["targets"].as_array().unwrap();
    assert!(
        targets.iter().any(|t| t.as_str().unwrap().starts_with("arn:aws:kms:")),
        "{targets:?}"
    );
}
