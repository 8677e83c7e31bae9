//! Reading zip archives: each entry is decoded (gzip, nested zip, plain) and handed on by name,
//! so that it is reported as `archive.zip/entry/path` like any file.
//!
//! The central directory is read here (`directory.rs`) rather than by a zip library, whose index
//! by name keeps one of two entries of the same name. What an archive inflates is capped in all
//! ([`ArchiveCap`]), so a directory that lists one large entry thousands of times, or archives
//! nested in archives, cannot multiply the per-file cap.

mod directory;
mod index;
mod part;

use super::archive::{ArchiveCap, Read};
use super::deflate::{inflate_in_one_call, OneCall};
use super::gzip::{Ending, GzipDecoder};
use super::{Decoded, MAX_CAP};
use crate::error::{FileError, CHANGED};
pub use directory::DirectorySpan;
use directory::Entry;
pub use index::ZipIndex;
pub use part::{ReadRange, ZipPart};
use std::borrow::Cow;

/// Deflate's largest ratio of output to input (258 bytes from about two bits): a declared size
/// beyond it is a lie, and is not allocated.
const MAX_DEFLATE_RATIO: u64 = 1032;

/// Calls `visit(entry_index, entry_name, decoded_entry)` for each file entry of the archive, in
/// directory order, within `cap` (shared with the archives around and inside this one). An entry
/// that cannot be read is handed to `visit` as its error; an archive that holds no file, or
/// whose directory is damaged, fails as a whole.
pub(super) fn for_each_entry(
    archive: &[u8],
    cap: &ArchiveCap,
    mut visit: impl FnMut(u32, &str, Result<Decoded, FileError>),
) -> Result<(), FileError> {
    let entries = directory::entries(archive)?;
    holds_a_file(&entries)?;
    for (index, entry) in entries.iter().enumerate().filter(|(_, entry)| !entry.is_dir()) {
        match decode(entry, entry.data(archive), cap) {
            Some(decoded) => visit(index as u32, &entry.name, decoded),
            None => break,
        }
    }
    Ok(())
}

/// Fails an archive whose directory lists no file (only folders, or nothing).
fn holds_a_file(entries: &[Entry]) -> Result<(), FileError> {
    if entries.iter().all(Entry::is_dir) {
        return Err(FileError::EmptyArchive);
    }
    Ok(())
}

/// Reads and decodes one file entry from its stored bytes within `cap`: `None` once the
/// archive's allowance is spent.
fn decode(entry: &Entry, data: Result<&[u8], FileError>, cap: &ArchiveCap) -> Option<Result<Decoded, FileError>> {
    if cap.exceeded() {
        return None;
    }
    cap.read(entry.size, |allowance| inflate(data, entry, allowance))
}

/// The names of the archive's entries, read from its central directory without inflating any.
pub(super) fn entry_names(archive: &[u8]) -> Result<Vec<String>, FileError> {
    Ok(directory::entries(archive)?
        .into_iter()
        .map(|entry| entry.name)
        .collect())
}

/// The bytes of entry `index`, for re-reading one event from an archive.
pub(super) fn entry_bytes(archive: &[u8], index: u32, cap: u64) -> Result<Cow<'_, [u8]>, FileError> {
    let entries = directory::entries(archive)?;
    let entry = entries
        .get(index as usize)
        .ok_or_else(|| FileError::CorruptZip(CHANGED.into()))?;
    let cap = cap.min(MAX_CAP);
    if entry.size > cap {
        return Err(FileError::TooLarge { cap });
    }
    match inflate(entry.data(archive), entry, cap) {
        Read::Bytes(bytes) => Ok(bytes),
        Read::PastLimit => Err(FileError::TooLarge { cap }),
        Read::Damaged(error, _) => Err(error),
    }
}

/// Inflates the entry from its stored bytes (or why they cannot be had), up to `limit` bytes,
/// checked against its CRC32 and declared size; a stored entry is borrowed from them.
fn inflate<'a>(data: Result<&'a [u8], FileError>, entry: &Entry, limit: u64) -> Read<'a> {
    if entry.encrypted {
        return Read::Damaged(FileError::CorruptZip("an encrypted entry, which is not read".into()), 0);
    }
    let data = match data {
        Ok(data) => data,
        Err(error) => return Read::Damaged(error, 0),
    };
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let bytes = match entry.method {
        0 if data.len() > limit => return Read::PastLimit,
        0 => Cow::Borrowed(data),
        8 => {
            let hint = entry.size.min(entry.compressed.saturating_mul(MAX_DEFLATE_RATIO));
            match inflate_in_one_call(data, limit, usize::try_from(hint).unwrap_or(limit)) {
                OneCall::Inflated(bytes) => Cow::Owned(bytes),
                OneCall::PastHalf => return streamed(data, entry, limit),
                OneCall::Damaged(produced) => {
                    let damaged = FileError::CorruptZip("an entry's deflate data is damaged".into());
                    return Read::Damaged(damaged, produced);
                }
            }
        }
        method => {
            let unread =
                format!("an entry compressed with method {method}, which is not read (only stored and deflate are)");
            return Read::Damaged(FileError::CorruptZip(unread), 0);
        }
    };
    checked(bytes, entry)
}

/// The entry's bytes if they match its CRC32 and declared size.
fn checked<'a>(bytes: Cow<'a, [u8]>, entry: &Entry) -> Read<'a> {
    if bytes.len() as u64 != entry.size || crc32fast::hash(&bytes) != entry.crc {
        let mismatch = FileError::CorruptZip("an entry's CRC32 or size does not match".into());
        return Read::Damaged(mismatch, bytes.len() as u64);
    }
    Read::Bytes(bytes)
}

/// A gzip member's header with no optional field, for [`streamed`].
const GZIP_MEMBER_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

/// Inflates an entry too large for one call with the streaming gzip reader, which holds `limit`
/// exactly: an entry's deflate data followed by its CRC32 and size is a gzip member's body and
/// trailer.
fn streamed<'a>(data: &[u8], entry: &Entry, limit: usize) -> Read<'a> {
    let hint = usize::try_from(entry.size).unwrap_or(limit).min(limit);
    let mut member = GzipDecoder::new(limit as u64, hint);
    let trailer = [entry.crc.to_le_bytes(), (entry.size as u32).to_le_bytes()].concat();
    let pushed = [&GZIP_MEMBER_HEADER[..], data, &trailer]
        .into_iter()
        .try_for_each(|part| member.push(part));
    let produced = member.inflated();
    match pushed.map(|()| member.finish()) {
        Ok(Ending::Whole(bytes)) => checked(Cow::Owned(bytes), entry),
        Err(FileError::TooLarge { .. }) => Read::PastLimit,
        Ok(Ending::Cut(_)) | Err(_) => {
            let damaged = "an entry's deflate data is damaged, or its CRC32 or size does not match";
            Read::Damaged(FileError::CorruptZip(damaged.into()), produced)
        }
    }
}
