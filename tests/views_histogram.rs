//! Browser tests of the top bar's histogram: its bars are the timeline's totals with the failed
//! calls on top, a drag and the keys zoom to whole buckets, and the read-out names the bucket.
#![cfg(target_arch = "wasm32")]

mod support;

use std::rc::Rc;
use support::*;
use trailscope_app::components::views::{Histogram, HistogramProps, SharedView};
use trailscope_core::query::timeline::{Series, SeriesKey, Timeline};
use trailscope_core::query::view::View;
use wasm_bindgen_test::*;
use web_sys::Element;
use yew::Renderer;

wasm_bindgen_test_configure!(run_in_browser);

/// Four five-minute buckets: 40, none, 10 and 80 events, of which 10 and 20 failed.
fn timeline() -> Timeline {
    Timeline {
        start: START,
        bucket_ms: FIVE_MIN,
        series: vec![
            Series {
                key: SeriesKey::Source("s3.amazonaws.com".into()),
                counts: vec![30, 0, 10, 50],
            },
            Series {
                key: SeriesKey::Other,
                counts: vec![10, 0, 0, 30],
            },
        ],
        errors: vec![10, 0, 0, 20],
        ..Timeline::default()
    }
}

fn mount(timeline: Timeline, zoomed: bool) -> (Element, Log<(i64, i64)>, Log<()>) {
    let root = root();
    let (on_brush, brush) = recorder();
    let (on_reset, reset) = recorder();
    let view = SharedView(Rc::new(View {
        timeline,
        ..View::default()
    }));
    let props = HistogramProps {
        timeline: view.part(|v| &v.timeline),
        zoomed,
        on_brush,
        on_reset,
    };
    Renderer::<Histogram>::with_root_and_props(root.clone(), props).render();
    (root, brush, reset)
}

/// Each bar of a path `M{x} {bottom}V{top}h{width}V{bottom}Z…` as `(x, height)`.
fn bars(path: &Element) -> Vec<(f64, f64)> {
    let d = path.get_attribute("d").unwrap();
    d.split('M')
        .filter(|bar| !bar.is_empty())
        .map(|bar| {
            let (x, rest) = bar.split_once(' ').unwrap();
            let (bottom, rest) = rest.split_once('V').unwrap();
            let (top, _) = rest.split_once('h').unwrap();
            let n = |s: &str| s.parse::<f64>().unwrap();
            (n(x), n(bottom) - n(top))
        })
        .collect()
}

#[wasm_bindgen_test]
async fn bars_are_the_timelines_totals_with_the_failed_calls_on_top() {
    let (root, _, _) = mount(timeline(), false);
    settle().await;
    let ok = bars(&one(&root, "path.tsv-hist-ok"));
    let failed = bars(&one(&root, "path.tsv-hist-error"));
    assert_eq!(ok.len(), 3, "a bar per bucket with events");
    assert_eq!(failed.len(), 2, "failures where there are some");
    // The busiest bucket (80) sets the scale: 52 units for 80 events.
    let unit = (ok[2].1 + failed[1].1) / 80.0;
    for ((_, height), expected) in ok.iter().zip([30.0, 10.0, 60.0]) {
        assert!((height - expected * unit).abs() < 0.02, "{height} for {expected}");
    }
    for ((_, height), expected) in failed.iter().zip([10.0, 20.0]) {
        assert!((height - expected * unit).abs() < 0.02, "{height} for {expected}");
    }
    assert_eq!(ok[0].0, failed[0].0, "the failed part sits on its bucket's bar");
    let svg = one(&root, "svg.tsv-histogram-svg");
    assert_eq!(svg.get_attribute("tabindex").as_deref(), Some("0"));
    assert!(all(&svg, "[tabindex]").is_empty(), "one tab stop");
    assert_eq!(
        one(&root, ".tsv-hist-readout").text_content().unwrap(),
        "130 events in 2025-01-06 00:00:00–00:20:00 UTC"
    );
    assert!(all(&root, ".tsv-hist-reset").is_empty(), "nothing to reset");
}

#[wasm_bindgen_test]
async fn a_drag_zooms_to_the_buckets_it_crosses_and_the_pointer_is_read_out() {
    let (root, brush, _) = mount(timeline(), false);
    settle().await;
    let svg = one(&root, "svg.tsv-histogram-svg");
    let rect = svg.get_bounding_client_rect();
    assert!(rect.width() > 100.0, "the bar fills its container");
    let centre = |b: f64| rect.left() + (b + 0.5) * rect.width() / 4.0;
    pointer(&svg, "pointermove", centre(3.0));
    settle().await;
    assert_eq!(
        one(&root, ".tsv-hist-readout").text_content().unwrap(),
        "2025-01-06 00:15:00–00:20:00 UTC: 80 events, 20 failed"
    );
    pointer(&svg, "pointerdown", centre(0.0));
    pointer(&svg, "pointermove", centre(2.0));
    settle().await;
    assert_eq!(all(&root, ".tsv-brush").len(), 1, "the selection is drawn");
    pointer(&svg, "pointerup", centre(2.0));
    settle().await;
    assert_eq!(*brush.borrow(), vec![(START, START + 3 * FIVE_MIN)]);
}

#[wasm_bindgen_test]
async fn keys_walk_the_buckets_enter_zooms_and_escape_resets() {
    let (root, brush, reset) = mount(timeline(), true);
    settle().await;
    let svg = one(&root, "svg.tsv-histogram-svg");
    key(&svg, "ArrowRight");
    settle().await;
    key(&svg, "ArrowRight");
    settle().await;
    assert_eq!(all(&root, ".tsv-highlight").len(), 1, "the cursor is drawn");
    let readout = one(&root, ".tsv-hist-readout");
    assert_eq!(
        readout.text_content().unwrap(),
        "2025-01-06 00:05:00–00:10:00 UTC: 0 events"
    );
    assert_eq!(readout.get_attribute("aria-live").as_deref(), Some("polite"));
    key(&svg, "Enter");
    settle().await;
    assert_eq!(*brush.borrow(), vec![(START + FIVE_MIN, START + 2 * FIVE_MIN)]);
    key(&svg, "Escape");
    assert_eq!(reset.borrow().len(), 1, "Escape drops the zoom");
    click(&one(&root, ".tsv-hist-reset"));
    assert_eq!(reset.borrow().len(), 2);
}

#[wasm_bindgen_test]
async fn without_dated_events_it_says_so() {
    let (root, _, _) = mount(Timeline::default(), false);
    settle().await;
    assert!(all(&root, "svg").is_empty());
    assert_eq!(texts(&root, ".tsv-hist-readout"), vec!["No dated events."]);
}
