//! Re-reading events' full JSON from their file on demand, so the store never keeps it.

use crate::decode::{zip, Decoded, Decoder};
use crate::error::FileError;
use crate::store::{Shape, SourceFile};

/// The decoded text of `file` (a top-level file or an entry inside archives), from the bytes of
/// its top-level file (`top`).
pub fn file_text(top: &[u8], file: &SourceFile, cap: u64) -> Result<Vec<u8>, FileError> {
    let mut decoded = Decoder::decode_all(top, cap)?;
    for &entry in &file.entries {
        let Decoded::Archive(archive) = decoded else {
            return Err(FileError::CorruptZip("the file changed since it was loaded".into()));
        };
        decoded = Decoder::decode_all(&zip::entry_bytes(&archive, entry, cap)?, cap)?;
    }
    match decoded {
        Decoded::Text(bytes) => Ok(bytes),
        Decoded::Archive(_) => Err(FileError::NotJson),
    }
}

/// One event of a file's decoded text, by the locator the store kept, parsed with its keys in
/// file order (`lookup-events` output unescaped first).
pub fn event_value(text: &[u8], shape: Shape, offset: u32, len: u32) -> Result<serde_json::Value, FileError> {
    let range = offset as usize..offset as usize + len as usize;
    let raw = text
        .get(range)
        .and_then(|b| std::str::from_utf8(b).ok())
        .ok_or_else(|| FileError::NotCloudTrail("the file changed since it was loaded".into()))?;
    if shape == Shape::LookupEvents {
        let inner: String = serde_json::from_str(raw).map_err(|e| FileError::from_json(&e))?;
        serde_json::from_str(&inner).map_err(|e| FileError::from_json(&e))
    } else {
        serde_json::from_str(raw).map_err(|e| FileError::from_json(&e))
    }
}

/// The event's JSON, pretty-printed with its keys in file order, re-read from the bytes of its
/// top-level file (`top`) by the locator the store kept.
pub fn event_json(top: &[u8], file: &SourceFile, offset: u32, len: u32, cap: u64) -> Result<String, FileError> {
    let text = file_text(top, file, cap)?;
    let value = event_value(&text, file.shape, offset, len)?;
    serde_json::to_string_pretty(&value).map_err(|e| FileError::from_json(&e))
}
