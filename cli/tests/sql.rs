//! `trailscope sql` run as a process: the filter given as flags prints the same SQL as the core
//! writes for it (the golden file `core/tests/golden/lake.sql`), the parts it cannot carry are
//! listed on stderr, and a request no engine can take fails with the reason.

use std::path::Path;
use std::process::{Command, Output};

fn trailscope_sql(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trailscope"))
        .arg("sql")
        .args(args)
        .output()
        .expect("run trailscope")
}

#[test]
fn flags_make_the_golden_lake_query_and_name_what_is_left_out() {
    let out = trailscope_sql(&[
        "--engine",
        "lake",
        "--location",
        "arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE",
        "--from",
        "2025-03-01T12:00:00Z",
        "--to",
        "2025-03-02T06:30:00.250Z",
        "--account",
        "111122223333",
        "--account",
        "434177192288",
        "--region",
        "us-east-1",
        "--source",
        "iam.amazonaws.com",
        "--source",
        "signin.amazonaws.com",
        "--operation",
        "signin.amazonaws.com ConsoleLogin",
        "--operation",
        "lambda.amazonaws.com GetFunction",
        "--principal",
        "arn:aws:iam::111122223333:user/o'brien'; DROP TABLE x; --",
        "--principal",
        "(none)",
        "--error",
        "ConsoleLoginFailure",
        "--error",
        "Access\\Denied",
        "--resource",
        "arn:aws:s3:::bucket",
        "--outcome",
        "error",
        "--read-only",
        "false",
        "--query",
        "json:secret",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/golden/lake.sql");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        std::fs::read_to_string(golden).unwrap()
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(lines[0].starts_with("trailscope sql: not carried over: query \"json:secret\": "));
    assert!(lines[1].starts_with("trailscope sql: not carried over: resources arn:aws:s3:::bucket: "));
}

#[test]
fn requests_no_engine_can_take_fail_with_the_reason() {
    let athena = trailscope_sql(&[
        "--engine",
        "athena",
        "--location",
        "s3://bucket/prefix",
        "--region",
        "us-east-1",
    ]);
    assert_eq!(athena.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&athena.stderr).contains("choose or load at least one account"));
    let org = trailscope_sql(&[
        "--engine",
        "athena",
        "--location",
        "s3://bucket",
        "--account",
        "111122223333",
        "--region",
        "us-east-1",
        "--org-id",
        "o-'; DROP",
    ]);
    assert_eq!(org.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&org.stderr).contains("is not an organisation id"));
    let local = trailscope_sql(&[
        "--engine",
        "athena",
        "--location",
        "/tmp/trail",
        "--account",
        "111122223333",
        "--region",
        "us-east-1",
    ]);
    assert_eq!(local.status.code(), Some(1));
    let engine = trailscope_sql(&["--engine", "bigquery", "--location", "x"]);
    assert_eq!(engine.status.code(), Some(2));
    let time = trailscope_sql(&["--engine", "duckdb", "--location", "x", "--from", "yesterday"]);
    assert_eq!(time.status.code(), Some(2));
}

#[test]
fn an_organisation_trail_is_read_below_its_org_id() {
    let out = trailscope_sql(&[
        "--engine",
        "athena",
        "--location",
        "s3://bucket/logs/",
        "--org-id",
        "o-a1b2c3d4e5",
        "--account",
        "111122223333",
        "--region",
        "eu-west-1",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("LOCATION 's3://bucket/logs/AWSLogs/o-a1b2c3d4e5/'"),
        "{text}"
    );
    assert!(text.contains(
        "'storage.location.template' = 's3://bucket/logs/AWSLogs/o-a1b2c3d4e5/${account}/CloudTrail/${region}/${timestamp}'"
    ));
    assert!(text.contains("'projection.account.values' = '111122223333'"));
    assert!(text.contains("'projection.timestamp.range' = '2013/11/01,NOW'"));
}
