//! The event store: one fixed-width row per event, in columns (struct of arrays), with strings
//! interned per dimension and a locator (file, byte range) instead of the event's JSON. It holds
//! columns and dictionaries only; what is derived from them (findings, jobs, integrity) sits
//! above it, in [`crate::Dataset`].
//!
//! A row is [`Columns::row_bytes`] bytes, its ids, file index and length as narrow as their values
//! allow (the fields are declared once, in [`schema`]). The event ids add
//! 8 bytes per event: each row's hash, in the rows' order. Loading builds a [`RowBatch`] per
//! worker or thread; batches are merged into the store, which drops the events it already holds
//! (an earlier row of the same time with the same `eventID`).

pub mod flags;
pub mod interner;
mod merge;
pub mod narrow;
mod order;
pub mod packed;
pub mod resources;
pub mod schema;

use crate::formats::source::SourceFile;
use crate::time::UNDATED;
use resources::Resources;
pub use schema::{Columns, Dictionaries, Row};
use serde::{Deserialize, Serialize};

/// Makes room in `column` for `adding` more values. It grows to `expected` values (a load's
/// projection of its rows) when that is enough and at most doubles it, else by at least an
/// eighth: a load folds its batches into columns that doubling alone would leave up to half
/// empty, and a wasm heap keeps its peak.
pub(crate) fn make_room<T>(column: &mut Vec<T>, adding: usize, expected: usize) {
    let len = column.len();
    let needed = len + adding;
    if column.capacity() < needed {
        let wanted = needed.max(expected.min(2 * len)).max(len + len / 8);
        column.reserve_exact(wanted - len);
    }
}

/// Drops the values at the indexes of `sorted` (ascending), keeping the others in order.
fn remove_at<T>(column: &mut Vec<T>, sorted: &[u32]) {
    if sorted.is_empty() {
        return;
    }
    let (mut row, mut next) = (0, 0);
    column.retain(|_| {
        let removed = sorted.get(next) == Some(&row);
        next += usize::from(removed);
        row += 1;
        !removed
    });
}

/// The rows one loader (a worker or a thread) read, with their own dictionaries, plus the hash of
/// each row's `eventID` so that the store can skip duplicates when it merges them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RowBatch {
    /// The batch's own dictionaries.
    pub dict: Dictionaries,
    /// The rows (their `file` indexes `files`).
    pub columns: Columns,
    /// The hash of each row's `eventID`, parallel to the rows.
    pub id_hashes: Vec<IdHash>,
    /// The resources each row touched, with their own dictionary.
    pub resources: Resources,
    /// Files that contributed events.
    pub files: Vec<SourceFile>,
}

/// An `eventID`'s hash (xxh3, [`crate::formats::lenient::Id::dedup_key`]) as the store keeps it:
/// its low 48 bits, in 6 bytes; none for an event without an id. Copies are looked for only among
/// rows of the same time, so even a thousand events in every second of a day make 4.3e10 pairs
/// a day, and 48 bits a false copy once in about 18 years.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct IdHash([u8; 6]);

impl IdHash {
    /// The hash kept of `key` (0: no id); a key whose low bits are all 0 keeps a 1.
    pub fn of(key: u64) -> IdHash {
        let low = key & 0xFFFF_FFFF_FFFF;
        let low = if key != 0 && low == 0 { 1 } else { low };
        let [a, b, c, d, e, f, ..] = low.to_le_bytes();
        IdHash([a, b, c, d, e, f])
    }

    /// Whether the event had no `eventID`.
    pub fn is_none(self) -> bool {
        self == IdHash::default()
    }
}

/// All loaded events, queryable under any filter.
#[derive(Debug, Clone, Default)]
pub struct EventStore {
    /// Interned strings of every dimension.
    pub dict: Dictionaries,
    /// The rows, sorted by time after each merge (undated first).
    pub columns: Columns,
    /// The resources each row touched (in the rows' order).
    pub resources: Resources,
    /// Files that contributed events, indexed by [`Row::file`].
    pub files: Vec<SourceFile>,
    /// Events skipped because their `eventID` was already loaded.
    pub duplicates: u64,
    /// The hash of each row's `eventID`, parallel to the rows, for dropping the copies a later
    /// merge brings.
    id_hashes: Vec<IdHash>,
}

impl EventStore {
    /// The row at each locator `(file, offset)` (`u32::MAX` for none), looked up among the rows
    /// whose operation's name `concerned` accepts (or whose name shares the id of names past the
    /// dictionary's capacity), so that a few side records are placed on their rows in one pass
    /// of id comparisons.
    pub fn rows_at(&self, locators: &[(u32, u32)], concerned: impl Fn(&str) -> bool) -> Vec<u32> {
        let mut rows = vec![u32::MAX; locators.len()];
        if locators.is_empty() {
            return rows;
        }
        let at: hashbrown::HashMap<(u32, u32), usize, foldhash::fast::FixedState> =
            locators.iter().enumerate().map(|(i, &l)| (l, i)).collect();
        let operations = &self.dict.operations;
        let concerned: Vec<bool> = (0..operations.len() as u32)
            .map(|id| operations.is_shared_overflow(id) || concerned(operations.get(id)))
            .collect();
        let c = &self.columns;
        for row in 0..c.len() {
            if concerned[c.operation.get(row) as usize] {
                if let Some(&i) = at.get(&(c.file.get(row), c.offset[row])) {
                    rows[i] = row as u32;
                }
            }
        }
        rows
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
        let hashes = self.id_hashes.capacity() * std::mem::size_of::<IdHash>();
        (self.len() * self.columns.row_bytes() + hashes) as f64 / self.len() as f64
    }

    /// Bytes held per event by the resources column (its dictionary excluded).
    pub fn resource_bytes_per_event(&self) -> f64 {
        if self.is_empty() {
            return 0.0;
        }
        self.resources.column.bytes() as f64 / self.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::{make_room, IdHash};

    #[test]
    fn an_id_hash_keeps_the_low_48_bits_and_only_no_id_reads_as_none() {
        assert!(IdHash::of(0).is_none());
        assert!(!IdHash::of(1 << 48).is_none(), "an id whose low bits are 0 keeps one");
        assert_eq!(IdHash::of(0xABCD_0000_1234_5678), IdHash::of(0x1234_5678));
        assert_ne!(IdHash::of(0x1234_5678), IdHash::of(0x1234_5679));
        assert_ne!(
            IdHash::of(0x8000_0000_0000),
            IdHash::of(0x4000_0000_0000),
            "bit 47 counts"
        );
        assert_eq!(std::mem::size_of::<IdHash>(), 6);
    }

    #[test]
    fn a_column_grows_to_the_rows_expected_within_doubling_else_by_an_eighth() {
        let mut column = vec![0u8; 1000];
        column.shrink_to_fit();
        make_room(&mut column, 10, 0);
        assert_eq!(column.capacity(), 1125, "nothing expected: an eighth more");
        make_room(&mut column, 100, 1800);
        assert_eq!(column.capacity(), 1125, "room enough: unchanged");
        column.resize(1125, 0);
        make_room(&mut column, 1, 1800);
        assert_eq!(column.capacity(), 1800, "the rows expected");
        column.resize(1800, 0);
        make_room(&mut column, 1, 1_000_000);
        assert_eq!(column.capacity(), 3600, "at most doubled");
        column.resize(3600, 0);
        make_room(&mut column, 10_000, 5000);
        assert_eq!(column.capacity(), 13_600, "all that is added");
    }
}
