//! Reading zip archives: each entry is handed on by name with its bytes, so that the entry is
//! decoded (gzip, nested zip, plain) and reported as `archive.zip/entry/path` like any file.

use crate::error::FileError;
use std::io::{Cursor, Read};

/// Calls `visit(entry_index, entry_name, entry_bytes)` for each file entry of the archive, in
/// archive order. An entry larger than `cap` is reported to `visit` as an error instead of bytes;
/// a damaged archive fails as a whole.
pub fn for_each_entry(
    archive: &[u8],
    cap: u64,
    mut visit: impl FnMut(u32, &str, Result<Vec<u8>, FileError>),
) -> Result<(), FileError> {
    let mut zip = ::zip::ZipArchive::new(Cursor::new(archive)).map_err(|e| FileError::CorruptZip(e.to_string()))?;
    for index in 0..zip.len() {
        let mut entry = match zip.by_index(index) {
            Ok(entry) => entry,
            Err(e) => {
                visit(
                    index as u32,
                    &format!("#{index}"),
                    Err(FileError::CorruptZip(e.to_string())),
                );
                continue;
            }
        };
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().map_or_else(|_| format!("#{index}"), |n| n.to_string());
        let mut bytes = Vec::new();
        let read = (&mut entry).take(cap + 1).read_to_end(&mut bytes);
        let result = match read {
            Err(e) => Err(FileError::CorruptZip(format!("entry cannot be read: {e}"))),
            Ok(_) if bytes.len() as u64 > cap => Err(FileError::TooLarge { cap }),
            Ok(_) => Ok(bytes),
        };
        visit(index as u32, &name, result);
    }
    Ok(())
}

/// The names of the archive's entries, read from its central directory without inflating any.
pub fn entry_names(archive: &[u8]) -> Result<Vec<String>, FileError> {
    let zip = ::zip::ZipArchive::new(Cursor::new(archive)).map_err(|e| FileError::CorruptZip(e.to_string()))?;
    Ok(zip.file_names().filter_map(|n| n.ok().map(|n| n.to_string())).collect())
}

/// The bytes of entry `index`, for re-reading one event from an archive.
pub fn entry_bytes(archive: &[u8], index: u32, cap: u64) -> Result<Vec<u8>, FileError> {
    let mut zip = ::zip::ZipArchive::new(Cursor::new(archive)).map_err(|e| FileError::CorruptZip(e.to_string()))?;
    let entry = zip
        .by_index(index as usize)
        .map_err(|e| FileError::CorruptZip(e.to_string()))?;
    let mut bytes = Vec::new();
    entry
        .take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| FileError::CorruptZip(format!("entry cannot be read: {e}")))?;
    if bytes.len() as u64 > cap {
        return Err(FileError::TooLarge { cap });
    }
    Ok(bytes)
}
