//! Loading: each top-level file is decoded (recursing into zip and tar archives), its shape
//! read, and its events normalised into rows of a [`Batch`]. Every failure is recorded against
//! the file (or `file:LINE`) and loading goes on with the next.

use crate::dataset::Batch;
use crate::decode::archive::{self, ArchiveCap};
use crate::decode::text::Text;
use crate::decode::{Decoded, Decoder, DEFAULT_MAX_DECOMPRESSED};
use crate::error::{Failure, FileError};
use crate::formats::record::RawEvent;
use crate::formats::source::SourceFile;
use crate::formats::{self, Content, EventSink};
use crate::insights::extract::insight_event;
use crate::integrity;
use crate::integrity::hash::{sha256_hex, FileHash};
use crate::lifecycles::extract::{job_event, Call};
use crate::lifecycles::table::JobOperations;
use crate::lineage::extract::{console_key, issuance, IssuingCall, IssuingOperations};
use crate::normalize::event_name::{fold, NameMemo};
use crate::normalize::identity::identify;
use crate::normalize::request::{self, CONSOLE_LOGIN_FAILURE};
use crate::normalize::signals::{names_a_signal_operation, Caller, Signal};
use crate::resources::extract::{concerned, each_resource, Place};
use crate::resources::steps::SourceRules;
use crate::store::flags::{FlagFacts, Flags, ReadOnly};
use crate::store::Row;
use crate::time::{parse_rfc3339, UNDATED};
use std::ops::Range;
mod tar_members;
mod zip_entries;
pub use tar_members::{TarEnd, TarLoad, TarMembers};
pub use zip_entries::{ZipEntries, ZipLoad, ZipOpening};

/// How deep archives may nest inside each other.
pub(crate) const MAX_ARCHIVE_DEPTH: usize = 4;
/// Per file, bad records reported one by one before the rest are summed up.
const MAX_RECORD_FAILURES: usize = 3;

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
            Ok(Decoded::Text(bytes)) => self.add_text(origin, path, entries, &bytes),
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

    fn add_text(&mut self, origin: u32, path: &str, entries: &[u32], bytes: &[u8]) {
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
        match content {
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
                if self.batch.rows.columns.len() > rows_before || record_failures > 0 {
                    self.batch.rows.files.push(SourceFile {
                        origin,
                        path: path.to_string(),
                        entries: entries.to_vec(),
                        shape,
                    });
                }
            }
        }
    }

    /// The rows and reports loaded so far.
    pub fn finish(self) -> Batch {
        self.batch
    }
}

/// Turns each event into a row of the batch.
struct BatchSink<'b> {
    batch: &'b mut Batch,
    job_operations: &'b mut JobOperations,
    issuing: &'b mut IssuingOperations,
    signal_operations: &'b mut NameMemo,
    console_keys_seen: &'b mut Vec<bool>,
    resource_rules: &'b mut SourceRules,
    /// Room to build resource keys in, kept between events.
    scratch: &'b mut String,
    file: u32,
    path: &'b str,
    record_failures: usize,
}

impl EventSink for BatchSink<'_> {
    fn event(&mut self, range: Range<usize>, json: &str, event: &RawEvent<'_>) {
        let identity = identify(event);
        let time_text = if event.event_time.is_set() {
            &event.event_time
        } else {
            &event.at_timestamp
        };
        let user = event.user_identity.0.as_ref();
        let account = if event.recipient_account.is_set() {
            event.recipient_account.as_str()
        } else {
            user.map_or("", |u| u.account_id.as_str())
        };
        let read_only = match event.read_only.as_str() {
            s if s.eq_ignore_ascii_case("true") => ReadOnly::Read,
            s if s.eq_ignore_ascii_case("false") => ReadOnly::Write,
            _ => ReadOnly::Unknown,
        };
        let insight = event.event_type.as_str() == "AwsCloudTrailInsight";
        let source = event.source();
        let operation = fold(event.name());
        let caller = Caller {
            account,
            user_name: user.map_or("", |u| u.user_name.as_str()),
        };
        let operation_id = self.batch.rows.dict.operations.intern(operation);
        let signalled = self
            .signal_operations
            .holds(operation_id, operation, names_a_signal_operation);
        let mut extra = request::look(source, operation, json, signalled.then_some(&caller));
        let error = match event.error_code.as_str() {
            "" if extra.failed_login => CONSOLE_LOGIN_FAILURE,
            code => code,
        };
        let flags = Flags::pack(FlagFacts {
            identity: identity.kind,
            credential: identity.credential,
            mfa: identity.mfa,
            read_only,
            console: identity.console,
            insight,
            data: event.event_category.as_str() == "Data",
            via_service: identity.via_service,
            grants_admin: extra.grants_admin,
            disables_detector: extra.disables_detector,
        });
        let d = &mut self.batch.rows.dict;
        let row = Row {
            time: parse_rfc3339(time_text.as_str()).unwrap_or(UNDATED),
            account: d.accounts.intern(account),
            region: d.regions.intern(event.aws_region.as_str()) as u16,
            source: d.sources.intern(source) as u16,
            operation: operation_id,
            principal: d.principals.intern(&identity.principal),
            session: d.sessions.intern(identity.session),
            ip: d.ips.intern(event.source_ip.as_str()),
            user_agent: d.user_agents.intern(event.user_agent.as_str()),
            access_key: d.access_keys.intern(user.map_or("", |u| u.access_key_id.as_str())),
            error: d.errors.intern(error) as u16,
            flags: flags.0,
            file: self.file,
            offset: range.start as u32,
            len: range.len() as u32,
        };
        self.batch.rows.columns.push(row);
        self.batch.rows.id_hashes.push(event.event_id.dedup_key());
        let rules = self.resource_rules.of(row.source, source);
        let resources = &mut self.batch.rows.resources;
        if concerned(event, rules) {
            let place = Place {
                region: event.aws_region.as_str(),
                account,
            };
            each_resource(event, rules, operation, place, self.scratch, &mut |found| {
                let id = resources.dict.intern(found);
                resources.column.add(id);
            });
        }
        resources.column.end_row();
        let index = (self.batch.rows.columns.len() - 1) as u32;
        if let Some((kind, target)) = extra.signal.take() {
            let signal = Signal::new((self.file, row.offset), kind, target);
            self.batch.signals.push((index, signal));
        }
        if let Some((kind, role)) = self.job_operations.classify(row.operation, source, operation) {
            let call = Call {
                time: row.time,
                operation,
                account,
                region: event.aws_region.as_str(),
                principal: &identity.principal,
                error,
            };
            self.batch
                .jobs
                .extend(job_event(json, kind, role, call).map(|job| (index, job)));
        }
        if let Some(via) = self.issuing.classify(row.operation, source, operation) {
            let call = IssuingCall {
                via,
                event_id: event.event_id.as_str(),
                time: row.time,
                principal: &identity.principal,
                session: identity.session,
                kind: identity.kind,
                caller_account: user.map_or("", |u| u.account_id.as_str()),
                user_name: user.map_or("", |u| u.user_name.as_str()),
                error,
                at: (self.file, row.offset),
            };
            self.batch
                .issuances
                .extend(issuance(&event.request, &event.response, call).map(|issued| (index, issued)));
        }
        if event.session_from_console.is_true() && first_console_use(self.console_keys_seen, row.access_key) {
            self.batch.console_keys.push(console_key(event, &identity, row.time));
        }
        if insight {
            self.batch
                .insights
                .extend(insight_event(json, row.time, account).map(|i| (index, i)));
        }
    }

    fn failure(&mut self, line: Option<usize>, error: FileError) {
        self.record_failures += 1;
        if self.record_failures > MAX_RECORD_FAILURES {
            return;
        }
        let path = match line {
            Some(line) => format!("{}:{line}", self.path),
            None => self.path.to_string(),
        };
        self.batch.failures.push(Failure {
            path,
            error: error.to_string(),
        });
    }
}

/// Whether `key` (an access key id of the batch, 0 for none) is used from the console for the
/// first time in the batch; marks it used.
fn first_console_use(seen: &mut Vec<bool>, key: u32) -> bool {
    let key = key as usize;
    if key == 0 || seen.get(key) == Some(&true) {
        return false;
    }
    if seen.len() <= key {
        seen.resize(key + 1, false);
    }
    seen[key] = true;
    true
}
