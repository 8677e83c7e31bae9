//! Merging batches into the store: strings re-interned, the rows sorted by time once at the end,
//! and then the rows whose `eventID` an earlier row of the same time holds dropped (with their
//! resources). A copy of an event has the event's time, so copies meet among the sorted rows,
//! and no set of every id is built beside them. A load folds the batches it reads into one as
//! they come ([`RowBatch::absorb`]), so that it never holds them all.

use super::order::{permute_in_place, sort_by_time};
use super::resources::Resources;
use super::{remove_at, Columns, Dictionaries, EventStore, IdHash, RowBatch};
use hashbrown::HashSet;

/// Rows of one time up to which copies are looked for by comparing each pair (a set beyond).
const PAIRWISE_RUN: usize = 16;

/// Where rows are appended: a store's or a batch's dictionaries, columns and resources.
struct Target<'a> {
    dict: &'a mut Dictionaries,
    columns: &'a mut Columns,
    resources: &'a mut Resources,
}

impl Target<'_> {
    /// Appends the rows of `from`, their strings and resources re-interned here and their files
    /// numbered from `file_base`; room is made for `expected` rows in all.
    fn append(self, from: &RowBatch, file_base: u32, expected: usize) {
        let ids = self.dict.absorb(&from.dict);
        let resource_ids = self.resources.absorb(&from.resources, expected);
        self.columns.make_room(from.columns.len(), expected);
        for i in 0..from.columns.len() {
            let mut row = ids.translate(from.columns.row(i));
            row.file += file_base;
            self.columns.push(row);
            self.resources.push_row(&from.resources, i, &resource_ids);
        }
    }
}

/// Appends `from`'s hashes after `hashes`, which is first filled to `rows_before` rows (a batch
/// may hold fewer hashes than rows: the missing ones have no id).
fn append_hashes(hashes: &mut Vec<IdHash>, from: &[IdHash], rows_before: usize, expected: usize) {
    super::make_room(hashes, from.len(), expected);
    hashes.resize(rows_before, IdHash::default());
    hashes.extend_from_slice(from);
}

impl RowBatch {
    /// Appends `other`'s rows (duplicates included: the store drops them when it merges), making
    /// room for `expected` rows in all when more is needed (see [`super::make_room`]).
    pub fn absorb(&mut self, other: RowBatch, expected: usize) {
        if self.columns.is_empty() && self.files.is_empty() {
            *self = other;
            return;
        }
        let rows_before = self.columns.len();
        let target = Target {
            dict: &mut self.dict,
            columns: &mut self.columns,
            resources: &mut self.resources,
        };
        target.append(&other, self.files.len() as u32, expected);
        append_hashes(&mut self.id_hashes, &other.id_hashes, rows_before, expected);
        self.id_hashes.resize(self.columns.len(), IdHash::default());
        self.files.extend(other.files);
    }
}

impl EventStore {
    /// Adds several batches in order, sorting once at the end (a load cut into many batches).
    /// Returns, for each batch, the indexes of its rows dropped as duplicates, in order, so that
    /// what was read beside those rows can be dropped with them.
    pub fn merge_all(&mut self, batches: impl IntoIterator<Item = RowBatch>) -> Vec<Vec<u32>> {
        let batches: Vec<RowBatch> = batches.into_iter().collect();
        // The columns grow once, to every row of the batches.
        let expected = self.len() + batches.iter().map(|b| b.columns.len()).sum::<usize>();
        let mut starts = Vec::with_capacity(batches.len() + 1);
        for batch in batches {
            starts.push(self.len() as u32);
            self.append(batch, expected);
        }
        starts.push(self.len() as u32);
        let copies = if let Some(sort) = sort_by_time(&mut self.columns.time) {
            // Taken out while the other columns follow the order it holds.
            let mut time = std::mem::take(&mut self.columns.time);
            let order = sort.order(&time);
            let copies = copies(|at| sort.time_at(&time, at), |at| order.at(at), &self.id_hashes);
            // Each column is gathered in pieces, which fit in the heap's free space, and copied
            // back into its own room (see `order::gather`).
            self.resources.column.permute(order);
            self.columns.permute_unsorted(order);
            // Six bytes a row: walked in place rather than held twice.
            permute_in_place(&mut self.id_hashes, order);
            sort.restore(&mut time);
            self.columns.time = time;
            copies
        } else {
            copies(|at| self.columns.time[at], |at| at, &self.id_hashes)
        };
        let at: Vec<u32> = copies.iter().map(|&(at, _)| at).collect();
        self.columns.remove_rows(&at);
        remove_at(&mut self.id_hashes, &at);
        self.resources.column.remove_rows(&at);
        self.duplicates += at.len() as u64;
        self.columns.shrink_to_fit();
        self.dict.shrink_to_fit();
        self.id_hashes.shrink_to_fit();
        self.resources.shrink();
        let mut read_as: Vec<u32> = copies.into_iter().map(|(_, row)| row).collect();
        read_as.sort_unstable();
        (starts.windows(2))
            .map(|batch| {
                let rows = read_as.partition_point(|&r| r < batch[0])..read_as.partition_point(|&r| r < batch[1]);
                read_as[rows].iter().map(|&r| r - batch[0]).collect()
            })
            .collect()
    }

    /// Appends a batch's rows and their hashes, with room for `expected` rows in all.
    fn append(&mut self, batch: RowBatch, expected: usize) {
        let rows_before = self.len();
        if self.columns.is_empty() && self.files.is_empty() {
            // An empty store takes the batch's columns as they are rather than copying them.
            let RowBatch {
                dict,
                columns,
                resources,
                files,
                id_hashes,
            } = batch;
            (self.dict, self.columns, self.resources, self.files) = (dict, columns, resources, files);
            self.id_hashes = id_hashes;
        } else {
            let target = Target {
                dict: &mut self.dict,
                columns: &mut self.columns,
                resources: &mut self.resources,
            };
            target.append(&batch, self.files.len() as u32, expected);
            append_hashes(&mut self.id_hashes, &batch.id_hashes, rows_before, expected);
            self.files.extend(batch.files);
        }
        self.id_hashes.resize(self.len(), IdHash::default());
    }
}

/// The copies among the rows taken in time order (`time_at` the time of each place in it, `row`
/// the row at that place): each row whose id hash an earlier row of the same time holds, as its
/// place in that order and its row. Rows without an id are never copies.
fn copies(time_at: impl Fn(usize) -> i64, row: impl Fn(usize) -> usize, hashes: &[IdHash]) -> Vec<(u32, u32)> {
    let rows = hashes.len();
    let mut copies = Vec::new();
    let mut run_hashes = HashSet::with_hasher(foldhash::fast::FixedState::default());
    let mut start = 0;
    while start < rows {
        let when = time_at(start);
        let end = (start + 1..rows).find(|&at| time_at(at) != when).unwrap_or(rows);
        let long = end - start > PAIRWISE_RUN;
        run_hashes.clear();
        if long {
            run_hashes.insert(hashes[row(start)]);
        }
        for at in start + 1..end {
            let hash = hashes[row(at)];
            let copy = !hash.is_none()
                && if long {
                    !run_hashes.insert(hash)
                } else {
                    (start..at).any(|earlier| hashes[row(earlier)] == hash)
                };
            if copy {
                copies.push((at as u32, row(at) as u32));
            }
        }
        start = end;
    }
    copies
}
