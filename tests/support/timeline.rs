//! The timeline chart mounted with sample buckets, for the timeline's browser tests.

use super::{recorder, root, Log, FIVE_MIN, START};
use std::rc::Rc;
use trailscope_app::components::views::{SharedView, TimelineChart, TimelineChartProps};
use trailscope_core::insights::InsightBand;
use trailscope_core::query::timeline::{Series, SeriesKey, Stack, Timeline};
use trailscope_core::query::view::View;
use web_sys::Element;
use yew::Renderer;

/// Four five-minute buckets of S3 and the other services, the second empty, the last busy.
pub fn timeline() -> Timeline {
    Timeline {
        start: START,
        bucket_ms: FIVE_MIN,
        series: vec![
            Series {
                key: SeriesKey::Source("s3.amazonaws.com".into()),
                counts: vec![3, 0, 1, 1200],
            },
            Series {
                key: SeriesKey::Other,
                counts: vec![1, 0, 0, 2],
            },
        ],
        ..Timeline::default()
    }
}

/// What a mounted timeline reported.
pub struct TimelineLogs {
    /// Stackings asked for.
    pub stack: Log<Stack>,
    /// Ranges zoomed to.
    pub brush: Log<(i64, i64)>,
    /// Resets.
    pub reset: Log<()>,
}

/// The timeline chart mounted with `timeline`, without Insights.
pub fn mount_timeline(timeline: Timeline, stack: Stack, zoomed: bool) -> (Element, TimelineLogs) {
    mount_timeline_with(timeline, stack, zoomed, Vec::new())
}

/// The timeline chart mounted with `timeline` and Insights `insights`.
pub fn mount_timeline_with(
    timeline: Timeline,
    stack: Stack,
    zoomed: bool,
    insights: Vec<InsightBand>,
) -> (Element, TimelineLogs) {
    let root = root();
    let (on_stack, stack_log) = recorder();
    let (on_brush, brush) = recorder();
    let (on_reset, reset) = recorder();
    let view = SharedView(Rc::new(View {
        timeline,
        insights_total: insights.len() as u64,
        insights,
        ..View::default()
    }));
    let props = TimelineChartProps {
        timeline: view.part(|v| &v.timeline),
        stack,
        on_stack,
        on_brush,
        on_reset,
        zoomed,
        insights: view.part(|v| &v.insights),
        insights_total: view.0.insights_total,
    };
    Renderer::<TimelineChart>::with_root_and_props(root.clone(), props).render();
    (
        root,
        TimelineLogs {
            stack: stack_log,
            brush,
            reset,
        },
    )
}
