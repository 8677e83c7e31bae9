//! Reading zip archives: each entry is decoded (gzip, nested zip, plain) and handed on by name,
//! so that it is reported as `archive.zip/entry/path` like any file.
//!
//! The central directory is read here (`directory.rs`) rather than by a zip library, whose index
//! by name keeps one of two entries of the same name. What an archive inflates is capped in all
//! ([`ArchiveCap`]), so a directory that lists one large entry thousands of times, or archives
//! nested in archives, cannot multiply the per-file cap.

mod directory;

use super::deflate::{inflate_in_one_call, OneCall};
use super::gzip::GzipDecoder;
use super::{Decoded, Decoder, MAX_CAP};
use crate::error::{FileError, CHANGED};
use directory::Entry;
use std::cell::Cell;

/// Deflate's largest ratio of output to input (258 bytes from about two bits): a declared size
/// beyond it is a lie, and is not allocated.
const MAX_DEFLATE_RATIO: u64 = 1032;

/// What one archive, the archives inside it included, may still inflate. The per-file cap bounds
/// each entry, and the same cap bounds all of them together: an entry counts what reading it
/// inflated (its bytes, or its gzip's text when larger), even when it then fails (damaged, or
/// past the cap), since that work was done. An entry that declares more than is left is not
/// inflated at all.
pub struct ArchiveCap {
    cap: u64,
    left: Cell<u64>,
    exceeded: Cell<bool>,
}

impl ArchiveCap {
    /// A fresh allowance of `cap` bytes (clamped to [`MAX_CAP`]) for one top-level archive.
    pub fn new(cap: u64) -> Self {
        let cap = cap.min(MAX_CAP);
        ArchiveCap {
            cap,
            left: Cell::new(cap),
            exceeded: Cell::new(false),
        }
    }

    /// Whether reading stopped because the archive's entries together went past the cap.
    pub fn exceeded(&self) -> bool {
        self.exceeded.get()
    }

    /// The per-file cap, also the archive's cap in all.
    pub fn cap(&self) -> u64 {
        self.cap
    }

    /// Reads and decodes one entry: `None` once the archive's allowance is spent.
    fn read(&self, archive: &[u8], entry: &Entry) -> Option<Result<Decoded, FileError>> {
        let allowance = self.cap.min(self.left.get());
        if entry.size > self.cap {
            return Some(Err(FileError::TooLarge { cap: self.cap }));
        }
        if entry.size > allowance {
            return self.stop();
        }
        let bytes = match inflate(archive, entry, allowance) {
            Inflated::Bytes(bytes) => bytes,
            Inflated::PastLimit => return self.past(allowance),
            Inflated::Damaged(error, produced) => {
                self.spend(produced);
                return Some(Err(error));
            }
        };
        let read = bytes.len() as u64;
        match Decoder::decode_owned(bytes, allowance) {
            (Err(FileError::TooLarge { .. }), _) => self.past(allowance),
            (decoded, inflated) => {
                self.spend(read.max(inflated));
                Some(decoded)
            }
        }
    }

    /// Counts `bytes` more inflated (never more than is left: reading is limited to that).
    fn spend(&self, bytes: u64) {
        self.left.set(self.left.get().saturating_sub(bytes));
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
        self.exceeded.set(true);
        None
    }
}

/// Calls `visit(entry_index, entry_name, decoded_entry)` for each file entry of the archive, in
/// directory order, within `cap` (shared with the archives around and inside this one). An entry
/// that cannot be read is handed to `visit` as its error; an archive that holds no file, or
/// whose directory is damaged, fails as a whole.
pub fn for_each_entry(
    archive: &[u8],
    cap: &ArchiveCap,
    mut visit: impl FnMut(u32, &str, Result<Decoded, FileError>),
) -> Result<(), FileError> {
    let entries = directory::entries(archive)?;
    if entries.iter().all(Entry::is_dir) {
        return Err(FileError::EmptyArchive);
    }
    for (index, entry) in entries.iter().enumerate() {
        if entry.is_dir() {
            continue;
        }
        if cap.exceeded() {
            break;
        }
        match cap.read(archive, entry) {
            Some(decoded) => visit(index as u32, &entry.name, decoded),
            None => break,
        }
    }
    Ok(())
}

/// The names of the archive's entries, read from its central directory without inflating any.
pub fn entry_names(archive: &[u8]) -> Result<Vec<String>, FileError> {
    Ok(directory::entries(archive)?
        .into_iter()
        .map(|entry| entry.name)
        .collect())
}

/// The bytes of entry `index`, for re-reading one event from an archive.
pub fn entry_bytes(archive: &[u8], index: u32, cap: u64) -> Result<Vec<u8>, FileError> {
    let entries = directory::entries(archive)?;
    let entry = entries
        .get(index as usize)
        .ok_or_else(|| FileError::CorruptZip(CHANGED.into()))?;
    let cap = cap.min(MAX_CAP);
    if entry.size > cap {
        return Err(FileError::TooLarge { cap });
    }
    match inflate(archive, entry, cap) {
        Inflated::Bytes(bytes) => Ok(bytes),
        Inflated::PastLimit => Err(FileError::TooLarge { cap }),
        Inflated::Damaged(error, _) => Err(error),
    }
}

/// What inflating one entry gave.
enum Inflated {
    /// Its bytes, checked against its CRC32 and declared size.
    Bytes(Vec<u8>),
    /// It would inflate past the limit; reading stopped there.
    PastLimit,
    /// It cannot be read; the bytes inflated before that was clear (work done all the same).
    Damaged(FileError, u64),
}

/// Inflates the entry, up to `limit` bytes.
fn inflate(archive: &[u8], entry: &Entry, limit: u64) -> Inflated {
    if entry.encrypted {
        return Inflated::Damaged(FileError::CorruptZip("an encrypted entry, which is not read".into()), 0);
    }
    let data = match entry.data(archive) {
        Ok(data) => data,
        Err(error) => return Inflated::Damaged(error, 0),
    };
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let bytes = match entry.method {
        0 if data.len() > limit => return Inflated::PastLimit,
        0 => data.to_vec(),
        8 => {
            let hint = entry.size.min(entry.compressed.saturating_mul(MAX_DEFLATE_RATIO));
            match inflate_in_one_call(data, limit, usize::try_from(hint).unwrap_or(limit)) {
                OneCall::Inflated(bytes) => bytes,
                OneCall::PastHalf => return streamed(data, entry, limit),
                OneCall::Damaged(produced) => {
                    let damaged = FileError::CorruptZip("an entry's deflate data is damaged".into());
                    return Inflated::Damaged(damaged, produced);
                }
            }
        }
        method => {
            let unread =
                format!("an entry compressed with method {method}, which is not read (only stored and deflate are)");
            return Inflated::Damaged(FileError::CorruptZip(unread), 0);
        }
    };
    checked(bytes, entry)
}

/// The entry's bytes if they match its CRC32 and declared size.
fn checked(bytes: Vec<u8>, entry: &Entry) -> Inflated {
    if bytes.len() as u64 != entry.size || crc32fast::hash(&bytes) != entry.crc {
        let mismatch = FileError::CorruptZip("an entry's CRC32 or size does not match".into());
        return Inflated::Damaged(mismatch, bytes.len() as u64);
    }
    Inflated::Bytes(bytes)
}

/// A gzip member's header with no optional field, for [`streamed`].
const GZIP_MEMBER_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

/// Inflates an entry too large for one call with the streaming gzip reader, which holds `limit`
/// exactly: an entry's deflate data followed by its CRC32 and size is a gzip member's body and
/// trailer.
fn streamed(data: &[u8], entry: &Entry, limit: usize) -> Inflated {
    let hint = usize::try_from(entry.size).unwrap_or(limit).min(limit);
    let mut member = GzipDecoder::new(limit as u64, hint);
    let trailer = [entry.crc.to_le_bytes(), (entry.size as u32).to_le_bytes()].concat();
    let pushed = [&GZIP_MEMBER_HEADER[..], data, &trailer]
        .into_iter()
        .try_for_each(|part| member.push(part));
    let produced = member.inflated();
    match pushed.and_then(|()| member.finish()) {
        Ok(bytes) => checked(bytes, entry),
        Err(FileError::TooLarge { .. }) => Inflated::PastLimit,
        Err(_) => {
            let damaged = "an entry's deflate data is damaged, or its CRC32 or size does not match";
            Inflated::Damaged(FileError::CorruptZip(damaged.into()), produced)
        }
    }
}
