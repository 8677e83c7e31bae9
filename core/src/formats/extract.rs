//! Re-reading events' full JSON from their file on demand, so the store never keeps it.

use super::redactions::{self, Redaction};
use super::shapes;
use super::source::{Shape, SourceFile};
use crate::decode::zip::{ReadRange, ZipIndex};
use crate::decode::{archive, Decoded, Decoder, MAX_CAP};
use crate::error::{FileError, CHANGED};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The decoded text of `file` (a top-level file or an entry inside archives), from the bytes of
/// its top-level file (`top`).
pub fn file_text(top: &[u8], file: &SourceFile, cap: u64) -> Result<Vec<u8>, FileError> {
    text_of(Decoder::decode_all(top, cap)?, &file.entries, cap)
}

/// The decoded text of `file`, its top-level file (`len` bytes) read with `read`: an entry of a
/// zip archive from the archive's directory and its own bytes, so that an event of a large zip
/// is re-read without reading the archive whole; anything else read whole.
pub fn file_text_read(file: &SourceFile, len: u64, read: ReadRange, cap: u64) -> Result<Vec<u8>, FileError> {
    TopFile::new(len, read, cap).text(file)
}

/// One top-level file whose files (itself, or entries inside it) are re-read in turn: a zip
/// archive's entries each from its own bytes, its directory read once; any other file read and
/// decoded once for all of them, so that a tar's thousand members do not inflate it a thousand
/// times.
pub struct TopFile<'r> {
    len: u64,
    read: ReadRange<'r>,
    cap: u64,
    /// The zip archive's directory, once an entry was asked for (`None` inside: not a zip).
    zip: Option<Result<Option<ZipIndex>, FileError>>,
    /// The whole file decoded, once a file not in a zip was asked for.
    whole: Option<Result<Decoded, FileError>>,
}

impl<'r> TopFile<'r> {
    /// The top-level file of `len` bytes, read with `read`, decoded within `cap`.
    pub fn new(len: u64, read: ReadRange<'r>, cap: u64) -> Self {
        TopFile {
            len,
            read,
            cap,
            zip: None,
            whole: None,
        }
    }

    /// The decoded text of `file`, one of this top-level file's.
    pub fn text(&mut self, file: &SourceFile) -> Result<Vec<u8>, FileError> {
        if let Some((&first, inner)) = file.entries.split_first() {
            let (len, cap) = (self.len, self.cap.min(MAX_CAP));
            let read = &mut *self.read;
            match self.zip.get_or_insert_with(|| ZipIndex::open(len, read, cap)) {
                Ok(Some(index)) => return text_of(index.read_entry(first, self.read)?, inner, self.cap),
                Err(error) => return Err(error.clone()),
                Ok(None) => {}
            }
        }
        let (len, cap) = (self.len, self.cap);
        let read = &mut *self.read;
        let decode = || match len > cap {
            // Stored bytes past the cap cannot hold text within it.
            true => Err(FileError::TooLarge { cap }),
            false => read(0..len).and_then(|bytes| Decoder::decode_all(&bytes, cap)),
        };
        let Some((&first, inner)) = file.entries.split_first() else {
            // A file that is no archive is its own only part: its text is handed over, not copied.
            return match self.whole.take().unwrap_or_else(decode)? {
                Decoded::Text(text) | Decoded::Cut(text) => Ok(text),
                Decoded::Archive(_) => Err(FileError::NotJson),
            };
        };
        let whole = self.whole.get_or_insert_with(decode);
        let Decoded::Archive(archive) = whole.as_ref().map_err(Clone::clone)? else {
            return Err(FileError::CorruptZip(CHANGED.into()));
        };
        let entry = Decoder::decode_entry(archive::entry_bytes(archive, first, cap)?, cap).0?;
        text_of(entry, inner, cap)
    }
}

/// The text inside `decoded` along `entries`, an archive's entry index at each level.
fn text_of(mut decoded: Decoded, entries: &[u32], cap: u64) -> Result<Vec<u8>, FileError> {
    for &entry in entries {
        let Decoded::Archive(archive) = decoded else {
            return Err(FileError::CorruptZip(CHANGED.into()));
        };
        decoded = Decoder::decode_entry(archive::entry_bytes(&archive, entry, cap)?, cap).0?;
    }
    match decoded {
        Decoded::Text(bytes) | Decoded::Cut(bytes) => Ok(bytes),
        Decoded::Archive(_) => Err(FileError::NotJson),
    }
}

/// One event of a file's decoded text, by the locator the store kept, parsed with its keys in
/// file order (a JSON string, as `lookup-events` output and CloudWatch Logs messages hold
/// events, unescaped first; a CSV row made into JSON by its header).
pub fn event_value(text: &[u8], shape: Shape, offset: u32, len: u32) -> Result<Value, FileError> {
    let range = offset as usize..offset as usize + len as usize;
    if shape == Shape::Csv {
        return shapes::csv::event_at(text, range);
    }
    let raw = text
        .get(range)
        .and_then(|b| std::str::from_utf8(b).ok())
        .ok_or_else(|| FileError::NotCloudTrail(CHANGED.into()))?;
    // In an escaped shape's file the event is a string literal; an NDJSON file that mixes
    // lookup-events items with plain events gets that shape, and its plain events start with `{`.
    if shape.escaped() && raw.starts_with('"') {
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
    /// The event's JSON, pretty-printed with keys in file order, cut within
    /// [`Shown::EVENT_DETAIL`].
    pub json: String,
    /// Its redacted and not-logged fields, in document order (of the JSON shown).
    pub redactions: Vec<Redaction>,
    /// Where its credentials came from, in one line (see [`crate::lineage::Trace::line`]); left
    /// empty here and filled in by whoever holds the dataset.
    pub credentials: String,
}

/// How much of a JSON value is shown to a person; past these limits it is cut, and the cut says
/// how much was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown {
    /// Longest string (value or key) shown whole, in characters.
    pub string_chars: usize,
    /// Most items of one array, or keys of one object, shown.
    pub items: usize,
    /// About the most bytes of pretty-printed JSON shown: once reached, what follows in every
    /// array and object is cut (one string or number more may pass it).
    pub json_bytes: usize,
}

impl Shown {
    /// The app's detail pane: far beyond any real event (a policy document is at most a few
    /// KiB, a `resources` list a few dozen items), and little enough for a page to lay out at
    /// once.
    pub const EVENT_DETAIL: Shown = Shown {
        string_chars: 10_000,
        items: 1_000,
        json_bytes: 1 << 20,
    };
}

/// The event of `file` at the locator the store kept (`offset`, `len`), re-read from the bytes of
/// its top-level file (`top`) for a person to read, cut by [`cut_for_display`] within
/// [`Shown::EVENT_DETAIL`] so that a crafted 10 MB field or a million-item list does not freeze
/// the page that shows it (the JSON is still JSON), with its redactions listed. An export reads
/// events whole with [`event_value`].
pub fn event_detail(text: &[u8], file: &SourceFile, offset: u32, len: u32) -> Result<EventDetail, FileError> {
    let mut value = event_value(text, file.shape, offset, len)?;
    cut_for_display(&mut value, Shown::EVENT_DETAIL);
    let redactions = redactions::find(&value);
    let json = serde_json::to_string_pretty(&value).map_err(|e| FileError::from_json(&e))?;
    Ok(EventDetail {
        json,
        redactions,
        credentials: String::new(),
    })
}

/// Cuts `value` for a person to read within `shown`, keeping it JSON and saying what was left
/// out where it was: a string longer than `shown.string_chars` ends with "… (N more characters
/// not shown)"; an array cut after `shown.items` items (or where the size ran out) ends with
/// the item "… (N more items not shown)"; an object cut likewise ends with the key "…" whose
/// value is "N more keys not shown". Cut keys that would collide are told apart by a number.
pub fn cut_for_display(value: &mut Value, shown: Shown) {
    let mut budget = shown.json_bytes;
    cut(value, 0, &mut budget, shown);
}

fn cut(value: &mut Value, depth: usize, budget: &mut usize, shown: Shown) {
    // What each value adds to the pretty-printed JSON: its indentation, punctuation and text.
    let line = 2 * depth + 2;
    match value {
        Value::String(s) => {
            if let Some(short) = shorten(s, shown.string_chars) {
                *s = short;
            }
            spend(budget, line + json_len(s));
        }
        Value::Null | Value::Bool(_) => spend(budget, line + 5),
        Value::Number(_) => spend(budget, line + 24),
        Value::Array(items) => {
            spend(budget, line);
            let kept = cut_children(items.iter_mut().map(|item| (0, item)), depth, budget, shown);
            let more = items.len() - kept;
            if more > 0 {
                items.truncate(kept);
                items.push(Value::String(format!("\u{2026} ({more} more items not shown)")));
            }
        }
        Value::Object(map) => {
            spend(budget, line);
            let children = map
                .iter_mut()
                .map(|(key, child)| (json_len(key).min(shown.string_chars * 6), child));
            let kept = cut_children(children, depth, budget, shown);
            let more = map.len() - kept;
            if more > 0 || map.keys().take(kept).any(|k| k.len() > shown.string_chars) {
                let old = std::mem::take(map);
                let mut clash = 1;
                for (key, child) in old.into_iter().take(kept) {
                    let key = shorten(&key, shown.string_chars).unwrap_or(key);
                    insert_apart(map, key, child, &mut clash);
                }
                if more > 0 {
                    let marker = Value::String(format!("{more} more keys not shown"));
                    insert_apart(map, "\u{2026}".to_string(), marker, &mut clash);
                }
            }
        }
    }
}

/// Cuts the children (each with the size of its key) in order while the items and the size
/// allow, and returns how many are kept.
fn cut_children<'v>(
    children: impl Iterator<Item = (usize, &'v mut Value)>,
    depth: usize,
    budget: &mut usize,
    shown: Shown,
) -> usize {
    let mut kept = 0;
    for (key_len, child) in children {
        if kept == shown.items || *budget == 0 {
            break;
        }
        spend(budget, key_len);
        cut(child, depth + 1, budget, shown);
        kept += 1;
    }
    kept
}

fn spend(budget: &mut usize, bytes: usize) {
    *budget = budget.saturating_sub(bytes);
}

/// Length of `s` as a JSON string, quotes and escapes included.
fn json_len(s: &str) -> usize {
    2 + s
        .bytes()
        .map(|b| match b {
            b'"' | b'\\' => 2,
            0..=0x1f => 6,
            _ => 1,
        })
        .sum::<usize>()
}

/// Inserts `key`, or `key (N)` with the next free number when that key is taken.
fn insert_apart(map: &mut serde_json::Map<String, Value>, key: String, value: Value, clash: &mut usize) {
    let mut unique = key.clone();
    while map.contains_key(&unique) {
        *clash += 1;
        unique = format!("{key} ({clash})");
    }
    map.insert(unique, value);
}

fn shorten(s: &str, max_chars: usize) -> Option<String> {
    if s.len() <= max_chars {
        return None;
    }
    let (cut, _) = s.char_indices().nth(max_chars)?;
    let rest = s[cut..].chars().count();
    Some(format!("{}\u{2026} ({rest} more characters not shown)", &s[..cut]))
}
