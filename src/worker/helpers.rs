//! The worker pool: the worker that owns the store (and answers the UI) hands jobs of files to
//! helper workers started from the same script, one per spare core. A helper reads its files into
//! a [`Batch`] with the same decoder and ingest as the owner and sends it back postcard-encoded in
//! a transferred buffer; the owner folds it into the load's batch (`Batch::absorb`) and merges
//! that once at the end, so the dataset does not depend on who read which file. A search in
//! every field is split the same way: a helper re-reads a job's files and answers each file's
//! matching event indexes (see `search`).
//!
//! This module holds what does not touch the browser (the jobs, their wire format, reading a
//! job's files into a batch or searching them); `browser::helper_pool` starts the helpers, reads their files and carries
//! the messages.

use super::loading::{ArchivePart, ArchiveSpent, Queued, QueuedPart};
use super::source::re_read_cap;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use trailscope_core::decode::zip::ReadRange;
use trailscope_core::decode::Decoded;
use trailscope_core::ingest::{TarMembers, ZipEntries};
use trailscope_core::search::plan::{Hits, Part, TopFiles};
use trailscope_core::search::Needle;
use trailscope_core::{Batch, FileError, Ingest, IngestOptions};

/// Files for one helper, from load number `load`.
pub struct Job<H> {
    /// The owner's load number, so that an answer about a cleared load is dropped.
    pub load: u32,
    /// The files, with their handles.
    pub files: Vec<Queued<H>>,
    /// Whether the load hashes every file (it holds digests: see `Load::options`).
    pub hash_files: bool,
}

impl<H> Job<H> {
    /// The job as it travels to a helper (its handles go beside it, in the same order).
    pub fn request(&self) -> JobRequest {
        let item = |f: &Queued<H>| match &f.part {
            Some(QueuedPart {
                part: ArchivePart::Zip(entries),
                lent,
            }) => JobItem::ZipEntries {
                entries: entries.clone(),
                lent: *lent,
            },
            Some(QueuedPart {
                part: ArchivePart::Tar(members),
                lent,
            }) => JobItem::TarMembers {
                members: members.clone(),
                lent: *lent,
            },
            None => JobItem::File {
                origin: f.origin,
                path: f.path.clone(),
                size: f.size,
            },
        };
        JobRequest {
            load: self.load,
            items: self.files.iter().map(item).collect(),
            hash_files: self.hash_files,
        }
    }
}

/// Files for one helper to search, from search number `search`.
pub struct SearchJob<H> {
    /// The owner's search number, so that an answer about another search is dropped.
    pub search: u32,
    /// The text to search for.
    pub text: String,
    /// The top-level files, with their handles.
    pub files: Vec<Queued<H>>,
    /// Their parts, grouped by file.
    pub parts: Vec<Part>,
}

impl<H> SearchJob<H> {
    /// The job as it travels to a helper (its handles go beside it, in the same order).
    pub fn request(&self) -> SearchJobRequest {
        SearchJobRequest {
            search: self.search,
            text: self.text.clone(),
            origins: self.files.iter().map(|f| f.origin).collect(),
            parts: self.parts.clone(),
        }
    }
}

/// A search job as it travels to a helper (the `File`s go beside it, in the same order).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchJobRequest {
    /// See [`SearchJob::search`].
    pub search: u32,
    /// See [`SearchJob::text`].
    pub text: String,
    /// The origin of each file, in the order of their handles.
    pub origins: Vec<u32>,
    /// See [`SearchJob::parts`].
    pub parts: Vec<Part>,
}

impl SearchJobRequest {
    /// Searches the job, reading its files from `files`, where the file of "origin" `i` is the
    /// job's `i`th (by the position of its handle).
    pub fn run(&self, files: &mut dyn TopFiles) -> SearchJobResult {
        let mut hits = Hits::default();
        let mut by_origin = ByPosition {
            origins: &self.origins,
            files,
        };
        hits.search(&self.parts, &Needle::new(&self.text), &mut by_origin, re_read_cap());
        SearchJobResult {
            search: self.search,
            files: self.origins.len() as u64,
            hits,
        }
    }
}

/// A job's files, read by their position among its handles, as files read by origin.
struct ByPosition<'a> {
    origins: &'a [u32],
    files: &'a mut dyn TopFiles,
}

impl ByPosition<'_> {
    fn position(&self, origin: u32) -> Result<u32, String> {
        let position = self.origins.iter().position(|&o| o == origin);
        position
            .map(|i| i as u32)
            .ok_or_else(|| format!("file {origin} was not sent with the job"))
    }
}

impl TopFiles for ByPosition<'_> {
    fn len(&mut self, origin: u32) -> Result<u64, String> {
        let i = self.position(origin)?;
        self.files.len(i)
    }

    fn read(&mut self, origin: u32, range: Range<u64>) -> Result<Vec<u8>, String> {
        let i = self.position(origin)?;
        self.files.read(i, range)
    }
}

/// A helper's answer to a [`SearchJobRequest`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SearchJobResult {
    /// See [`SearchJob::search`].
    pub search: u32,
    /// Files searched.
    pub files: u64,
    /// What they held.
    pub hits: Hits,
}

/// What the owner asks of a helper.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum HelperRequest {
    /// Read files into a batch.
    Load(JobRequest),
    /// Search files.
    Search(SearchJobRequest),
}

/// What a helper answers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum HelperAnswer {
    /// To a [`HelperRequest::Load`] (boxed: a batch is far larger than hits).
    Load(Box<JobResult>),
    /// To a [`HelperRequest::Search`].
    Search(SearchJobResult),
}

/// Where the owner sends jobs.
pub trait Helpers<H> {
    /// Whether a helper is ready and short of work.
    fn can_take(&self) -> bool;
    /// Hands a job to a helper that can take it.
    fn send(&mut self, job: Job<H>);
    /// Hands a search job to a helper that can take it.
    fn send_search(&mut self, job: SearchJob<H>);
    /// Nothing is left to do for now: the helpers that worked may let go of the memory their
    /// work grew (a wasm heap never shrinks).
    fn rest(&mut self);
}

/// What a helper reads: a whole file, a part of a zip archive, or a tar's members sent with their
/// bytes (the handle beside either is the archive's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum JobItem {
    /// A whole file.
    File {
        /// Its origin index.
        origin: u32,
        /// Its path.
        path: String,
        /// Its size in bytes.
        size: u64,
    },
    /// A part of a zip archive read in parts.
    ZipEntries {
        /// The part.
        entries: ZipEntries,
        /// What it was lent of the archive's allowance.
        lent: u64,
    },
    /// Members of a tar file read in order by the owner.
    TarMembers {
        /// The members, with their bytes.
        members: TarMembers,
        /// What they were lent of the archive's allowance.
        lent: u64,
    },
}

/// A job as it travels to a helper (the `File`s go beside it, in the same order).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobRequest {
    /// See [`Job::load`].
    pub load: u32,
    /// What to read, in the order of the handles.
    pub items: Vec<JobItem>,
    /// See [`Job::hash_files`].
    pub hash_files: bool,
}

impl JobRequest {
    /// What of each item's file to read as soon as the job arrives.
    pub fn reads(&self) -> Vec<ItemRead> {
        let read = |item: &JobItem| match item {
            JobItem::File { .. } => ItemRead::Whole,
            JobItem::ZipEntries { entries, .. } => entries.part.span().map_or(ItemRead::Nothing, ItemRead::Span),
            JobItem::TarMembers { .. } => ItemRead::Nothing,
        };
        self.items.iter().map(read).collect()
    }

    /// The options to read the job with, the same as the owner's.
    pub fn options(&self) -> IngestOptions {
        IngestOptions {
            hash_files: self.hash_files,
            ..IngestOptions::default()
        }
    }
}

/// What of a job item's file a helper reads as soon as the job arrives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemRead {
    /// The whole file (read with others in one group).
    Whole,
    /// One range: a zip archive's part stored in one span.
    Span(Range<u64>),
    /// Nothing: a zip part read entry by entry, or a tar's members sent with their bytes.
    Nothing,
}

/// A helper's answer to a [`JobRequest`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JobResult {
    /// See [`Job::load`].
    pub load: u32,
    /// Whole files read (failed ones included).
    pub files: u64,
    /// Their bytes, and the stored bytes of the zip parts read.
    pub bytes: u64,
    /// What they held.
    pub batch: Batch,
    /// What each archive's part spent of its lent allowance.
    pub archives: Vec<ArchiveSpent>,
}

/// Collects a job's files into one batch, exactly as the owner reads its own files.
pub struct JobIngest {
    ingest: Ingest,
    bytes: u64,
    files: u64,
    archives: Vec<ArchiveSpent>,
}

impl JobIngest {
    /// An empty job read with `options`.
    pub fn new(options: IngestOptions) -> Self {
        JobIngest {
            ingest: Ingest::new(options),
            bytes: 0,
            files: 0,
            archives: Vec::new(),
        }
    }

    /// The decompressed-size cap to decode with.
    pub fn cap(&self) -> u64 {
        self.ingest.options().max_decompressed
    }

    /// Adds one file of `size` bytes; the outer error is a failure to read it at all.
    pub fn add(&mut self, origin: u32, path: &str, size: u64, decoded: Result<Result<Decoded, FileError>, String>) {
        self.bytes += size;
        self.files += 1;
        match decoded {
            Ok(decoded) => self.ingest.add_decoded(origin, path, decoded),
            Err(error) => self.ingest.add_unreadable(path, error),
        }
    }

    /// Adds a part of a zip archive, read with `read` within the allowance `lent` to it.
    pub fn add_zip_entries(&mut self, entries: &ZipEntries, lent: u64, read: ReadRange) {
        let cap = entries.lent_cap(lent);
        self.ingest.add_zip_entries(entries, &cap, read);
        self.bytes += entries.part.stored_bytes();
        self.archives.push(ArchiveSpent::of(entries.origin, lent, &cap));
    }

    /// Adds a tar's members, within the allowance `lent` to them (their stored bytes are counted
    /// read by the owner, which read the tar).
    pub fn add_tar_members(&mut self, members: &TarMembers, lent: u64) {
        let cap = members.lent_cap(lent);
        self.ingest.add_tar_members(members, &cap);
        self.archives.push(ArchiveSpent::of(members.origin, lent, &cap));
    }

    /// The job's answer.
    pub fn finish(self, load: u32) -> JobResult {
        let batch = self.ingest.finish();
        JobResult {
            load,
            files: self.files,
            bytes: self.bytes,
            batch,
            archives: self.archives,
        }
    }
}
