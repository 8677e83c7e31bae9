//! A top-level tar or tar.gz file read in order by the thread that opens it (a tar.gz can only
//! be inflated in order), its members handed to every thread in batches, so that the archive is
//! never held whole and its members are decoded on all cores (see
//! `trailscope_core::ingest::TarLoad`). The reading thread decodes a batch itself whenever the
//! others have enough waiting, so that no more than a few batches are ever held.

use crate::zip_parts::read_range;
use std::fs::File;
use std::io::{self, Read};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use trailscope_core::decode::archive::ArchiveCap;
use trailscope_core::ingest::{TarEnd, TarMembers};
use trailscope_core::Ingest;

/// Smallest file read this way: a smaller tar is read whole, as any small file.
const MIN_BYTES: u64 = 1 << 20;
/// The first bytes that tell a tar (or the gzip of one) from any other file.
const HEAD_BYTES: u64 = 4 << 10;
/// About the most stored bytes in a batch of members.
const BATCH_BYTES: u64 = 4 << 20;
/// Batches waiting for a thread, per thread, past which the reading thread decodes its own.
const WAITING_PER_THREAD: usize = 2;
/// Bytes read at a time.
const SLICE: usize = 1 << 20;

/// A tar file whose members are being loaded.
pub struct OpenTar {
    cap: Arc<ArchiveCap>,
    /// Batches queued that no thread has started.
    waiting: AtomicUsize,
    /// Batches not yet loaded, and the reading itself: whoever ends the last ends the archive.
    left: AtomicUsize,
    /// How reading ended, once it has.
    end: Mutex<Option<TarEnd>>,
}

/// Reads `file` (`len` bytes, the caller's file `origin` at `path`) in order when it is a tar or
/// a tar.gz of at least [`MIN_BYTES`], handing batches of its members to `queue` (or loading them
/// here when enough are waiting); the file back when it is not one, to be read whole.
pub fn load(
    ingest: &mut Ingest,
    mut file: File,
    (len, origin, path): (u64, u32, &str),
    threads: usize,
    queue: &dyn Fn(Arc<OpenTar>, TarMembers),
) -> Result<(), File> {
    if len < MIN_BYTES {
        return Err(file);
    }
    let Ok(head) = read_range(&file, 0..HEAD_BYTES.min(len)) else {
        return Err(file);
    };
    let Some(mut reading) = ingest.open_tar(origin, path, len, &head, BATCH_BYTES) else {
        return Err(file);
    };
    let tar = Arc::new(OpenTar {
        cap: reading.cap(),
        waiting: AtomicUsize::new(0),
        left: AtomicUsize::new(1),
        end: Mutex::new(None),
    });
    let hand_out = |ingest: &mut Ingest, batch: TarMembers| {
        if tar.waiting.load(Ordering::Acquire) >= threads * WAITING_PER_THREAD {
            ingest.add_tar_members(&batch, &tar.cap);
        } else {
            tar.waiting.fetch_add(1, Ordering::AcqRel);
            tar.left.fetch_add(1, Ordering::AcqRel);
            queue(tar.clone(), batch);
        }
    };
    let mut slice = vec![0; SLICE];
    loop {
        let read = match file.read(&mut slice) {
            Ok(0) => break,
            Ok(read) => read,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => {
                ingest.add_unreadable(path, e.to_string());
                break;
            }
        };
        for batch in reading.push(&slice[..read]) {
            hand_out(ingest, batch);
        }
    }
    let (last, end) = reading.end();
    for batch in last {
        hand_out(ingest, batch);
    }
    *tar.end.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(end);
    done(ingest, &tar);
    Ok(())
}

/// Loads a batch of the members of `tar` that a thread took from the queue.
pub fn load_members(ingest: &mut Ingest, tar: &OpenTar, batch: &TarMembers) {
    tar.waiting.fetch_sub(1, Ordering::AcqRel);
    ingest.add_tar_members(batch, &tar.cap);
    done(ingest, tar);
}

/// Counts a batch (or the reading) done; after the last, ends the archive.
fn done(ingest: &mut Ingest, tar: &OpenTar) {
    if tar.left.fetch_sub(1, Ordering::AcqRel) == 1 {
        if let Some(end) = tar.end.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take() {
            ingest.finish_tar(&end);
        }
    }
}
