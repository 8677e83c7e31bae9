//! Log file integrity against the ct-gen trail in `fixtures/ctgen/s3` (its digests carry real
//! SHA-256 values: see fixtures/README.md): 14 log files and 100 hourly digests, in 2 accounts ×
//! 2 regions of one trail. Every tampering is done here in memory on a copy of the files.

mod common;

use std::io::Write;
use trailscope_core::decode::{Decoded, Decoder, DEFAULT_MAX_DECOMPRESSED};
use trailscope_core::integrity::hash::sha256_hex;
use trailscope_core::integrity::{wants_file_hashes, FileState, Gap, IntegrityReport};
use trailscope_core::query::filter::Filter;
use trailscope_core::{Dataset, IngestOptions, Summary};

type Files = Vec<(String, Vec<u8>)>;

const HASHING: IngestOptions = IngestOptions {
    max_decompressed: DEFAULT_MAX_DECOMPRESSED,
    hash_files: true,
};

fn trail() -> Files {
    common::files(&["ctgen/s3"])
}

fn load(files: &Files) -> Dataset {
    Dataset::from_batches([common::batch_with(files, HASHING)])
}

fn report(files: &Files) -> IntegrityReport {
    load(files).integrity()
}

fn is_digest(path: &str) -> bool {
    path.contains("CloudTrail-Digest")
}

/// The decoded bytes of a gzip file.
fn gunzip(bytes: &[u8]) -> Vec<u8> {
    match Decoder::decode_all(bytes, DEFAULT_MAX_DECOMPRESSED) {
        Ok(Decoded::Text(text)) => text,
        other => panic!("not a gzip text: {other:?}"),
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("gzip in memory");
    encoder.finish().expect("gzip in memory")
}

/// Index of the first log file (not a digest).
fn first_log(files: &Files) -> usize {
    files.iter().position(|(p, _)| !is_digest(p)).expect("a log file")
}

/// The S3 key of a fixture path (fixture paths start with `ctgen/s3/`).
fn key(path: &str) -> &str {
    path.strip_prefix("ctgen/s3/").expect("a ctgen/s3 path")
}

/// The digests of one account and region in time order (their names sort by time).
fn chain_of(files: &Files, folder: &str) -> Vec<usize> {
    let mut chain: Vec<usize> = (0..files.len()).filter(|&i| files[i].0.contains(folder)).collect();
    chain.sort_by_key(|&i| files[i].0.rsplit('_').next().map(str::to_string));
    chain
}

/// One account and region's digests.
const CHAIN: &str = "/534439589175/CloudTrail-Digest/eu-west-1/";

#[test]
fn the_untouched_trail_verifies_and_its_chains_are_intact() {
    let r = report(&trail());
    let c = r.counts;
    assert_eq!((c.digests, c.verified), (100, 14));
    assert_eq!(
        (c.altered, c.missing, c.not_hashed, c.not_covered, c.unchecked),
        (0, 0, 0, 0, 0)
    );
    assert_eq!((c.chains_intact, c.chains_broken), (4, 0));
    assert!(r.is_clean());
    assert!(r
        .files
        .iter()
        .all(|f| f.state == FileState::Verified && f.path.is_some()));
    for chain in &r.chains {
        assert_eq!((chain.digests, chain.trail.as_str()), (25, "management-events"));
        assert!(chain.from_trail_start && chain.is_intact(), "{chain:?}");
    }
}

#[test]
fn an_altered_log_file_shows_both_hashes_even_when_it_no_longer_parses() {
    for (at, byte) in [(200, b'#'), (0, b'x')] {
        let mut files = trail();
        let i = first_log(&files);
        let mut json = gunzip(&files[i].1);
        let expected = sha256_hex(&json);
        json[at] = byte;
        files[i].1 = gzip(&json);
        let r = report(&files);
        assert_eq!((r.counts.verified, r.counts.altered), (13, 1));
        assert!(!r.is_clean());
        let altered = r
            .files
            .iter()
            .find(|f| f.key == key(&files[i].0))
            .expect("the altered file");
        match &altered.state {
            FileState::Altered {
                expected: e,
                actual,
                digest,
            } => {
                assert_eq!(e, &expected);
                assert_eq!(actual.as_deref(), Some(sha256_hex(&json).as_str()));
                assert!(digest.starts_with("AWSLogs/") && digest.contains("CloudTrail-Digest"));
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn a_log_file_that_no_longer_decodes_is_altered_without_a_hash() {
    let mut files = trail();
    let i = first_log(&files);
    files[i].1.truncate(40);
    let r = report(&files);
    let altered = r.files.iter().find(|f| f.key == key(&files[i].0)).expect("the file");
    assert!(
        matches!(&altered.state, FileState::Altered { actual: None, .. }),
        "{altered:?}"
    );
}

#[test]
fn a_removed_log_file_is_missing_with_the_digest_that_lists_it() {
    let mut files = trail();
    let (path, _) = files.remove(first_log(&files));
    let r = report(&files);
    assert_eq!((r.counts.verified, r.counts.missing), (13, 1));
    let missing = r.files.iter().find(|f| f.key == key(&path)).expect("the removed file");
    assert_eq!(missing.path, None);
    let FileState::Missing { digest } = &missing.state else {
        panic!("{missing:?}")
    };
    let lister = load(&trail())
        .digests
        .into_iter()
        .find(|d| d.key() == digest)
        .expect("the digest");
    assert!(lister
        .log_files
        .iter()
        .any(|f| f.s3_object.as_deref() == Some(key(&path))));
}

#[test]
fn an_extra_log_file_is_not_covered_and_an_export_is_only_unchecked() {
    let mut files = trail();
    let (path, bytes) = files[first_log(&files)].clone();
    let extra = path.replace(".json.gz", "X.json.gz");
    files.push((extra.clone(), bytes.clone()));
    files.push(("exports/console-export.json.gz".into(), bytes));
    let r = report(&files);
    assert_eq!(
        (r.counts.verified, r.counts.not_covered, r.counts.unchecked),
        (14, 1, 1)
    );
    assert!(r.is_clean(), "not covered alone does not fail the check");
    let extra = r.files.iter().find(|f| f.key == key(&extra)).expect("the extra file");
    assert_eq!(extra.state, FileState::NotCovered);
}

#[test]
fn a_digest_removed_from_the_middle_breaks_its_chain_there() {
    let mut files = trail();
    let chain = chain_of(&files, CHAIN);
    let (removed, next) = (files[chain[10]].0.clone(), files[chain[11]].0.clone());
    files.remove(chain[10]);
    let r = report(&files);
    assert_eq!((r.counts.chains_intact, r.counts.chains_broken), (3, 1));
    let broken = r.chains.iter().find(|c| !c.is_intact()).expect("a broken chain");
    assert_eq!(broken.gaps.len(), 1);
    assert_eq!(
        broken.gaps[0],
        Gap::MissingPrevious {
            digest: key(&next).to_string(),
            previous: key(&removed).to_string(),
        }
    );
}

#[test]
fn a_digest_that_starts_the_drop_mid_way_is_no_gap() {
    let mut files = trail();
    let chain = chain_of(&files, CHAIN);
    let mut early: Vec<usize> = chain[..5].to_vec();
    early.sort_unstable();
    for i in early.into_iter().rev() {
        files.remove(i);
    }
    let r = report(&files);
    assert_eq!(r.counts.chains_broken, 0);
    let late = r.chains.iter().find(|c| c.digests == 20).expect("the shortened chain");
    assert!(late.is_intact() && !late.from_trail_start);
}

#[test]
fn an_altered_digest_breaks_the_next_link() {
    let mut files = trail();
    let chain = chain_of(&files, CHAIN);
    let mut json = gunzip(&files[chain[3]].1);
    let expected = sha256_hex(&json);
    json.push(b'\n');
    files[chain[3]].1 = gzip(&json);
    let r = report(&files);
    let broken = r.chains.iter().find(|c| !c.is_intact()).expect("a broken chain");
    assert_eq!(
        broken.gaps,
        [Gap::HashMismatch {
            digest: key(&files[chain[4]].0).to_string(),
            previous: key(&files[chain[3]].0).to_string(),
            expected,
            actual: sha256_hex(&json),
        }]
    );
}

#[test]
fn the_same_folder_twice_gives_the_same_report_and_digest_count() {
    let once = trail();
    let twice: Files = once.iter().chain(&once).cloned().collect();
    let data = load(&twice);
    assert_eq!(Summary::of(&data, &Filter::default()).digests, 100);
    assert_eq!(data.file_hashes.len(), 14);
    assert_eq!(data.integrity(), report(&once));
    let in_two_loads = Dataset::from_batches([common::batch_with(&once, HASHING), common::batch_with(&once, HASHING)]);
    assert_eq!(in_two_loads.digests.len(), 100);
}

#[test]
fn hashing_is_asked_for_by_digest_paths_and_off_by_default() {
    let files = trail();
    assert!(wants_file_hashes(files.iter().map(|(p, _)| p.as_str())));
    assert!(!wants_file_hashes(
        files.iter().map(|(p, _)| p.as_str()).filter(|p| !is_digest(p))
    ));
    let data = common::load(&["ctgen/s3"]);
    assert!(data.file_hashes.is_empty());
    assert!(
        data.digests.iter().all(|d| d.sha256.len() == 64),
        "digests are always hashed"
    );
}

#[test]
fn a_batch_with_digests_and_hashes_round_trips_through_postcard() {
    let batch = common::batch_with(&trail(), HASHING);
    let bytes = postcard::to_allocvec(&batch).expect("encode");
    let back: trailscope_core::Batch = postcard::from_bytes(&bytes).expect("decode");
    assert_eq!((back.digests, back.file_hashes), (batch.digests, batch.file_hashes));
}

#[test]
fn a_digest_without_a_previous_link_mid_chain_restarts_it() {
    let mut files = trail();
    let chain = chain_of(&files, CHAIN);
    let mut digest: serde_json::Value = serde_json::from_slice(&gunzip(&files[chain[7]].1)).expect("digest JSON");
    digest["previousDigestS3Object"] = serde_json::Value::Null;
    files[chain[7]].1 = gzip(&serde_json::to_vec(&digest).expect("JSON"));
    let r = report(&files);
    let broken = r.chains.iter().find(|c| !c.is_intact()).expect("a broken chain");
    let restarted = key(&files[chain[7]].0).to_string();
    assert_eq!(
        broken.gaps[0],
        Gap::Restarted {
            digest: restarted.clone()
        }
    );
    // Editing the digest changed its hash too, so the next link fails as well.
    assert!(matches!(&broken.gaps[1..], [Gap::HashMismatch { previous, .. }] if *previous == restarted));
}

#[test]
fn log_files_loaded_before_the_digests_are_not_hashed_rather_than_missing() {
    let files = trail();
    let (digests, logs): (Files, Files) = files.into_iter().partition(|(p, _)| is_digest(p));
    let data = Dataset::from_batches([
        common::batch_with(&logs, IngestOptions::default()),
        common::batch_with(&digests, HASHING),
    ]);
    let r = data.integrity();
    assert_eq!((r.counts.verified, r.counts.missing, r.counts.not_hashed), (0, 0, 14));
    assert!(!r.is_clean());
    assert!(r
        .files
        .iter()
        .all(|f| matches!(f.state, FileState::NotHashed { .. }) && f.path.is_none()));
}

#[test]
fn a_zipped_trail_with_its_digests_is_checked_without_asking() {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (path, bytes) in trail() {
        writer.start_file(key(&path), stored).expect("zip in memory");
        writer.write_all(&bytes).expect("zip in memory");
    }
    let archive = writer.finish().expect("zip in memory").into_inner();
    let files = vec![("trail.zip".to_string(), archive)];
    let data = Dataset::from_batches([common::batch_with(&files, IngestOptions::default())]);
    let c = data.integrity().counts;
    assert_eq!((c.digests, c.verified, c.not_hashed), (100, 14, 0));
    let plain = vec![("trail.zip".to_string(), {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let (path, bytes) = trail().into_iter().find(|(p, _)| !is_digest(p)).expect("a log");
        writer.start_file(key(&path), stored).expect("zip in memory");
        writer.write_all(&bytes).expect("zip in memory");
        writer.finish().expect("zip in memory").into_inner()
    })];
    let batch = common::batch_with(&plain, IngestOptions::default());
    assert!(batch.file_hashes.is_empty(), "an archive without digests is not hashed");
}
