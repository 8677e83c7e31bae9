//! Merging batches into the store: strings re-interned, rows whose `eventID` was already seen
//! dropped (with their resources), and the rows sorted by time once at the end.

use super::{EventStore, RowBatch};
use hashbrown::HashSet;

/// The `eventID` hashes first seen in one merge.
type Fresh = HashSet<u64, foldhash::fast::FixedState>;

impl EventStore {
    /// Adds several batches in order, sorting once at the end (a load cut into many batches).
    /// Returns, for each batch, the indexes of its rows dropped as duplicates, in order, so that
    /// what was read beside those rows can be dropped with them.
    pub fn merge_all(&mut self, batches: impl IntoIterator<Item = RowBatch>) -> Vec<Vec<u32>> {
        let batches: Vec<RowBatch> = batches.into_iter().collect();
        let rows: usize = batches.iter().map(|b| b.columns.len()).sum();
        // Sized once: growing a million-row set and every column by doubling rehashes and copies
        // them several times (and grows wasm memory in steps).
        let mut fresh = Fresh::with_capacity_and_hasher(rows, foldhash::fast::FixedState::default());
        self.columns.reserve(rows);
        let dropped = batches.into_iter().map(|b| self.append(b, &mut fresh)).collect();
        self.seen.extend(fresh);
        self.seen.sort_unstable();
        self.seen.shrink_to_fit();
        self.resources.shrink();
        self.sort_by_time();
        dropped
    }

    /// Appends a batch's rows and returns the indexes of those dropped as duplicates; `fresh`
    /// holds the ids first seen in this merge (the store's own `seen` is only searched, and grows
    /// once at the end).
    fn append(&mut self, batch: RowBatch, fresh: &mut Fresh) -> Vec<u32> {
        let ids = self.dict.absorb(&batch.dict);
        let resource_ids = self.resources.absorb(&batch.resources);
        let file_base = self.files.len() as u32;
        let cols = &batch.columns;
        let mut dropped = Vec::new();
        for i in 0..cols.len() {
            let hash = batch.id_hashes.get(i).copied().unwrap_or(0);
            if hash != 0 && (self.seen.binary_search(&hash).is_ok() || !fresh.insert(hash)) {
                self.duplicates += 1;
                dropped.push(i as u32);
                continue;
            }
            let mut row = ids.translate(cols.row(i));
            row.file += file_base;
            self.columns.push(row);
            self.resources.push_row(&batch.resources, i, &resource_ids);
        }
        self.files.extend(batch.files);
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
