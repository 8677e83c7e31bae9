//! Events over time in automatic buckets (one minute to one week), stacked by service or by
//! outcome, for the timeline chart. Without a time range of its own, the timeline draws the
//! events' span, unless a few events lie far from all the others (see [`focus`]).

use crate::store::EventStore;
use crate::time::UNDATED;
use serde::{Deserialize, Serialize};

/// Bucket widths the timeline picks from, in milliseconds.
const BUCKETS_MS: [i64; 10] = [
    60_000,
    300_000,
    900_000,
    3_600_000,
    3 * 3_600_000,
    6 * 3_600_000,
    12 * 3_600_000,
    86_400_000,
    7 * 86_400_000,
    30 * 86_400_000,
];

/// How the timeline's bars are split.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stack {
    /// One series per event source (the busiest ones, then the other sources together).
    #[default]
    BySource,
    /// Two series: success and error.
    ByOutcome,
}

/// What one series counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SeriesKey {
    /// The events of one event source.
    Source(String),
    /// The events of the sources not shown by name.
    Other,
    /// The calls without an error code.
    Success,
    /// The calls with an error code.
    Error,
}

/// One stacked series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Series {
    /// What it counts.
    pub key: SeriesKey,
    /// Events per bucket.
    pub counts: Vec<u64>,
}

/// The timeline: `series[k].counts[b]` events of series `k` in `[start + b·bucket_ms, +bucket_ms)`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeline {
    /// Start of the first bucket (UTC ms, aligned to the bucket width).
    pub start: i64,
    /// Bucket width in ms.
    pub bucket_ms: i64,
    /// The series, largest first (the other sources last).
    pub series: Vec<Series>,
    /// Dated events left out of the drawn range because they lie far from all the others (0
    /// when a range was asked for or every dated event is drawn).
    pub outside: u64,
    /// The dated events' whole span `[first, last + 1)` (UTC ms) when some were left out, for
    /// the chart to offer it.
    pub whole: Option<(i64, i64)>,
}

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
pub fn focus<T>(dated: &[T], time: impl Fn(&T) -> i64) -> ((i64, i64), u64) {
    let n = dated.len();
    let at = |k: usize| time(&dated[k]);
    let whole = (at(0), at(n - 1) + 1);
    let trim = n / FOCUS_TRIM;
    let (core_from, core_to) = (at(trim), at(n - 1 - trim));
    let pad = (core_to - core_from).max(3_600_000) / 2;
    let (low, high) = (core_from.saturating_sub(pad), core_to.saturating_add(pad));
    let first = dated.partition_point(|d| time(d) < low);
    let end = dated.partition_point(|d| time(d) <= high);
    let outside = (first + (n - end)) as u64;
    let range = (at(first), at(end - 1) + 1);
    let narrow = (whole.1 - whole.0) / FOCUS_RATIO >= range.1 - range.0;
    if outside == 0 || outside > (2 * n / FOCUS_TRIM) as u64 || !narrow {
        return (whole, 0);
    }
    (range, outside)
}

/// Series shown by name before the rest are summed into [`SeriesKey::Other`].
const TOP_SOURCES: usize = 8;

impl Timeline {
    /// Number of buckets.
    pub fn buckets(&self) -> usize {
        self.series.first().map_or(0, |s| s.counts.len())
    }

    /// Buckets the dated `rows` of `store` (the events passing a view's filter, in time order)
    /// between `range` (or their own first and last) into at most `max_buckets` buckets of a
    /// standard width.
    pub fn of_rows(
        store: &EventStore,
        rows: &[u32],
        range: Option<(i64, i64)>,
        stack: Stack,
        max_buckets: u32,
    ) -> Self {
        let c = &store.columns;
        // Rows are in time order and undated ones sort first.
        let dated_rows = &rows[rows.partition_point(|&i| c.time[i as usize] == UNDATED)..];
        if dated_rows.is_empty() {
            return Timeline::default();
        }
        let time = |&i: &u32| c.time[i as usize];
        let ((from, to), outside) = match range {
            Some(range) => (range, 0),
            None => focus(dated_rows, time),
        };
        let whole = (outside > 0).then(|| (time(&dated_rows[0]), time(&dated_rows[dated_rows.len() - 1]) + 1));
        // The rows in `[from, to)`, found by their times rather than tested one by one.
        let drawn_rows = &dated_rows[dated_rows.partition_point(|i| time(i) < from)..];
        let drawn_rows = &drawn_rows[..drawn_rows.partition_point(|i| time(i) < to)];
        let drawn = || drawn_rows.iter().map(|&i| i as usize);
        let span = (to - from).max(1);
        let max_buckets = i64::from(max_buckets.max(1));
        let bucket_ms = BUCKETS_MS
            .iter()
            .copied()
            .find(|&b| span.div_euclid(b) < max_buckets)
            .unwrap_or(BUCKETS_MS[BUCKETS_MS.len() - 1]);
        let start = from.div_euclid(bucket_ms) * bucket_ms;
        let buckets = ((to - 1).div_euclid(bucket_ms) * bucket_ms - start) / bucket_ms + 1;
        let bucket_of = |i: usize| ((c.time[i] - start) / bucket_ms).clamp(0, buckets - 1) as usize;
        let (keys, series_of): (Vec<SeriesKey>, Box<dyn Fn(usize) -> usize>) = match stack {
            Stack::ByOutcome => (
                vec![SeriesKey::Success, SeriesKey::Error],
                Box::new(|i| usize::from(c.error[i] != 0)),
            ),
            Stack::BySource => {
                let mut per_source = vec![0u64; store.dict.sources.len()];
                for i in drawn() {
                    per_source[c.source[i] as usize] += 1;
                }
                let mut ranked: Vec<usize> = (0..per_source.len()).filter(|&s| per_source[s] > 0).collect();
                ranked.sort_by_key(|&s| std::cmp::Reverse(per_source[s]));
                let shown = ranked.len().min(TOP_SOURCES);
                let mut slot = vec![shown; per_source.len()];
                let mut keys: Vec<SeriesKey> = Vec::new();
                for (k, &s) in ranked.iter().take(shown).enumerate() {
                    slot[s] = k;
                    keys.push(SeriesKey::Source(store.dict.sources.get(s as u32).to_string()));
                }
                if ranked.len() > shown {
                    keys.push(SeriesKey::Other);
                }
                (keys, Box::new(move |i| slot[c.source[i] as usize]))
            }
        };
        let mut series: Vec<Series> = keys
            .into_iter()
            .map(|key| Series {
                key,
                counts: vec![0; buckets as usize],
            })
            .collect();
        for i in drawn() {
            series[series_of(i)].counts[bucket_of(i)] += 1;
        }
        Timeline {
            start,
            bucket_ms,
            series,
            outside,
            whole,
        }
    }
}

#[cfg(test)]
mod focus_tests {
    use super::focus;

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
        let (range, outside) = focus(&times, |&t| t);
        assert_eq!(outside, 4, "three years-old events and one far in the future");
        assert_eq!(range, (start, start + 2999 * 60_000 + 1), "the busy days, end to end");
    }

    #[test]
    fn an_even_spread_is_drawn_whole() {
        let times: Vec<i64> = (0..10_000).map(|k| k * 60 * 1000 * 6).collect();
        assert_eq!(focus(&times, |&t| t), ((0, 9999 * 360_000 + 1), 0));
    }

    #[test]
    fn a_busy_range_near_the_whole_span_is_drawn_whole() {
        // Seven busy days and one event a month before: the busy days would still get a fifth
        // of the bars, so nothing is left out.
        let mut times = vec![-30 * DAY];
        times.extend(busy(0, 7 * 24 * 60));
        assert_eq!(focus(&times, |&t| t).1, 0);
    }

    #[test]
    fn many_far_events_are_not_outliers() {
        // 5 % of the events a year early: a second cluster, not a few stray records.
        let mut times: Vec<i64> = (0..50).map(|k| -YEAR + k * 60_000).collect();
        times.extend(busy(0, 950));
        assert_eq!(focus(&times, |&t| t), ((-YEAR, 949 * 60_000 + 1), 0));
    }

    #[test]
    fn few_events_or_one_instant_are_drawn_whole() {
        assert_eq!(focus(&[5_i64], |&t| t), ((5, 6), 0));
        assert_eq!(focus(&[7_i64; 500], |&t| t), ((7, 8), 0));
        let mut times = vec![-YEAR];
        times.extend(busy(0, 50));
        assert_eq!(focus(&times, |&t| t).1, 0, "under 100 events nothing is trimmed");
    }
}
