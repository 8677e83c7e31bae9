//! The tar files a load reads in order: the owner opens each dropped tar or tar.gz over 1 MiB
//! from its first bytes (`Ingest::open_tar`) and reads it a slice a step, so that it is never
//! held whole and only each member counts against the per-file cap. Its members come out in
//! batches that the owner and the helpers load alike (a tar.gz can only be inflated in order,
//! its members parsed on every core); the file ends once its last batch is loaded.

use super::loading::{ArchivePart, ArchiveSpent, Queued, QueuedPart};
use super::source::FileSource;
use std::collections::HashMap;
use std::sync::Arc;
use trailscope_core::decode::archive::ArchiveCap;
use trailscope_core::ingest::{TarEnd, TarLoad, TarMembers};
use trailscope_core::Ingest;

/// Smallest file read this way: a smaller tar is read whole, as any small file.
pub const MIN_BYTES: u64 = 1 << 20;
/// The first bytes that tell a tar (or the gzip of one) from any other file.
const HEAD_BYTES: u64 = 4 << 10;
/// Bytes read a step.
const SLICE_BYTES: u64 = 1 << 20;
/// About the most stored bytes of the members loaded together (one helper's job).
const BATCH_BYTES: u64 = 1 << 20;

struct OpenTar<H> {
    /// `None` once read to its end.
    reading: Option<TarLoad>,
    cap: Arc<ArchiveCap>,
    handle: H,
    path: String,
    size: u64,
    /// How far it was read.
    offset: u64,
    /// Its batches handed out and not yet loaded.
    batches_left: usize,
    /// How reading it ended (`None` when it could not be read on: that was its failure).
    end: Option<TarEnd>,
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
pub struct TarStep<H> {
    /// Bytes of the file read.
    pub bytes: u64,
    /// The batches of members it completed, to be loaded by anyone.
    pub batches: Vec<Queued<H>>,
    /// Whether that ended the file (its last batch loaded, or none left).
    pub ended: bool,
}

impl<H: Clone> OpenTars<H> {
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
                let tar = OpenTar {
                    cap: reading.cap(),
                    reading: Some(reading),
                    handle,
                    path: path.to_string(),
                    size,
                    offset: 0,
                    batches_left: 0,
                    end: None,
                };
                self.open.insert(origin, tar);
                Ok(())
            }
            None => Err(handle),
        }
    }

    /// Whether a tar file is still being read.
    pub fn is_reading(&self) -> bool {
        self.open.values().any(|tar| tar.reading.is_some())
    }

    /// Reads the next slice of one tar file, keeping its handle in `handles` (to re-read its
    /// events); a failure to read it on is recorded in `ingest`.
    pub fn step<S: FileSource<Handle = H>>(
        &mut self,
        ingest: &mut Ingest,
        source: &S,
        handles: &mut HashMap<u32, H>,
    ) -> Option<TarStep<H>> {
        let (&origin, tar) = self.open.iter_mut().find(|(_, tar)| tar.reading.is_some())?;
        handles.entry(origin).or_insert_with(|| tar.handle.clone());
        let reading = tar.reading.as_mut()?;
        let end = tar.offset.saturating_add(SLICE_BYTES).min(tar.size);
        let read = source.read_range(&tar.handle, tar.offset..end);
        let bytes = end - tar.offset;
        tar.offset = end;
        let mut batches = match &read {
            Ok(slice) => reading.push(slice),
            Err(_) => Vec::new(),
        };
        if end >= tar.size || read.is_err() {
            let (last, ended) = tar.reading.take()?.end();
            batches.extend(last);
            match read {
                Ok(_) => tar.end = Some(ended),
                // The file could not be read on: that is its failure, and what was read is kept.
                Err(reason) => ingest.add_unreadable(&tar.path, reason),
            }
        }
        tar.batches_left += batches.len();
        let queued = |members: TarMembers| Queued {
            origin,
            path: tar.path.clone(),
            size: members.stored_bytes(),
            handle: tar.handle.clone(),
            part: Some(QueuedPart {
                part: ArchivePart::Tar(members),
                lent: 0,
            }),
        };
        let batches = batches.into_iter().map(queued).collect();
        let ended = self.end_if_loaded(ingest, origin);
        Some(TarStep { bytes, batches, ended })
    }

    /// The allowance of the tar file of `origin`, if it is one being read.
    pub fn cap(&self, origin: u32) -> Option<&ArchiveCap> {
        self.open.get(&origin).map(|tar| &*tar.cap)
    }

    /// Counts what a helper spent of the allowance lent with a batch.
    pub fn settle(&self, spent: &ArchiveSpent) {
        if let Some(cap) = self.cap(spent.origin) {
            cap.settle(spent.spent, spent.exceeded);
        }
    }

    /// A batch of the tar file of `origin` is loaded; whether that ended the file.
    pub fn batch_done(&mut self, ingest: &mut Ingest, origin: u32) -> bool {
        if let Some(tar) = self.open.get_mut(&origin) {
            tar.batches_left = tar.batches_left.saturating_sub(1);
        }
        self.end_if_loaded(ingest, origin)
    }

    /// Ends the file of `origin` once it is read to its end and every batch of it is loaded.
    fn end_if_loaded(&mut self, ingest: &mut Ingest, origin: u32) -> bool {
        let loaded = |tar: &OpenTar<H>| tar.reading.is_none() && tar.batches_left == 0;
        if !self.open.get(&origin).is_some_and(loaded) {
            return false;
        }
        if let Some(end) = self.open.remove(&origin).and_then(|tar| tar.end) {
            ingest.finish_tar(&end);
        }
        true
    }
}
