//! String interning: each distinct account, region, principal, … is stored once and events hold
//! a small integer, which keeps rows fixed-width and makes filters integer comparisons.

use hashbrown::HashTable;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::hash::BuildHasher;

type Hasher = foldhash::fast::FixedState;

/// The value shown for ids past an interner's capacity (hostile input with millions of regions).
pub const OVERFLOW_VALUE: &str = "(too many distinct values)";

/// Longest value kept, in bytes: far beyond any real account, region, ARN (2,048 characters at
/// most), IP or user agent, so that a crafted multi-megabyte field cannot make every view that
/// shows it freeze the page. Longer values are cut at a character boundary and end with "…".
pub const MAX_VALUE_BYTES: usize = 4096;

/// Most bytes of text an interner holds (its ends are `u32`), with room for the overflow value.
const MAX_TEXT_BYTES: usize = u32::MAX as usize - MAX_VALUE_BYTES;

/// `value`, cut to [`MAX_VALUE_BYTES`] (the "…" included) when longer.
pub fn shortened(value: &str) -> std::borrow::Cow<'_, str> {
    if value.len() <= MAX_VALUE_BYTES {
        return std::borrow::Cow::Borrowed(value);
    }
    let mut cut = MAX_VALUE_BYTES - '\u{2026}'.len_utf8();
    while !value.is_char_boundary(cut) {
        cut -= 1;
    }
    std::borrow::Cow::Owned(format!("{}\u{2026}", &value[..cut]))
}

/// An append-only table of distinct strings. Id 0 is always the empty string ("absent"). The
/// values are one text, each found by where it ends, and looked up through a table of ids: about
/// 10 bytes a value beside its text, where a set of boxed strings took about 40 (a trail holds
/// hundreds of thousands of source addresses).
#[derive(Debug, Clone)]
pub struct Interner {
    /// Every value, one after another.
    text: String,
    /// Where each value ends in `text`, by id.
    ends: Vec<u32>,
    /// The ids, by their value's hash.
    ids: HashTable<u32>,
    capacity: u32,
}

fn hash_of(value: &str) -> u64 {
    Hasher::default().hash_one(value)
}

/// Value `id` of `text` and `ends` (empty for an unknown id, or one malformed on the wire).
fn value_in<'t>(text: &'t str, ends: &[u32], id: u32) -> &'t str {
    let i = id as usize;
    let start = if i == 0 { Some(&0) } else { ends.get(i - 1) };
    match (start, ends.get(i)) {
        (Some(&start), Some(&end)) => text.get(start as usize..end as usize).unwrap_or(""),
        _ => "",
    }
}

impl Interner {
    /// An interner holding at most `capacity` values; later new values share one overflow id.
    pub fn with_capacity_limit(capacity: u32) -> Self {
        let mut interner = Interner {
            text: String::new(),
            ends: Vec::new(),
            ids: HashTable::new(),
            capacity,
        };
        interner.insert("", hash_of(""));
        interner
    }

    /// The id of `value`, adding it if new.
    pub fn intern(&mut self, value: &str) -> u32 {
        let value = &*shortened(value);
        let hash = hash_of(value);
        if let Some(id) = self.id_of(value, hash) {
            return id;
        }
        if self.is_full() || self.text.len() + value.len() > MAX_TEXT_BYTES {
            let hash = hash_of(OVERFLOW_VALUE);
            return self
                .id_of(OVERFLOW_VALUE, hash)
                .unwrap_or_else(|| self.insert(OVERFLOW_VALUE, hash));
        }
        self.insert(value, hash)
    }

    /// Appends `value`, which is not held yet and hashes to `hash`: its id. The text grows by a
    /// quarter at a time, as doubling would leave up to half of it empty.
    fn insert(&mut self, value: &str, hash: u64) -> u32 {
        let Interner { text, ends, ids, .. } = self;
        if text.capacity() - text.len() < value.len() {
            text.reserve_exact(value.len().max(text.len() / 4));
        }
        text.push_str(value);
        ends.push(text.len() as u32);
        let id = ends.len() as u32 - 1;
        ids.insert_unique(hash, id, |&id| hash_of(value_in(text, ends, id)));
        id
    }

    /// The id of `value` as it is held (already shortened), which hashes to `hash`.
    fn id_of(&self, value: &str, hash: u64) -> Option<u32> {
        let (text, ends) = (&self.text, &self.ends);
        self.ids.find(hash, |&id| value_in(text, ends, id) == value).copied()
    }

    /// Whether no new value gets an id of its own.
    fn is_full(&self) -> bool {
        self.len() as u32 >= self.capacity - 1 || self.text.len() > MAX_TEXT_BYTES
    }

    /// The id of `value` if it was ever interned.
    pub fn find(&self, value: &str) -> Option<u32> {
        let value = shortened(value);
        self.id_of(&value, hash_of(&value))
    }

    /// The string of `id`, of any column's id width (empty for unknown ids).
    pub fn get(&self, id: impl Into<u32>) -> &str {
        value_in(&self.text, &self.ends, id.into())
    }

    /// Whether `id` is the one that values past the capacity share, and so names none of them.
    pub fn is_shared_overflow(&self, id: u32) -> bool {
        self.is_full() && self.get(id) == OVERFLOW_VALUE
    }

    /// How many ids are in use, the empty string included.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether only the empty string is interned.
    pub fn is_empty(&self) -> bool {
        self.len() <= 1
    }

    /// All values in id order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len() as u32).map(|id| self.get(id))
    }

    /// Gives back the room the text and ends grew into beyond what they hold.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }

    /// Bytes held by the strings themselves, for memory reports.
    pub fn string_bytes(&self) -> usize {
        self.text.len()
    }
}

/// An interner as it crosses the wire: its values and their ends, without the table of ids,
/// which the side that reads it builds again.
#[derive(Serialize)]
struct WireRef<'a> {
    text: &'a str,
    ends: &'a [u32],
    capacity: u32,
}

#[derive(Deserialize)]
struct Wire {
    text: String,
    ends: Vec<u32>,
    capacity: u32,
}

impl Serialize for Interner {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (text, ends, capacity) = (&self.text, &self.ends, self.capacity);
        WireRef { text, ends, capacity }.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Interner {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let Wire { text, ends, capacity } = Wire::deserialize(deserializer)?;
        let mut ids = HashTable::with_capacity(ends.len());
        for id in 0..ends.len() as u32 {
            ids.insert_unique(hash_of(value_in(&text, &ends, id)), id, |&id| {
                hash_of(value_in(&text, &ends, id))
            });
        }
        Ok(Interner {
            text,
            ends,
            ids,
            capacity,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_value_is_kept_cut_at_a_character_boundary() {
        let mut interner = Interner::with_capacity_limit(10);
        let huge = "é".repeat(5 << 20);
        let id = interner.intern(&huge);
        let kept = interner.get(id);
        assert!(
            kept.len() <= MAX_VALUE_BYTES && kept.len() > MAX_VALUE_BYTES - 8,
            "{}",
            kept.len()
        );
        assert!(kept.ends_with('\u{2026}') && huge.starts_with(kept.trim_end_matches('\u{2026}')));
        assert_eq!(interner.find(&huge), Some(id));
        let limit = "a".repeat(MAX_VALUE_BYTES);
        let whole = interner.intern(&limit);
        assert_eq!(interner.get(whole), limit, "a value at the limit is kept whole");
    }

    #[test]
    fn ids_are_stable_and_overflow_is_shared() {
        let mut interner = Interner::with_capacity_limit(4);
        assert_eq!(interner.intern(""), 0);
        let a = interner.intern("a");
        assert_eq!(interner.intern("a"), a);
        let b = interner.intern("b");
        assert_eq!(interner.get(b), "b");
        let over = interner.intern("c");
        assert_eq!(interner.get(over), OVERFLOW_VALUE);
        assert_eq!(interner.intern("d"), over);
        assert_eq!(interner.find("zzz"), None);
    }

    #[test]
    fn a_hundred_thousand_values_keep_their_ids_across_the_wire() {
        let mut interner = Interner::with_capacity_limit(u32::MAX);
        let values: Vec<String> = (0..100_000u32)
            .map(|i| format!("10.{}.{}.{}", i >> 16, (i >> 8) & 255, i & 255))
            .collect();
        let ids: Vec<u32> = values.iter().map(|v| interner.intern(v)).collect();
        assert_eq!(
            ids,
            (1..=100_000).collect::<Vec<u32>>(),
            "in order, after the empty value"
        );
        assert_eq!(interner.intern("10.0.0.7"), 8, "a value held keeps its id");
        let wire = serde_json::to_string(&interner).expect("written");
        let back: Interner = serde_json::from_str(&wire).expect("read");
        assert_eq!(back.len(), 100_001);
        for (value, &id) in values.iter().zip(&ids) {
            assert_eq!((back.get(id), back.find(value)), (value.as_str(), Some(id)));
        }
        assert_eq!((back.get(0u32), back.find("")), ("", Some(0)));
        assert_eq!(back.string_bytes(), values.iter().map(String::len).sum::<usize>());
    }

    #[test]
    fn ends_malformed_on_the_wire_read_as_empty_values() {
        let wire = r#"{"text":"abé","ends":[0,2,3,9,1],"capacity":10}"#;
        let interner: Interner = serde_json::from_str(wire).expect("read");
        assert_eq!(interner.get(1u32), "ab");
        assert_eq!(interner.get(2u32), "", "an end inside a character");
        assert_eq!(interner.get(3u32), "", "past the end");
        assert_eq!(interner.get(4u32), "", "ending before it starts");
        assert_eq!(interner.get(9u32), "", "no such id");
    }
}
