//! A zip archive's central directory (APPNOTE.TXT 4.3.12–4.3.16, zip64 included) read from the
//! archive's bytes: every entry it lists, in its order, two of the same name included (a zip
//! library's index by name keeps only the last), with the sizes it declares.

use crate::error::FileError;

const END: &[u8; 4] = b"PK\x05\x06";
const END_LEN: usize = 22;
const ZIP64_LOCATOR: &[u8; 4] = b"PK\x06\x07";
const ZIP64_LOCATOR_LEN: usize = 20;
const ZIP64_END: &[u8; 4] = b"PK\x06\x06";
const CENTRAL: &[u8; 4] = b"PK\x01\x02";
const CENTRAL_LEN: usize = 46;
const LOCAL: &[u8; 4] = b"PK\x03\x04";
const LOCAL_LEN: usize = 30;
/// Extra field holding the 64-bit sizes and offset of a zip64 entry.
const ZIP64_EXTRA: u64 = 0x0001;
/// General-purpose flag: the entry is encrypted.
const ENCRYPTED: u64 = 0x0001;
/// A 32-bit field of this value is stored in the zip64 extra field instead.
const IN_ZIP64: u64 = 0xFFFF_FFFF;

/// One entry as the central directory lists it.
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
    local_header: u64,
}

impl Entry {
    /// Folders are listed as entries whose name ends in a slash.
    pub fn is_dir(&self) -> bool {
        self.name.ends_with('/') || self.name.ends_with('\\')
    }

    /// The entry's stored (compressed) bytes, found through its local header.
    pub fn data<'a>(&self, archive: &'a [u8]) -> Result<&'a [u8], FileError> {
        let at = usize::try_from(self.local_header).map_err(|_| outside())?;
        if signature(archive, at) != Some(LOCAL) {
            return Err(FileError::CorruptZip("an entry's local header is missing".into()));
        }
        let start = at + LOCAL_LEN + field(archive, at + 26, 2)? as usize + field(archive, at + 28, 2)? as usize;
        let len = usize::try_from(self.compressed).map_err(|_| outside())?;
        archive.get(start..start.saturating_add(len)).ok_or_else(outside)
    }
}

/// Every entry the archive's central directory lists, in its order; a damaged directory fails
/// the archive as a whole.
pub fn entries(archive: &[u8]) -> Result<Vec<Entry>, FileError> {
    let (start, end, shift) = directory(archive)?;
    let mut entries = Vec::new();
    let mut at = start;
    while at < end {
        if signature(archive, at) != Some(CENTRAL) || at + CENTRAL_LEN > end {
            return Err(FileError::CorruptZip("a damaged central directory".into()));
        }
        let name_len = field(archive, at + 28, 2)? as usize;
        let extra_len = field(archive, at + 30, 2)? as usize;
        let comment_len = field(archive, at + 32, 2)? as usize;
        let name_at = at + CENTRAL_LEN;
        let extra_at = name_at + name_len;
        let next = extra_at + extra_len + comment_len;
        if next > end {
            return Err(FileError::CorruptZip("a damaged central directory".into()));
        }
        let mut sizes = [
            field(archive, at + 24, 4)?,
            field(archive, at + 20, 4)?,
            field(archive, at + 42, 4)?,
        ];
        read_zip64_extra(&archive[extra_at..extra_at + extra_len], &mut sizes);
        let [size, compressed, local_header] = sizes;
        entries.push(Entry {
            name: String::from_utf8_lossy(&archive[name_at..extra_at]).into_owned(),
            method: field(archive, at + 10, 2)?,
            encrypted: field(archive, at + 8, 2)? & ENCRYPTED != 0,
            crc: field(archive, at + 16, 4)? as u32,
            compressed,
            size,
            local_header: local_header.saturating_add(shift),
        });
        at = next;
    }
    Ok(entries)
}

/// The central directory's start and end in `archive`, and how far the whole archive lies
/// shifted from where its offsets say (bytes prepended to it, as in a self-extracting archive).
fn directory(archive: &[u8]) -> Result<(usize, usize, u64), FileError> {
    let earliest = archive.len().saturating_sub(END_LEN + usize::from(u16::MAX));
    let end_at = (earliest..=archive.len().saturating_sub(END_LEN))
        .rev()
        .find(|&at| archive[at..].starts_with(END))
        .ok_or_else(|| FileError::CorruptZip("no end of central directory record".into()))?;
    let mut size = field(archive, end_at + 12, 4)?;
    let mut offset = field(archive, end_at + 16, 4)?;
    let mut directory_end = end_at;
    let locator = end_at.checked_sub(ZIP64_LOCATOR_LEN);
    if let Some(locator) = locator.filter(|&at| archive[at..].starts_with(ZIP64_LOCATOR)) {
        let record = usize::try_from(field(archive, locator + 8, 8)?).map_err(|_| outside())?;
        if signature(archive, record) != Some(ZIP64_END) {
            return Err(FileError::CorruptZip(
                "the zip64 end of central directory record is missing".into(),
            ));
        }
        size = field(archive, record + 40, 8)?;
        offset = field(archive, record + 48, 8)?;
        directory_end = record;
    }
    let start = (directory_end as u64)
        .checked_sub(size)
        .ok_or_else(|| FileError::CorruptZip("the central directory is larger than the archive".into()))?;
    let declared = usize::try_from(offset).ok().and_then(|at| signature(archive, at));
    let shift = if size == 0 || declared == Some(CENTRAL) {
        0
    } else {
        start
            .checked_sub(offset)
            .ok_or_else(|| FileError::CorruptZip("the central directory lies outside the archive".into()))?
    };
    Ok((start as usize, start as usize + size as usize, shift))
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

fn outside() -> FileError {
    FileError::CorruptZip("an entry lies beyond the end of the archive".into())
}
