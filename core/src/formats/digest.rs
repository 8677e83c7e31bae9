//! CloudTrail digest files: recognised, counted as digests rather than errors, and kept (they are
//! small) so that log-file integrity can be checked against them.

use serde::{Deserialize, Serialize};

/// One digest file's content, as far as integrity checking needs it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Digest {
    /// Path of the digest file as dropped (filled in by the loader).
    #[serde(skip_deserializing)]
    pub path: String,
    /// `awsAccountId`.
    pub aws_account_id: Option<String>,
    /// `digestStartTime`.
    pub digest_start_time: Option<String>,
    /// `digestEndTime`.
    pub digest_end_time: Option<String>,
    /// `digestS3Bucket`.
    pub digest_s3_bucket: Option<String>,
    /// `digestS3Object`: this digest's own S3 key.
    pub digest_s3_object: Option<String>,
    /// `previousDigestS3Object`: the chain link (null in the first digest).
    pub previous_digest_s3_object: Option<String>,
    /// `previousDigestHashValue`: SHA-256 of the previous uncompressed digest.
    pub previous_digest_hash_value: Option<String>,
    /// `logFiles`: the log files this digest vouches for.
    pub log_files: Vec<DigestLogFile>,
}

/// One entry of a digest's `logFiles`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DigestLogFile {
    /// `s3Bucket`.
    pub s3_bucket: Option<String>,
    /// `s3Object`: the log file's S3 key.
    pub s3_object: Option<String>,
    /// `hashValue`: hex SHA-256 of the uncompressed log file.
    pub hash_value: Option<String>,
}
