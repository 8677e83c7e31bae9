//! The rows' order by time, and columns put in it, with as little room as a merge can take in a
//! heap that never shrinks. When the rows and the span of their times fit in 63 bits, the time
//! column itself becomes the order while a merge reorders the columns: each time is replaced by
//! its offset from the earliest, shifted past the bits of its row's index, and sorted. The order
//! then costs no memory of its own (4 bytes a row, 12 MB at 3M events, at the moment a merge
//! holds the most); otherwise it is a list of rows beside the column. Each column is gathered in
//! small pieces and copied back into its own room, rather than into a second column.

/// Which old row each row of the new order is.
#[derive(Clone, Copy)]
pub(super) enum Order<'a> {
    /// The old row of each row.
    Rows(&'a [u32]),
    /// Sorted keys whose low bits (as many as the second field says) are the old row.
    Keys(&'a [i64], u32),
}

impl Order<'_> {
    /// The rows ordered.
    pub(super) fn len(self) -> usize {
        match self {
            Order::Rows(rows) => rows.len(),
            Order::Keys(keys, _) => keys.len(),
        }
    }

    /// The old row of row `at`.
    pub(super) fn at(self, at: usize) -> usize {
        match self {
            Order::Rows(rows) => rows[at] as usize,
            Order::Keys(keys, bits) => (keys[at] & ((1 << bits) - 1)) as usize,
        }
    }
}

/// How [`sort_by_time`] left the time column.
pub(super) enum TimeSort {
    /// Keys, sorted (see the module's documentation); [`TimeSort::restore`] turns them back into
    /// times.
    Keys {
        /// The earliest time.
        earliest: i64,
        /// Bits of a row's index.
        bits: u32,
    },
    /// As it was; the rows in time order are listed here.
    Rows(Vec<u32>),
}

impl TimeSort {
    /// The order, over the time column [`sort_by_time`] left.
    pub(super) fn order<'a>(&'a self, time: &'a [i64]) -> Order<'a> {
        match self {
            TimeSort::Keys { bits, .. } => Order::Keys(time, *bits),
            TimeSort::Rows(rows) => Order::Rows(rows),
        }
    }

    /// The time of row `at` of the order, over the time column [`sort_by_time`] left.
    pub(super) fn time_at(&self, time: &[i64], at: usize) -> i64 {
        match self {
            TimeSort::Keys { earliest, bits } => (time[at] >> bits) + earliest,
            TimeSort::Rows(rows) => time[rows[at] as usize],
        }
    }

    /// Puts the time column in time order, as times, once every other column is reordered.
    pub(super) fn restore(&self, time: &mut [i64]) {
        match self {
            TimeSort::Keys { earliest, bits } => time.iter_mut().for_each(|t| *t = (*t >> bits) + earliest),
            TimeSort::Rows(_) => time.sort_unstable(),
        }
    }
}

/// The rows' order by time, a row read earlier first among equal times, or none when they are
/// in it already.
pub(super) fn sort_by_time(time: &mut [i64]) -> Option<TimeSort> {
    if time.windows(2).all(|w| w[0] <= w[1]) {
        return None;
    }
    let bits = usize::BITS - (time.len() - 1).leading_zeros();
    let (earliest, latest) = (time.iter().min()?, time.iter().max()?);
    let earliest = *earliest;
    if latest
        .checked_sub(earliest)
        .is_none_or(|span| span.leading_zeros() <= bits)
    {
        let mut rows: Vec<u32> = (0..time.len() as u32).collect();
        // Unstable but with the row as tie-break: the same order as a stable sort, faster.
        rows.sort_unstable_by_key(|&i| (time[i as usize], i));
        return Some(TimeSort::Rows(rows));
    }
    for (row, t) in time.iter_mut().enumerate() {
        *t = ((*t - earliest) << bits) | row as i64;
    }
    time.sort_unstable();
    Some(TimeSort::Keys { earliest, bits })
}

/// Rows in a piece of a column being reordered: a quarter or half a megabyte of values, small
/// enough to fit in the free space that reading leaves scattered in a heap that never shrinks.
pub(super) const PIECE: usize = 1 << 16;

/// Reorders `column` into `order`: the values are gathered in pieces, then copied back into the
/// column's own room, so that reordering takes no second room as large as the column.
pub(super) fn gather<T: Copy>(column: &mut Vec<T>, order: Order) {
    let pieces = pieces(order, |row| [column[row]]);
    refill(column, pieces);
}

/// What `of` gives for each old row, in `order`, in pieces of [`PIECE`] rows.
pub(super) fn pieces<T, Values: IntoIterator<Item = T>>(order: Order, of: impl Fn(usize) -> Values) -> Vec<Vec<T>> {
    (0..order.len())
        .step_by(PIECE)
        .map(|start| {
            (start..order.len().min(start + PIECE))
                .flat_map(|at| of(order.at(at)))
                .collect()
        })
        .collect()
}

/// Empties `column` and fills it again from `pieces`, each let go once copied.
pub(super) fn refill<T: Copy>(column: &mut Vec<T>, pieces: Vec<Vec<T>>) {
    column.clear();
    for piece in pieces {
        column.extend_from_slice(&piece);
    }
}

/// Reorders `column` into `order` in place: each cycle of the permutation is walked once, with a
/// bit a value to mark those moved, for a column wider than the order itself (the walk waits for
/// memory at every step: slower than [`gather`]).
pub(super) fn permute_in_place<T: Copy>(column: &mut [T], order: Order) {
    let mut moved = vec![0u64; order.len().div_ceil(64)];
    for start in 0..order.len() {
        if moved[start / 64] & (1 << (start % 64)) != 0 {
            continue;
        }
        let first = column[start];
        let mut at = start;
        loop {
            moved[at / 64] |= 1 << (at % 64);
            let from = order.at(at);
            if from == start {
                break;
            }
            column[at] = column[from];
            at = from;
        }
        column[at] = first;
    }
}

#[cfg(test)]
mod tests {
    use super::{permute_in_place, sort_by_time, Order, TimeSort};
    use crate::time::UNDATED;

    #[test]
    fn a_column_gathered_in_pieces_is_reordered_in_its_own_room() {
        let values = 3 * super::PIECE + 5;
        let order: Vec<u32> = (0..values as u32).map(|i| (i * 7919 + 3) % values as u32).collect();
        let mut column: Vec<u64> = (0..values as u64).map(|i| i * 10).collect();
        let room = column.as_ptr();
        super::gather(&mut column, Order::Rows(&order));
        assert!(column
            .iter()
            .zip(&order)
            .all(|(&value, &from)| value == u64::from(from) * 10));
        assert_eq!(column.as_ptr(), room, "no second column");
    }

    #[test]
    fn a_column_is_permuted_in_place_cycle_by_cycle() {
        // Two cycles (0 → 3 → 1 → 0, 2 → 5 → 2) and a value that stays (4).
        let mut column = ['a', 'b', 'c', 'd', 'e', 'f'];
        permute_in_place(&mut column, Order::Rows(&[3, 0, 5, 1, 4, 2]));
        assert_eq!(column, ['d', 'a', 'f', 'b', 'e', 'c']);
        let order: Vec<u32> = (0..1000).map(|i| (i * 7 + 3) % 1000).collect();
        let mut column: Vec<u32> = (0..1000).map(|i| i * 10).collect();
        permute_in_place(&mut column, Order::Rows(&order));
        assert!(column.iter().zip(&order).all(|(&value, &from)| value == from * 10));
    }

    /// The rows by time, then by row, and the times in that order: what either sort must give.
    fn reference(time: &[i64]) -> (Vec<usize>, Vec<i64>) {
        let mut rows: Vec<usize> = (0..time.len()).collect();
        rows.sort_by_key(|&i| time[i]);
        let times = rows.iter().map(|&i| time[i]).collect();
        (rows, times)
    }

    /// The order and the times [`sort_by_time`] gives, read as a merge reads them.
    fn sorted(time: &[i64]) -> (Vec<usize>, Vec<i64>, bool) {
        let mut column = time.to_vec();
        let sort = sort_by_time(&mut column).expect("out of order");
        let order = sort.order(&column);
        let rows: Vec<usize> = (0..order.len()).map(|at| order.at(at)).collect();
        let read: Vec<i64> = (0..column.len()).map(|at| sort.time_at(&column, at)).collect();
        sort.restore(&mut column);
        assert_eq!(read, column, "the times read in order are the times restored");
        (rows, column, matches!(sort, TimeSort::Keys { .. }))
    }

    #[test]
    fn times_in_a_span_that_fits_are_sorted_as_keys_and_others_as_rows_to_the_same_order() {
        // Equal times keep the order they were read in; a time before 1970 is still a time.
        let near: Vec<i64> = (0..5000)
            .map(|i| 1_736_000_000_000 + (i * 7919 % 613) * 1000 - 2 * (i % 3))
            .collect();
        let mut before_1970 = near.clone();
        before_1970[17] = -86_400_000;
        let mut undated = near.clone();
        undated[4000] = UNDATED;
        for (time, as_keys) in [(near, true), (before_1970, true), (undated, false)] {
            let (rows, times, keys) = sorted(&time);
            assert_eq!((rows, times), reference(&time));
            assert_eq!(keys, as_keys);
        }
        assert!(sort_by_time(&mut [1, 2, 2, 3]).is_none(), "in order already");
    }

    #[test]
    fn a_span_too_wide_for_the_rows_bits_is_sorted_as_rows() {
        // 2^12 rows leave 51 bits of span: 2^51 ms do not fit, 2^51 - 1 do.
        for (latest, as_keys) in [((1i64 << 51) - 1, true), (1i64 << 51, false)] {
            let time: Vec<i64> = (0..4096i64).rev().map(|i| if i == 7 { latest } else { i }).collect();
            let (rows, times, keys) = sorted(&time);
            assert_eq!((rows, times), reference(&time));
            assert_eq!(keys, as_keys, "latest {latest}");
        }
    }
}
