//! A zip archive read by positioned reads instead of held whole: its central directory is found
//! from its last bytes and read once, then each entry is read from its own byte range and
//! decoded exactly as [`super::for_each_entry`] decodes it, on whichever thread takes it, all
//! within one [`ArchiveCap`].

use super::directory::{self, DirectorySpan, Entry};
use super::{decode, holds_a_file};
use crate::decode::archive::ArchiveCap;
use crate::decode::Decoded;
use crate::error::FileError;
use std::ops::Range;

/// The central directory of a zip archive read in parts, and the allowance its entries share.
pub struct ZipIndex {
    entries: Vec<Entry>,
    archive_len: u64,
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

    /// The archive's entries as its central directory (the bytes `span` gave) lists them, sharing
    /// an allowance of `cap` bytes; an error when the directory is damaged or lists no file.
    pub fn new(directory: &[u8], span: &DirectorySpan, archive_len: u64, cap: u64) -> Result<Self, FileError> {
        let entries = directory::entries_of(directory, span)?;
        holds_a_file(&entries)?;
        Ok(ZipIndex {
            entries,
            archive_len,
            cap: ArchiveCap::new(cap),
        })
    }

    /// How many entries the directory lists, folders included (indices run below it).
    pub fn entry_count(&self) -> u32 {
        self.entries.len() as u32
    }

    /// The entries' names, in directory order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|entry| entry.name.as_str())
    }

    /// Where entry `index`'s local header lies (its fixed part, to read first), or `None` when
    /// the entry is a folder, which is not read.
    pub fn local_header(&self, index: u32) -> Option<Range<u64>> {
        let entry = self.entries.get(index as usize).filter(|entry| !entry.is_dir())?;
        Some(entry.local_header(self.archive_len))
    }

    /// Where entry `index`'s stored bytes lie, from its local header's fixed part.
    pub fn data_range(&self, index: u32, header: &[u8]) -> Result<Range<u64>, FileError> {
        self.entries[index as usize].data_range(header, self.archive_len)
    }

    /// Entry `index`'s name, and the entry decoded from its stored bytes (or why they could not
    /// be read) within the archive's allowance: `None` once that is spent.
    pub(crate) fn decode(
        &self,
        index: u32,
        data: Result<&[u8], FileError>,
    ) -> Option<(&str, Result<Decoded, FileError>)> {
        let entry = &self.entries[index as usize];
        decode(entry, data, &self.cap).map(|decoded| (entry.name.as_str(), decoded))
    }

    /// The allowance the archive's entries share.
    pub(crate) fn cap(&self) -> &ArchiveCap {
        &self.cap
    }
}
