//! Reading tar archives held in memory (a `.tar`, or a `.tar.gz` once inflated): each file
//! member is decoded (gzip, nested archive, plain) and handed on by name, so that it is reported
//! as `archive.tar.gz/member/path` like a zip entry.
//!
//! The `tar` crate reads the headers (ustar, pax, GNU long names, old style) and says where each
//! member's bytes lie; those bytes are then borrowed from the archive, never copied through a
//! reader. A member is addressed by its index among the archive's entries, as a zip entry is:
//! re-reading walks the headers before it (seeking past their data) exactly as loading did, so
//! the pax or GNU long-name headers that precede a member apply to it the same way, which a jump
//! to its own header's offset would skip.

use super::archive::{ArchiveCap, Read};
use super::{Decoded, MAX_CAP};
use crate::error::{FileError, CHANGED};
use std::borrow::Cow;
use std::io::Cursor;
use std::ops::ControlFlow;

/// One member of the archive that holds bytes of its own.
struct Member<'a> {
    /// Its index among the archive's entries (folders and links counted).
    index: u32,
    /// Its path (a pax or GNU long name when it has one; UTF-8, other bytes replaced).
    name: String,
    /// Its bytes, or why they cannot be read.
    bytes: Result<&'a [u8], FileError>,
}

/// Calls `visit(member_index, member_name, decoded_member)` for each file member, in archive
/// order, within `cap` (shared with the archives around and inside this one). A member that
/// cannot be read is handed to `visit` as its error; a damaged header ends the archive with its
/// error, after the members before it; an archive that holds no file fails as empty.
pub(super) fn for_each_entry(
    archive: &[u8],
    cap: &ArchiveCap,
    mut visit: impl FnMut(u32, &str, Result<Decoded, FileError>),
) -> Result<(), FileError> {
    let mut files = 0;
    walk(archive, |member| {
        files += 1;
        if cap.exceeded() {
            return ControlFlow::Break(());
        }
        let decoded = match member.bytes {
            Err(error) => Some(Err(error)),
            Ok(bytes) => cap.read(bytes.len() as u64, |_| Read::Bytes(Cow::Borrowed(bytes))),
        };
        match decoded {
            Some(decoded) => {
                visit(member.index, &member.name, decoded);
                ControlFlow::Continue(())
            }
            None => ControlFlow::Break(()),
        }
    })?;
    if files == 0 {
        return Err(FileError::EmptyArchive);
    }
    Ok(())
}

/// The names of the archive's file members, read from their headers.
pub(super) fn entry_names(archive: &[u8]) -> Result<Vec<String>, FileError> {
    let mut names = Vec::new();
    walk(archive, |member| {
        names.push(member.name);
        ControlFlow::Continue(())
    })?;
    Ok(names)
}

/// The bytes of member `index`, for re-reading one event from an archive.
pub(super) fn entry_bytes(archive: &[u8], index: u32, cap: u64) -> Result<Cow<'_, [u8]>, FileError> {
    let mut found = None;
    walk(archive, |member| {
        if member.index < index {
            return ControlFlow::Continue(());
        }
        found = (member.index == index).then_some(member.bytes);
        ControlFlow::Break(())
    })?;
    let bytes = found.ok_or_else(|| FileError::CorruptTar(CHANGED.into()))??;
    let cap = cap.min(MAX_CAP);
    if bytes.len() as u64 > cap {
        return Err(FileError::TooLarge { cap });
    }
    Ok(Cow::Borrowed(bytes))
}

/// Hands each member that holds bytes of its own (a file) to `each` until it breaks. Folders,
/// links, devices and pax global headers hold none and are passed over; a header that cannot be
/// read ends the walk with its error.
fn walk<'a>(archive: &'a [u8], mut each: impl FnMut(Member<'a>) -> ControlFlow<()>) -> Result<(), FileError> {
    let mut reader = tar::Archive::new(Cursor::new(archive));
    let entries = reader.entries_with_seek().map_err(damaged_header)?;
    for (index, entry) in entries.enumerate() {
        let entry = entry.map_err(damaged_header)?;
        let kind = entry.header().entry_type();
        let bytes = if kind.is_gnu_sparse() {
            Err(FileError::CorruptTar("a sparse member, which is not read".into()))
        } else if kind.is_file() || kind.is_contiguous() {
            member_bytes(archive, entry.raw_file_position(), entry.size())
        } else {
            continue;
        };
        let member = Member {
            index: index as u32,
            name: String::from_utf8_lossy(&entry.path_bytes()).into_owned(),
            bytes,
        };
        if each(member).is_break() {
            break;
        }
    }
    Ok(())
}

/// The `size` bytes at `at` in the archive, or why they are not all there.
fn member_bytes(archive: &[u8], at: u64, size: u64) -> Result<&[u8], FileError> {
    let start = usize::try_from(at).ok();
    let end = start
        .zip(usize::try_from(size).ok())
        .and_then(|(s, n)| s.checked_add(n));
    match start.zip(end).and_then(|(start, end)| archive.get(start..end)) {
        Some(bytes) => Ok(bytes),
        None => Err(FileError::CorruptTar(
            "the archive ends inside this member (cut short)".into(),
        )),
    }
}

/// The tar crate's reason a header cannot be read (a bad checksum, a number that is not one, a
/// block cut short), in the archive's error.
fn damaged_header(error: std::io::Error) -> FileError {
    FileError::CorruptTar(format!("a member's header cannot be read ({error})"))
}
