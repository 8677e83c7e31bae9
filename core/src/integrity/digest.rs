//! CloudTrail digest files: recognised, counted as digests rather than errors, and kept (they are
//! small) so that log-file integrity can be checked against them.

use super::key::match_key;
use serde::de::{SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// One digest file's content, as far as integrity checking needs it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Digest {
    /// Path of the digest file as dropped (filled in by the loader). Read back like any field,
    /// so that a batch round-trips through postcard between workers.
    pub path: String,
    /// Hex SHA-256 of the digest's uncompressed content (filled in by the loader): what the next
    /// digest's `previousDigestHashValue` must equal.
    pub sha256: String,
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
    /// `logFiles`: the log files this digest vouches for. An entry without an `s3Object` names
    /// no file and is not kept, so that a digest of millions of `{}` costs no more than its text.
    #[serde(deserialize_with = "named_log_files")]
    pub log_files: Vec<DigestLogFile>,
}

impl Digest {
    /// Its S3 key from `AWSLogs/` on (`digestS3Object`, else the dropped path): what digests
    /// are de-duplicated and chained by.
    pub fn key(&self) -> &str {
        match_key(self.digest_s3_object.as_deref().unwrap_or(&self.path))
    }
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

/// The entries of `logFiles` that name a file (see [`Digest::log_files`]).
fn named_log_files<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<DigestLogFile>, D::Error> {
    struct Named;
    impl<'de> Visitor<'de> for Named {
        type Value = Vec<DigestLogFile>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of log files")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut files = Vec::new();
            while let Some(file) = seq.next_element::<DigestLogFile>()? {
                if file.s3_object.is_some() {
                    files.push(file);
                }
            }
            Ok(files)
        }
    }
    d.deserialize_seq(Named)
}
