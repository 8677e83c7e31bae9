//! The tar files a load reads in order: the owner opens each dropped tar or tar.gz over 1 MiB
//! from its first bytes (`Ingest::open_tar`) and reads it a slice a step, loading its members as
//! they complete, so that it is never held whole and only each member counts against the
//! per-file cap. (Its members are not yet handed to the helpers: one worker decodes them.)

use super::source::FileSource;
use std::collections::HashMap;
use trailscope_core::ingest::TarLoad;
use trailscope_core::Ingest;

/// Smallest file read this way: a smaller tar is read whole, as any small file.
pub const MIN_BYTES: u64 = 1 << 20;
/// The first bytes that tell a tar (or the gzip of one) from any other file.
const HEAD_BYTES: u64 = 4 << 10;
/// Bytes read a step.
const SLICE_BYTES: u64 = 1 << 20;
/// About the most stored bytes of the members loaded together.
const BATCH_BYTES: u64 = 1 << 20;

struct OpenTar<H> {
    reading: TarLoad,
    handle: H,
    path: String,
    size: u64,
    /// How far it was read.
    offset: u64,
}

/// The tar files being read, by origin.
pub struct OpenTars<H> {
    open: HashMap<u32, OpenTar<H>>,
}

impl<H> Default for OpenTars<H> {
    fn default() -> Self {
        OpenTars { open: HashMap::new() }
    }
}

/// What a step of a tar file read.
pub struct TarStep {
    /// Bytes of the file read.
    pub bytes: u64,
    /// Whether that was its last slice (it is then ended, and counted as a file read).
    pub ended: bool,
}

impl<H> OpenTars<H> {
    /// Opens the file as a tar read in order when it is one of at least [`MIN_BYTES`]; the handle
    /// back when it is to be read whole.
    pub fn open<S: FileSource<Handle = H>>(
        &mut self,
        ingest: &Ingest,
        source: &S,
        (handle, origin, path, size): (H, u32, &str, u64),
    ) -> Result<(), H> {
        if size < MIN_BYTES {
            return Err(handle);
        }
        let Ok(head) = source.read_range(&handle, 0..HEAD_BYTES.min(size)) else {
            return Err(handle);
        };
        match ingest.open_tar(origin, path, size, &head, BATCH_BYTES) {
            Some(reading) => {
                let path = path.to_string();
                let tar = OpenTar {
                    reading,
                    handle,
                    path,
                    size,
                    offset: 0,
                };
                self.open.insert(origin, tar);
                Ok(())
            }
            None => Err(handle),
        }
    }

    /// Whether a tar file is still being read.
    pub fn is_reading(&self) -> bool {
        !self.open.is_empty()
    }

    /// Reads the next slice of one tar file into `ingest`; after its last, ends it and keeps its
    /// handle in `handles` (to re-read its events).
    pub fn step<S: FileSource<Handle = H>>(
        &mut self,
        ingest: &mut Ingest,
        source: &S,
        handles: &mut HashMap<u32, H>,
    ) -> Option<TarStep> {
        let (&origin, tar) = self.open.iter_mut().next()?;
        let end = tar.offset.saturating_add(SLICE_BYTES).min(tar.size);
        let cap = tar.reading.cap();
        let read = source.read_range(&tar.handle, tar.offset..end);
        let unreadable = read.is_err();
        let step = TarStep {
            bytes: end - tar.offset,
            ended: end >= tar.size || unreadable,
        };
        tar.offset = end;
        match read {
            Ok(bytes) => {
                for batch in tar.reading.push(&bytes) {
                    ingest.add_tar_members(&batch, &cap);
                }
            }
            // The file could not be read on: that is its failure, and what was read is kept.
            Err(reason) => ingest.add_unreadable(&tar.path, reason),
        }
        if step.ended {
            let tar = self.open.remove(&origin)?;
            let (last, ended) = tar.reading.end();
            for batch in last {
                ingest.add_tar_members(&batch, &cap);
            }
            if !unreadable {
                ingest.finish_tar(&ended);
            }
            handles.insert(origin, tar.handle);
        }
        Some(step)
    }
}
