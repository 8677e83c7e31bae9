//! Merging batches into the store: strings re-interned, rows whose `eventID` was already seen
//! dropped (with their resources), and the rows sorted by time once at the end. A load folds the
//! batches it reads into one as they come ([`RowBatch::absorb`]), so that it never holds them all.

use super::resources::Resources;
use super::{Columns, Dictionaries, EventStore, RowBatch};
use hashbrown::HashSet;

/// The `eventID` hashes first seen in one merge.
type Fresh = HashSet<u64, foldhash::fast::FixedState>;

/// Where rows are appended: a store's or a batch's dictionaries, columns and resources.
struct Target<'a> {
    dict: &'a mut Dictionaries,
    columns: &'a mut Columns,
    resources: &'a mut Resources,
}

impl Target<'_> {
    /// Appends the rows of `from` that `keep` accepts, their strings and resources re-interned
    /// here and their files numbered from `file_base`; room is made for `expected` rows in all.
    fn append(self, from: &RowBatch, file_base: u32, expected: usize, mut keep: impl FnMut(usize) -> bool) {
        let ids = self.dict.absorb(&from.dict);
        let resource_ids = self.resources.absorb(&from.resources, expected);
        self.columns.make_room(from.columns.len(), expected);
        for i in 0..from.columns.len() {
            if keep(i) {
                let mut row = ids.translate(from.columns.row(i));
                row.file += file_base;
                self.columns.push(row);
                self.resources.push_row(&from.resources, i, &resource_ids);
            }
        }
    }
}

impl RowBatch {
    /// Appends `other`'s rows (duplicates included: the store drops them when it merges), making
    /// room for `expected` rows in all when more is needed (see [`super::make_room`]).
    pub fn absorb(&mut self, other: RowBatch, expected: usize) {
        if self.columns.is_empty() && self.files.is_empty() {
            *self = other;
            return;
        }
        let file_base = self.files.len() as u32;
        let target = Target {
            dict: &mut self.dict,
            columns: &mut self.columns,
            resources: &mut self.resources,
        };
        target.append(&other, file_base, expected, |_| true);
        super::make_room(&mut self.id_hashes, other.columns.len(), expected);
        self.id_hashes.resize(self.columns.len() - other.columns.len(), 0);
        self.id_hashes.extend_from_slice(&other.id_hashes);
        self.id_hashes.resize(self.columns.len(), 0);
        self.files.extend(other.files);
    }
}

impl EventStore {
    /// Adds several batches in order, sorting once at the end (a load cut into many batches).
    /// Returns, for each batch, the indexes of its rows dropped as duplicates, in order, so that
    /// what was read beside those rows can be dropped with them.
    pub fn merge_all(&mut self, batches: impl IntoIterator<Item = RowBatch>) -> Vec<Vec<u32>> {
        let batches: Vec<RowBatch> = batches.into_iter().collect();
        let rows: usize = batches.iter().map(|b| b.columns.len()).sum();
        // Sized once: growing a million-row set by doubling rehashes it several times.
        let mut fresh = Fresh::with_capacity_and_hasher(rows, foldhash::fast::FixedState::default());
        // The columns grow once, to every row of the batches.
        let expected = self.len() + rows;
        let dropped = batches
            .into_iter()
            .map(|b| self.append(b, expected, &mut fresh))
            .collect();
        self.seen.extend(fresh);
        self.seen.sort_unstable();
        self.seen.shrink_to_fit();
        self.resources.shrink();
        self.sort_by_time();
        dropped
    }

    /// Appends a batch's rows, with room for `expected` rows in all, and returns the indexes of
    /// those dropped as duplicates; `fresh` holds the ids first seen in this merge (the store's
    /// own `seen` is only searched, and grows once at the end).
    fn append(&mut self, batch: RowBatch, expected: usize, fresh: &mut Fresh) -> Vec<u32> {
        let seen = &self.seen;
        let hashes = &batch.id_hashes;
        let mut dropped = Vec::new();
        let mut keep = |i: usize| {
            let hash = hashes.get(i).copied().unwrap_or(0);
            let duplicate = hash != 0 && (seen.binary_search(&hash).is_ok() || !fresh.insert(hash));
            if duplicate {
                dropped.push(i as u32);
            }
            !duplicate
        };
        if self.columns.is_empty() && self.files.is_empty() {
            // An empty store takes the batch's columns as they are rather than copying them.
            (0..batch.columns.len()).for_each(|i| _ = keep(i));
            let RowBatch {
                dict,
                columns,
                resources,
                files,
                ..
            } = batch;
            (self.dict, self.columns, self.resources, self.files) = (dict, columns, resources, files);
            self.columns.remove_rows(&dropped);
            self.resources.column.remove_rows(&dropped);
        } else {
            let target = Target {
                dict: &mut self.dict,
                columns: &mut self.columns,
                resources: &mut self.resources,
            };
            target.append(&batch, self.files.len() as u32, expected, keep);
            self.files.extend(batch.files);
        }
        self.duplicates += dropped.len() as u64;
        dropped
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
        self.resources.column.permute(&order);
    }
}
