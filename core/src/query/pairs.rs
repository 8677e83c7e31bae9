//! Dense numbering of the id pairs met in one query, so that per-pair counters can live in plain
//! vectors instead of hash maps keyed by the pair. Nearly every second id occurs with a single
//! first id (an operation under one event source, a source IP used by one principal), which an
//! array indexed by the second id resolves without hashing; the rare second id seen with another
//! first id goes through a small map.

use hashbrown::HashMap;

const UNSET: u32 = u32::MAX;

/// Maps (`a`, `b`) id pairs (an event source and an operation, a principal and an IP) to slots `0..len()` in order of first sight.
pub(crate) struct PairIndex {
    /// Per `b`: the `a` of its first pair (or [`UNSET`]) and that pair's slot, side by side so
    /// that a look-up touches one cache line.
    primary: Vec<(u32, u32)>,
    /// Pairs whose `b` was first seen with another `a`.
    overflow: HashMap<(u32, u32), u32, foldhash::fast::FixedState>,
    /// The pair of every slot.
    keys: Vec<(u32, u32)>,
}

impl PairIndex {
    /// An empty index for `b` ids below `len` (`a` ids must stay below `u32::MAX`).
    pub(crate) fn new(len: usize) -> Self {
        PairIndex {
            primary: vec![(UNSET, 0); len],
            overflow: HashMap::default(),
            keys: Vec::new(),
        }
    }

    /// The slot of (`a`, `b`), numbering it if new.
    #[inline(always)]
    pub(crate) fn slot(&mut self, a: u32, b: u32) -> usize {
        let (primary, slot) = self.primary[b as usize];
        if primary == a {
            return slot as usize;
        }
        self.numbered(a, b)
    }

    /// [`PairIndex::slot`] off the fast path: a new pair or an overflow one.
    #[cold]
    #[inline(never)]
    fn numbered(&mut self, a: u32, b: u32) -> usize {
        let at = b as usize;
        let next = self.keys.len() as u32;
        if self.primary[at].0 == UNSET {
            self.primary[at] = (a, next);
            self.keys.push((a, b));
            return next as usize;
        }
        let keys = &mut self.keys;
        *self.overflow.entry((a, b)).or_insert_with(|| {
            keys.push((a, b));
            next
        }) as usize
    }

    /// Number of slots.
    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }

    /// The pair of `slot`.
    pub(crate) fn key(&self, slot: usize) -> (u32, u32) {
        self.keys[slot]
    }
}

#[cfg(test)]
mod tests {
    use super::PairIndex;

    /// A `b` seen with a second `a` gets its own slot through the overflow map.
    #[test]
    fn pairs_sharing_a_second_id_get_distinct_slots() {
        let mut pairs = PairIndex::new(8);
        assert_eq!(pairs.slot(1, 5), 0);
        assert_eq!(pairs.slot(2, 5), 1);
        assert_eq!(pairs.slot(1, 5), 0);
        assert_eq!(pairs.slot(2, 5), 1);
        assert_eq!(pairs.slot(1, 7), 2);
        assert_eq!(pairs.len(), 3);
        assert_eq!((pairs.key(0), pairs.key(1), pairs.key(2)), ((1, 5), (2, 5), (1, 7)));
    }
}
