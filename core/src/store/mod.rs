//! The event store: one fixed-width row per event, in columns (struct of arrays), with strings
//! interned per dimension and a locator (file, byte range) instead of the event's JSON.
//!
//! A row is 56 bytes: time `i64`; account, operation, principal, session, source IP, user agent,
//! access key `u32`; region, event source, error code, flags `u16`; file, offset, length `u32`. The seen
//! event ids add 8 bytes per event: their hashes in one sorted vector (a hash set would take
//! 16–19 bytes an event at its load factor). Loading builds a [`Batch`] (per worker or
//! thread); batches are merged into the store, which drops events whose `eventID` it already
//! holds.

pub mod flags;
pub mod interner;

use crate::findings::{self, Findings};
use crate::formats::source::SourceFile;
use crate::insights::{self, InsightBand, InsightEvent};
use crate::integrity::digest::Digest;
use crate::integrity::hash::FileHash;
use crate::integrity::key::match_key;
use crate::lifecycles::{self, JobEvent, Lifecycle};
use crate::normalize::time::UNDATED;
use flags::Flags;
use hashbrown::HashSet;
use interner::Interner;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// Capacity of the dimensions stored as `u16`.
const U16_DIMENSION: u32 = u16::MAX as u32;
/// Capacity of the dimensions stored as `u32`.
const U32_DIMENSION: u32 = u32::MAX;

/// One interner per dimension of the rows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Dictionaries {
    /// Account ids (`recipientAccountId`, else `userIdentity.accountId`).
    pub accounts: Interner,
    /// Regions.
    pub regions: Interner,
    /// Event sources (`s3.amazonaws.com`).
    pub sources: Interner,
    /// Folded operation names (`SynthesizeSpeech`).
    pub operations: Interner,
    /// Principals (see the principal rule).
    pub principals: Interner,
    /// Role session ARNs and Identity Center user ids.
    pub sessions: Interner,
    /// Source IP addresses or service host names.
    pub ips: Interner,
    /// User agents.
    pub user_agents: Interner,
    /// Error codes.
    pub errors: Interner,
    /// Access key ids (`userIdentity.accessKeyId`): AKIA… long-term, ASIA… temporary.
    pub access_keys: Interner,
}

impl Default for Dictionaries {
    fn default() -> Self {
        Dictionaries {
            accounts: Interner::with_capacity_limit(U32_DIMENSION),
            regions: Interner::with_capacity_limit(U16_DIMENSION),
            sources: Interner::with_capacity_limit(U16_DIMENSION),
            operations: Interner::with_capacity_limit(U32_DIMENSION),
            principals: Interner::with_capacity_limit(U32_DIMENSION),
            sessions: Interner::with_capacity_limit(U32_DIMENSION),
            ips: Interner::with_capacity_limit(U32_DIMENSION),
            user_agents: Interner::with_capacity_limit(U32_DIMENSION),
            errors: Interner::with_capacity_limit(U16_DIMENSION),
            access_keys: Interner::with_capacity_limit(U32_DIMENSION),
        }
    }
}

impl Dictionaries {
    /// Bytes held by all interned strings.
    pub fn string_bytes(&self) -> usize {
        [
            &self.accounts,
            &self.regions,
            &self.sources,
            &self.operations,
            &self.principals,
            &self.sessions,
            &self.ips,
            &self.user_agents,
            &self.errors,
            &self.access_keys,
        ]
        .iter()
        .map(|d| d.string_bytes())
        .sum()
    }
}

/// One event's row, as ids into the [`Dictionaries`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    /// UTC milliseconds since the epoch, or [`UNDATED`].
    pub time: i64,
    /// Account id.
    pub account: u32,
    /// Region id.
    pub region: u16,
    /// Event source id.
    pub source: u16,
    /// Folded operation id.
    pub operation: u32,
    /// Principal id.
    pub principal: u32,
    /// Session id (0 when none).
    pub session: u32,
    /// Source IP id.
    pub ip: u32,
    /// User agent id.
    pub user_agent: u32,
    /// Access key id (0 when none), so that findings can follow one key across principals' IPs.
    pub access_key: u32,
    /// Error code id (0 when the call succeeded).
    pub error: u16,
    /// Packed facts.
    pub flags: Flags,
    /// Index into the store's files.
    pub file: u32,
    /// Byte offset of the event's JSON in the decoded file.
    pub offset: u32,
    /// Byte length of the event's JSON.
    pub len: u32,
}

/// The rows, one vector per field.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Columns {
    /// See [`Row::time`].
    pub time: Vec<i64>,
    /// See [`Row::account`].
    pub account: Vec<u32>,
    /// See [`Row::region`].
    pub region: Vec<u16>,
    /// See [`Row::source`].
    pub source: Vec<u16>,
    /// See [`Row::operation`].
    pub operation: Vec<u32>,
    /// See [`Row::principal`].
    pub principal: Vec<u32>,
    /// See [`Row::session`].
    pub session: Vec<u32>,
    /// See [`Row::ip`].
    pub ip: Vec<u32>,
    /// See [`Row::user_agent`].
    pub user_agent: Vec<u32>,
    /// See [`Row::access_key`].
    pub access_key: Vec<u32>,
    /// See [`Row::error`].
    pub error: Vec<u16>,
    /// See [`Row::flags`].
    pub flags: Vec<u16>,
    /// See [`Row::file`].
    pub file: Vec<u32>,
    /// See [`Row::offset`].
    pub offset: Vec<u32>,
    /// See [`Row::len`].
    pub len: Vec<u32>,
}

/// Bytes one row takes in the columns.
pub const ROW_BYTES: usize = 8 + 4 * 7 + 2 * 4 + 4 * 3;

impl Columns {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.time.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.time.is_empty()
    }

    /// Makes room for `additional` more rows in every column.
    fn reserve(&mut self, additional: usize) {
        self.time.reserve(additional);
        self.account.reserve(additional);
        self.region.reserve(additional);
        self.source.reserve(additional);
        self.operation.reserve(additional);
        self.principal.reserve(additional);
        self.session.reserve(additional);
        self.ip.reserve(additional);
        self.user_agent.reserve(additional);
        self.error.reserve(additional);
        self.flags.reserve(additional);
        self.file.reserve(additional);
        self.offset.reserve(additional);
        self.len.reserve(additional);
    }

    /// Appends a row.
    pub fn push(&mut self, r: Row) {
        self.time.push(r.time);
        self.account.push(r.account);
        self.region.push(r.region);
        self.source.push(r.source);
        self.operation.push(r.operation);
        self.principal.push(r.principal);
        self.session.push(r.session);
        self.ip.push(r.ip);
        self.user_agent.push(r.user_agent);
        self.access_key.push(r.access_key);
        self.error.push(r.error);
        self.flags.push(r.flags.0);
        self.file.push(r.file);
        self.offset.push(r.offset);
        self.len.push(r.len);
    }

    /// Row `i` (panics when out of range, like indexing).
    pub fn row(&self, i: usize) -> Row {
        Row {
            time: self.time[i],
            account: self.account[i],
            region: self.region[i],
            source: self.source[i],
            operation: self.operation[i],
            principal: self.principal[i],
            session: self.session[i],
            ip: self.ip[i],
            user_agent: self.user_agent[i],
            access_key: self.access_key[i],
            error: self.error[i],
            flags: Flags(self.flags[i]),
            file: self.file[i],
            offset: self.offset[i],
            len: self.len[i],
        }
    }

    /// Reorders every column so that row `i` becomes old row `order[i]`.
    fn permute(&mut self, order: &[u32]) {
        fn apply<T: Copy>(column: &mut Vec<T>, order: &[u32]) {
            *column = order.iter().map(|&i| column[i as usize]).collect();
        }
        apply(&mut self.time, order);
        apply(&mut self.account, order);
        apply(&mut self.region, order);
        apply(&mut self.source, order);
        apply(&mut self.operation, order);
        apply(&mut self.principal, order);
        apply(&mut self.session, order);
        apply(&mut self.ip, order);
        apply(&mut self.user_agent, order);
        apply(&mut self.access_key, order);
        apply(&mut self.error, order);
        apply(&mut self.flags, order);
        apply(&mut self.file, order);
        apply(&mut self.offset, order);
        apply(&mut self.len, order);
    }
}

/// A file (or line, or record) that failed to load, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Failure {
    /// The file's path (`path:LINE` for an NDJSON line).
    pub path: String,
    /// The specific reason.
    pub error: String,
}

/// What one loader (a worker or a thread) produced: rows with their own dictionaries, plus the
/// hash of each row's `eventID` so the store can skip duplicates when it merges.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Batch {
    /// The batch's own dictionaries.
    pub dict: Dictionaries,
    /// The rows (their `file` indexes `files`).
    pub columns: Columns,
    /// xxh3 of each row's `eventID` (0 when it has none), parallel to the rows.
    pub id_hashes: Vec<u64>,
    /// Files that contributed events.
    pub files: Vec<SourceFile>,
    /// Failures met.
    pub failures: Vec<Failure>,
    /// Digest files met.
    pub digests: Vec<Digest>,
    /// SHA-256 of each leaf file read, when [`crate::IngestOptions::hash_files`] is on.
    pub file_hashes: Vec<FileHash>,
    /// Leaf files read (zip entries counted, archives not).
    pub files_read: u64,
    /// Calls to asynchronous jobs, each with the index of its row in `columns` (so that the
    /// merge drops it with a duplicate row).
    pub jobs: Vec<(u32, JobEvent)>,
    /// Insights events, each with the index of its row in `columns`.
    pub insights: Vec<(u32, InsightEvent)>,
}

/// Keeps the first item of each `key`, in order. (A set rather than a sort: a stable sort of
/// each item type cost the worker's wasm 14 KB gzipped.)
fn dedup_by_key<T>(items: &mut Vec<T>, key: impl Fn(&T) -> &str) {
    let mut seen = HashSet::with_hasher(foldhash::fast::FixedState::default());
    items.retain(|item| seen.insert(key(item).to_string()));
}

/// All loaded events, queryable under any filter.
#[derive(Debug, Clone, Default)]
pub struct EventStore {
    /// Interned strings of every dimension.
    pub dict: Dictionaries,
    /// The rows, sorted by time after [`EventStore::merge`] (undated first).
    pub columns: Columns,
    /// Files that contributed events, indexed by [`Row::file`].
    pub files: Vec<SourceFile>,
    /// Failures, sorted by path.
    pub failures: Vec<Failure>,
    /// Digest files, for integrity checks, each S3 key once, in load order.
    pub digests: Vec<Digest>,
    /// Hashes of the files loaded with [`crate::IngestOptions::hash_files`] on, each S3 key (or
    /// path, for files without one) once, in load order; see [`crate::integrity::verify`].
    pub file_hashes: Vec<FileHash>,
    /// Leaf files read, including failed ones and digests.
    pub files_read: u64,
    /// Events skipped because their `eventID` was already loaded.
    pub duplicates: u64,
    /// Calls to asynchronous jobs, in load order.
    pub jobs: Vec<JobEvent>,
    /// Insights events, in load order.
    pub insights: Vec<InsightEvent>,
    /// `jobs` linked, newest first; rebuilt by each merge.
    lifecycles: Vec<Lifecycle>,
    /// `insights` paired, by time; rebuilt by each merge.
    insight_bands: Vec<InsightBand>,
    /// xxh3 hashes of the loaded `eventID`s, sorted, for de-duplicating later loads.
    seen: Vec<u64>,
    /// The findings, evaluated on first use after each merge (rules read every row, so they run
    /// once per load rather than once per view).
    findings: OnceLock<Findings>,
}

impl EventStore {
    /// A store holding the batches, merged in order.
    pub fn from_batches(batches: impl IntoIterator<Item = Batch>) -> Self {
        let mut store = EventStore::default();
        store.merge_all(batches);
        store
    }

    /// Adds a batch: strings are re-interned, rows with an already-seen `eventID` are counted as
    /// duplicates and dropped, and the rows are re-sorted by time.
    pub fn merge(&mut self, batch: Batch) {
        self.merge_all([batch]);
    }

    /// Adds several batches in order, sorting once at the end (a load cut into many batches).
    pub fn merge_all(&mut self, batches: impl IntoIterator<Item = Batch>) {
        let batches: Vec<Batch> = batches.into_iter().collect();
        let rows: usize = batches.iter().map(|b| b.columns.len()).sum();
        // Sized once: growing a million-row set and fourteen columns by doubling rehashes and
        // copies them several times (and grows wasm memory in steps).
        let mut fresh = HashSet::with_capacity_and_hasher(rows, foldhash::fast::FixedState::default());
        self.columns.reserve(rows);
        for batch in batches {
            self.append(batch, &mut fresh);
        }
        self.seen.extend(fresh);
        self.seen.sort_unstable();
        self.seen.shrink_to_fit();
        self.sort_by_time();
        self.lifecycles = lifecycles::link(&self.jobs);
        self.insight_bands = insights::bands(&self.insights);
        self.findings = OnceLock::new();
        // The same folder dropped twice must not count its digests (or check its files) twice.
        dedup_by_key(&mut self.digests, Digest::key);
        dedup_by_key(&mut self.file_hashes, |f| match_key(&f.path));
    }

    /// Appends a batch's rows; `fresh` holds the ids first seen in this merge (the store's own
    /// `seen` is only searched, and grows once at the end).
    fn append(&mut self, batch: Batch, fresh: &mut HashSet<u64, foldhash::fast::FixedState>) {
        let remap = |from: &Interner, to: &mut Interner| from.iter().map(|s| to.intern(s)).collect::<Vec<u32>>();
        let d = &mut self.dict;
        let accounts = remap(&batch.dict.accounts, &mut d.accounts);
        let regions = remap(&batch.dict.regions, &mut d.regions);
        let sources = remap(&batch.dict.sources, &mut d.sources);
        let operations = remap(&batch.dict.operations, &mut d.operations);
        let principals = remap(&batch.dict.principals, &mut d.principals);
        let sessions = remap(&batch.dict.sessions, &mut d.sessions);
        let ips = remap(&batch.dict.ips, &mut d.ips);
        let user_agents = remap(&batch.dict.user_agents, &mut d.user_agents);
        let errors = remap(&batch.dict.errors, &mut d.errors);
        let access_keys = remap(&batch.dict.access_keys, &mut d.access_keys);
        let file_base = self.files.len() as u32;
        let cols = &batch.columns;
        let mut dropped: Vec<u32> = Vec::new();
        for i in 0..cols.len() {
            let hash = batch.id_hashes.get(i).copied().unwrap_or(0);
            if hash != 0 && (self.seen.binary_search(&hash).is_ok() || !fresh.insert(hash)) {
                self.duplicates += 1;
                dropped.push(i as u32);
                continue;
            }
            let r = cols.row(i);
            self.columns.push(Row {
                account: accounts[r.account as usize],
                region: regions[r.region as usize] as u16,
                source: sources[r.source as usize] as u16,
                operation: operations[r.operation as usize],
                principal: principals[r.principal as usize],
                session: sessions[r.session as usize],
                ip: ips[r.ip as usize],
                user_agent: user_agents[r.user_agent as usize],
                access_key: access_keys[r.access_key as usize],
                error: errors[r.error as usize] as u16,
                file: r.file + file_base,
                ..r
            });
        }
        self.files.extend(batch.files);
        self.failures.extend(batch.failures);
        self.failures.sort();
        self.digests.extend(batch.digests);
        self.file_hashes.extend(batch.file_hashes);
        self.files_read += batch.files_read;
        let kept = |row: &u32| dropped.binary_search(row).is_err();
        self.jobs
            .extend(batch.jobs.into_iter().filter(|(row, _)| kept(row)).map(|(_, job)| job));
        self.insights
            .extend(batch.insights.into_iter().filter(|(row, _)| kept(row)).map(|(_, i)| i));
    }

    fn sort_by_time(&mut self) {
        let time = &self.columns.time;
        if time.windows(2).all(|w| w[0] <= w[1]) {
            return;
        }
        let mut order: Vec<u32> = (0..time.len() as u32).collect();
        // Unstable but with the row index as tie-break: the same order as a stable sort, faster.
        order.sort_unstable_by_key(|&i| (time[i as usize], i));
        self.columns.permute(&order);
    }

    /// The asynchronous jobs, one row each, newest first.
    pub fn lifecycles(&self) -> &[Lifecycle] {
        &self.lifecycles
    }

    /// The Insights periods, by time.
    pub fn insight_bands(&self) -> &[InsightBand] {
        &self.insight_bands
    }

    /// The findings of every rule on the events held (evaluated once per merge).
    pub fn findings(&self) -> &Findings {
        self.findings.get_or_init(|| findings::evaluate(self))
    }

    /// Number of events held.
    pub fn len(&self) -> usize {
        self.columns.len()
    }

    /// Whether no events are held.
    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }

    /// Events without a usable time.
    pub fn undated(&self) -> usize {
        self.columns.time.partition_point(|&t| t == UNDATED)
    }

    /// Bytes held per event by the rows and the de-duplication set (strings excluded).
    pub fn bytes_per_event(&self) -> f64 {
        if self.is_empty() {
            return 0.0;
        }
        let seen = self.seen.capacity() * std::mem::size_of::<u64>();
        (self.len() * ROW_BYTES + seen) as f64 / self.len() as f64
    }
}
