//! Reading tar archives held in memory (a `.tar`, or a `.tar.gz` once inflated): each file
//! member is decoded (gzip, nested archive, plain) and handed on by name, so that it is reported
//! as `archive.tar.gz/member/path` like a zip entry.
//!
//! The archive is pushed whole through [`TarSplitter`], which borrows each member's bytes from
//! it. A member is addressed by its index among the archive's entries, as a zip entry is:
//! re-reading walks the headers before it exactly as loading did, so the pax or GNU long-name
//! headers that precede a member apply to it the same way, which a jump to its own header's
//! offset would skip.

use super::archive::{ArchiveCap, Read};
use super::tar_split::{TarFile, TarSplitter};
use super::{Decoded, MAX_CAP};
use crate::error::{FileError, CHANGED};
use std::borrow::Cow;

/// Calls `visit(member_index, member_name, decoded_member)` for each file member, in archive
/// order, within `cap` (shared with the archives around and inside this one). A member that
/// cannot be read is handed to `visit` as its error; a damaged header ends the archive with its
/// error, after the members before it; an archive that holds no file fails as empty.
pub(super) fn for_each_entry(
    archive: &[u8],
    cap: &ArchiveCap,
    mut visit: impl FnMut(u32, &str, Result<Decoded, FileError>),
) -> Result<(), FileError> {
    let mut stopped = false;
    let files = walk(archive, &mut |member| {
        stopped = stopped || cap.exceeded();
        if stopped {
            return;
        }
        let decoded = match member.bytes {
            Err(error) => Some(Err(error)),
            Ok(bytes) => cap.read(bytes.len() as u64, |_| Read::Bytes(bytes)),
        };
        match decoded {
            Some(decoded) => visit(member.index, &member.name, decoded),
            None => stopped = true,
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
    walk(archive, &mut |member| names.push(member.name))?;
    Ok(names)
}

/// The bytes of member `index`, for re-reading one event from an archive.
pub(super) fn entry_bytes(archive: &[u8], index: u32, cap: u64) -> Result<Cow<'_, [u8]>, FileError> {
    let mut found = None;
    let walked = walk(archive, &mut |member| {
        if member.index == index {
            found = Some(member.bytes);
        }
    });
    // Damage after the member does not concern it, as loading read it before that.
    let bytes = match found {
        Some(bytes) => bytes?,
        None => return Err(walked.err().unwrap_or_else(|| FileError::CorruptTar(CHANGED.into()))),
    };
    let cap = cap.min(MAX_CAP);
    if bytes.len() as u64 > cap {
        return Err(FileError::TooLarge { cap });
    }
    Ok(bytes)
}

/// Hands each file member to `each`, its bytes borrowed from the archive; how many there were.
fn walk<'a>(archive: &'a [u8], each: &mut dyn FnMut(TarFile<'a>)) -> Result<u32, FileError> {
    let mut splitter = TarSplitter::new(MAX_CAP);
    splitter.push(archive, each)?;
    splitter.finish(each)
}
