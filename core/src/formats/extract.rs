//! Re-reading one event's full JSON from its file on demand, so the store never keeps it.

use crate::decode::{zip, Decoded, Decoder};
use crate::error::FileError;
use crate::store::{Shape, SourceFile};

/// The event's JSON, pretty-printed with its keys in file order, re-read from the bytes of its
/// top-level file (`top`) by the locator the store kept.
pub fn event_json(top: &[u8], file: &SourceFile, offset: u32, len: u32, cap: u64) -> Result<String, FileError> {
    let mut decoded = Decoder::decode_all(top, cap)?;
    for &entry in &file.entries {
        let Decoded::Archive(archive) = decoded else {
            return Err(FileError::CorruptZip("the file changed since it was loaded".into()));
        };
        decoded = Decoder::decode_all(&zip::entry_bytes(&archive, entry, cap)?, cap)?;
    }
    let Decoded::Text(bytes) = decoded else {
        return Err(FileError::NotJson);
    };
    let range = offset as usize..offset as usize + len as usize;
    let raw = bytes
        .get(range)
        .and_then(|b| std::str::from_utf8(b).ok())
        .ok_or_else(|| FileError::NotCloudTrail("the file changed since it was loaded".into()))?;
    let value: serde_json::Value = if file.shape == Shape::LookupEvents {
        let inner: String = serde_json::from_str(raw).map_err(|e| FileError::from_json(&e))?;
        serde_json::from_str(&inner).map_err(|e| FileError::from_json(&e))?
    } else {
        serde_json::from_str(raw).map_err(|e| FileError::from_json(&e))?
    };
    serde_json::to_string_pretty(&value).map_err(|e| FileError::from_json(&e))
}
