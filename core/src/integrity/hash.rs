//! SHA-256 of decoded files: what CloudTrail's digests record for each log file (`hashValue`) and
//! for the previous digest (`previousDigestHashValue`), always over the uncompressed bytes.

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

/// The lowercase hex SHA-256 of `bytes`, the form digest files use.
pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// A leaf file hashed while loading, so that it can be matched against the digests even when it
/// no longer parses (an altered file must show as altered, not vanish).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileHash {
    /// The path as dropped (`archive.zip/entry/path` for archive entries).
    pub path: String,
    /// Hex SHA-256 of its decoded bytes; `None` when it could not even be decoded (corrupt gzip,
    /// over the size cap), which a digest that lists it reports as altered.
    pub sha256: Option<String>,
}
