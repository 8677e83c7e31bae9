//! Loading a top-level zip archive in parts, each read by the caller from its own byte range
//! (see [`ZipIndex`]), so that the parts can be loaded by several loaders (threads, or browser
//! helpers that share no memory), each into its own [`Ingest`], and are recorded exactly as
//! loading the archive whole records them.

use super::Ingest;
use crate::decode::archive::ArchiveCap;
use crate::decode::zip::{ReadRange, ZipIndex, ZipPart};
use crate::decode::MAX_CAP;
use crate::error::FileError;
use crate::integrity;
use serde::{Deserialize, Serialize};

/// A zip archive opened from its central directory, whose entries are still to be loaded.
pub struct ZipLoad {
    origin: u32,
    path: String,
    index: ZipIndex,
    /// Whether its log files are hashed: always when the archive holds digests.
    hash_files: bool,
}

/// What opening a file as a zip archive read in parts gave.
pub enum ZipOpening {
    /// It is not such an archive: it is read whole.
    Whole,
    /// Its central directory could not be read; that is recorded.
    Failed,
    /// Its entries are to be loaded in parts.
    Open(ZipLoad),
}

/// Some of an open archive's entries, with what a loader needs to record them (it travels to
/// browser helpers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZipEntries {
    /// The archive's origin, as the caller numbers its files.
    pub origin: u32,
    /// The archive's path.
    pub path: String,
    hash_files: bool,
    /// The per-file cap, also the archive's cap in all.
    cap: u64,
    /// The entries and where they lie.
    pub part: ZipPart,
}

impl ZipEntries {
    /// An allowance of `left` bytes for a loader elsewhere to read these entries within.
    pub fn lent_cap(&self, left: u64) -> ArchiveCap {
        ArchiveCap::lent(self.cap, left)
    }
}

impl ZipLoad {
    /// The archive's file entries in parts (see [`ZipIndex::parts`]).
    pub fn parts(&self, max_entries: usize, max_bytes: u64) -> Vec<ZipEntries> {
        let entries = |part| ZipEntries {
            origin: self.origin,
            path: self.path.clone(),
            hash_files: self.hash_files,
            cap: self.index.cap().cap(),
            part,
        };
        self.index
            .parts(max_entries, max_bytes)
            .into_iter()
            .map(entries)
            .collect()
    }

    /// How many file entries the archive holds.
    pub fn file_count(&self) -> usize {
        self.index.file_count()
    }

    /// The allowance the archive's entries share.
    pub fn cap(&self) -> &ArchiveCap {
        self.index.cap()
    }
}

impl Ingest {
    /// Opens the file `path` (the caller's file `origin`, `len` bytes, read with `read`) as a zip
    /// archive read in parts, when its first bytes are a zip's and its last bytes hold a central
    /// directory no larger than the cap.
    pub fn open_zip(&mut self, origin: u32, path: &str, len: u64, read: ReadRange) -> ZipOpening {
        match ZipIndex::open(len, read, self.options.max_decompressed.min(MAX_CAP)) {
            Ok(None) => ZipOpening::Whole,
            Ok(Some(index)) => ZipOpening::Open(ZipLoad {
                origin,
                path: path.to_string(),
                hash_files: self.options.hash_files || integrity::wants_file_hashes(index.names()),
                index,
            }),
            Err(error) => {
                self.fail(path, error);
                ZipOpening::Failed
            }
        }
    }

    /// Loads some of an archive's entries, read with `read`, within `cap` (the archive's own, or
    /// one lent from it); an entry that cannot be read is recorded, and nothing once the
    /// allowance is spent.
    pub fn add_zip_entries(&mut self, entries: &ZipEntries, cap: &ArchiveCap, read: ReadRange) {
        let hashing = self.options.hash_files;
        self.options.hash_files = entries.hash_files;
        entries.part.decode_each(cap, read, |index, name, decoded| {
            let path = format!("{}/{name}", entries.path);
            self.add_at_depth(entries.origin, &path, &[index], decoded, cap);
        });
        self.options.hash_files = hashing;
    }

    /// Ends the archive once every part was loaded (by any of the loaders): records it as too
    /// large if its entries together passed the cap.
    pub fn finish_zip(&mut self, zip: &ZipLoad) {
        let cap = zip.index.cap();
        if cap.exceeded() {
            self.fail(&zip.path, FileError::ArchiveTooLarge { cap: cap.total() });
        }
    }
}
