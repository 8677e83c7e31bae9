//! Where the timeline's parts go: the drawing's size and margins, each bucket's total, the
//! scales, and the times a range of buckets covers. Computed once per timeline.

use crate::components::views::chart::format::thousands;
use crate::components::views::chart::scale::{nice_ticks, Band, Linear};
use trailscope_core::query::timeline::Timeline;

/// Drawing width in viewBox units; the SVG scales to its container's width.
pub const WIDTH: f64 = 800.0;
/// Drawing height in viewBox units.
pub const HEIGHT: f64 = 260.0;
/// Space above the plot, where the findings' marks go.
pub const TOP: f64 = 24.0;
/// The middle of the findings' marks, above the plot.
pub const MARKS_Y: f64 = 12.0;
/// Space under the plot, for the time axis' labels and dates.
const BOTTOM: f64 = 40.0;
/// Space right of the plot.
pub const RIGHT: f64 = 24.0;
/// Approximate width of one axis-label character, to size the y axis' margin.
const CHAR_WIDTH: f64 = 6.5;

/// Everything positional the chart needs.
pub struct Layout {
    /// Buckets in the timeline.
    pub buckets: usize,
    /// Events per bucket, every series together.
    pub totals: Vec<u64>,
    /// The buckets' slots across the plot.
    pub band: Band,
    /// Counts to heights.
    pub y: Linear,
    /// The counts marked on the y axis.
    pub y_ticks: Vec<u64>,
    /// The plot's left edge (after the y axis' labels).
    pub left: f64,
    /// The plot's bottom edge (the time axis).
    pub bottom: f64,
}

impl Layout {
    /// The layout of `timeline`.
    pub fn of(timeline: &Timeline) -> Self {
        let buckets = timeline.buckets();
        let totals = totals(timeline);
        let y_ticks = nice_ticks(totals.iter().copied().max().unwrap_or(0), 4);
        let top_tick = y_ticks.last().copied().unwrap_or(1);
        let widest = y_ticks.iter().map(|&t| thousands(t).len()).max().unwrap_or(1);
        let left = 14.0 + widest as f64 * CHAR_WIDTH;
        let bottom = HEIGHT - BOTTOM;
        Layout {
            buckets,
            totals,
            band: Band::new(buckets, left, WIDTH - RIGHT),
            y: Linear::new((0.0, top_tick as f64), (bottom, TOP)),
            y_ticks,
            left,
            bottom,
        }
    }
}

/// Events per bucket, every series together.
pub fn totals(timeline: &Timeline) -> Vec<u64> {
    (0..timeline.buckets())
        .map(|b| {
            timeline
                .series
                .iter()
                .map(|s| s.counts.get(b).copied().unwrap_or(0))
                .sum()
        })
        .collect()
}

/// `[from, to)` of buckets `first..=last`.
pub fn range_of(timeline: &Timeline, first: usize, last: usize) -> (i64, i64) {
    let edge = |b: usize| {
        timeline
            .start
            .saturating_add(timeline.bucket_ms.saturating_mul(b as i64))
    };
    (edge(first), edge(last + 1))
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use trailscope_core::query::timeline::{Series, SeriesKey};
    use wasm_bindgen_test::wasm_bindgen_test;

    /// Four five-minute buckets of one source and the others, the second empty.
    pub fn timeline() -> Timeline {
        Timeline {
            start: 1_736_121_600_000,
            bucket_ms: 300_000,
            series: vec![
                Series {
                    key: SeriesKey::Source("s3.amazonaws.com".into()),
                    counts: vec![3, 0, 1, 0],
                },
                Series {
                    key: SeriesKey::Other,
                    counts: vec![1, 0, 0, 2],
                },
            ],
            ..Timeline::default()
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn totals_and_axis_cover_the_busiest_bucket() {
        let layout = Layout::of(&timeline());
        assert_eq!(layout.buckets, 4);
        assert_eq!(layout.totals, vec![4, 0, 1, 2]);
        assert_eq!(layout.y_ticks.last(), Some(&4));
        assert_eq!(layout.y.map(4.0), TOP);
        assert_eq!(layout.y.map(0.0), HEIGHT - BOTTOM);
        let t = timeline();
        assert_eq!(range_of(&t, 1, 3), (t.start + 300_000, t.start + 1_200_000));
    }
}
