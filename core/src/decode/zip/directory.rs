//! A zip archive's central directory (APPNOTE.TXT 4.3.12–4.3.16, zip64 included), found from the
//! archive's last bytes and read from its own, so that an archive held whole and one read by
//! positioned reads are read by the same code: every entry it lists, in its order, two of the same name included (a zip
//! library's index by name keeps only the last), with the sizes it declares.

use crate::error::FileError;
use serde::{Deserialize, Serialize};
use std::ops::Range;

const END: &[u8; 4] = b"PK\x05\x06";
const END_LEN: usize = 22;
const ZIP64_LOCATOR: &[u8; 4] = b"PK\x06\x07";
const ZIP64_LOCATOR_LEN: usize = 20;
const ZIP64_END: &[u8; 4] = b"PK\x06\x06";
const CENTRAL: &[u8; 4] = b"PK\x01\x02";
const CENTRAL_LEN: usize = 46;
const LOCAL: &[u8; 4] = b"PK\x03\x04";
pub(super) const LOCAL_LEN: usize = 30;
const ZIP64_END_LEN: usize = 56;
/// Extra field holding the 64-bit sizes and offset of a zip64 entry.
const ZIP64_EXTRA: u64 = 0x0001;
/// General-purpose flag: the entry is encrypted.
const ENCRYPTED: u64 = 0x0001;
/// A 32-bit field of this value is stored in the zip64 extra field instead.
const IN_ZIP64: u64 = 0xFFFF_FFFF;

/// One entry as the central directory lists it (it travels to browser helpers with a part).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The entry's path in the archive (UTF-8; other bytes replaced).
    pub name: String,
    /// 0 stored, 8 deflate; others are not read.
    pub method: u64,
    /// Whether the entry is encrypted (not read).
    pub encrypted: bool,
    /// CRC32 of the uncompressed bytes.
    pub crc: u32,
    /// Stored size in the archive.
    pub compressed: u64,
    /// Uncompressed size, as declared: checked once inflated.
    pub size: u64,
    /// Where its local header starts, from the archive's first byte.
    pub(super) local_header: u64,
}

impl Entry {
    /// Folders are listed as entries whose name ends in a slash.
    pub fn is_dir(&self) -> bool {
        self.name.ends_with('/') || self.name.ends_with('\\')
    }

    /// Where the fixed part of the entry's local header lies in an archive of `archive_len`
    /// bytes, clipped to it (a header cut short then reads as missing).
    pub fn local_header(&self, archive_len: u64) -> Range<u64> {
        let end = self.local_header.saturating_add(LOCAL_LEN as u64);
        self.local_header.min(archive_len)..end.min(archive_len)
    }

    /// Where the entry's stored (compressed) bytes lie, read from its local header's fixed part
    /// (as [`Entry::local_header`] gave it), whose name and extra field come before them.
    pub fn data_range(&self, header: &[u8], archive_len: u64) -> Result<Range<u64>, FileError> {
        if signature(header, 0) != Some(LOCAL) {
            return Err(FileError::CorruptZip("an entry's local header is missing".into()));
        }
        let start = self.local_header + LOCAL_LEN as u64 + field(header, 26, 2)? + field(header, 28, 2)?;
        let end = start.checked_add(self.compressed).filter(|&end| end <= archive_len);
        end.map(|end| start..end).ok_or_else(outside)
    }

    /// The entry's stored (compressed) bytes in the archive held whole.
    pub fn data<'a>(&self, archive: &'a [u8]) -> Result<&'a [u8], FileError> {
        let len = archive.len() as u64;
        let header = &archive[as_index(self.local_header(len))];
        Ok(&archive[as_index(self.data_range(header, len)?)])
    }
}

/// How many bytes from an archive's end hold its end records: the end of central directory
/// record with the longest comment, the zip64 locator and the zip64 record before it.
pub const TAIL_LEN: u64 = (END_LEN + u16::MAX as usize + ZIP64_LOCATOR_LEN + ZIP64_END_LEN) as u64;

/// Where an archive's central directory lies, as its end records say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectorySpan {
    /// The directory's bytes in the archive.
    pub range: Range<u64>,
    /// How far the whole archive lies shifted from where its offsets say (bytes prepended to
    /// it, as in a self-extracting archive).
    shift: u64,
}

/// Every entry the archive's central directory lists, in its order; a damaged directory fails
/// the archive as a whole.
pub fn entries(archive: &[u8]) -> Result<Vec<Entry>, FileError> {
    let span = directory(archive, archive.len() as u64)?;
    let directory = archive.get(as_index(span.range.clone())).unwrap_or(&[]);
    entries_of(directory, &span)
}

/// Every entry a central directory (the bytes of `span`) lists, in its order.
pub fn entries_of(directory: &[u8], span: &DirectorySpan) -> Result<Vec<Entry>, FileError> {
    let damaged = || FileError::CorruptZip("a damaged central directory".into());
    if directory.len() as u64 != span.range.end - span.range.start {
        return Err(damaged());
    }
    let mut entries = Vec::new();
    let mut at = 0;
    while at < directory.len() {
        if signature(directory, at) != Some(CENTRAL) || at + CENTRAL_LEN > directory.len() {
            return Err(damaged());
        }
        let name_len = field(directory, at + 28, 2)? as usize;
        let extra_len = field(directory, at + 30, 2)? as usize;
        let comment_len = field(directory, at + 32, 2)? as usize;
        let name_at = at + CENTRAL_LEN;
        let extra_at = name_at + name_len;
        let next = extra_at + extra_len + comment_len;
        if next > directory.len() {
            return Err(damaged());
        }
        let mut sizes = [
            field(directory, at + 24, 4)?,
            field(directory, at + 20, 4)?,
            field(directory, at + 42, 4)?,
        ];
        read_zip64_extra(&directory[extra_at..extra_at + extra_len], &mut sizes);
        let [size, compressed, local_header] = sizes;
        entries.push(Entry {
            name: String::from_utf8_lossy(&directory[name_at..extra_at]).into_owned(),
            method: field(directory, at + 10, 2)?,
            encrypted: field(directory, at + 8, 2)? & ENCRYPTED != 0,
            crc: field(directory, at + 16, 4)? as u32,
            compressed,
            size,
            local_header: local_header.saturating_add(span.shift),
        });
        at = next;
    }
    Ok(entries)
}

/// Where the central directory lies in an archive of `archive_len` bytes whose last bytes are
/// `tail` (the whole archive, or at least its last [`TAIL_LEN`] bytes).
pub fn directory(tail: &[u8], archive_len: u64) -> Result<DirectorySpan, FileError> {
    let base = archive_len
        .checked_sub(tail.len() as u64)
        .ok_or_else(|| FileError::CorruptZip("the archive is shorter than its tail".into()))?;
    let earliest = tail.len().saturating_sub(END_LEN + usize::from(u16::MAX));
    let end_at = (earliest..=tail.len().saturating_sub(END_LEN))
        .rev()
        .find(|&at| tail[at..].starts_with(END))
        .ok_or_else(|| FileError::CorruptZip("no end of central directory record".into()))?;
    let mut size = field(tail, end_at + 12, 4)?;
    let mut offset = field(tail, end_at + 16, 4)?;
    let mut directory_end = base + end_at as u64;
    let locator = end_at.checked_sub(ZIP64_LOCATOR_LEN);
    if let Some(locator) = locator.filter(|&at| tail[at..].starts_with(ZIP64_LOCATOR)) {
        let record = field(tail, locator + 8, 8)?;
        let in_tail = record.checked_sub(base).and_then(|at| usize::try_from(at).ok());
        let Some(at) = in_tail.filter(|&at| signature(tail, at) == Some(ZIP64_END)) else {
            return Err(FileError::CorruptZip(
                "the zip64 end of central directory record is missing".into(),
            ));
        };
        size = field(tail, at + 40, 8)?;
        offset = field(tail, at + 48, 8)?;
        directory_end = record;
    }
    let start = directory_end
        .checked_sub(size)
        .ok_or_else(|| FileError::CorruptZip("the central directory is larger than the archive".into()))?;
    let shift = if size == 0 {
        0
    } else {
        start
            .checked_sub(offset)
            .ok_or_else(|| FileError::CorruptZip("the central directory lies outside the archive".into()))?
    };
    Ok(DirectorySpan {
        range: start..start + size,
        shift,
    })
}

/// Replaces the 32-bit uncompressed size, compressed size and local header offset that say
/// "see zip64" with the 64-bit values of the entry's zip64 extra field, which holds only those.
fn read_zip64_extra(mut extra: &[u8], sizes: &mut [u64; 3]) {
    while let (Ok(id), Ok(len)) = (field(extra, 0, 2), field(extra, 2, 2)) {
        let body = extra.get(4..4 + len as usize).unwrap_or(&[]);
        if id == ZIP64_EXTRA {
            let mut at = 0;
            for value in sizes.iter_mut().filter(|v| **v == IN_ZIP64) {
                if let Ok(wide) = field(body, at, 8) {
                    *value = wide;
                    at += 8;
                }
            }
            return;
        }
        extra = extra.get(4 + len as usize..).unwrap_or(&[]);
    }
}

/// The four bytes at `at`, where a record's signature would be.
fn signature(bytes: &[u8], at: usize) -> Option<&[u8]> {
    bytes.get(at..at.saturating_add(4))
}

/// The `len`-byte little-endian number at `at`.
fn field(bytes: &[u8], at: usize, len: usize) -> Result<u64, FileError> {
    bytes
        .get(at..at.saturating_add(len))
        .map(|b| b.iter().rev().fold(0, |n, &byte| n << 8 | u64::from(byte)))
        .ok_or_else(outside)
}

/// A range of an archive held whole (clipped, or checked, to its length before) as indices.
fn as_index(range: Range<u64>) -> Range<usize> {
    range.start as usize..range.end as usize
}

fn outside() -> FileError {
    FileError::CorruptZip("an entry lies beyond the end of the archive".into())
}
