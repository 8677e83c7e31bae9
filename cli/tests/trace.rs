//! `trailscope trace` run as a process on the lineage fixtures, its chain compared with one
//! walked here the way a responder does with jq: find the record whose response issued the key,
//! step to the key that signed it, and so on until no record issued the key in hand.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/lineage")
}

fn run(subject: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trailscope"))
        .args(["trace", "--threads", "2", subject])
        .arg(fixtures())
        .output()
        .expect("run trailscope")
}

fn traced(subject: &str) -> Value {
    let out = run(subject);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// Every record of the fixtures.
fn records() -> Vec<Value> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let doc: Value = serde_json::from_slice(&std::fs::read(entry.unwrap().path()).unwrap()).unwrap();
        all.extend(doc["Records"].as_array().unwrap().iter().cloned());
    }
    all
}

fn text(v: &Value) -> Value {
    match v.as_str() {
        Some(s) if !s.is_empty() => json!(s),
        _ => Value::Null,
    }
}

/// The chain of an assumed-role key, walked by hand: each record that issued the key in hand
/// (the one logged in its caller's own account when both accounts logged it) gives a hop; the
/// walk ends at a long-term key, or at a SAML user (its provider and subject).
fn walked(key: &str) -> Vec<Value> {
    let all = records();
    let mut chain = Vec::new();
    let mut key = key.to_string();
    loop {
        let issuing: Vec<&Value> = all
            .iter()
            .filter(|r| r["responseElements"]["credentials"]["accessKeyId"] == key.as_str())
            .collect();
        let Some(record) = issuing
            .iter()
            .find(|r| r["recipientAccountId"] == r["userIdentity"]["accountId"])
            .or(issuing.first())
        else {
            let user = all
                .iter()
                .find(|r| r["userIdentity"]["accessKeyId"] == key.as_str())
                .unwrap();
            chain.push(
                json!({"principal": user["userIdentity"]["arn"], "session": null, "access_key": key,
                "issued_by_event": null, "issued_at": null, "via": null, "source_ip": null, "user_agent": null}),
            );
            break;
        };
        chain.push(json!({
            "principal": record["requestParameters"]["roleArn"],
            "session": record["responseElements"]["assumedRoleUser"]["arn"],
            "access_key": key,
            "issued_by_event": record["eventID"],
            "issued_at": record["eventTime"],
            "via": record["eventName"],
            "source_ip": record["sourceIPAddress"],
            "user_agent": record["userAgent"],
        }));
        let caller = &record["userIdentity"];
        if caller["type"] == "SAMLUser" {
            chain.push(json!({"principal": record["requestParameters"]["principalArn"],
                "session": text(&record["responseElements"]["subject"]), "access_key": null,
                "issued_by_event": null, "issued_at": null, "via": null, "source_ip": null, "user_agent": null}));
            break;
        }
        key = caller["accessKeyId"].as_str().unwrap().to_string();
    }
    chain.reverse();
    chain
}

#[test]
fn chains_match_a_walk_by_hand() {
    for key in [
        "ASIAADMINEXAMPLE0001",
        "ASIAXACCTEXAMPLE0001",
        "ASIAAUDITEXAMPLE0001",
        "ASIADEPLOYEXAMPLE001",
    ] {
        let out = traced(key);
        assert_eq!(out["subject"], key);
        assert_eq!(out["chain"], Value::Array(walked(key)), "{key}");
        let fields: Vec<&str> = out.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(fields, ["subject", "chain", "downstream"]);
    }
}

#[test]
fn downstream_is_the_tree_issued_with_the_key() {
    let out = traced("AKIAALICEEXAMPLE0001");
    assert_eq!(out["chain"].as_array().unwrap().len(), 1);
    let deployer = &out["downstream"][0];
    assert_eq!(deployer["access_key"], "ASIADEPLOYEXAMPLE001");
    assert_eq!(deployer["via"], "AssumeRole");
    assert_eq!(deployer["events"], 1);
    assert_eq!(deployer["downstream"][0]["access_key"], "ASIAADMINEXAMPLE0001");
    assert_eq!(deployer["downstream"][0]["events"], 2);
    assert_eq!(out["downstream"].as_array().unwrap().len(), 1);
}

#[test]
fn a_session_is_traced_by_its_arn_and_an_unknown_subject_fails() {
    let session = "arn:aws:sts::111122223333:assumed-role/Admin/alice-admin";
    let out = traced(session);
    assert_eq!(out["subject"], session);
    assert_eq!(out["chain"], Value::Array(walked("ASIAADMINEXAMPLE0001")));
    let missing = run("ASIANOSUCHKEY0000000");
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr)
        .contains("ASIANOSUCHKEY0000000 is neither an access key nor a role session"));
}
