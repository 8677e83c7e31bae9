//! A run of a zip archive's file entries that lie one after another in it, so that a loader (a
//! thread, or a browser helper with no shared memory) reads their local headers and stored bytes
//! with one read and decodes them exactly as the archive held whole decodes them.

use super::decode;
use super::directory::{Entry, LOCAL_LEN};
use crate::decode::archive::ArchiveCap;
use crate::decode::Decoded;
use crate::error::FileError;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::ops::Range;

/// What a local header may add to an entry's stored bytes: its fixed part, a name and an extra
/// field of the longest lengths, and a data descriptor. Entries whose span holds more than this
/// between them lie too far apart to be read at once.
const MOST_PER_ENTRY: u64 = LOCAL_LEN as u64 + 2 * u16::MAX as u64 + 24;

/// Reads a range of the archive's bytes: the loader's port to its file.
pub type ReadRange<'a> = &'a mut dyn FnMut(Range<u64>) -> Result<Vec<u8>, FileError>;

/// File entries of one archive read together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZipPart {
    /// The entries with their index in the directory, in the order they lie in the archive.
    entries: Vec<(u32, Entry)>,
    /// Where their local headers and stored bytes lie, read at once; `None` when they lie too far
    /// apart, and each is read alone.
    span: Option<Range<u64>>,
    archive_len: u64,
}

impl ZipPart {
    /// The part of `entries` (index, entry, where the next local header or the directory starts),
    /// in archive order, in an archive of `archive_len` bytes.
    pub(super) fn new(entries: Vec<(u32, Entry, u64)>, archive_len: u64) -> Self {
        let start = entries.first().map_or(0, |(_, entry, _)| entry.local_header);
        let end = entries.iter().map(|(_, _, next)| *next).max().unwrap_or(start);
        let room = entries
            .iter()
            .map(|(_, entry, _)| entry.compressed.saturating_add(MOST_PER_ENTRY))
            .fold(0u64, u64::saturating_add);
        let span = (end > start && end - start <= room).then_some(start..end.min(archive_len));
        ZipPart {
            entries: entries.into_iter().map(|(index, entry, _)| (index, entry)).collect(),
            span,
            archive_len,
        }
    }

    /// The stored bytes of its entries, for progress.
    pub fn stored_bytes(&self) -> u64 {
        self.entries.iter().map(|(_, entry)| entry.compressed).sum()
    }

    /// Where the part's bytes lie, when they are read at once: a loader may start reading them
    /// before it decodes the part.
    pub fn span(&self) -> Option<Range<u64>> {
        self.span.clone()
    }

    /// Calls `visit(entry_index, entry_name, decoded_entry)` for each entry, reading with `read`
    /// (the span first, then any entry whose bytes lie outside it), within `cap`; stops once the
    /// archive's allowance is spent, before reading anything more.
    pub(crate) fn decode_each(
        &self,
        cap: &ArchiveCap,
        read: ReadRange,
        mut visit: impl FnMut(u32, &str, Result<Decoded, FileError>),
    ) {
        if cap.exceeded() {
            return;
        }
        // A span that cannot be read leaves each entry to be read alone, with its own error.
        let span = self.span.clone().and_then(|span| Some((span.start, read(span).ok()?)));
        for (index, entry) in &self.entries {
            let data = self.stored(entry, span.as_ref(), cap.cap(), read);
            match decode(entry, data.as_deref().map_err(FileError::clone), cap) {
                Some(decoded) => visit(*index, &entry.name, decoded),
                None => return,
            }
        }
    }

    /// The entry's stored bytes: from the span when they lie in it, else read alone (refused
    /// unread when larger than `cap`).
    fn stored<'a>(
        &self,
        entry: &Entry,
        span: Option<&'a (u64, Vec<u8>)>,
        cap: u64,
        read: ReadRange,
    ) -> Result<Cow<'a, [u8]>, FileError> {
        let within = |range: &Range<u64>| {
            let (start, bytes) = span?;
            let from = usize::try_from(range.start.checked_sub(*start)?).ok()?;
            let to = usize::try_from(range.end - start).ok()?;
            bytes.get(from..to).map(Cow::Borrowed)
        };
        let header_range = entry.local_header(self.archive_len);
        let header = match within(&header_range) {
            Some(header) => header,
            None => Cow::Owned(read(header_range)?),
        };
        let data = entry.data_range(&header, self.archive_len)?;
        match within(&data) {
            Some(bytes) => Ok(bytes),
            None if data.end - data.start > cap => Err(FileError::TooLarge { cap }),
            None => read(data).map(Cow::Owned),
        }
    }
}
