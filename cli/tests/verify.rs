//! `trailscope verify` run as a process on a copy of the core's ct-gen trail
//! (`core/tests/fixtures/ctgen/s3`: 14 log files, 100 digests, 4 chains), untouched and with
//! one log file removed, one altered and one digest removed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The fixture trail.
fn trail() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/ctgen/s3")
}

/// A fresh copy of the trail in a temporary folder named after the test.
fn copy(name: &str) -> PathBuf {
    let to = std::env::temp_dir().join(format!("trailscope-verify-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&to);
    copy_tree(&trail(), &to);
    to
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("temporary folder");
    for entry in std::fs::read_dir(from).expect("fixture folder") {
        let entry = entry.expect("fixture entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy a fixture file");
        }
    }
}

/// Every file below `dir` whose path contains `part`, sorted.
fn files_with(dir: &Path, part: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(
                std::fs::read_dir(&path)
                    .expect("folder")
                    .map(|e| e.expect("entry").path()),
            );
        } else if path.to_string_lossy().contains(part) {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn run(args: &[&str], path: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trailscope"))
        .args(args)
        .arg(path)
        .output()
        .expect("run trailscope")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn an_untouched_trail_verifies() {
    let output = run(&["verify"], &trail());
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.starts_with(
        "digests 100, verified 14, altered 0, missing 0, not hashed 0, not covered 0, unchecked 0\nchains 4 intact, 0 broken\n"
    ));
    assert_eq!(text.matches(": 25 digests, ").count(), 4, "{text}");
    assert!(text.contains("note: Digest signatures are not checked"));
}

#[test]
fn tampering_is_reported_and_fails_the_command() {
    let dir = copy("tampered");
    let logs = files_with(&dir, "/CloudTrail/");
    std::fs::remove_file(&logs[0]).expect("remove a log file");
    std::fs::write(&logs[1], b"{\"Records\":[]}").expect("alter a log file");
    let chain = files_with(&dir, "/534439589175/CloudTrail-Digest/eu-west-1/");
    std::fs::remove_file(&chain[10]).expect("remove a digest");
    let output = run(&["verify"], &dir);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("altered 1, missing 1,"), "{text}");
    assert!(text.contains("chains 3 intact, 1 broken"), "{text}");
    assert_eq!(text.matches("\nALTERED AWSLogs/").count(), 1, "{text}");
    assert_eq!(text.matches("\nMISSING AWSLogs/").count(), 1, "{text}");
    assert_eq!(text.matches("  GAP ").count(), 1, "{text}");
    let json = run(&["verify", "--json"], &dir);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).expect("the report as JSON");
    assert_eq!(report["counts"]["missing"], 1);
    assert_eq!(json.status.code(), Some(1));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn no_digest_means_nothing_verified() {
    let dir = copy("no-digests");
    for digest in files_with(&dir, "CloudTrail-Digest") {
        std::fs::remove_file(digest).expect("remove a digest");
    }
    let output = run(&["verify"], &dir);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).starts_with("digests 0, verified 0,"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Whether `c` would act on a terminal or reorder text instead of being shown.
fn acts_on_a_terminal(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[test]
fn names_from_a_digest_cannot_forge_lines_or_reach_the_terminal() {
    let dir = std::env::temp_dir().join(format!("trailscope-verify-forged-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let folder = dir.join("AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2025/01/06");
    std::fs::create_dir_all(&folder).expect("temporary folder");
    let forged = "AWSLogs/111122223333/CloudTrail/us-east-1/2025/01/06/a.json.gz\n\
                  digests 9, verified 9, altered 0, missing 0, not hashed 0, not covered 0, unchecked 0\n\
                  \u{1b}[2J\u{9b}31m\u{7f}\u{202e}gpj.exe\u{2066}\r";
    let name = "111122223333_CloudTrail-Digest_us-east-1_trail_us-east-1_20250106T010000Z.json";
    let digest = serde_json::json!({
        "awsAccountId": "111122223333",
        "digestStartTime": "2025-01-06T00:00:00Z",
        "digestEndTime": "2025-01-06T01:00:00Z",
        "digestS3Bucket": "bucket",
        "digestS3Object": format!("AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2025/01/06/{name}"),
        "previousDigestS3Object": null,
        "previousDigestHashValue": null,
        "logFiles": [{"s3Bucket": "bucket\u{1b}]0;title\u{7}", "s3Object": forged, "hashValue": "00"}],
    });
    std::fs::write(folder.join(name), digest.to_string()).expect("write the digest");

    let output = run(&["verify"], &dir);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    let raw: Vec<char> = text.chars().filter(|&c| c != '\n' && acts_on_a_terminal(c)).collect();
    assert_eq!(raw, [], "{text}");
    assert_eq!(text.lines().filter(|l| l.starts_with("digests ")).count(), 1, "{text}");
    assert!(
        text.starts_with("digests 1, verified 0, altered 0, missing 1,"),
        "{text}"
    );
    assert!(
        text.contains(
            "\nMISSING AWSLogs/111122223333/CloudTrail/us-east-1/2025/01/06/a.json.gz\\ndigests 9, verified 9, \
             altered 0, missing 0, not hashed 0, not covered 0, unchecked 0\\n\\u001b[2J\\u009b31m\\u007f\\u202egpj.exe\\u2066\\r: listed in "
        ),
        "{text}"
    );

    // JSON keeps every value, and prints none of those characters raw either.
    let json = run(&["verify", "--json"], &dir);
    let text = stdout(&json);
    let raw: Vec<char> = text.chars().filter(|&c| c != '\n' && acts_on_a_terminal(c)).collect();
    assert_eq!(raw, [], "{text}");
    let report: serde_json::Value = serde_json::from_str(&text).expect("the report as JSON");
    let keys: Vec<&str> = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f["key"].as_str())
        .collect();
    assert_eq!(keys, [forged]);
    let _ = std::fs::remove_dir_all(&dir);
}
