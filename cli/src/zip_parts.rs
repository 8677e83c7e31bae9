//! A top-level zip archive read by positioned reads instead of whole: its central directory is
//! found from its last bytes and read once, then its entries are handed to the threads in
//! parts, each part's bytes read at once, so that the archive is never held in memory and its
//! entries are decoded on all cores (see `trailscope_core::decode::zip::ZipIndex`).

use std::fs::File;
use std::io;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use trailscope_core::ingest::{ZipEntries, ZipLoad, ZipOpening};
use trailscope_core::{FileError, Ingest};

/// Parts handed to the threads per thread, so that they finish together.
const PARTS_PER_THREAD: usize = 8;
/// The most entries in one part: a part is read by one thread.
const MAX_PART_ENTRIES: usize = 64;
/// About the most stored bytes in one part, read at once.
const MAX_PART_BYTES: u64 = 4 << 20;

/// Parts of an open archive's entries, each loaded by one thread.
pub type Parts = Vec<(Arc<OpenZip>, ZipEntries)>;

/// An open zip archive whose entries are being loaded.
pub struct OpenZip {
    file: File,
    load: ZipLoad,
    /// Parts not yet loaded: the thread that loads the last one ends the archive.
    parts_left: AtomicUsize,
}

/// Opens `file` (`len` bytes, the caller's file `origin` at `path`) as a zip archive read in
/// parts (see `Ingest::open_zip`); gives its entries in parts for the threads (none when its
/// directory failed, which is recorded). The file back when it is not such an archive, to be
/// read whole.
pub fn open(ingest: &mut Ingest, file: File, len: u64, origin: u32, path: &str, threads: usize) -> Result<Parts, File> {
    let load = match ingest.open_zip(origin, path, len, &mut |range| read_range(&file, range)) {
        ZipOpening::Whole => return Err(file),
        ZipOpening::Failed => return Ok(Vec::new()),
        ZipOpening::Open(load) => load,
    };
    let per_part = load
        .file_count()
        .div_ceil(threads.max(1) * PARTS_PER_THREAD)
        .clamp(1, MAX_PART_ENTRIES);
    let parts = load.parts(per_part, MAX_PART_BYTES);
    let zip = Arc::new(OpenZip {
        file,
        load,
        parts_left: AtomicUsize::new(parts.len()),
    });
    Ok(parts.into_iter().map(|part| (zip.clone(), part)).collect())
}

/// Loads the entries of `part`, read at once; ends the archive after its last part.
pub fn load_entries(ingest: &mut Ingest, zip: &OpenZip, part: &ZipEntries) {
    ingest.add_zip_entries(part, zip.load.cap(), &mut |range| read_range(&zip.file, range));
    if zip.parts_left.fetch_sub(1, Ordering::AcqRel) == 1 {
        ingest.finish_zip(&zip.load);
    }
}

/// The bytes of `range` in the file, read where they lie.
pub fn read_range(file: &File, range: Range<u64>) -> Result<Vec<u8>, FileError> {
    let mut bytes = vec![0; (range.end - range.start) as usize];
    read_exact_at(file, &mut bytes, range.start).map_err(unreadable)?;
    Ok(bytes)
}

fn unreadable(error: io::Error) -> FileError {
    FileError::Unreadable(error.to_string())
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
