//! One load: the files still to read, the events parsed so far and the progress reported.
//!
//! A load runs in steps of a few tens of milliseconds (see `runtime`), so a Cancel or a query
//! waits at most one step (or one large file). Events are collected in batches cut every
//! [`BATCH_MS`] so that progress can count them; the batches are merged into the store only at
//! the end, so the store (and every answer the UI holds) changes once per load.

use super::source::FileSource;
use crate::protocol::Progress;
use std::collections::{HashMap, VecDeque};
use trailscope_core::store::{Batch, Failure};
use trailscope_core::{EventStore, Ingest, IngestOptions};

/// Longest a step reads files before yielding to the worker's message queue.
pub const STEP_MS: f64 = 40.0;
/// Shortest interval between two progress reports.
pub const PROGRESS_MS: f64 = 100.0;
/// How often the open batch is closed to count its events: often enough for a live count, rare
/// enough that merging the batches stays cheap.
pub const BATCH_MS: f64 = 250.0;

/// A file waiting to be read.
struct Queued<H> {
    origin: u32,
    path: String,
    size: u64,
    handle: H,
}

/// What a finished load hands back to the worker.
pub struct Finished {
    /// The final progress.
    pub progress: Progress,
    /// Milliseconds from start to merged store.
    pub elapsed_ms: u64,
    /// Whether files were left unread.
    pub cancelled: bool,
}

/// A load in progress.
pub struct Load<H> {
    queue: VecDeque<Queued<H>>,
    ingest: Ingest,
    batches: Vec<Batch>,
    unreadable: Vec<Failure>,
    progress: Progress,
    started: f64,
    last_progress: f64,
    last_batch: f64,
    cancelled: bool,
}

impl<H> Load<H> {
    /// An empty load starting at `now` (ms).
    pub fn new(now: f64) -> Self {
        Load {
            queue: VecDeque::new(),
            ingest: Ingest::new(IngestOptions::default()),
            batches: Vec::new(),
            unreadable: Vec::new(),
            progress: Progress::default(),
            started: now,
            last_progress: now,
            last_batch: now,
            cancelled: false,
        }
    }

    /// Queues files; file `i` gets origin `base_origin + i`.
    pub fn add<S: FileSource<Handle = H>>(&mut self, source: &S, base_origin: u32, files: Vec<(String, H)>) {
        for (i, (path, handle)) in files.into_iter().enumerate() {
            let size = source.size(&handle);
            self.progress.files_total += 1;
            self.progress.bytes_total += size;
            self.queue.push_back(Queued {
                origin: base_origin.saturating_add(i as u32),
                path,
                size,
                handle,
            });
        }
    }

    /// Stops before the next file.
    pub fn cancel(&mut self) {
        self.cancelled = true;
    }

    /// Whether a step has files to read.
    pub fn has_work(&self) -> bool {
        !self.cancelled && !self.queue.is_empty()
    }

    /// Reads files for about [`STEP_MS`], keeping each read file's handle in `handles` by origin
    /// and posting progress through `out`. Returns whether files remain.
    pub fn step<S: FileSource<Handle = H>>(
        &mut self,
        source: &S,
        handles: &mut HashMap<u32, H>,
        clock: &dyn Fn() -> f64,
        out: &mut dyn FnMut(Progress),
    ) -> bool {
        let step_start = clock();
        while self.has_work() {
            let Some(file) = self.queue.pop_front() else { break };
            let bytes_before = self.progress.bytes_read;
            let cap = self.ingest.options().max_decompressed;
            let (progress, last, started) = (&mut self.progress, &mut self.last_progress, self.started);
            let decoded = source.decode(&file.handle, cap, &mut |n| {
                progress.bytes_read += n;
                report(progress, last, started, clock(), out);
            });
            match decoded {
                Ok(decoded) => self.ingest.add_decoded(file.origin, &file.path, decoded),
                Err(error) => self.unreadable.push(Failure {
                    path: file.path.clone(),
                    error: format!("cannot be read: {error}"),
                }),
            }
            handles.insert(file.origin, file.handle);
            self.progress.files_done += 1;
            self.progress.bytes_read = bytes_before + file.size;
            let now = clock();
            if now - self.last_batch >= BATCH_MS {
                self.cut_batch(now);
            }
            report(&mut self.progress, &mut self.last_progress, self.started, now, out);
            if now - step_start >= STEP_MS {
                break;
            }
        }
        self.has_work()
    }

    fn cut_batch(&mut self, now: f64) {
        let ingest = std::mem::replace(&mut self.ingest, Ingest::new(IngestOptions::default()));
        let batch = ingest.finish();
        self.progress.events += batch.columns.len() as u64;
        self.batches.push(batch);
        self.last_batch = now;
    }

    /// Merges what was read into `store`, sorting once.
    pub fn finish(mut self, store: &mut EventStore, now: f64) -> Finished {
        self.cut_batch(now);
        if let Some(last) = self.batches.last_mut() {
            last.files_read += self.unreadable.len() as u64;
            last.failures.append(&mut self.unreadable);
        }
        store.merge_all(self.batches);
        self.progress.mb_per_s = speed(self.progress.bytes_read, self.started, now);
        Finished {
            progress: self.progress,
            elapsed_ms: (now - self.started).max(0.0) as u64,
            cancelled: self.cancelled && !self.queue.is_empty(),
        }
    }
}

/// Posts progress if the last report is at least [`PROGRESS_MS`] old.
fn report(progress: &mut Progress, last: &mut f64, started: f64, now: f64, out: &mut dyn FnMut(Progress)) {
    if now - *last >= PROGRESS_MS {
        *last = now;
        progress.mb_per_s = speed(progress.bytes_read, started, now);
        out(progress.clone());
    }
}

/// MB (10^6 bytes) per second between `started` and `now`.
fn speed(bytes: u64, started: f64, now: f64) -> f64 {
    let seconds = (now - started) / 1000.0;
    if seconds > 0.0 {
        bytes as f64 / 1e6 / seconds
    } else {
        0.0
    }
}
