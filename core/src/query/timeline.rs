//! Events over time in automatic buckets (one second to thirty days), stacked by service, by
//! outcome, by principal or by source address, for the timeline chart, with where the findings'
//! events fall. Without a time range of its own, the timeline draws the events' span, unless a
//! few events lie far from all the others (see [`focus`]).

mod focus;
mod marks;

pub use focus::focus;
pub use marks::FindingMarks;

use super::selection::{for_each_row, Rows};
use crate::store::interner::Interner;
use crate::store::narrow::NarrowColumn;
use crate::store::EventStore;
use crate::time::UNDATED;
use serde::{Deserialize, Serialize};

/// Bucket widths the timeline picks from, in milliseconds: steps of 2 to 5 at most, so that a
/// range zoomed into keeps between a half and the whole of the buckets asked for.
const BUCKETS_MS: [i64; 16] = [
    1_000,
    2_000,
    5_000,
    10_000,
    15_000,
    30_000,
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

/// The narrowest standard width that draws `span_ms` in fewer than `max_buckets` buckets (the
/// widest when none does).
pub fn bucket_width(span_ms: i64, max_buckets: u32) -> i64 {
    let max_buckets = i64::from(max_buckets.max(1));
    BUCKETS_MS
        .iter()
        .copied()
        .find(|&b| span_ms.max(1).div_euclid(b) < max_buckets)
        .unwrap_or(BUCKETS_MS[BUCKETS_MS.len() - 1])
}

/// How the timeline's bars are split.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stack {
    /// One series per event source (the busiest ones, then the other sources together).
    #[default]
    BySource,
    /// Two series: success and error.
    ByOutcome,
    /// One series per principal (the busiest ones, then the others together).
    ByPrincipal,
    /// One series per source IP address or service host (the busiest, then the others).
    ByIp,
}

/// What one series counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SeriesKey {
    /// The events of one event source.
    Source(String),
    /// The events of one principal (empty when the event names none).
    Principal(String),
    /// The events from one source IP address or service host (empty when none was logged).
    Ip(String),
    /// The events of the sources, principals or addresses not shown by name.
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
    /// How the series split the events.
    pub stack: Stack,
    /// The series, largest first (the others last).
    pub series: Vec<Series>,
    /// Events with an error code per bucket, whatever the stacking, so that a chart stacked by
    /// service can still show failures.
    pub errors: Vec<u64>,
    /// Findings with events in the drawn buckets (among the filtered rows), most severe first.
    pub marks: Vec<FindingMarks>,
    /// Dated events left out of the drawn range because they lie far from all the others (0
    /// when a range was asked for or every dated event is drawn).
    pub outside: u64,
    /// The dated events' whole span `[first, last + 1)` (UTC ms) when some were left out, for
    /// the chart to offer it.
    pub whole: Option<(i64, i64)>,
}

/// Series shown by name before the rest are summed into [`SeriesKey::Other`].
const TOP_SERIES: usize = 8;

/// The buckets rows are counted into.
struct Buckets<'s> {
    time: &'s [i64],
    error: &'s NarrowColumn<u16>,
    start: i64,
    width: i64,
    len: usize,
}

impl Buckets<'_> {
    /// Each series' events per bucket (`series_of` a row's index into `keys`), and the errors,
    /// over `rows` in time order from the first bucket's start on: the bucket's end is walked
    /// forward rather than each row's time divided, and rows past the last bucket count in it.
    fn count(
        &self,
        rows: Rows<'_>,
        keys: Vec<SeriesKey>,
        series_of: impl Fn(usize) -> usize,
    ) -> (Vec<Series>, Vec<u64>) {
        let mut counts = vec![vec![0u64; self.len]; keys.len()];
        let mut errors = vec![0u64; self.len];
        let (mut bucket, mut end) = (0, self.start + self.width);
        for_each_row!(rows, |i| {
            let i = i as usize;
            while self.time[i] >= end && bucket + 1 < self.len {
                bucket += 1;
                end += self.width;
            }
            counts[series_of(i)][bucket] += 1;
            errors[bucket] += u64::from(self.error.get(i) != 0);
        });
        let series = keys
            .into_iter()
            .zip(counts)
            .map(|(key, counts)| Series { key, counts })
            .collect();
        (series, errors)
    }

    /// The series of a stacking by one column: the busiest [`TOP_SERIES`] values of `id` among
    /// `drawn`, then the others together, each counted per bucket.
    fn ranked(
        &self,
        drawn: Rows<'_>,
        dict: &Interner,
        id: impl Fn(usize) -> usize,
        key: fn(String) -> SeriesKey,
    ) -> (Vec<Series>, Vec<u64>) {
        let mut per_value = vec![0u64; dict.len()];
        for_each_row!(drawn, |i| {
            per_value[id(i as usize)] += 1;
        });
        let mut order: Vec<usize> = (0..per_value.len()).filter(|&v| per_value[v] > 0).collect();
        order.sort_by_key(|&v| std::cmp::Reverse(per_value[v]));
        let shown = order.len().min(TOP_SERIES);
        let mut slot = vec![shown; per_value.len()];
        let mut keys: Vec<SeriesKey> = Vec::new();
        for (k, &v) in order.iter().take(shown).enumerate() {
            slot[v] = k;
            keys.push(key(dict.get(v as u32).to_string()));
        }
        if order.len() > shown {
            keys.push(SeriesKey::Other);
        }
        self.count(drawn, keys, |i| slot[id(i)])
    }
}

impl Timeline {
    /// Number of buckets.
    pub fn buckets(&self) -> usize {
        self.series.first().map_or(0, |s| s.counts.len())
    }

    /// The bucket holding time `t`, if it is drawn.
    pub fn bucket_of(&self, t: i64) -> Option<usize> {
        if self.bucket_ms <= 0 || t < self.start {
            return None;
        }
        let b = usize::try_from((t - self.start) / self.bucket_ms).ok()?;
        (b < self.buckets()).then_some(b)
    }

    /// Buckets the dated `rows` of `store` (the events passing a view's filter, in time order)
    /// between `range` (or their own first and last) into at most `max_buckets` buckets of a
    /// standard width.
    pub fn of_rows(
        store: &EventStore,
        rows: Rows<'_>,
        range: Option<(i64, i64)>,
        stack: Stack,
        max_buckets: u32,
    ) -> Self {
        let c = &store.columns;
        // Rows are in time order and undated ones sort first.
        let dated_rows = rows.slice(rows.partition_point(|i| c.time[i as usize] == UNDATED)..rows.len());
        if dated_rows.is_empty() {
            return Timeline {
                stack,
                ..Timeline::default()
            };
        }
        let time = |i: u32| c.time[i as usize];
        let at = |k: usize| dated_rows.get(k).map_or(UNDATED, time);
        let ((from, to), outside) = match range {
            Some(range) => (range, 0),
            None => focus(dated_rows, time),
        };
        let whole = (outside > 0).then(|| (at(0), at(dated_rows.len() - 1) + 1));
        // The rows in `[from, to)`, found by their times rather than tested one by one.
        let drawn_rows = dated_rows.slice(dated_rows.partition_point(|i| time(i) < from)..dated_rows.len());
        let drawn_rows = drawn_rows.slice(0..drawn_rows.partition_point(|i| time(i) < to));
        let bucket_ms = bucket_width(to - from, max_buckets);
        let start = from.div_euclid(bucket_ms) * bucket_ms;
        let buckets = Buckets {
            time: &c.time,
            error: &c.error,
            start,
            width: bucket_ms,
            len: (((to - 1).div_euclid(bucket_ms) * bucket_ms - start) / bucket_ms + 1) as usize,
        };
        let d = &store.dict;
        let (series, errors) = match stack {
            Stack::ByOutcome => buckets.count(drawn_rows, vec![SeriesKey::Success, SeriesKey::Error], |i| {
                usize::from(c.error.get(i) != 0)
            }),
            Stack::BySource => buckets.ranked(drawn_rows, &d.sources, |i| c.source.get(i) as usize, SeriesKey::Source),
            Stack::ByPrincipal => buckets.ranked(
                drawn_rows,
                &d.principals,
                |i| c.principal.get(i) as usize,
                SeriesKey::Principal,
            ),
            Stack::ByIp => buckets.ranked(drawn_rows, &d.ips, |i| c.ip.get(i) as usize, SeriesKey::Ip),
        };
        Timeline {
            start,
            bucket_ms,
            stack,
            series,
            errors,
            marks: Vec::new(),
            outside,
            whole,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{bucket_width, Buckets, Rows, SeriesKey};
    use crate::store::narrow::NarrowColumn;

    #[test]
    fn rows_fall_in_the_bucket_their_time_is_in() {
        let time = [1_000, 1_999, 2_000, 7_500, 7_999, 8_000, 30_000];
        let error = [0, 1, 0, 0, 2, 0, 1];
        let mut error_column = NarrowColumn::default();
        error.iter().for_each(|&e| error_column.push(e));
        let buckets = Buckets {
            time: &time,
            error: &error_column,
            start: 1_000,
            width: 1_000,
            len: 8,
        };
        let rows: Vec<u32> = (0..7).collect();
        let (series, errors) = buckets.count((&rows).into(), vec![SeriesKey::Other], |_| 0);
        assert_eq!(
            series[0].counts,
            [2, 1, 0, 0, 0, 0, 2, 2],
            "empty buckets skipped, the last holds later rows"
        );
        assert_eq!(errors, [1, 0, 0, 0, 0, 0, 1, 1]);
        let (series, _) = buckets.count(Rows::Span(3, 6), vec![SeriesKey::Success, SeriesKey::Error], |i| {
            usize::from(error[i] != 0)
        });
        assert_eq!(
            series[0].counts,
            [0, 0, 0, 0, 0, 0, 1, 1],
            "8,000 ms starts the eighth bucket"
        );
        assert_eq!(series[1].counts, [0, 0, 0, 0, 0, 0, 1, 0]);
    }

    const SECOND: i64 = 1_000;
    const MINUTE: i64 = 60 * SECOND;
    const HOUR: i64 = 60 * MINUTE;
    const DAY: i64 = 24 * HOUR;

    #[test]
    fn buckets_refine_as_the_range_narrows() {
        for (span, width, buckets) in [
            (30 * SECOND, SECOND, 30),
            (MINUTE, SECOND, 60),
            (2 * MINUTE, 2 * SECOND, 60),
            (3 * MINUTE, 2 * SECOND, 90),
            (5 * MINUTE, 5 * SECOND, 60),
            (10 * MINUTE, 10 * SECOND, 60),
            (20 * MINUTE, 15 * SECOND, 80),
            (30 * MINUTE, 30 * SECOND, 60),
            (HOUR, MINUTE, 60),
            (2 * HOUR - 1, MINUTE, 120),
            (6 * HOUR, 5 * MINUTE, 72),
            (DAY, 15 * MINUTE, 96),
            (7 * DAY, 3 * HOUR, 56),
            (30 * DAY, 12 * HOUR, 60),
            (365 * DAY, 7 * DAY, 53),
        ] {
            assert_eq!(bucket_width(span, 120), width, "{span} ms");
            assert_eq!((span + width - 1) / width, buckets, "{span} ms");
        }
        assert_eq!(bucket_width(10 * 365 * DAY, 120), 30 * DAY, "the widest when none fits");
        assert_eq!(bucket_width(0, 120), SECOND, "one instant");
        assert_eq!(bucket_width(HOUR, 0), 3 * HOUR, "no buckets asked for: one");
    }
}
