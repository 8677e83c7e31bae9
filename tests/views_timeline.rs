//! Browser tests of the timeline: it is mounted with sample props and checked for what a person
//! sees (bars, axes, legend, Insights bands) and what their drags, clicks and keys report.
#![cfg(target_arch = "wasm32")]

mod support;

use support::timeline::*;
use support::*;
use trailscope_core::insights::{AttributedValue, Attribution, Insight, InsightBand, InsightStatistics};
use trailscope_core::query::timeline::{Series, SeriesKey, Stack, Timeline};
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

/// An error-rate insight over the second and third buckets (of four), with one attribution.
fn insight(start: Option<i64>, end: Option<i64>) -> InsightBand {
    InsightBand {
        id: "shared-1".into(),
        start,
        end,
        insight: Insight {
            account: "111122223333".into(),
            region: "us-east-1".into(),
            source: "ec2.amazonaws.com".into(),
            operation: "RunInstances".into(),
            insight_type: "ApiErrorRateInsight".into(),
            error_code: "AccessDenied".into(),
            statistics: InsightStatistics {
                baseline_average: Some(0.25),
                insight_average: Some(12.5),
                insight_duration: Some(10.0),
                baseline_duration: Some(10_000.0),
            },
            attributions: vec![Attribution {
                attribute: "userIdentityArn".into(),
                insight: vec![AttributedValue {
                    value: "arn:aws:iam::111122223333:role/ci".into(),
                    average: 12.0,
                }],
                baseline: vec![AttributedValue {
                    value: "arn:aws:iam::111122223333:role/ci".into(),
                    average: 0.1,
                }],
            }],
        },
    }
}

#[wasm_bindgen_test]
async fn insights_shade_their_period_and_are_listed_with_rates_and_attributions() {
    let band = insight(Some(START + FIVE_MIN), Some(START + 3 * FIVE_MIN));
    let open = insight(Some(START + 3 * FIVE_MIN), None);
    let (root, _) = mount_timeline_with(timeline(), Stack::BySource, false, vec![band, open]);
    settle().await;
    let shaded = all(&root, "rect[data-testid=insight-band]");
    assert_eq!(shaded.len(), 2);
    let x = |e: &Element, a: &str| e.get_attribute(a).unwrap().parse::<f64>().unwrap();
    let plot = one(&root, "rect.tsv-plot-bg");
    let (left, width) = (x(&plot, "x"), x(&plot, "width"));
    assert!(
        (x(&shaded[0], "x") - (left + width / 4.0)).abs() < 0.1,
        "starts at the second bucket"
    );
    assert!(
        (x(&shaded[0], "width") - width / 2.0).abs() < 0.1,
        "spans two of four buckets"
    );
    assert!(
        (x(&shaded[1], "x") + x(&shaded[1], "width") - (left + width)).abs() < 0.1,
        "an open band runs to the end"
    );
    let title = texts(&root, "rect[data-testid=insight-band] title").remove(0);
    assert!(
        title.contains("error rate (AccessDenied) of ec2 RunInstances"),
        "{title}"
    );
    assert!(
        title.contains("12.50 errors a minute against a baseline of 0.25"),
        "{title}"
    );
    let listed = texts(&root, "[data-testid=insight]");
    assert_eq!(listed.len(), 2);
    assert!(
        listed[0].contains("userIdentityArn: arn:aws:iam::111122223333:role/ci (12.00 vs 0.10)"),
        "{}",
        listed[0]
    );
    assert!(listed[1].contains("its end is not loaded"), "{}", listed[1]);
}

#[wasm_bindgen_test]
async fn timeline_draws_one_segment_per_count_with_axes_legend_and_table() {
    let (root, _) = mount_timeline(timeline(), Stack::BySource, false);
    settle().await;
    assert_eq!(all(&root, ".tsv-bars rect.tsv-seg").len(), 5, "non-zero counts");
    let svg = one(&root, "svg.tsv-timeline-svg");
    assert_eq!(svg.get_attribute("role").as_deref(), Some("img"));
    assert_eq!(svg.get_attribute("tabindex").as_deref(), Some("0"));
    let label = svg.get_attribute("aria-label").unwrap();
    assert!(label.contains("1,207 events"), "{label}");
    assert!(label.contains("stacked by service"), "{label}");
    assert_eq!(
        texts(&root, ".tsv-legend-label"),
        vec!["s3.amazonaws.com", "other services"]
    );
    assert_eq!(texts(&root, ".tsv-legend-count"), vec!["1,204", "3"]);
    let y_labels = texts(&root, ".tsv-axes text.tsv-axis-label");
    assert!(y_labels.contains(&"1,000".to_string()), "{y_labels:?}");
    assert!(y_labels.contains(&"00:00".to_string()), "{y_labels:?}");
    assert!(texts(&root, ".tsv-axis-context").contains(&"2025-01-06".to_string()));
    let first_title = texts(&root, ".tsv-bar title").remove(0);
    assert!(
        first_title.starts_with("2025-01-06 00:00:00–00:05:00 UTC"),
        "{first_title}"
    );
    assert!(first_title.contains("s3.amazonaws.com: 3 events"), "{first_title}");
    assert!(all(&root, ".tsv-table-alt table").is_empty(), "drawn only when opened");
    click(&one(&root, ".tsv-table-alt > summary"));
    settle().await;
    assert_eq!(
        all(&root, ".tsv-table-alt table.tsv-table tbody tr").len(),
        3,
        "empty bucket left out"
    );
    assert_eq!(
        texts(&root, ".tsv-table-alt table.tsv-table thead th"),
        vec!["Bucket (UTC)", "s3.amazonaws.com", "other services", "Total"]
    );
    assert!(root.text_content().unwrap().contains("5 min buckets"));
    assert!(
        all(&root, ".tsv-chart-header .tsv-button").is_empty(),
        "no reset when not zoomed"
    );
}

#[wasm_bindgen_test]
async fn timeline_keyboard_moves_zooms_and_resets() {
    let (root, logs) = mount_timeline(timeline(), Stack::BySource, true);
    settle().await;
    let svg = one(&root, "svg.tsv-timeline-svg");
    key(&svg, "ArrowRight");
    settle().await;
    key(&svg, "ArrowRight");
    settle().await;
    assert_eq!(all(&root, ".tsv-highlight").len(), 1);
    let readout = one(&root, ".tsv-readout").text_content().unwrap();
    assert!(
        readout.starts_with("2025-01-06 00:05:00–00:10:00 UTC: 0 events"),
        "{readout}"
    );
    key(&svg, "Enter");
    settle().await;
    assert_eq!(*logs.brush.borrow(), vec![(START + FIVE_MIN, START + 2 * FIVE_MIN)]);
    key(&svg, "End");
    settle().await;
    key(&svg, "Enter");
    settle().await;
    assert_eq!(logs.brush.borrow()[1], (START + 3 * FIVE_MIN, START + 4 * FIVE_MIN));
    key(&svg, "Escape");
    settle().await;
    assert_eq!(logs.reset.borrow().len(), 1);
    click(&one(&root, ".tsv-chart-header .tsv-button"));
    assert_eq!(logs.reset.borrow().len(), 2, "Reset zoom button");
}

#[wasm_bindgen_test]
async fn timeline_brush_selects_whole_buckets_and_a_click_selects_one() {
    let (root, logs) = mount_timeline(timeline(), Stack::BySource, false);
    settle().await;
    let plot = one(&root, ".tsv-plot-bg");
    let rect = plot.get_bounding_client_rect();
    assert!(rect.width() > 100.0, "the chart is laid out");
    let centre = |b: f64| rect.left() + (b + 0.5) * rect.width() / 4.0;
    pointer(&plot, "pointerdown", centre(1.0));
    settle().await;
    pointer(&plot, "pointermove", centre(2.0));
    settle().await;
    assert_eq!(all(&root, ".tsv-brush").len(), 1, "the selection is drawn");
    assert!(
        plot.is_connected(),
        "the plot is patched, not re-created, while dragging"
    );
    pointer(&plot, "pointerup", centre(3.0));
    settle().await;
    assert_eq!(*logs.brush.borrow(), vec![(START + FIVE_MIN, START + 4 * FIVE_MIN)]);
    assert!(all(&root, ".tsv-brush").is_empty());
    pointer(&plot, "pointerdown", centre(2.0));
    pointer(&plot, "pointerup", centre(2.0) + 1.0);
    settle().await;
    assert_eq!(logs.brush.borrow()[1], (START + 2 * FIVE_MIN, START + 3 * FIVE_MIN));
}

#[wasm_bindgen_test]
async fn timeline_names_the_events_it_leaves_out_and_offers_the_whole_span() {
    let (root, _) = mount_timeline(timeline(), Stack::BySource, false);
    settle().await;
    assert!(
        root.query_selector("[data-testid=timeline-outside]").unwrap().is_none(),
        "nothing left out, no note"
    );

    let old = START - 3 * 365 * 86_400_000;
    let whole = (old, START + 4 * FIVE_MIN);
    let (root, logs) = mount_timeline(
        Timeline {
            outside: 2,
            whole: Some(whole),
            ..timeline()
        },
        Stack::BySource,
        false,
    );
    settle().await;
    let note = one(&root, "[data-testid=timeline-outside]");
    assert_eq!(
        note.text_content().unwrap(),
        "2 events lie far from all the others and are not drawn; the events span \
         2022-01-07 00:00:00 – 2025-01-06 00:19:59 UTC. Show the whole span"
    );
    click(&one(&root, "[data-testid=timeline-outside] button"));
    settle().await;
    assert_eq!(*logs.brush.borrow(), vec![whole], "the button zooms to every event");
}

#[wasm_bindgen_test]
async fn timeline_by_outcome_marks_errors_without_colour_and_toggles() {
    let outcome = Timeline {
        start: START,
        bucket_ms: 86_400_000,
        series: vec![
            Series {
                key: SeriesKey::Success,
                counts: vec![5, 7],
            },
            Series {
                key: SeriesKey::Error,
                counts: vec![2, 0],
            },
        ],
        ..Timeline::default()
    };
    let (root, logs) = mount_timeline(outcome, Stack::ByOutcome, false);
    settle().await;
    assert_eq!(all(&root, ".tsv-bars .tsv-fill-success").len(), 2);
    assert_eq!(all(&root, ".tsv-bars .tsv-fill-error").len(), 1);
    assert_eq!(
        all(&root, ".tsv-bars .tsv-hatch").len(),
        1,
        "error segments are hatched"
    );
    assert_eq!(
        all(&root, ".tsv-legend .tsv-hatch").len(),
        1,
        "and so is their legend swatch"
    );
    assert!(texts(&root, ".tsv-axes text.tsv-axis-label").contains(&"01-06".to_string()));
    let pressed: Vec<Option<String>> = all(&root, ".tsv-toggle")
        .iter()
        .map(|b| b.get_attribute("aria-pressed"))
        .collect();
    let off = || Some("false".to_string());
    assert_eq!(pressed, vec![off(), Some("true".into()), off(), off()]);
    click(&all(&root, ".tsv-toggle")[0]);
    click(&all(&root, ".tsv-toggle")[2]);
    click(&all(&root, ".tsv-toggle")[3]);
    assert_eq!(
        *logs.stack.borrow(),
        vec![Stack::BySource, Stack::ByPrincipal, Stack::ByIp]
    );
}

#[wasm_bindgen_test]
async fn timeline_without_dated_events_says_so() {
    let (root, logs) = mount_timeline(Timeline::default(), Stack::BySource, true);
    settle().await;
    let text = root.text_content().unwrap();
    assert!(text.contains("No dated events in this time range."), "{text}");
    assert!(all(&root, "svg.tsv-timeline-svg").is_empty());
    click(&one(&root, ".tsv-chart-header .tsv-button"));
    assert_eq!(logs.reset.borrow().len(), 1);
}
