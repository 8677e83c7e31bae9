//! Loading: each top-level file is decoded (recursing into zip and tar archives), its shape
//! read, and its events normalised into rows of a [`Batch`]. Every failure is recorded against
//! the file (or `file:LINE`) and loading goes on with the next.

use crate::dataset::Batch;
use crate::decode::archive::{self, ArchiveCap};
use crate::decode::text::Text;
use crate::decode::{Decoded, Decoder, DEFAULT_MAX_DECOMPRESSED};
use crate::error::{Failure, FileError};
use crate::formats::source::SourceFile;
use crate::formats::{self, Content};
use crate::integrity;
use crate::integrity::hash::{sha256_hex, FileHash};
use crate::lifecycles::table::JobOperations;
use crate::lineage::extract::IssuingOperations;
use crate::normalize::event_name::NameMemo;
use crate::resources::steps::SourceRules;
use sink::{BatchSink, MAX_RECORD_FAILURES};
mod sink;
mod tar_members;
mod zip_entries;
pub use tar_members::{TarEnd, TarLoad, TarMembers};
pub use zip_entries::{ZipEntries, ZipLoad, ZipOpening};

/// How deep archives may nest inside each other.
pub(crate) const MAX_ARCHIVE_DEPTH: usize = 4;

/// Loader settings.
#[derive(Debug, Clone, Copy)]
pub struct IngestOptions {
    /// Largest decompressed size of one file (or archive entry) in bytes.
    pub max_decompressed: u64,
    /// Whether every leaf file's decoded bytes get a SHA-256 in [`Batch::file_hashes`], for
    /// checking them against digests; off by default, since it costs time on every byte
    /// (see [`crate::integrity::wants_file_hashes`]). Digests are always hashed.
    pub hash_files: bool,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            max_decompressed: DEFAULT_MAX_DECOMPRESSED,
            hash_files: false,
        }
    }
}

/// Builds a [`Batch`] from files handed in one by one.
pub struct Ingest {
    options: IngestOptions,
    batch: Batch,
    job_operations: JobOperations,
    issuing: IssuingOperations,
    /// Per operation id of the batch, whether a detection's signal is read from its requests.
    signal_operations: NameMemo,
    /// Per access key id of the batch, whether a console call made with it was seen.
    console_keys_seen: Vec<bool>,
    resource_rules: SourceRules,
    scratch: String,
}

impl Ingest {
    /// An empty loader.
    pub fn new(options: IngestOptions) -> Self {
        Ingest {
            options,
            batch: Batch::default(),
            job_operations: JobOperations::default(),
            issuing: IssuingOperations::default(),
            signal_operations: NameMemo::default(),
            console_keys_seen: Vec::new(),
            resource_rules: SourceRules::default(),
            scratch: String::new(),
        }
    }

    /// The options in force.
    pub fn options(&self) -> IngestOptions {
        self.options
    }

    /// Loads a whole file held in memory; `origin` is the caller's index for the file, kept so
    /// that an event can later be re-read from it.
    pub fn add_bytes(&mut self, origin: u32, path: &str, bytes: &[u8]) {
        let decoded = Decoder::decode_all(bytes, self.options.max_decompressed);
        self.add_decoded(origin, path, decoded);
    }

    /// Loads a file that the caller decoded itself (with a [`Decoder`] fed in slices). An
    /// archive, with the archives inside it, inflates at most its [`ArchiveCap`] in all.
    pub fn add_decoded(&mut self, origin: u32, path: &str, decoded: Result<Decoded, FileError>) {
        let cap = ArchiveCap::new(self.options.max_decompressed, archive::stored_len(&decoded));
        self.add_at_depth(origin, path, &[], decoded, &cap);
        if cap.exceeded() {
            self.fail(path, FileError::ArchiveTooLarge { cap: cap.total() });
        }
    }

    /// Records a file that could not be read at all (the browser or the file system refused it),
    /// with the reason it was given.
    pub fn add_unreadable(&mut self, path: &str, reason: String) {
        self.fail(path, FileError::Unreadable(reason));
    }

    fn add_at_depth(
        &mut self,
        origin: u32,
        path: &str,
        entries: &[u32],
        decoded: Result<Decoded, FileError>,
        cap: &ArchiveCap,
    ) {
        match decoded {
            Err(error) => {
                self.record_hash(path, None);
                self.fail(path, error);
            }
            Ok(Decoded::Text(bytes)) => self.add_text(origin, path, entries, &bytes, false),
            Ok(Decoded::Cut(bytes)) => self.add_text(origin, path, entries, &bytes, true),
            Ok(Decoded::Archive(_)) if entries.len() >= MAX_ARCHIVE_DEPTH => self.fail(path, FileError::TooDeep),
            Ok(Decoded::Archive(archive)) => {
                // An archive that holds digests (a zipped trail) is checked like a dropped folder
                // that holds them: its log files are hashed.
                let hashing = self.options.hash_files;
                self.options.hash_files = hashing
                    || archive::entry_names(&archive)
                        .is_ok_and(|names| integrity::wants_file_hashes(names.iter().map(String::as_str)));
                let opened = archive::for_each_entry(&archive, cap, |index, name, decoded| {
                    let entry_path = format!("{path}/{name}");
                    let chain: Vec<u32> = entries.iter().copied().chain([index]).collect();
                    self.add_at_depth(origin, &entry_path, &chain, decoded, cap);
                });
                self.options.hash_files = hashing;
                if let Err(error) = opened {
                    self.fail(path, error);
                }
            }
        }
    }

    fn fail(&mut self, path: &str, error: FileError) {
        self.batch.files_read += 1;
        self.batch.failures.push(Failure {
            path: path.to_string(),
            error: error.to_string(),
        });
    }

    /// Records a leaf file's hash when hashing is on (`None`: it could not be decoded).
    fn record_hash(&mut self, path: &str, sha256: Option<String>) {
        if self.options.hash_files {
            self.batch.file_hashes.push(FileHash {
                path: path.to_string(),
                sha256,
            });
        }
    }

    /// Reads a leaf file's text; `cut_gzip` when it is what a gzip cut short inflated to, whose
    /// whole events are kept and whose cut is reported.
    fn add_text(&mut self, origin: u32, path: &str, entries: &[u32], bytes: &[u8], cut_gzip: bool) {
        let hash = self.options.hash_files.then(|| sha256_hex(bytes));
        let text = match Text::new(bytes) {
            Ok(text) => text,
            Err(error) => {
                self.record_hash(path, hash);
                return self.fail(path, error);
            }
        };
        let file = self.batch.rows.files.len() as u32;
        let rows_before = self.batch.rows.columns.len();
        let mut sink = BatchSink {
            batch: &mut self.batch,
            job_operations: &mut self.job_operations,
            issuing: &mut self.issuing,
            signal_operations: &mut self.signal_operations,
            console_keys_seen: &mut self.console_keys_seen,
            resource_rules: &mut self.resource_rules,
            scratch: &mut self.scratch,
            file,
            path,
            cut_gzip,
            record_failures: 0,
        };
        let content = formats::read(&text, &mut sink);
        let record_failures = sink.record_failures;
        if record_failures > MAX_RECORD_FAILURES {
            self.batch.failures.push(Failure {
                path: path.to_string(),
                error: format!("{} more records skipped", record_failures - MAX_RECORD_FAILURES),
            });
        }
        let events = self.batch.rows.columns.len() - rows_before;
        match content {
            Err(_) if cut_gzip => {
                self.record_hash(path, hash);
                return self.fail(path, FileError::TruncatedGzip);
            }
            Err(error) => {
                self.record_hash(path, hash);
                self.fail(path, error);
            }
            Ok(Content::Digest(mut digest)) => {
                self.batch.files_read += 1;
                digest.path = path.to_string();
                digest.sha256 = hash.unwrap_or_else(|| sha256_hex(bytes));
                self.batch.digests.push(*digest);
            }
            Ok(Content::Events(shape)) => {
                self.record_hash(path, hash);
                self.batch.files_read += 1;
                if events > 0 || record_failures > 0 {
                    self.batch.rows.files.push(SourceFile {
                        origin,
                        path: path.to_string(),
                        entries: entries.to_vec(),
                        shape,
                    });
                }
            }
        }
        if cut_gzip {
            let error = match events {
                0 => FileError::TruncatedGzip,
                events => FileError::CutGzip { events },
            };
            self.batch.failures.push(Failure {
                path: path.to_string(),
                error: error.to_string(),
            });
        }
    }

    /// The rows and reports loaded so far.
    pub fn finish(self) -> Batch {
        self.batch
    }
}
