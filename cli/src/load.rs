//! Reading files from disk on several threads: each thread pulls the next file (or range of a zip
//! archive's entries), loads it into its own batch (or searches it: `search.rs`), and the batches
//! are merged into one store at the end.
//!
//! A zip archive (its first bytes a zip's, its last bytes a central directory) is read by
//! positioned reads, entry by entry (`zip_parts.rs`), its entries within the cap in all; a tar or
//! tar.gz in order, its members in batches for every thread (`tar_stream.rs`). Any other
//! file is read only as far as the cap allows, as the app reads one: a file of at most the cap is
//! read whole (at most the cap and one byte, should it grow while read) and decoded at once; a
//! larger one goes through a [`Decoder`] told its size, slice by slice, so that plain text or a
//! zip archive whose directory cannot be found is refused by its size at its first slice, and gzip
//! stops at the cap of its output.

use crate::queue::{on_threads, Queue};
use crate::tar_stream::{self, OpenTar};
use crate::walk::{self, Walked};
use crate::zip_parts::{self, OpenZip};
use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use trailscope_core::decode::{Decoded, Decoder, MAX_CAP};
use trailscope_core::formats::extract::file_text_read;
use trailscope_core::formats::source::SourceFile;
use trailscope_core::ingest::{TarMembers, ZipEntries};
use trailscope_core::{Batch, Dataset, FileError, Ingest, IngestOptions};

/// Bytes read at a time from a file larger than the cap.
const SLICE: usize = 1 << 20;

/// What a thread loads next: a file, a range of the entries of a zip archive read in parts, or
/// a batch of the members of a tar file read in order.
enum Work<'a> {
    File(u32, &'a Path),
    ZipEntries(Arc<OpenZip>, ZipEntries),
    TarMembers(Arc<OpenTar>, TarMembers),
}

/// Loads every file below `paths` into one store, using `threads` threads; also gives the files
/// read, file `i` being origin `i` of the store's files (to re-read them).
pub fn load_paths(paths: &[PathBuf], options: IngestOptions, threads: usize) -> (Dataset, Vec<PathBuf>) {
    let Walked { files, failures } = walk::walk(paths);
    let work = files
        .iter()
        .enumerate()
        .map(|(origin, path)| Work::File(origin as u32, path));
    let load = |ingest: &mut Ingest, work: Work<'_>, queue: &Queue<Work<'_>>| match work {
        Work::File(origin, path) => load_file(ingest, origin, path, threads, queue),
        Work::ZipEntries(zip, part) => zip_parts::load_entries(ingest, &zip, &part),
        Work::TarMembers(tar, batch) => tar_stream::load_members(ingest, &tar, &batch),
    };
    let mut batches: Vec<Batch> = on_threads(work, threads, || Ingest::new(options), load)
        .into_iter()
        .map(Ingest::finish)
        .collect();
    batches.push(Batch {
        files_read: failures.len() as u64,
        failures,
        ..Batch::default()
    });
    (Dataset::from_batches(batches), files)
}

/// What reading one file gave.
pub enum Contents {
    /// The whole file, at most the cap.
    Whole(Vec<u8>),
    /// The file decoded as it was read, or why it was refused.
    Decoded(Result<Decoded, FileError>),
}

impl Contents {
    /// The file decoded (a whole file is decoded at once, as [`Ingest::add_bytes`] does).
    pub fn decode(self, cap: u64) -> Result<Decoded, FileError> {
        match self {
            Contents::Whole(bytes) => Decoder::decode_all(&bytes, cap),
            Contents::Decoded(decoded) => decoded,
        }
    }
}

/// Loads one file: a zip archive by its entries, which it queues for the threads, a tar file in
/// order, queueing batches of its members, any other file whole.
fn load_file<'a>(ingest: &mut Ingest, origin: u32, path: &Path, threads: usize, queue: &Queue<Work<'a>>) {
    let name = path.display().to_string();
    let cap = ingest.options().max_decompressed;
    let contents = open_regular(path).and_then(|(file, meta)| {
        match zip_parts::open(ingest, file, meta.len(), origin, &name, threads) {
            Ok(parts) => {
                queue.push_front(parts.into_iter().map(|(zip, part)| Work::ZipEntries(zip, part)));
                Ok(None)
            }
            Err(file) => {
                let hand_out = |tar, batch| queue.push_front(std::iter::once(Work::TarMembers(tar, batch)));
                match tar_stream::load(ingest, file, (meta.len(), origin, &name), threads, &hand_out) {
                    Ok(()) => Ok(None),
                    Err(file) => read_opened(file, &meta, cap).map(Some),
                }
            }
        }
    });
    match contents {
        Ok(Some(Contents::Whole(bytes))) => ingest.add_bytes(origin, &name, &bytes),
        Ok(Some(Contents::Decoded(decoded))) => ingest.add_decoded(origin, &name, decoded),
        Ok(None) => {}
        Err(reason) => ingest.add_unreadable(&name, reason),
    }
}

/// Reads the file at `path` no further than `cap` allows (see the module's doc); the error is
/// why it could not be read.
pub fn read(path: &Path, cap: u64) -> Result<Contents, String> {
    open_regular(path).and_then(|(file, meta)| read_opened(file, &meta, cap))
}

/// The decoded text of `file` (a file, or an entry inside archives), re-read from its top-level
/// file at `path`: an entry of a zip archive from its own bytes, not the whole archive.
pub fn text_of(path: &Path, file: &SourceFile, cap: u64) -> Result<Vec<u8>, String> {
    let (opened, meta) = open_regular(path)?;
    let mut read = |range| zip_parts::read_range(&opened, range);
    file_text_read(file, meta.len(), &mut read, cap).map_err(|e| e.to_string())
}

/// Opens the file at `path`, which must (still) be a regular file.
pub fn open_regular(path: &Path) -> Result<(File, Metadata), String> {
    let file = open(path).map_err(|e| e.to_string())?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    // The walk saw a regular file; this is the file opened, should the path have changed since.
    if !meta.is_file() {
        return Err(walk::not_regular(meta.file_type()));
    }
    Ok((file, meta))
}

/// Reads an opened file no further than `cap` allows.
fn read_opened(file: File, meta: &Metadata, cap: u64) -> Result<Contents, String> {
    let cap = cap.min(MAX_CAP);
    if meta.len() > cap {
        return decode_in_slices(file, meta.len(), cap)
            .map(Contents::Decoded)
            .map_err(|e| e.to_string());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(cap + 1).read_to_end(&mut bytes).map_err(|e| e.to_string())?;
    if bytes.len() as u64 > cap {
        return Ok(Contents::Decoded(Err(FileError::TooLarge { cap })));
    }
    Ok(Contents::Whole(bytes))
}

/// Opens a file for reading without waiting: should the path have become a FIFO since the walk,
/// opening it must not block until a writer comes.
fn open(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Decodes a file of `size` bytes (as it was opened) read in slices, no further than its first
/// failure nor past `size`.
fn decode_in_slices(file: File, size: u64, cap: u64) -> io::Result<Result<Decoded, FileError>> {
    let mut decoder = Decoder::new(cap).with_input_size(size);
    let mut file = file.take(size);
    let mut slice = vec![0; SLICE];
    while !decoder.has_failed() {
        let read = match file.read(&mut slice) {
            Ok(0) => break,
            Ok(read) => read,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        decoder.push(&slice[..read]);
    }
    Ok(decoder.finish())
}
