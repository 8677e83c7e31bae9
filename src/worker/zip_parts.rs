//! The zip archives a load reads in parts: the owner opens each large dropped zip from its
//! central directory, queues its entries in parts for itself and the helpers (so that one
//! archive is read on every core, and never held whole), lends each part it hands to a helper
//! what is left of the archive's allowance, settles what the helper spent, and ends the archive
//! after its last part.

use super::loading::ArchiveSpent;
use super::source::FileSource;
use std::collections::HashMap;
use trailscope_core::decode::archive::ArchiveCap;
use trailscope_core::ingest::{ZipEntries, ZipLoad, ZipOpening};
use trailscope_core::{FileError, Ingest};

/// Smallest file opened as a zip in parts: a smaller archive gains nothing from being shared, and
/// the many small files of a trail are not asked for their first bytes.
pub const MIN_BYTES: u64 = 1 << 20;
/// Most entries in one part.
pub const PART_ENTRIES: usize = 512;
/// About the most stored bytes in one part (as a helper's job of files).
pub const PART_BYTES: u64 = 8 << 20;

struct OpenZip {
    load: ZipLoad,
    parts_left: usize,
    /// The archive's bytes outside its parts (its directory), counted read once it ends.
    rest_bytes: u64,
}

/// The archives of one load being read in parts, by origin.
#[derive(Default)]
pub struct OpenZips {
    open: HashMap<u32, OpenZip>,
}

impl OpenZips {
    /// Opens the file as a zip archive read in parts when it is one, giving its parts (none when
    /// its directory failed, which `ingest` records); `None` when it is to be read whole.
    pub fn open<S: FileSource>(
        &mut self,
        ingest: &mut Ingest,
        source: &S,
        file: (&S::Handle, u32, &str, u64),
    ) -> Option<Vec<ZipEntries>> {
        let (handle, origin, path, size) = file;
        if size < MIN_BYTES {
            return None;
        }
        let mut read = |range| source.read_range(handle, range).map_err(FileError::Unreadable);
        let load = match ingest.open_zip(origin, path, size, &mut read) {
            ZipOpening::Whole => return None,
            ZipOpening::Failed => return Some(Vec::new()),
            ZipOpening::Open(load) => load,
        };
        let parts = load.parts(PART_ENTRIES, PART_BYTES);
        let stored: u64 = parts.iter().map(|part| part.part.stored_bytes()).sum();
        self.open.insert(
            origin,
            OpenZip {
                load,
                parts_left: parts.len(),
                rest_bytes: size.saturating_sub(stored),
            },
        );
        Some(parts)
    }

    /// The allowance of the archive of `origin`.
    pub fn cap(&self, origin: u32) -> Option<&ArchiveCap> {
        self.open.get(&origin).map(|zip| zip.load.cap())
    }

    /// Counts what a helper spent of a lent allowance.
    pub fn settle(&self, spent: &ArchiveSpent) {
        if let Some(cap) = self.cap(spent.origin) {
            cap.settle(spent.spent, spent.exceeded);
        }
    }

    /// A part of the archive of `origin` is over; after its last, the archive is ended in
    /// `ingest` and the bytes outside its parts are given, to count it read.
    pub fn part_done(&mut self, ingest: &mut Ingest, origin: u32) -> Option<u64> {
        let zip = self.open.get_mut(&origin)?;
        zip.parts_left = zip.parts_left.saturating_sub(1);
        if zip.parts_left > 0 {
            return None;
        }
        let zip = self.open.remove(&origin)?;
        ingest.finish_zip(&zip.load);
        Some(zip.rest_bytes)
    }
}
