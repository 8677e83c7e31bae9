//! The worker pool: the worker that owns the store (and answers the UI) hands jobs of files to
//! helper workers started from the same script, one per spare core. A helper reads its files into
//! a [`Batch`] with the same decoder and ingest as the owner and sends it back postcard-encoded in
//! a transferred buffer; the owner merges every batch once at the end of the load
//! (`Dataset::merge_all`), so the dataset does not depend on who read which file. A search in
//! every field is split the same way: a helper re-reads a job's files and answers each file's
//! matching event indexes (see `search`).
//!
//! This module holds what does not touch the browser (the jobs, their wire format, reading a
//! job's files into a batch or searching them); `browser::helper_pool` starts the helpers, reads their files and carries
//! the messages.

use super::loading::Queued;
use serde::{Deserialize, Serialize};
use trailscope_core::decode::Decoded;
use trailscope_core::search::plan::{Hits, Part};
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
        JobRequest {
            load: self.load,
            files: self.files.iter().map(|f| (f.origin, f.path.clone(), f.size)).collect(),
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
    /// Searches the job, reading file `i` (by its position among the handles) with `read`.
    pub fn run(&self, read: &mut dyn FnMut(usize) -> Result<Vec<u8>, String>) -> SearchJobResult {
        let mut hits = Hits::default();
        let mut top = |origin| match self.origins.iter().position(|&o| o == origin) {
            Some(i) => read(i),
            None => Err(format!("file {origin} was not sent with the job")),
        };
        hits.search(&self.parts, &Needle::new(&self.text), &mut top);
        SearchJobResult {
            search: self.search,
            files: self.origins.len() as u64,
            hits,
        }
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
}

/// A job as it travels to a helper (the `File`s go beside it, in the same order).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobRequest {
    /// See [`Job::load`].
    pub load: u32,
    /// Origin index, path and size of each file.
    pub files: Vec<(u32, String, u64)>,
    /// See [`Job::hash_files`].
    pub hash_files: bool,
}

impl JobRequest {
    /// The options to read the job with, the same as the owner's.
    pub fn options(&self) -> IngestOptions {
        IngestOptions {
            hash_files: self.hash_files,
            ..IngestOptions::default()
        }
    }
}

/// A helper's answer to a [`JobRequest`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JobResult {
    /// See [`Job::load`].
    pub load: u32,
    /// Files read (failed ones included).
    pub files: u64,
    /// Their bytes.
    pub bytes: u64,
    /// What they held.
    pub batch: Batch,
}

/// Collects a job's files into one batch, exactly as the owner reads its own files.
pub struct JobIngest {
    ingest: Ingest,
    bytes: u64,
    files: u64,
}

impl JobIngest {
    /// An empty job read with `options`.
    pub fn new(options: IngestOptions) -> Self {
        JobIngest {
            ingest: Ingest::new(options),
            bytes: 0,
            files: 0,
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

    /// The job's answer.
    pub fn finish(self, load: u32) -> JobResult {
        let batch = self.ingest.finish();
        JobResult {
            load,
            files: self.files,
            bytes: self.bytes,
            batch,
        }
    }
}
