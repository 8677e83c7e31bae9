//! `trailscope summary` run as a process on a trail archived as a tar.gz
//! (`core/tests/fixtures/tar/trail.tar.gz`) and on the folder it was made of: the counts agree.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/fixtures/tar")
        .join(rel)
}

fn summary(path: &Path) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_trailscope"))
        .arg("summary")
        .arg(path)
        .output()
        .expect("run trailscope");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("summary JSON")
}

#[test]
fn a_tar_gz_of_a_trail_counts_like_the_folder() {
    let folder = summary(&fixture("trail"));
    let archive = summary(&fixture("trail.tar.gz"));
    assert_eq!(archive["files"], 3);
    assert_eq!(archive["events"], 25);
    assert_eq!(archive["failed"], Value::Array(Vec::new()));
    let Value::Object(counts) = &folder else {
        panic!("a summary object: {folder}")
    };
    for key in counts.keys() {
        assert_eq!(archive[key], folder[key], "{key}");
    }
}
