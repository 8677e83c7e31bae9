//! Log file integrity, checked offline from what was dropped: CloudTrail's own validation
//! without the S3 metadata. Each log file a digest lists is matched by its S3 key (from
//! `AWSLogs/` on, in the dropped path and in the digest) and its SHA-256 over the uncompressed
//! bytes compared with `hashValue`; each digest's `previousDigestS3Object` and
//! `previousDigestHashValue` are followed back through the dropped digests.
//!
//! Not checked: the RSA signature of each digest (see [`SIGNATURE_NOTE`]).
//!
//! Hashing every log file is paid only when wanted: [`wants_file_hashes`] tells from the dropped
//! paths whether a load holds digests, and [`crate::IngestOptions::hash_files`] turns it on.

pub mod chains;
pub mod digest;
pub mod files;
pub mod hash;
pub mod key;
pub mod report;

use digest::Digest;
pub use hash::FileHash;
use hashbrown::HashSet;
pub use report::{Chain, Counts, FileCheck, FileState, Gap, IntegrityReport};

/// Why digest signatures are not verified, for the app and the command to say so.
pub const SIGNATURE_NOTE: &str = "Digest signatures are not checked: CloudTrail signs each digest \
with RSA (SHA256withRSA) and keeps the signature in the digest's S3 object metadata \
(x-amz-meta-signature), not in the file, so it is lost when the file is downloaded. Checking it \
needs that signature and the trail's public key (aws cloudtrail list-public-keys).";

/// Whether a load of these paths holds digest files, and so should hash every log file.
pub fn wants_file_hashes<'p>(paths: impl IntoIterator<Item = &'p str>) -> bool {
    paths.into_iter().any(key::is_digest_path)
}

/// Checks the log files hashed while loading (with [`crate::IngestOptions::hash_files`] on)
/// against the digests; `loaded` are the paths of every file loaded or failed, which tells files
/// loaded without a hash (before any digest) apart from missing ones.
pub fn verify<'p>(
    digests: &[Digest],
    file_hashes: &[FileHash],
    loaded: impl IntoIterator<Item = &'p str>,
) -> IntegrityReport {
    let loaded: HashSet<&str> = loaded.into_iter().map(key::match_key).collect();
    let (files, unchecked) = files::check_files(digests, file_hashes, &loaded);
    let chains = chains::check_chains(digests);
    let mut counts = Counts {
        digests: digests.len() as u64,
        unchecked,
        ..Counts::default()
    };
    for file in &files {
        match file.state {
            FileState::Verified => counts.verified += 1,
            FileState::Altered { .. } => counts.altered += 1,
            FileState::Missing { .. } => counts.missing += 1,
            FileState::NotHashed { .. } => counts.not_hashed += 1,
            FileState::NotCovered => counts.not_covered += 1,
        }
    }
    counts.chains_intact = chains.iter().filter(|c| c.is_intact()).count() as u64;
    counts.chains_broken = chains.len() as u64 - counts.chains_intact;
    IntegrityReport { counts, files, chains }
}
