//! What zip and tar archives share: the allowance one archive, with the archives inside it, may
//! read in all ([`ArchiveCap`]), and walking, listing and re-reading an archive's entries
//! whatever its format, so that loading, searching and re-reading never ask which it is.

use super::{tar, zip, Decoded, Decoder, MAX_CAP};
use crate::error::FileError;
use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// An archive's bytes, with the format [`Decoder`] recognised them as.
#[derive(Debug)]
pub enum Archive {
    /// A zip archive, read through its central directory.
    Zip(Vec<u8>),
    /// A tar archive (ustar, pax, GNU or old style), read header by header.
    Tar(Vec<u8>),
}

/// Calls `visit(entry_index, entry_name, decoded_entry)` for each file entry of the archive, in
/// archive order, within `cap` (shared with the archives around and inside this one). An entry
/// that cannot be read is handed to `visit` as its error; an archive that holds no file, or
/// whose index is damaged, fails (a tar after the members read before the damage).
pub fn for_each_entry(
    archive: &Archive,
    cap: &ArchiveCap,
    visit: impl FnMut(u32, &str, Result<Decoded, FileError>),
) -> Result<(), FileError> {
    match archive {
        Archive::Zip(bytes) => zip::for_each_entry(bytes, cap, visit),
        Archive::Tar(bytes) => tar::for_each_entry(bytes, cap, visit),
    }
}

/// The size of a decoded archive, which its [`ArchiveCap`] is in proportion to (0 for text).
pub fn stored_len(decoded: &Result<Decoded, FileError>) -> u64 {
    match decoded {
        Ok(Decoded::Archive(Archive::Zip(bytes) | Archive::Tar(bytes))) => bytes.len() as u64,
        _ => 0,
    }
}

/// The names of the archive's file entries, read without inflating or copying any.
pub fn entry_names(archive: &Archive) -> Result<Vec<String>, FileError> {
    match archive {
        Archive::Zip(bytes) => zip::entry_names(bytes),
        Archive::Tar(bytes) => tar::entry_names(bytes),
    }
}

/// The bytes of entry `index` (as [`for_each_entry`] numbered it), for re-reading one event:
/// borrowed from the archive when stored as they are.
pub fn entry_bytes(archive: &Archive, index: u32, cap: u64) -> Result<Cow<'_, [u8]>, FileError> {
    match archive {
        Archive::Zip(bytes) => zip::entry_bytes(bytes, index, cap),
        Archive::Tar(bytes) => tar::entry_bytes(bytes, index, cap),
    }
}

/// What reading one entry's bytes gave.
pub(crate) enum Read<'a> {
    /// Its bytes: inflated, or borrowed from the archive when stored as they are.
    Bytes(Cow<'a, [u8]>),
    /// It would read past the limit; reading stopped there.
    PastLimit,
    /// It cannot be read; the bytes inflated before that was clear (work done all the same).
    Damaged(FileError, u64),
}

/// How many times its own size an archive's entries may inflate to in all, when that is more than
/// the per-file cap: a trail's gzip and deflate stay far below it, so that a zip of a whole trail
/// loads, while a directory listing one entry many times goes past it, so that the work stays in
/// proportion to the archive.
pub const ARCHIVE_RATIO: u64 = 32;

/// What one archive, the archives inside it included, may still read. The per-file cap bounds
/// each entry, and the larger of that cap and [`ARCHIVE_RATIO`] times the archive's size bounds
/// all of them together: an entry counts what reading it
/// inflated (its bytes, or its gzip's text when larger), even when it then fails (damaged, or
/// past the cap), since that work was done. An entry that declares more than is left is not
/// read at all. Threads that decode one archive's entries at once share the allowance; an entry
/// reads at most what was left as it started, so they pass the cap by at most what the entries
/// in flight (one a thread) read together.
pub struct ArchiveCap {
    cap: u64,
    total: u64,
    left: AtomicU64,
    exceeded: AtomicBool,
}

impl ArchiveCap {
    /// A fresh allowance for one top-level archive of `archive_len` bytes, each entry within
    /// `cap` (clamped to [`MAX_CAP`]).
    pub fn new(cap: u64, archive_len: u64) -> Self {
        let cap = cap.min(MAX_CAP);
        let total = cap.max(archive_len.saturating_mul(ARCHIVE_RATIO));
        ArchiveCap {
            cap,
            total,
            left: AtomicU64::new(total),
            exceeded: AtomicBool::new(false),
        }
    }

    /// Whether reading stopped because the archive's entries together went past the cap.
    pub fn exceeded(&self) -> bool {
        self.exceeded.load(Ordering::Relaxed)
    }

    /// The per-file cap.
    pub fn cap(&self) -> u64 {
        self.cap
    }

    /// What the archive's entries may inflate to in all.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// What is left of the allowance: lent to a loader that shares no memory with this one.
    pub fn left(&self) -> u64 {
        self.left.load(Ordering::Relaxed)
    }

    /// The allowance `left` of a `cap`-byte archive, lent to a loader elsewhere (see
    /// [`ArchiveCap::left`]): it spends it on its own, and its owner settles what it spent.
    pub fn lent(cap: u64, left: u64) -> Self {
        let cap = cap.min(MAX_CAP);
        ArchiveCap {
            cap,
            total: left,
            left: AtomicU64::new(left),
            exceeded: AtomicBool::new(false),
        }
    }

    /// Counts what a lent allowance spent (`spent` bytes, and whether it stopped at the cap), so
    /// that the loaders together pass the cap by at most the entries in flight.
    pub fn settle(&self, spent: u64, exceeded: bool) {
        self.spend(spent);
        if exceeded {
            self.exceeded.store(true, Ordering::Relaxed);
        }
    }

    /// Reads (with `read`, given the allowance left) and decodes one entry that declares
    /// `declared` bytes: `None` once the archive's allowance is spent.
    pub(crate) fn read<'a>(
        &self,
        declared: u64,
        read: impl FnOnce(u64) -> Read<'a>,
    ) -> Option<Result<Decoded, FileError>> {
        let allowance = self.cap.min(self.left.load(Ordering::Relaxed));
        if declared > self.cap {
            return Some(Err(FileError::TooLarge { cap: self.cap }));
        }
        if declared > allowance {
            return self.stop();
        }
        let bytes = match read(allowance) {
            Read::Bytes(bytes) => bytes,
            Read::PastLimit => return self.past(allowance),
            Read::Damaged(error, produced) => {
                self.spend(produced);
                return Some(Err(error));
            }
        };
        let read = bytes.len() as u64;
        match Decoder::decode_entry(bytes, allowance) {
            (Err(FileError::TooLarge { .. }), _) => self.past(allowance),
            (decoded, inflated) => {
                self.spend(read.max(inflated));
                Some(decoded)
            }
        }
    }

    /// Counts `bytes` more read (never more than is left: reading is limited to that).
    fn spend(&self, bytes: u64) {
        let spent = |left: u64| Some(left.saturating_sub(bytes));
        let _ = self.left.fetch_update(Ordering::Relaxed, Ordering::Relaxed, spent);
    }

    /// An entry went past `allowance`: its own failure when that was the per-file cap, else the
    /// end of the archive.
    fn past(&self, allowance: u64) -> Option<Result<Decoded, FileError>> {
        self.spend(allowance);
        if allowance == self.cap {
            Some(Err(FileError::TooLarge { cap: self.cap }))
        } else {
            self.stop()
        }
    }

    fn stop(&self) -> Option<Result<Decoded, FileError>> {
        self.exceeded.store(true, Ordering::Relaxed);
        None
    }
}
