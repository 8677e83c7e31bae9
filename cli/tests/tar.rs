//! `trailscope summary` run as a process on tar archives: a trail's tar.gz
//! (`core/tests/fixtures/tar/trail.tar.gz`) counts as the folder it was made of; and the app's
//! sample trail archived as a tar and as a tar.gz of `.json.gz` members, each over 1 MiB and so
//! read in order with its members decoded on every thread, loads exactly as the archive loaded
//! whole in process, on one thread or three, and within a per-file cap smaller than the archive.

use flate2::write::GzEncoder;
use flate2::Compression;
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use trailscope_core::decode::archive::{self, ArchiveCap};
use trailscope_core::decode::{Archive, Decoded};
use trailscope_core::query::filter::Filter;
use trailscope_core::{Dataset, Ingest, IngestOptions, Summary};

const CAP: u64 = 1 << 30;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/fixtures/tar")
        .join(rel)
}

fn summary(args: &[&str], path: &Path) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_trailscope"))
        .arg("summary")
        .args(args)
        .arg(path)
        .output()
        .expect("run trailscope");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("summary JSON")
}

#[test]
fn a_tar_gz_of_a_trail_counts_like_the_folder() {
    let folder = summary(&[], &fixture("trail"));
    let archive = summary(&[], &fixture("trail.tar.gz"));
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

fn gzip(bytes: &[u8], level: Compression) -> Vec<u8> {
    let mut packed = GzEncoder::new(Vec::new(), level);
    packed.write_all(bytes).expect("in memory");
    packed.finish().expect("in memory")
}

/// The sample trail's files (`static/sample/trailscope-sample.zip`) in a tar, each as its text,
/// or gzipped (fast) as `name.gz` as a trail's log files are.
fn sample_tar(gzipped_members: bool) -> Vec<u8> {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../static/sample/trailscope-sample.zip");
    let mut builder = tar::Builder::new(Vec::new());
    let zip = Archive::Zip(std::fs::read(sample).unwrap());
    archive::for_each_entry(&zip, &ArchiveCap::new(CAP, 0), |_, name, decoded| {
        let Ok(Decoded::Text(text)) = decoded else {
            panic!("{name}: the sample holds text files")
        };
        let (name, bytes) = match gzipped_members {
            true => (format!("{name}.gz"), gzip(&text, Compression::fast())),
            false => (name.to_string(), text),
        };
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        builder.append_data(&mut header, name, &bytes[..]).unwrap();
    })
    .unwrap();
    builder.into_inner().unwrap()
}

/// The summary of `bytes` loaded whole, in process, as the command prints it for `path`.
fn loaded_whole(path: &Path, bytes: &[u8]) -> Value {
    let mut ingest = Ingest::new(IngestOptions {
        max_decompressed: CAP,
        ..IngestOptions::default()
    });
    ingest.add_bytes(0, &path.display().to_string(), bytes);
    let data = Dataset::from_batches([ingest.finish()]);
    serde_json::to_value(Summary::of(&data, &Filter::default())).unwrap()
}

#[test]
fn a_large_tar_read_in_order_loads_as_it_loads_whole_on_any_threads_and_past_the_file_cap() {
    let dir = std::env::temp_dir().join(format!("trailscope-tar-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let tar = sample_tar(false);
    let tar_gz = gzip(&sample_tar(true), Compression::default());
    for (name, bytes) in [("sample.tar", tar), ("sample.tar.gz", tar_gz)] {
        assert!(bytes.len() > 1 << 20, "{name} is read in order: {} bytes", bytes.len());
        let path = dir.join(name);
        std::fs::write(&path, &bytes).unwrap();
        let whole = loaded_whole(&path, &bytes);
        assert!(whole["events"].as_u64().unwrap() > 1000, "{whole}");
        assert!(
            !whole["failed"].as_array().unwrap().is_empty(),
            "the sample holds a bad file"
        );
        for threads in ["1", "3"] {
            assert_eq!(
                summary(&["--threads", threads], &path),
                whole,
                "{name}, {threads} threads"
            );
        }
        // Whole, the archive's text is past a 1 MiB cap; read in order, only each member counts
        // against it (and all of them against 32 times the archive's size).
        let small_cap = summary(&["--max-size", "1048576"], &path);
        assert_eq!(small_cap, whole, "{name} within a 1 MiB cap a file");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
