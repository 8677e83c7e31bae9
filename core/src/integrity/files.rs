//! Per-file states: each log file a digest lists is looked up among the dropped files by its key
//! and its SHA-256 compared; dropped log files no digest lists are "not covered" only where the
//! dropped digests should have listed them (same account and region, delivered within their
//! hours), so a drop of logs with a few digests, or of console exports, raises no noise.

use super::digest::Digest;
use super::hash::FileHash;
use super::key::{log_delivery_ms, match_key, parts, s3_key, DIGEST_KIND, LOG_KIND};
use super::report::{FileCheck, FileState};
use crate::time::parse_rfc3339;
use hashbrown::{HashMap, HashSet};

/// The per-file outcomes, sorted by key, and how many dropped files could not be checked;
/// `loaded` holds the keys of every file loaded, hashed or not.
pub fn check_files(digests: &[Digest], hashes: &[FileHash], loaded: &HashSet<&str>) -> (Vec<FileCheck>, u64) {
    let mut dropped: HashMap<&str, &FileHash> = HashMap::new();
    let mut unchecked = 0;
    for file in hashes {
        match s3_key(&file.path) {
            Some(key) => {
                dropped.entry(key).or_insert(file);
            }
            None => unchecked += 1,
        }
    }
    let mut checks = Vec::new();
    let mut listed = HashSet::new();
    for digest in digests {
        for entry in &digest.log_files {
            let Some(key) = entry.s3_object.as_deref().map(match_key) else {
                continue;
            };
            if listed.insert(key) {
                checks.push(listed_file(
                    key,
                    entry.hash_value.as_deref().unwrap_or(""),
                    digest,
                    dropped.get(key).copied(),
                    loaded.contains(key),
                ));
            }
        }
    }
    let spans = coverage(digests);
    for (key, file) in &dropped {
        if listed.contains(key) {
            continue;
        }
        let covered =
            parts(key, LOG_KIND).and_then(|p| Some((spans.get(&(p.account, p.region))?, log_delivery_ms(&p)?)));
        match covered {
            Some(((start, end), at)) if (*start..*end).contains(&at) => checks.push(FileCheck {
                key: key.to_string(),
                path: Some(file.path.clone()),
                state: FileState::NotCovered,
            }),
            _ => unchecked += 1,
        }
    }
    checks.sort_unstable_by(|a, b| a.key.cmp(&b.key));
    (checks, unchecked)
}

/// The outcome for a file that `digest` lists with `expected` as its hash; `dropped` is its
/// hash, `loaded` whether it was loaded at all.
fn listed_file(key: &str, expected: &str, digest: &Digest, dropped: Option<&FileHash>, loaded: bool) -> FileCheck {
    let digest_key = digest.key().to_string();
    let state = match dropped {
        None if loaded => FileState::NotHashed { digest: digest_key },
        None => FileState::Missing { digest: digest_key },
        Some(file) => match &file.sha256 {
            Some(actual) if actual.eq_ignore_ascii_case(expected) => FileState::Verified,
            actual => FileState::Altered {
                expected: expected.to_string(),
                actual: actual.clone(),
                digest: digest_key,
            },
        },
    };
    FileCheck {
        key: key.to_string(),
        path: dropped.map(|f| f.path.clone()),
        state,
    }
}

/// Per account and region, the hours (UTC ms, end excluded) the dropped digests cover.
fn coverage(digests: &[Digest]) -> HashMap<(&str, &str), (i64, i64)> {
    let mut spans: HashMap<(&str, &str), (i64, i64)> = HashMap::new();
    for digest in digests {
        let time = |t: &Option<String>| t.as_deref().and_then(parse_rfc3339);
        let (Some(p), Some(start), Some(end)) = (
            parts(digest.key(), DIGEST_KIND),
            time(&digest.digest_start_time),
            time(&digest.digest_end_time),
        ) else {
            continue;
        };
        let span = spans.entry((p.account, p.region)).or_insert((start, end));
        *span = (span.0.min(start), span.1.max(end));
    }
    spans
}
