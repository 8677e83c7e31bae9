//! Events over time in automatic buckets (one minute to one week), stacked by service or by
//! outcome, for the timeline chart.

use super::filter::CompiledFilter;
use crate::normalize::time::UNDATED;
use crate::store::EventStore;
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
    /// One series per event source (the busiest ones, then "other").
    #[default]
    BySource,
    /// Two series: success and error.
    ByOutcome,
}

/// One stacked series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Series {
    /// Event source, "other", "success" or "error".
    pub label: String,
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
    /// The series, largest first ("other" last).
    pub series: Vec<Series>,
}

/// Series shown by name before the rest are summed into "other".
const TOP_SOURCES: usize = 8;

impl Timeline {
    /// Number of buckets.
    pub fn buckets(&self) -> usize {
        self.series.first().map_or(0, |s| s.counts.len())
    }

    /// Buckets the dated `rows` of `store` between `range` (or their own first and last) into at
    /// most `max_buckets` buckets of a standard width.
    pub fn compute(
        store: &EventStore,
        filter: &CompiledFilter,
        range: Option<(i64, i64)>,
        stack: Stack,
        max_buckets: u32,
    ) -> Self {
        Self::of_rows(store, &filter.selected(store), range, stack, max_buckets)
    }

    /// Like [`Timeline::compute`] over rows already filtered (in time order), so that a view
    /// evaluates its filter once for all its parts.
    pub fn of_rows(
        store: &EventStore,
        rows: &[u32],
        range: Option<(i64, i64)>,
        stack: Stack,
        max_buckets: u32,
    ) -> Self {
        let c = &store.columns;
        let dated = || rows.iter().map(|&i| i as usize).filter(|&i| c.time[i] != UNDATED);
        let (Some(first), Some(last)) = (dated().next(), dated().next_back()) else {
            return Timeline::default();
        };
        let (from, to) = range.unwrap_or((c.time[first], c.time[last] + 1));
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
        let (labels, series_of): (Vec<String>, Box<dyn Fn(usize) -> usize>) = match stack {
            Stack::ByOutcome => (
                vec!["success".into(), "error".into()],
                Box::new(|i| usize::from(c.error[i] != 0)),
            ),
            Stack::BySource => {
                let mut per_source = vec![0u64; store.dict.sources.len()];
                for i in dated() {
                    per_source[c.source[i] as usize] += 1;
                }
                let mut ranked: Vec<usize> = (0..per_source.len()).filter(|&s| per_source[s] > 0).collect();
                ranked.sort_by_key(|&s| std::cmp::Reverse(per_source[s]));
                let shown = ranked.len().min(TOP_SOURCES);
                let mut slot = vec![shown; per_source.len()];
                let mut labels: Vec<String> = Vec::new();
                for (k, &s) in ranked.iter().take(shown).enumerate() {
                    slot[s] = k;
                    labels.push(store.dict.sources.get(s as u32).to_string());
                }
                if ranked.len() > shown {
                    labels.push("other".into());
                }
                (labels, Box::new(move |i| slot[c.source[i] as usize]))
            }
        };
        let mut series: Vec<Series> = labels
            .into_iter()
            .map(|label| Series {
                label,
                counts: vec![0; buckets as usize],
            })
            .collect();
        for i in dated() {
            if c.time[i] >= from && c.time[i] < to {
                series[series_of(i)].counts[bucket_of(i)] += 1;
            }
        }
        Timeline {
            start,
            bucket_ms,
            series,
        }
    }
}
