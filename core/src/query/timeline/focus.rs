//! The range a timeline draws when none is asked for: the events' span, unless a few events lie
//! far from all the others.

use crate::query::selection::Rows;

/// Share of the dated events (1 in this many, at each end) that may lie anywhere without
/// widening the range a timeline focuses on.
const FOCUS_TRIM: usize = 100;
/// The whole span must be this many times the focused range before a timeline focuses: below,
/// the busy range still gets a tenth of the bars.
const FOCUS_RATIO: i64 = 10;

/// The range `[from, to)` a timeline draws when none is asked for, over `dated` (not empty, in
/// time order), and how many events it leaves out. It is their whole span, unless a few lie far
/// from all the others (a record with a wrong clock, old example events mixed into a trail),
/// which would squeeze every other event into one or two bars: then it is the span of the rest.
/// The rest is the middle 98 % widened by half its own width on each side (at least an hour),
/// and it is used only when it leaves out at most 2 % of the events and is under a tenth of the
/// whole span.
pub fn focus(dated: Rows<'_>, time: impl Fn(u32) -> i64) -> ((i64, i64), u64) {
    let n = dated.len();
    let at = |k: usize| dated.get(k).map_or(0, &time);
    let whole = (at(0), at(n - 1) + 1);
    let trim = n / FOCUS_TRIM;
    let (core_from, core_to) = (at(trim), at(n - 1 - trim));
    let pad = (core_to - core_from).max(3_600_000) / 2;
    let (low, high) = (core_from.saturating_sub(pad), core_to.saturating_add(pad));
    let first = dated.partition_point(|row| time(row) < low);
    let end = dated.partition_point(|row| time(row) <= high);
    let outside = (first + (n - end)) as u64;
    let range = (at(first), at(end - 1) + 1);
    let narrow = (whole.1 - whole.0) / FOCUS_RATIO >= range.1 - range.0;
    if outside == 0 || outside > (2 * n / FOCUS_TRIM) as u64 || !narrow {
        return (whole, 0);
    }
    (range, outside)
}

#[cfg(test)]
mod tests {
    use crate::query::selection::Rows;

    /// The range drawn for events at `times` (in order).
    fn focus(times: &[i64]) -> ((i64, i64), u64) {
        super::focus(Rows::Span(0, times.len() as u32), |k| times[k as usize])
    }

    const HOUR: i64 = 3_600_000;
    const DAY: i64 = 24 * HOUR;
    const YEAR: i64 = 365 * DAY;

    /// `n` events one minute apart from `start`.
    fn busy(start: i64, n: i64) -> Vec<i64> {
        (0..n).map(|k| start + k * 60_000).collect()
    }

    #[test]
    fn a_few_far_events_are_left_out_of_the_drawn_range() {
        let start = 55 * YEAR;
        let mut times = vec![start - 8 * YEAR, start - 5 * YEAR, start - 5 * YEAR + DAY];
        times.extend(busy(start, 3000));
        times.push(start + 2 * YEAR);
        let (range, outside) = focus(&times);
        assert_eq!(outside, 4, "three years-old events and one far in the future");
        assert_eq!(range, (start, start + 2999 * 60_000 + 1), "the busy days, end to end");
    }

    #[test]
    fn an_even_spread_is_drawn_whole() {
        let times: Vec<i64> = (0..10_000).map(|k| k * 60 * 1000 * 6).collect();
        assert_eq!(focus(&times), ((0, 9999 * 360_000 + 1), 0));
    }

    #[test]
    fn a_busy_range_near_the_whole_span_is_drawn_whole() {
        // Seven busy days and one event a month before: the busy days would still get a fifth
        // of the bars, so nothing is left out.
        let mut times = vec![-30 * DAY];
        times.extend(busy(0, 7 * 24 * 60));
        assert_eq!(focus(&times).1, 0);
    }

    #[test]
    fn many_far_events_are_not_outliers() {
        // 5 % of the events a year early: a second cluster, not a few stray records.
        let mut times: Vec<i64> = (0..50).map(|k| -YEAR + k * 60_000).collect();
        times.extend(busy(0, 950));
        assert_eq!(focus(&times), ((-YEAR, 949 * 60_000 + 1), 0));
    }

    #[test]
    fn few_events_or_one_instant_are_drawn_whole() {
        assert_eq!(focus(&[5_i64]), ((5, 6), 0));
        assert_eq!(focus(&[7_i64; 500]), ((7, 8), 0));
        let mut times = vec![-YEAR];
        times.extend(busy(0, 50));
        assert_eq!(focus(&times).1, 0, "under 100 events nothing is trimmed");
    }
}
