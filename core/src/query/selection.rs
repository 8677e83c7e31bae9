//! The rows a filter passes, ascending: a span of rows when nothing but a time range narrows
//! them, so that the commonest view, every event, holds no list of every row (4 bytes an event),
//! and a list otherwise.

use std::ops::Range;

/// The rows a filter passes, owned (see [`super::filter::CompiledFilter::selected`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Every row from `start` to `end`.
    Span(Range<u32>),
    /// These rows.
    Listed(Vec<u32>),
}

impl Selection {
    /// The rows, to read.
    pub fn rows(&self) -> Rows<'_> {
        match self {
            Selection::Span(span) => Rows::Span(span.start, span.end),
            Selection::Listed(rows) => Rows::Listed(rows),
        }
    }
}

/// Runs a block for each of some [`Rows`] (`for_each_row!(rows, |row| { … })`, `row` a `u32`),
/// as a loop over a range or a loop over a slice: a hot loop then compiles as tightly as over
/// either, which a loop through [`RowIter`], or through a closure, did not (a third slower).
macro_rules! for_each_row {
    ($rows:expr, |$row:ident| $body:block) => {
        match $rows {
            $crate::query::selection::Rows::Span(start, end) => {
                for $row in start..end $body
            }
            $crate::query::selection::Rows::Listed(rows) => {
                for &$row in rows $body
            }
        }
    };
}
pub(crate) use for_each_row;

/// The rows of a [`Selection`], or any ascending list of rows, borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rows<'a> {
    /// Every row from the first to (not including) the second.
    Span(u32, u32),
    /// These rows.
    Listed(&'a [u32]),
}

impl<'a> From<&'a [u32]> for Rows<'a> {
    fn from(rows: &'a [u32]) -> Self {
        Rows::Listed(rows)
    }
}

impl<'a> From<&'a Vec<u32>> for Rows<'a> {
    fn from(rows: &'a Vec<u32>) -> Self {
        Rows::Listed(rows)
    }
}

impl<'a> Rows<'a> {
    /// How many rows.
    pub fn len(self) -> usize {
        match self {
            Rows::Span(start, end) => end.saturating_sub(start) as usize,
            Rows::Listed(rows) => rows.len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// The `k`th row, if there are that many.
    pub fn get(self, k: usize) -> Option<u32> {
        match self {
            Rows::Span(start, end) => (k < (end.saturating_sub(start)) as usize).then(|| start + k as u32),
            Rows::Listed(rows) => rows.get(k).copied(),
        }
    }

    /// The rows at positions `at` (clamped to the rows there are).
    pub fn slice(self, at: Range<usize>) -> Rows<'a> {
        let len = self.len();
        let (from, to) = (at.start.min(len), at.end.min(len).max(at.start.min(len)));
        match self {
            Rows::Span(start, _) => Rows::Span(start + from as u32, start + to as u32),
            Rows::Listed(rows) => Rows::Listed(&rows[from..to]),
        }
    }

    /// The position of the first row for which `before` is false, `before` being true of every
    /// row up to some point and false after it.
    pub fn partition_point(self, mut before: impl FnMut(u32) -> bool) -> usize {
        match self {
            Rows::Span(start, end) => {
                let (mut low, mut high) = (start, end.max(start));
                while low < high {
                    let middle = low + (high - low) / 2;
                    if before(middle) {
                        low = middle + 1;
                    } else {
                        high = middle;
                    }
                }
                (low - start) as usize
            }
            Rows::Listed(rows) => rows.partition_point(|&row| before(row)),
        }
    }

    /// Whether `row` is one of them.
    pub fn contains(self, row: u32) -> bool {
        match self {
            Rows::Span(start, end) => (start..end).contains(&row),
            Rows::Listed(rows) => rows.binary_search(&row).is_ok(),
        }
    }

    /// The rows in order (a loop over many rows is written with [`for_each_row`]).
    pub fn iter(self) -> RowIter<'a> {
        match self {
            Rows::Span(start, end) => RowIter::Span(start..end),
            Rows::Listed(rows) => RowIter::Listed(rows.iter()),
        }
    }

    /// The rows in a list of their own.
    pub fn to_vec(self) -> Vec<u32> {
        match self {
            Rows::Span(start, end) => (start..end).collect(),
            Rows::Listed(rows) => rows.to_vec(),
        }
    }
}

/// The iterator of [`Rows::iter`].
#[derive(Debug, Clone)]
pub enum RowIter<'a> {
    /// Over a span.
    Span(Range<u32>),
    /// Over a list.
    Listed(std::slice::Iter<'a, u32>),
}

impl Iterator for RowIter<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        match self {
            RowIter::Span(span) => span.next(),
            RowIter::Listed(rows) => rows.next().copied(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            RowIter::Span(span) => span.size_hint(),
            RowIter::Listed(rows) => rows.size_hint(),
        }
    }

    fn fold<B, F: FnMut(B, u32) -> B>(self, init: B, mut f: F) -> B {
        match self {
            RowIter::Span(span) => span.fold(init, f),
            RowIter::Listed(rows) => rows.fold(init, |acc, &row| f(acc, row)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Rows, Selection};

    /// Every question asked of a span and of the same rows listed, which must agree.
    fn agree(start: u32, end: u32) {
        let listed: Vec<u32> = (start..end).collect();
        let (span, list) = (Selection::Span(start..end), Selection::Listed(listed.clone()));
        let (a, b) = (span.rows(), list.rows());
        assert_eq!(a.len(), b.len());
        assert_eq!(a.iter().collect::<Vec<_>>(), listed);
        let mut folded = Vec::new();
        a.iter().for_each(|row| folded.push(row));
        assert_eq!(folded, listed, "for_each goes through fold");
        assert_eq!(a.to_vec(), b.to_vec());
        for k in 0..listed.len() + 2 {
            assert_eq!(a.get(k), b.get(k));
            for to in k..listed.len() + 3 {
                assert_eq!(a.slice(k..to).to_vec(), b.slice(k..to).to_vec(), "{k}..{to}");
            }
        }
        for row in start.saturating_sub(2)..end + 2 {
            assert_eq!(a.contains(row), b.contains(row), "row {row}");
            assert_eq!(a.partition_point(|r| r < row), b.partition_point(|r| r < row));
        }
    }

    #[test]
    fn a_span_answers_as_its_rows_listed_would() {
        agree(0, 0);
        agree(0, 1);
        agree(5, 6);
        agree(3, 40);
        agree(7, 7);
    }

    #[test]
    fn a_slice_of_a_list_keeps_its_own_rows() {
        let rows = [2, 3, 5, 8, 13];
        let listed = Rows::from(&rows[..]);
        assert_eq!(listed.slice(1..3).to_vec(), [3, 5]);
        assert_eq!(listed.slice(4..9).to_vec(), [13]);
        assert_eq!(listed.partition_point(|r| r < 6), 3);
        assert!(!listed.contains(4) && listed.contains(8));
    }
}
