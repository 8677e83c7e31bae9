//! A top-level zip archive read by positioned reads instead of whole: its central directory is
//! found from its last bytes and read once, then its entries are handed to the threads in
//! ranges, each entry read from its own bytes, so that the archive is never held in memory and
//! its entries are decoded on all cores (see `trailscope_core::decode::zip::ZipIndex`).

use std::fs::File;
use std::io;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use trailscope_core::decode::zip::{DirectorySpan, ZipIndex};
use trailscope_core::decode::MAX_CAP;
use trailscope_core::ingest::ZipLoad;
use trailscope_core::{FileError, Ingest};

/// A zip archive's first bytes (a local header); an archive read in parts starts with them.
const LOCAL_HEADER_MAGIC: &[u8; 4] = b"PK\x03\x04";
/// Ranges of entries handed to the threads per thread, so that they finish together.
const RANGES_PER_THREAD: usize = 8;
/// The most entries in one range: a range is read by one thread.
const MAX_RANGE: usize = 64;

/// Ranges of an open archive's entries, each loaded by one thread.
pub type EntryRanges = Vec<(Arc<OpenZip>, Range<u32>)>;

/// An open zip archive whose entries are being loaded.
pub struct OpenZip {
    file: File,
    load: ZipLoad,
    /// Entry ranges not yet loaded: the thread that loads the last one ends the archive.
    ranges_left: AtomicUsize,
}

/// Opens `file` (`len` bytes, the caller's file `origin` at `path`) as a zip archive read in
/// parts, when its first bytes are a zip's and its last bytes hold a central directory no
/// larger than the cap; gives its entries in ranges for the threads (none when its directory
/// failed, which is recorded). The file back when it is not such an archive, to be read whole.
pub fn open(
    ingest: &mut Ingest,
    file: File,
    len: u64,
    origin: u32,
    path: &str,
    threads: usize,
) -> Result<EntryRanges, File> {
    let Some(span) = directory_span(&file, len, ingest.options().max_decompressed.min(MAX_CAP)) else {
        return Err(file);
    };
    let directory = match read_range(&file, span.range.clone()) {
        Ok(directory) => directory,
        Err(error) => {
            ingest.add_unreadable(path, error.to_string());
            return Ok(Vec::new());
        }
    };
    let Some(load) = ingest.open_zip(origin, path, &directory, &span, len) else {
        return Ok(Vec::new());
    };
    let count = load.index().entry_count() as usize;
    let per_range = count.div_ceil(threads.max(1) * RANGES_PER_THREAD).clamp(1, MAX_RANGE);
    let ranges: Vec<Range<u32>> = (0..count)
        .step_by(per_range)
        .map(|start| start as u32..(start + per_range).min(count) as u32)
        .collect();
    let zip = Arc::new(OpenZip {
        file,
        load,
        ranges_left: AtomicUsize::new(ranges.len()),
    });
    Ok(ranges.into_iter().map(|range| (zip.clone(), range)).collect())
}

/// Where the central directory of the file lies, when the file starts as a zip archive does and
/// its last bytes say where a directory of at most `cap` bytes lies.
fn directory_span(file: &File, len: u64, cap: u64) -> Option<DirectorySpan> {
    let head = read_range(file, 0..LOCAL_HEADER_MAGIC.len() as u64).ok()?;
    if head != LOCAL_HEADER_MAGIC {
        return None;
    }
    let tail = read_range(file, len.saturating_sub(ZipIndex::TAIL_LEN)..len).ok()?;
    let span = ZipIndex::directory(&tail, len).ok()?;
    (span.range.end - span.range.start <= cap).then_some(span)
}

/// Loads the entries of `range`, each read from its own bytes; ends the archive after its last
/// range.
pub fn load_entries(ingest: &mut Ingest, zip: &OpenZip, range: Range<u32>) {
    let index = zip.load.index();
    let cap = ingest.options().max_decompressed.min(MAX_CAP);
    for entry in range {
        let Some(header) = index.local_header(entry) else {
            continue;
        };
        let data = read_range(&zip.file, header)
            .map_err(unreadable)
            .and_then(|header| index.data_range(entry, &header))
            .and_then(|data| match data.end - data.start {
                stored if stored > cap => Err(FileError::TooLarge { cap }),
                _ => read_range(&zip.file, data).map_err(unreadable),
            });
        match data {
            Ok(bytes) => ingest.add_zip_entry(&zip.load, entry, Ok(&bytes)),
            Err(error) => ingest.add_zip_entry(&zip.load, entry, Err(error)),
        }
    }
    if zip.ranges_left.fetch_sub(1, Ordering::AcqRel) == 1 {
        ingest.finish_zip(&zip.load);
    }
}

fn unreadable(error: io::Error) -> FileError {
    FileError::Unreadable(error.to_string())
}

/// The bytes of `range` in the file, read where they lie.
fn read_range(file: &File, range: Range<u64>) -> io::Result<Vec<u8>> {
    let mut bytes = vec![0; (range.end - range.start) as usize];
    read_exact_at(file, &mut bytes, range.start)?;
    Ok(bytes)
}

#[cfg(unix)]
fn read_exact_at(file: &File, bytes: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, at)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut bytes: &mut [u8], mut at: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !bytes.is_empty() {
        match file.seek_read(bytes, at) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(read) => {
                bytes = &mut bytes[read..];
                at += read as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Elsewhere (the wasm32 check builds), a seek then a read: `&File` is its own cursor.
#[cfg(not(any(unix, windows)))]
fn read_exact_at(mut file: &File, bytes: &mut [u8], at: u64) -> io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    file.seek(SeekFrom::Start(at))?;
    file.read_exact(bytes)
}
