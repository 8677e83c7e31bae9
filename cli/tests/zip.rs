//! `trailscope` run as a process on a zip archive (the app's sample trail, written by a zip tool),
//! which it reads by positioned reads, its entries on several threads: the summary and failures
//! are exactly those of loading the archive whole (`Ingest::add_bytes`); and they, and the
//! findings' re-read event ids, are those of the folder it unpacks to. (An honest archive never
//! reaches its cap in all, 32 times its size: `core/tests/zip_in_parts.rs` tests that cap.)

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use trailscope_core::decode::archive::{self, ArchiveCap};
use trailscope_core::decode::{Archive, Decoded};
use trailscope_core::query::filter::Filter;
use trailscope_core::{Dataset, Ingest, IngestOptions, Summary};

const CAP: u64 = 1 << 30;

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../static/sample/trailscope-sample.zip")
}

fn run(args: &[&str], path: &Path) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_trailscope"))
        .args(args)
        .arg(path)
        .output()
        .expect("run trailscope");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("JSON")
}

/// The summary of the archive loaded whole, in process, as the command prints it.
fn loaded_whole(path: &Path, cap: u64) -> Value {
    let mut ingest = Ingest::new(IngestOptions {
        max_decompressed: cap,
        ..IngestOptions::default()
    });
    ingest.add_bytes(0, &path.display().to_string(), &std::fs::read(path).unwrap());
    let data = Dataset::from_batches([ingest.finish()]);
    serde_json::to_value(Summary::of(&data, &Filter::default())).unwrap()
}

#[test]
fn a_zip_read_in_parts_loads_as_it_loads_whole() {
    let zip = sample();
    let whole = loaded_whole(&zip, CAP);
    assert!(whole["events"].as_u64().unwrap() > 1000, "{whole}");
    for threads in ["1", "3"] {
        assert_eq!(
            run(&["summary", "--threads", threads], &zip),
            whole,
            "{threads} threads"
        );
    }
}

/// Unpacks the archive into `dir` (each entry as it decodes: a .json.gz entry as its text).
fn unpack(zip: &Path, dir: &Path) {
    let bytes = std::fs::read(zip).unwrap();
    let cap = ArchiveCap::new(CAP, 0);
    archive::for_each_entry(&Archive::Zip(bytes), &cap, |_, name, decoded| {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        match decoded.expect("the sample's entries decode") {
            Decoded::Text(text) => std::fs::write(path, text).unwrap(),
            Decoded::Archive(_) => panic!("the sample holds no archive"),
            Decoded::Cut(_) => panic!("the sample holds no file cut short"),
        }
    })
    .unwrap();
}

#[test]
fn a_zip_read_in_parts_loads_as_its_folder() {
    let dir = std::env::temp_dir().join(format!("trailscope-zip-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let zip = dir.join("sample.zip");
    let folder = dir.join("sample");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(sample(), &zip).unwrap();
    unpack(&zip, &folder);
    let (in_parts, unpacked) = (run(&["summary"], &zip), run(&["summary"], &folder));
    for (key, value) in unpacked.as_object().unwrap() {
        if key != "failed" {
            assert_eq!(&in_parts[key], value, "{key}");
        }
    }
    let failures = |summary: &Value, top: &Path| -> Vec<(String, String)> {
        let prefix = format!("{}/", top.display());
        let failed = summary["failed"].as_array().unwrap().iter();
        failed
            .map(|f| {
                let path = f["path"].as_str().unwrap();
                let inside = path
                    .strip_prefix(&prefix)
                    .unwrap_or_else(|| panic!("{path} under {prefix}"));
                (inside.to_string(), f["error"].as_str().unwrap().to_string())
            })
            .collect()
    };
    assert_eq!(failures(&in_parts, &zip), failures(&unpacked, &folder));
    assert!(!failures(&in_parts, &zip).is_empty(), "the sample holds a bad file");
    let findings = run(&["findings"], &zip);
    assert_eq!(findings, run(&["findings"], &folder));
    let ids = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["event_ids"].as_array().unwrap());
    assert!(ids.count() > 0, "the findings' events are re-read from the zip");
    let _ = std::fs::remove_dir_all(&dir);
}
