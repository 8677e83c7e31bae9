//! `trailscope summary` and `trailscope search` run as processes on the core's CloudWatch Logs
//! fixtures (`core/tests/fixtures/cloudwatch`, made by `make_cloudwatch_fixtures.py`): a
//! subscription envelope, a control message, an envelope without log events, Firehose objects
//! (whole, cut inside an envelope, one envelope per line), `filter-log-events` output (whole and
//! a log event per line), `get-log-events` output, an export-task object and `lookup-events`
//! items per line.

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn folder() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/cloudwatch")
}

fn run(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_trailscope"))
        .args(args)
        .arg(folder())
        .output()
        .expect("run trailscope");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn summary_counts_every_event_and_names_the_cut_envelope() {
    let s = run(&["summary", "--threads", "2"]);
    assert_eq!(s["files"], 11);
    assert_eq!(s["events"], 31);
    assert_eq!(s["duplicates"], 0);
    let failed = s["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert!(failed[0]["path"]
        .as_str()
        .unwrap()
        .ends_with("cloudwatch/firehose-cut.gz"));
    assert_eq!(
        failed[0]["error"],
        "CloudWatch Logs envelope 2 (log stream 111122223333_CloudTrail_ap-south-1) is cut short: \
         the file ends inside it, so its events were not read"
    );
}

#[test]
fn text_escaped_twice_inside_a_message_is_found() {
    // The policy document is a JSON string inside the event, itself a string in the envelope.
    let s = run(&[
        "summary",
        "--threads",
        "2",
        "--query",
        r#"json:"\"Resource\":\"arn:aws:s3:::café/*\"""#,
    ]);
    assert_eq!(s["events"], 1);
    let found = run(&["search", "--threads", "2", r#""Resource":"arn:aws:s3:::CAFÉ/*""#]);
    assert_eq!(
        found["event_ids"],
        serde_json::json!(["b0993e57-bd19-4d55-9665-3c7b1f15f116"])
    );
    let wrapper = run(&["search", "--threads", "2", "aws-cloudtrail-logs-111122223333"]);
    assert_eq!(wrapper["events"], 0, "the envelope is not an event");
}
