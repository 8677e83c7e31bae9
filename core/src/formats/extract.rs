//! Re-reading events' full JSON from their file on demand, so the store never keeps it.

use super::redactions::{self, Redaction};
use super::source::{Shape, SourceFile};
use crate::decode::{zip, Decoded, Decoder};
use crate::error::FileError;
use serde::{Deserialize, Serialize};

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

/// One event as a person reads it (the app's detail pane): its JSON and what CloudTrail did not
/// log in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDetail {
    /// The event's JSON, pretty-printed with keys in file order, strings cut at
    /// [`SHOWN_STRING_CHARS`].
    pub json: String,
    /// Its redacted and not-logged fields, in document order.
    pub redactions: Vec<Redaction>,
}

/// Longest string (value or key) [`event_detail`] shows whole, in characters: far beyond any
/// real field (a policy document is at most a few KiB), and short enough for a page to lay out
/// at once.
pub const SHOWN_STRING_CHARS: usize = 10_000;

/// The event of `file` at the locator the store kept (`offset`, `len`), re-read from the bytes of
/// its top-level file (`top`) for a person to read: every string longer than
/// [`SHOWN_STRING_CHARS`] characters is cut there and ends with "… (N more characters not
/// shown)", so that a crafted 10 MB field does not freeze the page that shows it (the JSON is
/// still JSON), and its redactions are listed.
pub fn event_detail(top: &[u8], file: &SourceFile, offset: u32, len: u32, cap: u64) -> Result<EventDetail, FileError> {
    let mut value = event_value(&file_text(top, file, cap)?, file.shape, offset, len)?;
    shorten_strings(&mut value, SHOWN_STRING_CHARS);
    let redactions = redactions::find(&value);
    let json = serde_json::to_string_pretty(&value).map_err(|e| FileError::from_json(&e))?;
    Ok(EventDetail { json, redactions })
}

/// Cuts every string and key longer than `max_chars` characters (see [`event_detail`]).
pub fn shorten_strings(value: &mut serde_json::Value, max_chars: usize) {
    use serde_json::Value;
    match value {
        Value::String(s) => {
            if let Some(short) = shorten(s, max_chars) {
                *s = short;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| shorten_strings(v, max_chars)),
        Value::Object(map) => {
            if map.keys().any(|k| k.len() > max_chars) {
                let old = std::mem::take(map);
                for (key, v) in old {
                    let mut key = shorten(&key, max_chars).unwrap_or(key);
                    while map.contains_key(&key) {
                        key.push('\u{2026}');
                    }
                    map.insert(key, v);
                }
            }
            map.values_mut().for_each(|v| shorten_strings(v, max_chars));
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

fn shorten(s: &str, max_chars: usize) -> Option<String> {
    if s.len() <= max_chars {
        return None;
    }
    let (cut, _) = s.char_indices().nth(max_chars)?;
    let rest = s[cut..].chars().count();
    Some(format!("{}\u{2026} ({rest} more characters not shown)", &s[..cut]))
}
