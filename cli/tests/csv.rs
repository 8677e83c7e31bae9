//! `trailscope summary` run as a process on the folder of CSV query results
//! (`core/tests/fixtures/csv`): every export loads, their events count as the events of the JSON
//! files they were made from (run the same way), and the script that made them fails alone.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/fixtures")
        .join(rel)
}

fn summary(paths: &[PathBuf]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_trailscope"))
        .arg("summary")
        .args(paths)
        .output()
        .expect("run trailscope");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_csv_folder_counts_as_the_events_it_was_made_from() {
    let csv = summary(&[fixtures("csv")]);
    let json = summary(&[
        fixtures("shapes/identities.json"),
        fixtures("shapes/records.json"),
        fixtures("ctgen/events.ndjson.gz"),
    ]);
    // Seven CSV files and the script; each export holds the same 58 events, kept once.
    assert_eq!(csv["files"], 8);
    assert_eq!(csv["events"], json["events"]);
    assert_eq!(csv["duplicates"], 58 * 5 + 2);
    for key in [
        "by_source",
        "by_operation",
        "by_principal",
        "by_hour",
        "errors",
        "undated",
    ] {
        assert_eq!(csv[key], json[key], "{key}");
    }
    let failed = csv["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert!(failed[0]["path"].as_str().unwrap().ends_with("make_csv_fixtures.py"));
    assert_eq!(
        failed[0]["error"],
        "not JSON: the content does not start with '{' or '['"
    );
}
