//! Which files the command reads: the paths given, folders walked recursively in name order.
//!
//! Symbolic links are followed, since a trail may link to logs kept elsewhere, but each folder is
//! walked once: a link to a folder already walked (the folder itself, a parent, or a second link
//! to one folder) adds nothing and is not listed as a failure, since every file below it is read
//! once. Only regular files are read: a FIFO blocks whoever reads it, a device such as
//! `/dev/zero` never ends, and opening some devices has effects; each such path is listed as a
//! failure saying what it is, and never opened.

use std::collections::HashSet;
use std::fs::{FileType, Metadata};
use std::path::{Path, PathBuf};
use trailscope_core::{Failure, FileError};

/// What a walk found.
pub struct Walked {
    /// Every regular file, in walk order.
    pub files: Vec<PathBuf>,
    /// Paths that could not be walked or are not regular files, with why.
    pub failures: Vec<Failure>,
}

/// Every regular file below the paths, folders walked recursively in name order.
pub fn walk(paths: &[PathBuf]) -> Walked {
    let mut walked = Walked {
        files: Vec::new(),
        failures: Vec::new(),
    };
    let mut folders = HashSet::new();
    let mut stack: Vec<PathBuf> = paths.iter().rev().cloned().collect();
    while let Some(path) = stack.pop() {
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => {
                if !folders.insert(folder_id(&path, &meta)) {
                    continue;
                }
                match std::fs::read_dir(&path) {
                    Ok(entries) => {
                        let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
                        children.sort();
                        stack.extend(children.into_iter().rev());
                    }
                    Err(e) => walked.failures.push(failure(&path, e.to_string())),
                }
            }
            Ok(meta) if meta.is_file() => walked.files.push(path),
            Ok(meta) => walked.failures.push(failure(&path, not_regular(meta.file_type()))),
            Err(e) => walked.failures.push(failure(&path, e.to_string())),
        }
    }
    walked
}

/// A folder's identity whatever path leads to it: its device and inode.
#[cfg(unix)]
fn folder_id(_path: &Path, meta: &Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

/// A folder's identity whatever path leads to it: the path with every link resolved.
#[cfg(not(unix))]
fn folder_id(path: &Path, _meta: &Metadata) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Why a path that is not a regular file is not read, naming what it is.
pub fn not_regular(kind: FileType) -> String {
    format!("{}, not a regular file", what_it_is(kind))
}

#[cfg(unix)]
fn what_it_is(kind: FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn what_it_is(kind: FileType) -> &'static str {
    if kind.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}

/// A path that cannot be read, in the words the app uses for a file it cannot read.
pub fn failure(path: &Path, reason: String) -> Failure {
    Failure {
        path: path.display().to_string(),
        error: FileError::Unreadable(reason).to_string(),
    }
}
