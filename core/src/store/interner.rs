//! String interning: each distinct account, region, principal, … is stored once and events hold
//! a small integer, which keeps rows fixed-width and makes filters integer comparisons.

use indexmap::IndexSet;
use serde::{Deserialize, Serialize};

type Hasher = foldhash::fast::FixedState;

/// The value shown for ids past an interner's capacity (hostile input with millions of regions).
pub const OVERFLOW_VALUE: &str = "(too many distinct values)";

/// Longest value kept, in bytes: far beyond any real account, region, ARN (2,048 characters at
/// most), IP or user agent, so that a crafted multi-megabyte field cannot make every view that
/// shows it freeze the page. Longer values are cut at a character boundary and end with "…".
pub const MAX_VALUE_BYTES: usize = 4096;

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

/// An append-only table of distinct strings. Id 0 is always the empty string ("absent").
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Interner {
    values: IndexSet<Box<str>, Hasher>,
    capacity: u32,
}

impl Interner {
    /// An interner holding at most `capacity` values; later new values share one overflow id.
    pub fn with_capacity_limit(capacity: u32) -> Self {
        let mut values = IndexSet::with_hasher(Hasher::default());
        values.insert(Box::from(""));
        Interner { values, capacity }
    }

    /// The id of `value`, adding it if new.
    pub fn intern(&mut self, value: &str) -> u32 {
        let value = &*shortened(value);
        if let Some(id) = self.values.get_index_of(value) {
            return id as u32;
        }
        if self.values.len() as u32 >= self.capacity - 1 {
            return self.values.insert_full(Box::from(OVERFLOW_VALUE)).0 as u32;
        }
        self.values.insert_full(Box::from(value)).0 as u32
    }

    /// The id of `value` if it was ever interned.
    pub fn find(&self, value: &str) -> Option<u32> {
        self.values.get_index_of(&*shortened(value)).map(|id| id as u32)
    }

    /// The string of `id`, of any column's id width (empty for unknown ids).
    pub fn get(&self, id: impl Into<u32>) -> &str {
        self.values.get_index(id.into() as usize).map_or("", |v| v)
    }

    /// Whether `id` is the one that values past the capacity share, and so names none of them.
    pub fn is_shared_overflow(&self, id: u32) -> bool {
        self.values.len() as u32 >= self.capacity - 1 && self.get(id) == OVERFLOW_VALUE
    }

    /// How many ids are in use, the empty string included.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether only the empty string is interned.
    pub fn is_empty(&self) -> bool {
        self.values.len() <= 1
    }

    /// All values in id order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.values.iter().map(|v| &**v)
    }

    /// Bytes held by the strings themselves, for memory reports.
    pub fn string_bytes(&self) -> usize {
        self.values.iter().map(|v| v.len()).sum()
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
}
