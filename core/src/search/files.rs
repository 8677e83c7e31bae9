//! Searching whole files with no store (the `trailscope search` command): a file's text is made
//! searchable and searched before anything is parsed, and only a text that holds the needle is
//! read for its events' locators and `eventID`s.

use super::{Needle, Searchable};
use crate::decode::archive::{self, ArchiveCap};
use crate::decode::text::Text;
use crate::decode::Decoded;
use crate::error::FileError;
use crate::formats::lenient::Id;
use crate::formats::record::RawEvent;
use crate::formats::{self, Content, EventSink};
use crate::ingest::MAX_ARCHIVE_DEPTH;
use std::ops::Range;

/// An event that holds the needle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The key the store de-duplicates it by ([`Id::dedup_key`]; 0: it has no `eventID`).
    pub key: u64,
    /// Its `eventID` as written (a string's text, a number's literal), if it has one.
    pub id: Option<String>,
}

/// The events of a decoded file (the entries of an archive, and of the archives inside it,
/// included, within `cap` in all as when loading) that hold the needle. What cannot be read is
/// skipped: loading the file says why.
pub fn search_decoded(decoded: Result<Decoded, FileError>, needle: &Needle, cap: u64) -> Vec<Found> {
    let mut found = Vec::new();
    let cap = ArchiveCap::new(cap, archive::stored_len(&decoded));
    walk(decoded, 0, &cap, needle, &mut found);
    found
}

fn walk(decoded: Result<Decoded, FileError>, depth: usize, cap: &ArchiveCap, needle: &Needle, found: &mut Vec<Found>) {
    match decoded {
        Ok(Decoded::Text(bytes) | Decoded::Cut(bytes)) => search_text(&bytes, needle, found),
        Ok(Decoded::Archive(archive)) if depth < MAX_ARCHIVE_DEPTH => {
            // A damaged directory finds nothing, as it loads nothing.
            let _ = archive::for_each_entry(&archive, cap, |_, _, entry| walk(entry, depth + 1, cap, needle, found));
        }
        _ => {}
    }
}

/// Searches one decoded text: it is parsed only when the needle is in it somewhere, decoded
/// once or twice (its shape, which decides how many times, is known only once it is parsed).
fn search_text(bytes: &[u8], needle: &Needle, found: &mut Vec<Found>) {
    let mut searchable = Searchable::new(bytes.to_vec());
    let mut twice = false;
    if !searchable.contains(needle) {
        if !searchable.decode_once_more() || !searchable.contains(needle) {
            return;
        }
        twice = true;
    }
    let Ok(text) = Text::new(bytes) else { return };
    let mut sink = Located::default();
    let Ok(Content::Events(shape)) = formats::read(&text, &mut sink) else {
        return;
    };
    let lookup = shape.escaped();
    if lookup && !twice {
        searchable.decode_once_more();
    } else if !lookup && twice {
        searchable = Searchable::of_shape(bytes.to_vec(), shape);
    }
    let mut order: Vec<usize> = (0..sink.events.len()).collect();
    order.sort_by_key(|&i| sink.events[i].0);
    let locators: Vec<(u32, u32)> = order.iter().map(|&i| sink.events[i].0).collect();
    for hit in searchable.events(needle, &locators) {
        let (_, key, id) = &mut sink.events[order[hit as usize]];
        found.push(Found {
            key: *key,
            id: id.take(),
        });
    }
}

/// Each event's locator, de-duplication key and `eventID`.
#[derive(Default)]
struct Located {
    events: Vec<((u32, u32), u64, Option<String>)>,
}

impl EventSink for Located {
    fn event(&mut self, range: Range<usize>, _json: &str, event: &RawEvent<'_>) {
        let id = match &event.event_id {
            Id::String(id) => Some(id.to_string()),
            Id::Literal(literal) => Some(literal.to_string()),
            Id::None => None,
        };
        let locator = (range.start as u32, range.len() as u32);
        self.events.push((locator, event.event_id.dedup_key(), id));
    }

    fn failure(&mut self, _line: Option<usize>, _error: FileError) {}
}
