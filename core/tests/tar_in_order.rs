//! A tar or tar.gz file loaded as it is read (`Ingest::open_tar`): pushed in slices of any size,
//! its members handed out in batches of any size and loaded by two loaders in turn, it records
//! exactly what loading it whole records; cut short, it keeps the members before the cut and
//! says why it stopped.

mod common;

use trailscope_core::query::filter::Filter;
use trailscope_core::{Batch, Dataset, Failure, Ingest, IngestOptions, Summary};

/// Loads `bytes` as a tar read in order, pushed in `slice`-byte slices, its batches of about
/// `batch_bytes` loaded by two loaders in turn; `None` when it is not a tar.
fn in_order(path: &str, bytes: &[u8], slice: usize, batch_bytes: u64) -> Option<Vec<Batch>> {
    let options = IngestOptions::default();
    let mut loaders = [Ingest::new(options), Ingest::new(options)];
    let head = &bytes[..bytes.len().min(4 << 10)];
    let mut reading = loaders[0].open_tar(0, path, bytes.len() as u64, head, batch_bytes)?;
    let cap = reading.cap();
    let mut batches = Vec::new();
    for piece in bytes.chunks(slice) {
        batches.extend(reading.push(piece));
    }
    let (last, end) = reading.end();
    batches.extend(last);
    for (n, batch) in batches.iter().enumerate() {
        loaders[n % 2].add_tar_members(batch, &cap);
    }
    loaders[1].finish_tar(&end);
    Some(loaders.map(Ingest::finish).into())
}

fn summary(batches: Vec<Batch>) -> Summary {
    Summary::of(&Dataset::from_batches(batches), &Filter::default())
}

#[test]
fn a_tar_read_in_order_records_what_it_records_whole_whatever_the_slices_and_batches() {
    for name in [
        "tar/trail.tar.gz",
        "tar/trail.tar",
        "tar/gnu.tar",
        "tar/long-name.pax.tar",
        "tar/holding.tar",
    ] {
        let bytes = common::read(name);
        let whole = summary(vec![common::batch(&[(name.to_string(), bytes.clone())])]);
        assert!(whole.events > 0, "{name}");
        for (slice, batch_bytes) in [(bytes.len(), 1 << 20), (2, 1), (7, 1000), (4096, 1)] {
            let read = in_order(name, &bytes, slice, batch_bytes).expect("a tar");
            assert_eq!(
                summary(read),
                whole,
                "{name} in {slice}-byte slices, {batch_bytes}-byte batches"
            );
        }
    }
}

#[test]
fn other_files_are_not_tars() {
    for name in ["shapes/records.json", "sql/AWSLogs/434177192288/CloudTrail/eu-west-1/2025/03/03/434177192288_CloudTrail_eu-west-1_20250303T0914Z_1d6tAeEhEhzAhgIk.json.gz"] {
        let bytes = common::read(name);
        let gz = common::gzip(&bytes);
        assert!(in_order(name, &bytes, 512, 1).is_none(), "{name}");
        assert!(in_order(name, &gz, 512, 1).is_none(), "{name} gzipped");
    }
}

#[test]
fn a_tar_gz_cut_short_keeps_the_members_before_the_cut_and_says_why_it_stopped() {
    let whole = common::read("tar/trail.tar.gz");
    let cut = &whole[..whole.len() * 3 / 4];
    let batches = in_order("cut.tar.gz", cut, 100, 1).expect("a tar");
    let failures: Vec<Failure> = batches.iter().flat_map(|b| b.failures.clone()).collect();
    let loaded: usize = batches.iter().map(|b| b.rows.files.len()).sum();
    assert!(loaded >= 1, "the members before the cut are loaded");
    assert_eq!(
        failures.last().map(|f| (f.path.as_str(), f.error.as_str())),
        Some((
            "cut.tar.gz",
            "truncated gzip: the file ends before the end of the compressed stream"
        )),
        "{failures:?}"
    );
}
