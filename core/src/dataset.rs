//! What a load holds: the event store and, above it, what was read beside its rows (failures,
//! digests, file hashes, job calls, Insights events) and what is derived from them (lifecycles,
//! Insights bands, findings, the integrity report). Each merge rebuilds the derived parts, so
//! they always describe the rows held.

use crate::error::Failure;
use crate::findings::{self, Findings};
use crate::insights::{self, InsightBand, InsightEvent};
use crate::integrity::digest::Digest;
use crate::integrity::key::match_key;
use crate::integrity::{self, FileHash, IntegrityReport};
use crate::lifecycles::{self, JobEvent, Linked};
use crate::lineage::{keep_earliest_console_keys, ConsoleKey, Issuance, Lineage, SharedNames};
use crate::normalize::signals::{self, Signal};
use crate::store::{EventStore, RowBatch};
use hashbrown::HashSet;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// What one loader (a worker or a thread) read: the rows, and what was read beside them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Batch {
    /// The rows, with their own dictionaries.
    pub rows: RowBatch,
    /// Failures met.
    pub failures: Vec<Failure>,
    /// Digest files met.
    pub digests: Vec<Digest>,
    /// SHA-256 of each leaf file read, when [`crate::IngestOptions::hash_files`] is on.
    pub file_hashes: Vec<FileHash>,
    /// Leaf files read (zip entries counted, archives not).
    pub files_read: u64,
    /// Calls to asynchronous jobs, each with the index of its row in `rows` (so that the merge
    /// drops it with a duplicate row).
    pub jobs: Vec<(u32, JobEvent)>,
    /// Insights events, each with the index of its row in `rows`.
    pub insights: Vec<(u32, InsightEvent)>,
    /// Calls that issued credentials, each with the index of its row in `rows`.
    pub issuances: Vec<(u32, Issuance)>,
    /// The one copy of each set of names `issuances` share, once batches are folded into this
    /// one (not sent: a batch read from the wire shares its names as it is folded in).
    #[serde(skip)]
    pub issued_names: SharedNames,
    /// The detections' facts read from requests, by row.
    pub signals: Vec<(u32, Signal)>,
    /// Keys first used in this batch with `sessionCredentialFromConsole`.
    pub console_keys: Vec<ConsoleKey>,
}

/// The rows a load of `bytes_total` bytes will hold, projected from the `rows` its first
/// `bytes_read` bytes held, and a little more: the room [`Batch::absorb`] makes at once.
pub fn projected_rows(rows: u64, bytes_read: u64, bytes_total: u64) -> usize {
    if bytes_read == 0 {
        return 0;
    }
    let projected = rows as f64 * bytes_total.max(bytes_read) as f64 / bytes_read as f64;
    (projected * (1.0 + 1.0 / 32.0)) as usize
}

impl Batch {
    /// Appends `other` after this batch: its rows with their strings re-interned here, and what
    /// was read beside them renumbered to follow. A load folds each batch in as it comes, so that
    /// it holds one set of dictionaries rather than one per batch until the merge; its columns
    /// are grown to the `expected` rows of the whole load at once when they need room.
    pub fn absorb(&mut self, other: Batch, expected: usize) {
        let row_base = self.rows.columns.len() as u32;
        let file_base = self.rows.files.len() as u32;
        self.rows.absorb(other.rows, expected);
        let rows = self.rows.columns.len();
        grow_with_rows(&mut self.jobs, other.jobs.len(), rows, expected);
        grow_with_rows(&mut self.issuances, other.issuances.len(), rows, expected);
        grow_with_rows(&mut self.signals, other.signals.len(), rows, expected);
        self.failures.extend(other.failures);
        self.digests.extend(other.digests);
        self.file_hashes.extend(other.file_hashes);
        self.files_read += other.files_read;
        self.jobs.extend(after(other.jobs, row_base));
        self.insights.extend(after(other.insights, row_base));
        self.issuances
            .extend(other.issuances.into_iter().map(|(row, mut issued)| {
                self.issued_names.share(&mut issued);
                issued.at.0 += file_base;
                (row + row_base, issued)
            }));
        self.signals.extend(other.signals.into_iter().map(|(row, mut signal)| {
            signal.at.0 += file_base;
            (row + row_base, signal)
        }));
        // A key used from the console in many batches is listed by each: folded, it is held
        // once (the list is kept sorted, so each fold's sort meets one run and a few keys).
        self.console_keys.extend(other.console_keys);
        keep_earliest_console_keys(&mut self.console_keys);
    }
}

/// The loaded events and everything known about them.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// The rows.
    pub store: EventStore,
    /// Failures, sorted by path.
    pub failures: Vec<Failure>,
    /// Digest files, for integrity checks, each S3 key once, in load order.
    pub digests: Vec<Digest>,
    /// Hashes of the files loaded with [`crate::IngestOptions::hash_files`] on, each S3 key (or
    /// path, for files without one) once, in load order.
    pub file_hashes: Vec<FileHash>,
    /// Leaf files read, including failed ones and digests.
    pub files_read: u64,
    /// Calls to asynchronous jobs, in load order.
    pub jobs: Vec<JobEvent>,
    /// Insights events, in load order.
    pub insights: Vec<InsightEvent>,
    /// Console sessions' keys, each once (the earliest creation kept).
    pub console_keys: Vec<ConsoleKey>,
    /// The detections' facts read from requests, each on its row (`Signal::row`), by row.
    signals: Vec<Signal>,
    /// The calls that issued credentials (their files' indexes the store's), indexed; rebuilt by
    /// each merge.
    lineage: Lineage,
    /// `jobs` linked, newest first; rebuilt by each merge.
    lifecycles: Vec<Linked>,
    /// `insights` paired, by time; rebuilt by each merge.
    insight_bands: Vec<InsightBand>,
    /// The findings, evaluated on first use after each merge (rules read every row, so they run
    /// once per load rather than once per view).
    findings: OnceLock<Findings>,
    /// The rows whose full JSON contains a text, by that text, most recent search last: found
    /// by re-reading the files, so kept until the rows move (each merge clears them).
    text_hits: Vec<(String, Vec<u32>)>,
}

/// Most searches in every field whose rows are kept at once.
const KEPT_TEXT_SEARCHES: usize = 16;

/// Keeps the first item of each `key`, in order. (A set rather than a sort: a stable sort of
/// each item type cost the worker's wasm 14 KB gzipped.)
fn dedup_by_key<T>(items: &mut Vec<T>, key: impl Fn(&T) -> &str) {
    let mut seen = HashSet::with_hasher(foldhash::fast::FixedState::default());
    items.retain(|item| seen.insert(key(item).to_string()));
}

/// Makes room in `items` for `adding` more, growing it as the rows grow: to as many as the
/// `expected` rows of the load would bring at the rate the `rows` read so far did.
fn grow_with_rows<T>(items: &mut Vec<T>, adding: usize, rows: usize, expected: usize) {
    let held = items.len() + adding;
    let projected = (held as f64 * expected as f64 / rows.max(1) as f64) as usize;
    crate::store::make_room(items, adding, projected);
}

/// `items` with their rows (their first value) moved `row_base` on.
fn after<T>(items: Vec<(u32, T)>, row_base: u32) -> impl Iterator<Item = (u32, T)> {
    items.into_iter().map(move |(row, item)| (row + row_base, item))
}

/// Appends to `to` the items whose row (their first value) was not dropped (`dropped` is sorted),
/// each made by `make`: collected in `items`' own allocation when `to` is empty, so that a load's
/// side records are never held twice.
fn extend_kept<T, U>(to: &mut Vec<U>, items: Vec<(u32, T)>, dropped: &[u32], make: impl FnMut(T) -> U) {
    let kept = (items.into_iter())
        .filter(|(row, _)| dropped.binary_search(row).is_err())
        .map(|(_, item)| item)
        .map(make);
    if to.is_empty() {
        *to = kept.collect();
    } else {
        to.extend(kept);
    }
}

impl Dataset {
    /// A dataset holding the batches, merged in order.
    pub fn from_batches(batches: impl IntoIterator<Item = Batch>) -> Self {
        let mut data = Dataset::default();
        data.merge_all(batches);
        data
    }

    /// Adds a batch (see [`Dataset::merge_all`]).
    pub fn merge(&mut self, batch: Batch) {
        self.merge_all([batch]);
    }

    /// Adds several batches in order: their rows go to the store (which drops events whose
    /// `eventID` it already holds, with what was read beside them), and the derived parts are
    /// rebuilt once.
    pub fn merge_all(&mut self, batches: impl IntoIterator<Item = Batch>) {
        let mut beside = Vec::new();
        let mut file_base = self.store.files.len() as u32;
        let rows: Vec<RowBatch> = batches
            .into_iter()
            .map(|mut batch| {
                let rows = std::mem::take(&mut batch.rows);
                beside.push((batch, file_base));
                file_base += rows.files.len() as u32;
                rows
            })
            .collect();
        let dropped = self.store.merge_all(rows);
        let mut issuances = std::mem::take(&mut self.lineage).into_records();
        for ((batch, file_base), dropped) in beside.into_iter().zip(dropped) {
            self.failures.extend(batch.failures);
            self.digests.extend(batch.digests);
            self.file_hashes.extend(batch.file_hashes);
            self.files_read += batch.files_read;
            extend_kept(&mut self.jobs, batch.jobs, &dropped, |job| job);
            extend_kept(&mut self.insights, batch.insights, &dropped, |insight| insight);
            extend_kept(&mut issuances, batch.issuances, &dropped, |mut issued| {
                issued.at.0 += file_base;
                issued
            });
            self.console_keys.extend(batch.console_keys);
            extend_kept(&mut self.signals, batch.signals, &dropped, |mut signal| {
                signal.at.0 += file_base;
                signal
            });
        }
        self.failures.sort();
        // The same folder dropped twice must not count its digests (or check its files) twice.
        dedup_by_key(&mut self.digests, |d| d.key());
        dedup_by_key(&mut self.file_hashes, |f| match_key(&f.path));
        self.lifecycles = lifecycles::link(&self.jobs);
        self.insight_bands = insights::bands(&self.insights);
        keep_earliest_console_keys(&mut self.console_keys);
        self.lineage = Lineage::build(issuances, &self.console_keys, &self.store);
        let locators: Vec<(u32, u32)> = self.signals.iter().map(|s| s.at).collect();
        let rows = self.store.rows_at(&locators, signals::names_a_signal_operation);
        for (signal, row) in self.signals.iter_mut().zip(rows) {
            signal.row = row;
        }
        self.signals.sort_by_key(|s| s.row);
        self.findings = OnceLock::new();
        self.text_hits.clear();
    }

    /// The rows (sorted) whose full JSON contains `text`, if that search was made since the
    /// last merge. A query's `json:` term asks for its value lowercased
    /// ([`crate::query::filter::query::Term::needle`]), so searches are kept under that key.
    pub fn text_hits(&self, text: &str) -> Option<&[u32]> {
        let (_, rows) = self.text_hits.iter().find(|(searched, _)| searched == text)?;
        Some(rows)
    }

    /// Keeps the rows a search in every field found for `text` (sorted row indexes), forgetting
    /// the oldest search past the last [`KEPT_TEXT_SEARCHES`].
    pub fn set_text_hits(&mut self, text: String, rows: Vec<u32>) {
        self.text_hits.retain(|(searched, _)| *searched != text);
        if self.text_hits.len() == KEPT_TEXT_SEARCHES {
            self.text_hits.remove(0);
        }
        self.text_hits.push((text, rows));
    }

    /// The asynchronous jobs, one row each, newest first, linked over [`Dataset::jobs`].
    pub fn lifecycles(&self) -> &[Linked] {
        &self.lifecycles
    }

    /// The Insights periods, by time.
    pub fn insight_bands(&self) -> &[InsightBand] {
        &self.insight_bands
    }

    /// Where credentials came from (see [`crate::lineage`]).
    pub fn lineage(&self) -> &Lineage {
        &self.lineage
    }

    /// The detections' facts read from requests, by row.
    pub fn signals(&self) -> &[Signal] {
        &self.signals
    }

    /// The findings of every rule on the events held (evaluated once per merge).
    pub fn findings(&self) -> &Findings {
        self.findings
            .get_or_init(|| findings::evaluate(&self.store, &self.lineage, &self.signals))
    }

    /// The log files checked against the digests: files loaded without a hash (before any
    /// digest) are told apart from missing ones by the loaded and failed paths.
    pub fn integrity(&self) -> IntegrityReport {
        let loaded =
            (self.store.files.iter().map(|f| f.path.as_str())).chain(self.failures.iter().map(|f| f.path.as_str()));
        integrity::verify(&self.digests, &self.file_hashes, loaded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_load_s_rows_are_projected_from_those_of_its_bytes_read() {
        assert_eq!(
            projected_rows(1000, 1 << 20, 4 << 20),
            4125,
            "four times, and a 32nd more"
        );
        assert_eq!(projected_rows(1000, 4 << 20, 1 << 20), 1031, "never fewer than read");
        assert_eq!(projected_rows(1000, 0, 4 << 20), 0, "nothing read: no projection");
    }

    #[test]
    fn text_hits_are_kept_until_the_rows_move_and_only_the_latest_searches() {
        let mut data = Dataset::default();
        data.set_text_hits("bucket".into(), vec![1, 5]);
        data.set_text_hits("bucket".into(), vec![2]);
        assert_eq!(data.text_hits("bucket"), Some(&[2][..]));
        assert_eq!(data.text_hits("other"), None);
        for i in 0..KEPT_TEXT_SEARCHES {
            data.set_text_hits(format!("t{i}"), vec![i as u32]);
        }
        assert_eq!(data.text_hits("bucket"), None, "the oldest search is forgotten");
        assert_eq!(data.text_hits("t0"), Some(&[0][..]));
        data.merge(Batch::default());
        assert_eq!(data.text_hits("t0"), None, "a merge moves rows");
    }
}
