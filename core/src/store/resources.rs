//! The resources each row touched, as a many-valued column beside the fixed-width rows: per row
//! the end of its run in one vector of resource ids (4 bytes a row, 4 a resource), and each
//! resource's key, type and account once, in the [`ResourceDictionary`].

use super::interner::Interner;
use crate::resources::extract::Found;
use serde::{Deserialize, Serialize};

/// Every distinct resource: its key (see [`crate::resources`]), type and account.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResourceDictionary {
    keys: Interner,
    kinds: Interner,
    accounts: Interner,
    kind_of: Vec<u16>,
    account_of: Vec<u32>,
}

impl Default for ResourceDictionary {
    fn default() -> Self {
        ResourceDictionary {
            keys: Interner::with_capacity_limit(u32::MAX),
            kinds: Interner::with_capacity_limit(u32::from(u16::MAX)),
            accounts: Interner::with_capacity_limit(u32::MAX),
            kind_of: vec![0],
            account_of: vec![0],
        }
    }
}

impl ResourceDictionary {
    /// The id of a resource, adding it if new. A type or account it was first seen without is
    /// filled in from a later sighting; when sightings disagree (a secret's name in two
    /// accounts), the smaller is kept, so the answer does not depend on which was read first.
    pub fn intern(&mut self, found: Found<'_>) -> u32 {
        let id = self.keys.intern(found.key);
        let i = id as usize;
        if i == self.kind_of.len() {
            self.kind_of.push(0);
            self.account_of.push(0);
        }
        let kind = u32::from(self.kind_of[i]);
        if smaller(&self.kinds, kind, found.kind) {
            self.kind_of[i] = self.kinds.intern(found.kind) as u16;
        }
        if smaller(&self.accounts, self.account_of[i], found.account) {
            self.account_of[i] = self.accounts.intern(found.account);
        }
        id
    }

    /// The id of the resource whose key is `key`, if one is held.
    pub fn find(&self, key: &str) -> Option<u32> {
        self.keys.find(key)
    }

    /// The key of resource `id`.
    pub fn key(&self, id: u32) -> &str {
        self.keys.get(id)
    }

    /// The type of resource `id`, or empty.
    pub fn kind(&self, id: u32) -> &str {
        self.kind_of
            .get(id as usize)
            .map_or("", |&k| self.kinds.get(u32::from(k)))
    }

    /// The account of resource `id`, or empty.
    pub fn account(&self, id: u32) -> &str {
        self.account_of.get(id as usize).map_or("", |&a| self.accounts.get(a))
    }

    /// How many ids are in use, the empty key (id 0, never a row's) included.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether no resource is held.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Bytes held by the keys, types and accounts and the per-resource ids, for memory reports.
    pub fn bytes(&self) -> usize {
        self.keys.string_bytes()
            + self.kinds.string_bytes()
            + self.accounts.string_bytes()
            + self.kind_of.capacity() * 2
            + self.account_of.capacity() * 4
    }

    /// Interns every resource of `from` here: the new id of each of its ids.
    fn absorb(&mut self, from: &ResourceDictionary) -> Vec<u32> {
        (0..from.len() as u32)
            .map(|id| {
                self.intern(Found {
                    key: from.key(id),
                    kind: from.kind(id),
                    account: from.account(id),
                })
            })
            .collect()
    }
}

/// Whether `seen` should replace the value `held` (an id in `dict`, 0 for none): it is set and
/// either nothing is held or it sorts before what is.
fn smaller(dict: &Interner, held: u32, seen: &str) -> bool {
    !seen.is_empty() && (held == 0 || seen < dict.get(held))
}

/// Per row, the ids of the resources it touched (each once).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ResourceColumn {
    /// Per row, the end of its ids in `ids` (a row starts where the one before it ends).
    ends: Vec<u32>,
    ids: Vec<u32>,
}

impl ResourceColumn {
    /// The resource ids of row `row` (none for a row past the column, as in a batch built
    /// without resources).
    pub fn of(&self, row: usize) -> &[u32] {
        let Some(&end) = self.ends.get(row) else {
            return &[];
        };
        let start = if row == 0 { 0 } else { self.ends[row - 1] };
        &self.ids[start as usize..end as usize]
    }

    /// Adds one to `counts[id]` (`counts` one per resource id) for each resource of each of
    /// `rows`. A row's first two ids are counted without a branch on how many it has, because
    /// rows with none, one or two are mixed at random; only the few with more loop.
    pub fn count(&self, rows: impl IntoIterator<Item = u32>, counts: &mut [u32]) {
        if self.ids.is_empty() {
            return;
        }
        let id_at = |k: usize| self.ids.get(k).map_or(0, |&id| id as usize);
        for row in rows {
            let row = row as usize;
            let Some(&end) = self.ends.get(row) else {
                continue;
            };
            let start = if row == 0 { 0 } else { self.ends[row - 1] as usize };
            let held = end as usize - start;
            counts[id_at(start)] += u32::from(held >= 1);
            counts[id_at(start + 1)] += u32::from(held >= 2);
            if held > 2 {
                for &id in &self.ids[start + 2..end as usize] {
                    counts[id as usize] += 1;
                }
            }
        }
    }

    /// Adds a resource to the row being read, unless it already has it.
    pub fn add(&mut self, id: u32) {
        let start = self.ends.last().map_or(0, |&e| e as usize);
        if !self.ids[start..].contains(&id) {
            self.ids.push(id);
        }
    }

    /// Closes the row being read: every row of the batch calls it once, in order.
    pub fn end_row(&mut self) {
        self.ends.push(self.ids.len() as u32);
    }

    /// Bytes the column holds.
    pub fn bytes(&self) -> usize {
        (self.ends.capacity() + self.ids.capacity()) * std::mem::size_of::<u32>()
    }

    /// The rows that touched a resource `wanted` (indexed by id) holds, one bit a row: the ids
    /// and the row ends are walked once, in order, so that a filter on resources tests a bit a
    /// row rather than each row's list.
    pub fn rows_touching(&self, wanted: &[bool]) -> Vec<u64> {
        let mut bits = vec![0u64; self.ends.len().div_ceil(64)];
        let mut row = 0;
        for (at, &id) in self.ids.iter().enumerate() {
            if wanted[id as usize] {
                while self.ends[row] as usize <= at {
                    row += 1;
                }
                bits[row / 64] |= 1 << (row % 64);
            }
        }
        bits
    }

    /// Drops the rows at the indexes of `sorted` (ascending), keeping the others in order.
    pub(super) fn remove_rows(&mut self, sorted: &[u32]) {
        let (mut start, mut write, mut kept, mut next) = (0, 0, 0, 0);
        for row in 0..self.ends.len() {
            let end = self.ends[row] as usize;
            if sorted.get(next) == Some(&(row as u32)) {
                next += 1;
            } else {
                self.ids.copy_within(start..end, write);
                write += end - start;
                self.ends[kept] = write as u32;
                kept += 1;
            }
            start = end;
        }
        self.ends.truncate(kept);
        self.ids.truncate(write);
    }

    /// Reorders the rows into `order`: the ids, gathered in pieces and copied back as
    /// [`super::order::gather`] does, then the rows' counts of ids.
    pub(super) fn permute(&mut self, order: super::order::Order) {
        let pieces = super::order::pieces(order, |row| self.of(row).iter().copied());
        super::order::refill(&mut self.ids, pieces);
        // Rows past the column (a batch built without resources) have none.
        self.ends.resize(order.len(), self.ends.last().copied().unwrap_or(0));
        for row in (1..self.ends.len()).rev() {
            self.ends[row] -= self.ends[row - 1];
        }
        super::order::gather(&mut self.ends, order);
        let mut end = 0;
        for row_end in &mut self.ends {
            end += *row_end;
            *row_end = end;
        }
    }
}

/// The resources column and its dictionary.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Resources {
    /// Every distinct resource.
    pub dict: ResourceDictionary,
    /// Per row, its resources.
    pub column: ResourceColumn,
}

impl Resources {
    /// Takes in `from`'s resources: the new id of each of its ids, to [`Resources::push_row`]
    /// its rows with. Room is made for `expected` rows in all, and ids in proportion.
    pub(super) fn absorb(&mut self, from: &Resources, expected: usize) -> Vec<u32> {
        let (rows, ids) = (self.column.ends.len(), self.column.ids.len());
        // In floating point: the product overflows wasm32's `usize` at millions of rows.
        let expected_ids = if rows == 0 {
            0
        } else {
            (ids as f64 / rows as f64 * expected as f64) as usize
        };
        super::make_room(&mut self.column.ids, from.column.ids.len(), expected_ids);
        super::make_room(&mut self.column.ends, from.column.ends.len(), expected);
        self.dict.absorb(&from.dict)
    }

    /// Appends row `row` of `from` with its ids translated by `ids`.
    pub(super) fn push_row(&mut self, from: &Resources, row: usize, ids: &[u32]) {
        let translated = from.column.of(row).iter().map(|&id| ids[id as usize]);
        self.column.ids.extend(translated);
        self.column.end_row();
    }

    /// Gives back the room reserved for rows that were dropped.
    pub(super) fn shrink(&mut self) {
        self.column.ends.shrink_to_fit();
        self.column.ids.shrink_to_fit();
        self.dict.keys.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::ResourceColumn;
    use crate::store::order::{Order, PIECE};

    #[test]
    fn rows_reordered_keep_their_ids_across_the_pieces_they_are_gathered_in() {
        // Rows of 0 to 3 ids and now and then 64, over three pieces, the last rows past the
        // column (none).
        let ids_of = |row: u32| (0..if row.is_multiple_of(997) { 64 } else { row % 4 }).map(move |k| row * 100 + k);
        let rows = 3 * PIECE as u32 + 5;
        let mut column = ResourceColumn::default();
        for row in 0..rows - 3 {
            ids_of(row).for_each(|id| column.add(id));
            column.end_row();
        }
        let order: Vec<u32> = (0..rows).map(|at| (at * 7919 + 11) % rows).collect();
        column.permute(Order::Rows(&order));
        for (at, &row) in order.iter().enumerate() {
            let expected: Vec<u32> = if row < rows - 3 {
                ids_of(row).collect()
            } else {
                Vec::new()
            };
            assert_eq!(column.of(at), expected, "row {at}, read as row {row}");
        }
    }

    #[test]
    fn counting_a_selection_counts_each_id_of_each_row_once() {
        let mut column = ResourceColumn::default();
        let rows: [&[u32]; 6] = [&[3], &[], &[1, 2], &[4, 1, 2, 3, 5], &[], &[2]];
        for ids in rows {
            ids.iter().for_each(|&id| column.add(id));
            column.end_row();
        }
        let counted = |selection: &[u32]| {
            let mut counts = vec![0; 6];
            column.count(selection.iter().copied(), &mut counts);
            counts
        };
        assert_eq!(counted(&[0, 1, 2, 3, 4, 5]), [0, 2, 3, 2, 1, 1]);
        assert_eq!(counted(&[0, 2]), [0, 1, 1, 1, 0, 0], "a row of one id and a row of two");
        assert_eq!(
            counted(&[1, 4]),
            [0; 6],
            "rows with none add nothing, whatever follows them"
        );
        assert_eq!(
            counted(&[3, 9]),
            [0, 1, 1, 1, 1, 1],
            "five ids; a row past the column has none"
        );
        assert_eq!(counted(&[5]), [0, 0, 1, 0, 0, 0], "the last row");
        let empty = ResourceColumn::default();
        empty.count([0, 1], &mut []);
    }
}
