//! A zip archive read by positioned reads instead of held whole: its central directory is found
//! from its last bytes and read once, then its entries are handed out in parts ([`ZipPart`]),
//! each read at once and decoded exactly as [`super::for_each_entry`] decodes it, by whichever
//! loader takes it, all within one [`ArchiveCap`].

use super::directory::{self, DirectorySpan, Entry};
use super::holds_a_file;
use super::part::{ReadRange, ZipPart};
use crate::decode::archive::ArchiveCap;
use crate::decode::Decoded;
use crate::error::{FileError, CHANGED};

/// A zip archive's first bytes (a local header); an archive read in parts starts with them.
const LOCAL_HEADER_MAGIC: &[u8; 4] = b"PK\x03\x04";

/// The central directory of a zip archive read in parts, and the allowance its entries share.
pub struct ZipIndex {
    entries: Vec<Entry>,
    archive_len: u64,
    /// Where the central directory starts: the last local header's data ends before it.
    directory_start: u64,
    cap: ArchiveCap,
}

impl ZipIndex {
    /// How many of the archive's last bytes [`ZipIndex::directory`] wants (or all, if fewer).
    pub const TAIL_LEN: u64 = directory::TAIL_LEN;

    /// Where the central directory of an archive of `archive_len` bytes lies, read from its last
    /// bytes `tail`; an error when they hold no end of central directory record fit to read.
    pub fn directory(tail: &[u8], archive_len: u64) -> Result<DirectorySpan, FileError> {
        directory::directory(tail, archive_len)
    }

    /// Opens the archive (`len` bytes, read with `read`) from its central directory when its
    /// first bytes are a zip's and its last bytes hold a directory no larger than `cap`: `None`
    /// when it is not such an archive (it is then read whole), an error when its directory
    /// cannot be read.
    pub fn open(len: u64, read: ReadRange, cap: u64) -> Result<Option<Self>, FileError> {
        if read(0..LOCAL_HEADER_MAGIC.len() as u64).ok().as_deref() != Some(LOCAL_HEADER_MAGIC) {
            return Ok(None);
        }
        let tail = read(len.saturating_sub(Self::TAIL_LEN)..len);
        let Some(span) = tail.ok().and_then(|tail| Self::directory(&tail, len).ok()) else {
            return Ok(None);
        };
        if span.range.end - span.range.start > cap {
            return Ok(None);
        }
        let directory = read(span.range.clone())?;
        Self::new(&directory, &span, len, cap).map(Some)
    }

    /// Entry `index` decoded from its own bytes, read with `read` (to re-read one event).
    pub fn read_entry(&self, index: u32, read: ReadRange) -> Result<Decoded, FileError> {
        let entry = self
            .entries
            .get(index as usize)
            .filter(|entry| !entry.is_dir())
            .ok_or_else(|| FileError::CorruptZip(CHANGED.into()))?;
        let part = ZipPart::new(vec![(index, entry.clone(), self.archive_len)], self.archive_len);
        let mut decoded = Err(FileError::CorruptZip(CHANGED.into()));
        let cap = ArchiveCap::new(self.cap.cap(), self.archive_len);
        part.decode_each(&cap, read, |_, _, entry| decoded = entry);
        decoded
    }

    /// The archive's entries as its central directory (the bytes `span` gave) lists them, sharing
    /// an allowance of `cap` bytes; an error when the directory is damaged or lists no file.
    pub fn new(directory: &[u8], span: &DirectorySpan, archive_len: u64, cap: u64) -> Result<Self, FileError> {
        let entries = directory::entries_of(directory, span)?;
        holds_a_file(&entries)?;
        Ok(ZipIndex {
            entries,
            archive_len,
            directory_start: span.range.start,
            cap: ArchiveCap::new(cap, archive_len),
        })
    }

    /// How many file entries the directory lists (folders are not counted).
    pub fn file_count(&self) -> usize {
        self.entries.iter().filter(|entry| !entry.is_dir()).count()
    }

    /// The entries' names, in directory order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|entry| entry.name.as_str())
    }

    /// The archive's file entries in parts of at most `max_entries` entries and about
    /// `max_bytes` stored bytes (at least one entry), each lying together in the archive.
    pub fn parts(&self, max_entries: usize, max_bytes: u64) -> Vec<ZipPart> {
        // Each local header ends where the next one, or the directory, starts.
        let mut starts: Vec<u64> = self.entries.iter().map(|entry| entry.local_header).collect();
        starts.push(self.directory_start);
        starts.sort_unstable();
        starts.dedup();
        let next = |at: u64| {
            let i = starts.partition_point(|&start| start <= at);
            starts.get(i).copied().unwrap_or(self.archive_len)
        };
        let mut files: Vec<(u32, &Entry)> = (0..).zip(&self.entries).filter(|(_, entry)| !entry.is_dir()).collect();
        files.sort_by_key(|(index, entry)| (entry.local_header, *index));
        let mut parts = Vec::new();
        let mut part = Vec::new();
        let mut bytes = 0;
        for (index, entry) in files {
            if !part.is_empty() && (part.len() >= max_entries || bytes >= max_bytes) {
                parts.push(ZipPart::new(std::mem::take(&mut part), self.archive_len));
                bytes = 0;
            }
            bytes += entry.compressed;
            part.push((index, entry.clone(), next(entry.local_header)));
        }
        if !part.is_empty() {
            parts.push(ZipPart::new(part, self.archive_len));
        }
        parts
    }

    /// The allowance the archive's entries share.
    pub fn cap(&self) -> &ArchiveCap {
        &self.cap
    }
}
