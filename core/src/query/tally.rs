//! The counting toolkit of the per-identity table, the Resources view and the facets: an activity
//! span, counters per small key that mostly skip hashing, the busiest-first picks and the
//! per-principal IP and key tally. Each is shaped for the hot loop over filtered rows: no allocation per row, and a
//! hash only when the key changes or is too large for a dense vector.

use crate::time::UNDATED;

/// Events and errors with their first and last time: a principal's or a session's activity.
#[derive(Default)]
pub(super) struct Span {
    /// Events.
    pub events: u64,
    /// Events with an error code.
    pub errors: u64,
    /// First dated event (UTC ms).
    pub first: Option<i64>,
    /// Last dated event (UTC ms).
    pub last: Option<i64>,
}

impl Span {
    /// Counts one event; an undated one leaves the first and last times alone.
    pub fn add(&mut self, time: i64, error: bool) {
        self.events += 1;
        self.errors += u64::from(error);
        if time != UNDATED {
            self.first = Some(self.first.map_or(time, |f| f.min(time)));
            self.last = Some(self.last.map_or(time, |l| l.max(time)));
        }
    }
}

/// Fast-hashed map for the per-principal sub-counters (ids are small integers; no DoS concern).
type Map<K, V> = hashbrown::HashMap<K, V, foldhash::fast::FixedState>;

/// Counts per key, remembering the last key in a register: a principal's consecutive events
/// mostly share their IP, session and operation, so most additions skip the hash map.
pub(super) struct Tally<V> {
    map: Map<u32, V>,
    last: u32,
    pending: V,
}

impl<V: Default + Merge> Default for Tally<V> {
    fn default() -> Self {
        Tally {
            map: Map::default(),
            last: u32::MAX,
            pending: V::default(),
        }
    }
}

/// What a [`Tally`] accumulates per key.
pub(super) trait Merge {
    /// Adds `other`'s counts to these.
    fn merge(&mut self, other: &Self);
    /// Whether nothing was counted.
    fn is_empty(&self) -> bool;
}

impl Merge for u64 {
    fn merge(&mut self, other: &Self) {
        *self += other;
    }
    fn is_empty(&self) -> bool {
        *self == 0
    }
}

impl Merge for Span {
    fn merge(&mut self, other: &Self) {
        self.events += other.events;
        self.errors += other.errors;
        self.first = match (self.first, other.first) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.last = match (self.last, other.last) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
    }
    fn is_empty(&self) -> bool {
        self.events == 0
    }
}

impl<V: Default + Merge> Tally<V> {
    /// The accumulator of `key`.
    #[inline]
    fn at(&mut self, key: u32) -> &mut V {
        if key != self.last {
            self.flush();
            self.last = key;
        }
        &mut self.pending
    }

    /// Moves the register into the map and returns it.
    fn finish(mut self) -> Map<u32, V> {
        self.flush();
        self.map
    }

    fn flush(&mut self) {
        if !self.pending.is_empty() {
            let pending = std::mem::take(&mut self.pending);
            self.map.entry(self.last).or_default().merge(&pending);
        }
    }
}

/// Counts per small key: keys below the caller's `dense` limit go to a vector indexed by key
/// (grown on demand), the rest to a [`Tally`]. The limit is chosen so that principals × keys
/// stays small, which keeps the common case (hundreds of principals, operations and sessions)
/// free of hashing without letting a huge dictionary blow up memory.
pub(super) struct Counter<V> {
    dense: Vec<V>,
    sparse: Tally<V>,
}

impl<V: Default + Merge> Default for Counter<V> {
    fn default() -> Self {
        Counter {
            dense: Vec::new(),
            sparse: Tally::default(),
        }
    }
}

impl<V: Default + Merge> Counter<V> {
    /// The accumulator of `key`, dense when `key < dense`.
    #[inline]
    pub fn at(&mut self, key: u32, dense: usize) -> &mut V {
        let k = key as usize;
        if k < dense {
            if k >= self.dense.len() {
                self.dense.resize_with(k + 1, V::default);
            }
            &mut self.dense[k]
        } else {
            self.sparse.at(key)
        }
    }

    /// The non-empty accumulators with their keys.
    pub fn finish(self) -> Vec<(u32, V)> {
        let mut out: Vec<(u32, V)> = self
            .dense
            .into_iter()
            .enumerate()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k as u32, v))
            .collect();
        out.extend(self.sparse.finish());
        out
    }
}

/// The `n` largest counts, largest first (ties by key). A principal may have used thousands of
/// IPs, so the `n` are picked in linear time and only they are sorted.
pub(super) fn top<K: Copy + Ord>(map: impl IntoIterator<Item = (K, u64)>, n: usize) -> Vec<(K, u64)> {
    let order = |a: &(K, u64), b: &(K, u64)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
    let mut items: Vec<(K, u64)> = map.into_iter().collect();
    if items.len() > n && n > 0 {
        items.select_nth_unstable_by(n - 1, order);
    }
    items.truncate(n);
    items.sort_by(order);
    items
}

/// The `n` values with the largest counts, largest first, ties by value. They are picked as the
/// values stream by, keeping at most `2n` at a time (cut back to the best `n` whenever full), so
/// that a facet of a million resources never holds the million.
/// Equal counts are ordered by each value's first eight bytes as an integer, and by the whole
/// string only when those are equal, so that ordering a hundred thousand IPs seen once is not a
/// hundred thousand string comparisons.
pub(super) fn busiest<S: AsRef<str>>(values: impl IntoIterator<Item = (S, u64)>, n: usize) -> Vec<(String, u64)> {
    let order = |a: &(u64, u64, S), b: &(u64, u64, S)| {
        (b.0.cmp(&a.0))
            .then(a.1.cmp(&b.1))
            .then_with(|| a.2.as_ref().cmp(b.2.as_ref()))
    };
    if n == 0 {
        return Vec::new();
    }
    let mut kept: Vec<(u64, u64, S)> = Vec::new();
    // Once the first cut is made, the `n`th best kept so far sits at `n - 1`, and a value not
    // before it cannot be among the busiest.
    let mut cut = false;
    for (v, count) in values {
        // A smaller count is turned away without reading the value.
        if cut && count < kept[n - 1].0 {
            continue;
        }
        let value = (count, prefix(v.as_ref()), v);
        if cut && order(&value, &kept[n - 1]).is_ge() {
            continue;
        }
        kept.push(value);
        if kept.len() == 2 * n {
            kept.select_nth_unstable_by(n - 1, order);
            kept.truncate(n);
            cut = true;
        }
    }
    if kept.len() > n {
        kept.select_nth_unstable_by(n - 1, order);
        kept.truncate(n);
    }
    // Values are distinct, so an unstable sort gives the one order.
    kept.sort_unstable_by(order);
    kept.iter()
        .map(|(count, _, v)| (v.as_ref().to_string(), *count))
        .collect()
}

/// The first eight bytes of `value`, big-endian, zero-padded: ordering by it and then by the
/// whole value is ordering by the value.
fn prefix(value: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let head = &value.as_bytes()[..value.len().min(8)];
    bytes[..head.len()].copy_from_slice(head);
    u64::from_be_bytes(bytes)
}

/// Events per (slot, id) for a column whose ids nearly all go with one slot: IPs and access keys
/// per principal slot (IPs are many, about one per event, and nearly each is used by one
/// principal), access keys per session. Each id's first slot and its count sit side by side in
/// an array indexed by id (one memory access a row); an id's other slots go to a map.
pub(super) struct SlotTally {
    first: Vec<(u32, u32)>,
    others: Map<(u32, u32), u64>,
}

impl SlotTally {
    /// An empty tally over `ids` ids.
    pub fn new(ids: usize) -> Self {
        SlotTally {
            first: vec![(u32::MAX, 0); ids],
            others: Map::default(),
        }
    }

    /// Counts one event of `slot` with id `id`.
    #[inline(always)]
    pub fn add(&mut self, slot: u32, id: u32) {
        let entry = &mut self.first[id as usize];
        if entry.0 == slot {
            entry.1 += 1;
        } else if entry.0 == u32::MAX {
            *entry = (slot, 1);
        } else {
            *self.others.entry((slot, id)).or_default() += 1;
        }
    }

    /// Every counted (slot, id, events).
    pub fn counted(self) -> impl Iterator<Item = (u32, u32, u64)> {
        let first = (self.first.into_iter().enumerate())
            .filter(|&(_, (slot, _))| slot != u32::MAX)
            .map(|(id, (slot, n))| (slot, id as u32, u64::from(n)));
        first.chain(self.others.into_iter().map(|((slot, id), n)| (slot, id, n)))
    }

    /// Each slot's ids with their counts.
    pub fn by_slot(self, slots: usize) -> Vec<Vec<(u32, u64)>> {
        let mut out: Vec<Vec<(u32, u64)>> = vec![Vec::new(); slots];
        for (slot, id, n) in self.counted() {
            out[slot as usize].push((id, n));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Keys in runs and interleaved, some below a dense limit of 8 and some above.
    const KEYS: [u32; 14] = [3, 3, 3, 9, 9, 3, 700, 3, 9, 0, 700, 700, 12, 3];

    fn counted_plainly() -> BTreeMap<u32, u64> {
        KEYS.iter().fold(BTreeMap::new(), |mut m, &k| {
            *m.entry(k).or_default() += 1;
            m
        })
    }

    #[test]
    fn a_counter_counts_dense_and_sparse_keys_alike() {
        for dense in [0, 8, 1000] {
            let mut counter = Counter::<u64>::default();
            for &k in &KEYS {
                *counter.at(k, dense) += 1;
            }
            let counted: BTreeMap<u32, u64> = counter.finish().into_iter().collect();
            assert_eq!(counted, counted_plainly(), "dense below {dense}");
        }
    }

    #[test]
    fn spans_keep_first_and_last_of_dated_events_through_merges() {
        let mut sessions = Counter::<Span>::default();
        for (k, &key) in KEYS.iter().enumerate() {
            let time = if k == 4 { UNDATED } else { 1000 + k as i64 };
            sessions.at(key, 0).add(time, key == 700);
        }
        let spans: BTreeMap<u32, Span> = sessions.finish().into_iter().collect();
        let nine = &spans[&9];
        assert_eq!(
            (nine.events, nine.errors, nine.first, nine.last),
            (3, 0, Some(1003), Some(1008))
        );
        let seven_hundred = &spans[&700];
        assert_eq!((seven_hundred.events, seven_hundred.errors), (3, 3));
        assert_eq!((seven_hundred.first, seven_hundred.last), (Some(1006), Some(1011)));
        assert_eq!(spans[&0].events, 1);
    }

    #[test]
    fn top_picks_the_largest_counts_ties_by_key() {
        let counts = [(5u32, 2u64), (1, 7), (4, 2), (2, 9), (3, 2)];
        assert_eq!(top(counts, 3), [(2, 9), (1, 7), (3, 2)]);
        assert_eq!(top(counts, 10).len(), 5);
        assert_eq!(top(counts, 0), []);
    }

    #[test]
    fn prefixes_order_like_the_values() {
        let mut values = [
            "10.0.0.1",
            "10.0.0.10",
            "10.0.0.2",
            "",
            "a",
            "a\0",
            "abcdefgh",
            "abcdefghi",
            "abcdefgg~",
            "é",
        ];
        let mut by_prefix = values;
        values.sort_unstable();
        by_prefix.sort_by(|a, b| prefix(a).cmp(&prefix(b)).then_with(|| a.cmp(b)));
        assert_eq!(by_prefix, values);
    }

    #[test]
    fn busiest_cuts_at_n_ties_by_value() {
        let values = vec![("b", 1), ("a", 1), ("c", 5), ("d", 1)];
        assert_eq!(
            busiest(values.clone(), 3),
            [("c".to_string(), 5), ("a".into(), 1), ("b".into(), 1)]
        );
        assert_eq!(busiest(values.clone(), 10).len(), 4);
        assert_eq!(busiest(values, 0), []);
    }

    #[test]
    fn busiest_of_many_values_streamed_agrees_with_sorting_them_all_and_holds_only_its_list() {
        // IPs as a large trail has them: thousands, most seen once or twice, sharing prefixes.
        let values: Vec<(String, u64)> = (0..5000u64)
            .map(|i| {
                (
                    format!("10.{}.{}.{}", i % 7, i / 256, (i * 37) % 256),
                    (i * 7919) % 13 / 10 + 1,
                )
            })
            .collect();
        let mut sorted = values.clone();
        sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        for n in [1, 2, 50, 999, 1000, 4999, 5000, 6000] {
            let top = busiest(values.iter().map(|(v, c)| (v.as_str(), *c)), n);
            assert_eq!(top, sorted[..n.min(values.len())], "n = {n}");
            assert_eq!(top.capacity(), top.len(), "n = {n}: room for what it lists only");
        }
    }

    #[test]
    fn a_slot_tally_gives_each_slot_its_ids() {
        let mut ips = SlotTally::new(4);
        for (slot, ip) in [(0, 1), (0, 1), (1, 1), (1, 3), (0, 2), (1, 1)] {
            ips.add(slot, ip);
        }
        let mut by_slot = ips.by_slot(2);
        by_slot.iter_mut().for_each(|ips| ips.sort_unstable());
        assert_eq!(by_slot, [vec![(1, 2), (2, 1)], vec![(1, 2), (3, 1)]]);
    }
}
