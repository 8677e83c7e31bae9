//! Search in every field: which events of a file's decoded text contain a text anywhere in their
//! JSON (`requestParameters`, `responseElements`, `errorMessage`, `userAgent`, …).
//!
//! The store keeps no JSON (decision 0004), so a search re-reads the files: each text is made
//! searchable once ([`Searchable`]), in place, and one SIMD substring search ([`memchr::memmem`])
//! runs over it; each hit is mapped to the event whose locator holds it, and the search skips to
//! that event's end. A file whose text holds no hit needs no parsing at all ([`files`]).
//!
//! What matches, exactly:
//! - **Case**: ASCII letters match either case; the needle is lowercased whole
//!   ([`str::to_lowercase`], the key of [`crate::Dataset::text_hits`]) and the text's ASCII
//!   letters are, so other characters match only as written (`é` finds `é` and not `É`).
//! - **Escapes**: an event's JSON is searched as it reads, its escapes decoded: `\/` is `/`,
//!   `\u00e9` is `é`, `\"` is `"`, `\\` is `\`. A `lookup-events` file holds each event as a
//!   JSON string, so its text is decoded twice: its events read as they would in a Records file.
//!   An escape that is not JSON's stays as written.
//! - **Where**: a hit counts for an event only when it lies wholly inside the event's locator;
//!   text between events (a file's `{"Records":[` wrapper, a lookup item's other keys) or
//!   spanning two events finds nothing.

pub mod files;
pub mod plan;
mod unescape;

use crate::formats::source::Shape;
use memchr::memmem::Finder;
use unescape::{fold_all, unescape, Shift};

/// A text to search for, lowercased once, with its substring finder built once.
pub struct Needle {
    finder: Finder<'static>,
}

impl Needle {
    /// The needle for `text`: its lowercase form (see the module's doc for what matches).
    pub fn new(text: &str) -> Self {
        Needle {
            finder: Finder::new(text.to_lowercase().as_bytes()).into_owned(),
        }
    }

    /// The searched text, lowercased ([`str::to_lowercase`]): the key its hits are kept under.
    pub fn key(&self) -> String {
        String::from_utf8_lossy(self.finder.needle()).into_owned()
    }

    fn len(&self) -> usize {
        self.finder.needle().len()
    }
}

/// A file's decoded text made searchable in place: ASCII letters lowercased and escapes decoded
/// (once, or twice for `lookup-events` output), with how each decoding moved the bytes so that
/// the events' locators (offsets in the text as decoded from the file) still find them.
pub struct Searchable {
    text: Vec<u8>,
    /// Per decoding, in order, where it shortened its input.
    levels: Vec<Vec<Shift>>,
}

impl Searchable {
    /// `text` lowercased and with its escapes decoded once (the prefilter of [`files`], before
    /// the text's shape is known).
    pub fn new(mut text: Vec<u8>) -> Self {
        text.make_ascii_lowercase();
        if !text.is_ascii() {
            fold_all(&mut text);
        }
        let mut searchable = Searchable {
            text,
            levels: Vec::new(),
        };
        searchable.decode_once_more();
        searchable
    }

    /// `text` made searchable as the events of a file of `shape` read.
    pub fn of_shape(text: Vec<u8>, shape: Shape) -> Self {
        let mut searchable = Searchable::new(text);
        if shape.escaped() {
            searchable.decode_once_more();
        }
        searchable
    }

    /// Decodes the escapes left by the last decoding; `false` when there were none (the text is
    /// unchanged).
    pub fn decode_once_more(&mut self) -> bool {
        let shifts = unescape(&mut self.text);
        let changed = !shifts.is_empty();
        self.levels.push(shifts);
        changed
    }

    /// Whether the needle is anywhere in the text, events or not.
    pub fn contains(&self, needle: &Needle) -> bool {
        needle.len() > 0 && needle.finder.find(&self.text).is_some()
    }

    /// The indexes (ascending) of the `events` that contain the needle; `events` are locators
    /// (offset, length) into the text as decoded from the file, sorted by offset and disjoint.
    /// An empty needle finds nothing.
    pub fn events(&self, needle: &Needle, events: &[(u32, u32)]) -> Vec<u32> {
        let mut found = Vec::new();
        let n = needle.len();
        if n == 0 {
            return found;
        }
        let spans: Vec<(usize, usize)> = events
            .iter()
            .map(|&(offset, len)| (self.position(offset), self.position(offset.saturating_add(len))))
            .collect();
        let (mut at, mut next) = (0, 0);
        while let Some(hit) = self.text.get(at..).and_then(|rest| needle.finder.find(rest)) {
            let hit = at + hit;
            while spans.get(next).is_some_and(|&(_, end)| end < hit + n) && spans[next].0 <= hit {
                next += 1;
            }
            let Some(&(start, end)) = spans.get(next) else { break };
            // Past the loop above, an event that starts at or before the hit holds it whole.
            if hit < start {
                at = start;
            } else {
                found.push(next as u32);
                at = end;
                next += 1;
            }
        }
        found
    }

    /// Where byte `offset` of the text as decoded from the file now is.
    fn position(&self, offset: u32) -> usize {
        let mut at = offset as usize;
        for shifts in &self.levels {
            let before = shifts.partition_point(|s| s.at as usize <= at);
            if let Some(shift) = before.checked_sub(1).map(|i| shifts[i]) {
                at -= shift.shrunk as usize;
            }
        }
        at.min(self.text.len())
    }
}

#[cfg(test)]
mod tests;
