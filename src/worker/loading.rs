//! One load: the files still to read, the events parsed so far and the progress reported.
//!
//! A load runs in steps of a few tens of milliseconds (see `runtime`), so a Cancel or a query
//! waits at most one step (or one large file). Batches cut every [`BATCH_MS`] (so that progress
//! counts events) and the helpers' are folded into one as they come; it is merged into the store
//! only at the end, so the store (and every answer the UI holds) changes once per load.

use super::source::FileSource;
use super::tar_reads::OpenTars;
use super::zip_parts::OpenZips;
use crate::protocol::Progress;
use std::collections::{HashMap, VecDeque};
use trailscope_core::dataset::projected_rows;
use trailscope_core::integrity::wants_file_hashes;
use trailscope_core::{Batch, Dataset, Ingest, IngestOptions};

mod archives;
mod jobs;
pub use archives::{ArchivePart, ArchiveSpent, QueuedPart};

/// Longest a step reads files before yielding to the worker's message queue.
pub const STEP_MS: f64 = 40.0;
/// Shortest interval between two progress reports.
pub const PROGRESS_MS: f64 = 100.0;
/// How often the open batch is closed and folded in, to count its events.
pub const BATCH_MS: f64 = 250.0;

/// A file waiting to be read.
pub struct Queued<H> {
    /// The file's origin index.
    pub origin: u32,
    /// The path shown for it.
    pub path: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its handle.
    pub handle: H,
    /// Set when this is a part of a zip archive read in parts rather than a whole file (its
    /// size is then the part's stored bytes).
    pub part: Option<QueuedPart>,
}

/// Most compressed bytes in one job handed to a helper (unless one file is larger): large enough
/// that messages and batches stay few, small enough that the last jobs end together.
pub const JOB_BYTES: u64 = 1 << 20;
/// Most compressed bytes read ahead of the file parsed, so that large files are not all held.
pub const READ_AHEAD_BYTES: u64 = 16 << 20;

/// Most files in one job.
pub const JOB_FILES: usize = 64;

/// Most batches of a tar's members waiting before the owner loads one itself rather than read
/// on: enough to keep the helpers fed between two steps, few enough to hold little.
const TAR_BATCHES_WAITING: usize = 4;

/// Most bytes the worker's heap may hold before a load stops reading: a 10M-event trail holds
/// about 1.45 GiB, the merge adds under a tenth, and wasm32 addresses 4 GiB at most.
pub const HELD_LIMIT: u64 = 2 << 30;

/// What the worker's heap holds, and the most a load may make it hold.
pub struct HeldMemory {
    /// Bytes held now (`browser::held_memory` in the browser).
    pub held: Box<dyn Fn() -> u64>,
    /// Past this, the load stops: the files read are merged, the rest left unread.
    pub limit: u64,
}

/// What a finished load hands back to the worker.
pub struct Finished {
    /// The final progress.
    pub progress: Progress,
    /// Milliseconds from start to merged store.
    pub elapsed_ms: u64,
    /// Whether files were left unread.
    pub cancelled: bool,
    /// Whether they were left unread because memory was full.
    pub memory_full: bool,
}

/// A load in progress.
pub struct Load<H> {
    queue: VecDeque<Queued<H>>,
    /// Files this worker is reading ahead (taken from the queue, so no helper gets them).
    ahead: VecDeque<Queued<H>>,
    /// The options every file of the load is read with (by this worker and the helpers).
    options: IngestOptions,
    ingest: Ingest,
    /// Everything read so far, the batches folded in as they came.
    read: Batch,
    progress: Progress,
    started: f64,
    last_progress: f64,
    last_batch: f64,
    cancelled: bool,
    /// Reading stopped because the worker's heap held its limit.
    memory_full: bool,
    /// Jobs handed to helpers and not yet back.
    outstanding: usize,
    /// The UI said more files of this load follow.
    more_coming: bool,
    /// Zip archives read in parts.
    zips: OpenZips,
    /// Tar files read in order, a slice a step.
    tars: OpenTars<H>,
    /// Batches of their members waiting to be loaded (here or by a helper).
    tar_batches: VecDeque<Queued<H>>,
}

impl<H: Clone> Load<H> {
    /// An empty load starting at `now` (ms).
    pub fn new(now: f64) -> Self {
        Load {
            queue: VecDeque::new(),
            ahead: VecDeque::new(),
            options: IngestOptions::default(),
            ingest: Ingest::new(IngestOptions::default()),
            read: Batch::default(),
            progress: Progress::default(),
            started: now,
            last_progress: now,
            last_batch: now,
            cancelled: false,
            memory_full: false,
            outstanding: 0,
            more_coming: false,
            zips: OpenZips::default(),
            tars: OpenTars::default(),
            tar_batches: VecDeque::new(),
        }
    }

    /// Queues files given as (origin, path, handle), a large zip archive as its parts.
    pub fn add<S: FileSource<Handle = H>>(&mut self, source: &S, files: Vec<(u32, String, H)>) {
        if !self.options.hash_files && wants_file_hashes(files.iter().map(|(_, path, _)| path.as_str())) {
            // Digests are coming: hash every file from here on (files already read were not).
            self.options.hash_files = true;
            self.cut_batch(self.last_batch);
        }
        for (origin, path, handle) in files {
            let size = source.size(&handle);
            self.progress.files_total += 1;
            self.progress.bytes_total += size;
            match self.zips.open(&mut self.ingest, source, (&handle, origin, &path, size)) {
                Some(parts) if parts.is_empty() => {
                    self.progress.files_done += 1;
                    self.progress.bytes_read += size;
                }
                Some(parts) => self.queue.extend(parts.into_iter().map(|entries| Queued {
                    origin,
                    path: path.clone(),
                    size: entries.part.stored_bytes(),
                    handle: handle.clone(),
                    part: Some(QueuedPart {
                        part: ArchivePart::Zip(entries),
                        lent: 0,
                    }),
                })),
                None => match self.tars.open(&self.ingest, source, (handle, origin, &path, size)) {
                    Ok(()) => {}
                    Err(handle) => self.queue.push_back(Queued {
                        origin,
                        path,
                        size,
                        handle,
                        part: None,
                    }),
                },
            }
        }
        // Largest first (stably), so that small files come last and every core stays busy.
        self.queue.make_contiguous().sort_by_key(|f| std::cmp::Reverse(f.size));
    }

    /// The options files are read with: hashing is on once a path looks like a digest.
    pub fn options(&self) -> IngestOptions {
        self.options
    }

    /// Notes whether more files of this load are still to come from the UI.
    pub fn expect_more(&mut self, more: bool) {
        self.more_coming = more;
    }

    /// Whether nothing is left to read here or in helpers, and no file is still to come: the
    /// load can be merged.
    pub fn is_done(&self) -> bool {
        !self.has_work() && self.outstanding == 0 && !self.more_coming
    }

    /// Stops before the next file.
    pub fn cancel(&mut self) {
        self.cancelled = true;
    }

    /// Stops before the next file if the worker's heap holds more than its limit.
    pub fn stop_if_memory_full(&mut self, memory: &HeldMemory) {
        if !self.cancelled && (memory.held)() > memory.limit {
            self.memory_full = true;
            self.cancelled = true;
        }
    }

    /// Whether a step has files to read.
    pub fn has_work(&self) -> bool {
        !self.cancelled && (self.has_queued() || !self.ahead.is_empty() || self.tars.is_reading())
    }

    /// Whether files are queued that no one has started reading.
    pub fn has_queued(&self) -> bool {
        !self.cancelled && (!self.queue.is_empty() || !self.tar_batches.is_empty())
    }

    /// Reads files for about [`STEP_MS`], keeping each read file's handle in `handles` by origin
    /// and posting progress through `out`. Returns whether another step should follow at once:
    /// not when files remain but the next one is still being read in the background (the source
    /// wakes the worker when it is in).
    pub fn step<S: FileSource<Handle = H>>(
        &mut self,
        source: &S,
        handles: &mut HashMap<u32, H>,
        clock: &dyn Fn() -> f64,
        memory: &HeldMemory,
        out: &mut dyn FnMut(Progress),
    ) -> bool {
        let step_start = clock();
        let depth = source.read_ahead().max(1);
        while self.has_work() {
            // A tar is read on while few of its batches wait, else the owner loads one too.
            let reading = self.tar_batches.len() < TAR_BATCHES_WAITING && self.read_tar(source, handles);
            let waiting = if reading { None } else { self.tar_batches.pop_front() };
            let loading = waiting.is_some();
            if let Some(batch) = waiting {
                self.load_part(source, batch, handles);
            }
            if reading || loading {
                self.stop_if_memory_full(memory);
                // Batches just read are offered to the helpers (between steps) before any is
                // loaded here.
                if !self.after_file(step_start, clock, out) || (reading && !self.tar_batches.is_empty()) {
                    break;
                }
                continue;
            }
            // Refilled when half is parsed, so that the files asked for make one group read.
            if self.ahead.len() <= depth / 2 {
                let before = self.ahead.len();
                let mut bytes: u64 = self.ahead.iter().map(|f| f.size).sum();
                while self.ahead.len() < depth && (self.ahead.is_empty() || bytes < READ_AHEAD_BYTES) {
                    let Some(file) = self.queue.pop_front() else { break };
                    bytes += file.size;
                    self.ahead.push_back(file);
                }
                if depth > 1 && self.ahead.len() > before {
                    // A zip archive's parts are read as they are loaded, not whole in advance.
                    let fresh: Vec<(&H, u32)> = (self.ahead.iter().skip(before))
                        .filter(|f| f.part.is_none())
                        .map(|f| (&f.handle, f.origin))
                        .collect();
                    source.prefetch(&fresh);
                }
            }
            if !self.ahead.front().is_some_and(|f| source.ready(f.origin)) {
                return false;
            }
            let Some(file) = self.ahead.pop_front() else { break };
            if file.part.is_some() {
                self.load_part(source, file, handles);
                self.stop_if_memory_full(memory);
                if !self.after_file(step_start, clock, out) {
                    break;
                }
                continue;
            }
            let bytes_before = self.progress.bytes_read;
            let cap = self.ingest.options().max_decompressed;
            let (progress, last, started) = (&mut self.progress, &mut self.last_progress, self.started);
            let decoded = match source.decode_fetched(file.origin, cap) {
                Some(decoded) => decoded,
                None => source.decode(&file.handle, cap, &mut |n| {
                    progress.bytes_read += n;
                    report(progress, last, started, clock(), out);
                }),
            };
            match decoded {
                Ok(decoded) => self.ingest.add_decoded(file.origin, &file.path, decoded),
                Err(error) => self.ingest.add_unreadable(&file.path, error),
            }
            handles.insert(file.origin, file.handle);
            self.progress.files_done += 1;
            self.progress.bytes_read = bytes_before + file.size;
            self.stop_if_memory_full(memory);
            if !self.after_file(step_start, clock, out) {
                break;
            }
        }
        self.has_work()
    }

    /// Cuts the batch and reports progress when due after a file or part; whether the step may
    /// read another.
    fn after_file(&mut self, step_start: f64, clock: &dyn Fn() -> f64, out: &mut dyn FnMut(Progress)) -> bool {
        let now = clock();
        if now - self.last_batch >= BATCH_MS {
            self.cut_batch(now);
        }
        report(&mut self.progress, &mut self.last_progress, self.started, now, out);
        now - step_start < STEP_MS
    }

    fn cut_batch(&mut self, now: f64) {
        let ingest = std::mem::replace(&mut self.ingest, Ingest::new(self.options));
        let batch = ingest.finish();
        self.progress.events += batch.rows.columns.len() as u64;
        self.read.absorb(batch, self.expected_events());
        self.last_batch = now;
    }

    /// The events the whole load will hold, from those read so far per byte read: what was read
    /// is folded into columns grown once to about their final size.
    pub(super) fn expected_events(&self) -> usize {
        let p = &self.progress;
        projected_rows(p.events, p.bytes_read, p.bytes_total)
    }

    /// Merges what was read into `data`, sorting once.
    pub fn finish(mut self, data: &mut Dataset, now: f64) -> Finished {
        // A load cancelled with nothing to read (a drop of which nothing was chosen) left it all.
        let left_unread = !(self.queue.is_empty() && self.ahead.is_empty() && self.tar_batches.is_empty())
            || self.tars.is_reading()
            || self.progress.files_total == 0;
        self.cut_batch(now);
        data.merge(self.read);
        self.progress.mb_per_s = speed(self.progress.bytes_read, self.started, now);
        Finished {
            progress: self.progress,
            elapsed_ms: (now - self.started).max(0.0) as u64,
            cancelled: self.cancelled && !self.memory_full && left_unread,
            memory_full: self.memory_full && left_unread,
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
