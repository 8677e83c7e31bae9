//! Browser tests of what the timeline adds for an investigation: its stackings by principal, the
//! findings' marks, and the read-out of the bucket under the pointer.
#![cfg(target_arch = "wasm32")]

mod support;

use support::timeline::*;
use support::*;
use trailscope_core::findings::Severity;
use trailscope_core::query::timeline::{FindingMarks, Series, SeriesKey, Stack, Timeline};
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn timeline_by_principal_shows_short_names_and_reads_the_full_ones() {
    let admin = "arn:aws:iam::111122223333:role/ops/Admin";
    let by_principal = Timeline {
        stack: Stack::ByPrincipal,
        series: vec![
            Series {
                key: SeriesKey::Principal(admin.into()),
                counts: vec![3, 0, 1, 5],
            },
            Series {
                key: SeriesKey::Other,
                counts: vec![1, 0, 0, 2],
            },
        ],
        ..timeline()
    };
    let (root, _) = mount_timeline(by_principal, Stack::ByPrincipal, false);
    settle().await;
    assert_eq!(
        texts(&root, ".tsv-legend-label"),
        vec!["role/Admin", "other principals"]
    );
    let short = one(&root, ".tsv-legend-label");
    assert_eq!(short.get_attribute("aria-hidden").as_deref(), Some("true"));
    assert_eq!(texts(&root, ".tsv-legend bdi.tsv-visually-hidden"), vec![admin]);
    let label = one(&root, "svg.tsv-timeline-svg").get_attribute("aria-label").unwrap();
    assert!(label.contains("stacked by principal"), "{label}");
    click(&one(&root, ".tsv-table-alt > summary"));
    settle().await;
    assert_eq!(
        texts(&root, ".tsv-table-alt thead th"),
        vec!["Bucket (UTC)", admin, "other principals", "Total"],
        "the table names each principal in full"
    );
}

#[wasm_bindgen_test]
async fn timeline_marks_findings_above_their_buckets_and_reads_them_out() {
    let mark = |rule: &str, title: &str, severity, buckets| FindingMarks {
        rule: rule.into(),
        title: title.into(),
        severity,
        buckets,
    };
    let marked = Timeline {
        marks: vec![
            mark(
                "cloudtrail-stopped",
                "CloudTrail stopped",
                Severity::Critical,
                vec![(3, 1)],
            ),
            mark("root-activity", "Root activity", Severity::High, vec![(0, 2), (3, 4)]),
        ],
        ..timeline()
    };
    let (root, _) = mount_timeline(marked, Stack::BySource, false);
    settle().await;
    let marks = all(&root, ".tsv-marks .tsv-mark");
    assert_eq!(marks.len(), 2, "one mark per bucket with findings");
    let class = |e: &Element| e.get_attribute("class").unwrap();
    assert!(class(&marks[0]).contains("tsv-mark-high"), "{}", class(&marks[0]));
    assert!(
        class(&marks[1]).contains("tsv-mark-critical"),
        "the most severe of its bucket"
    );
    assert_eq!(
        texts(&root, ".tsv-mark title"),
        vec![
            "Findings in 2025-01-06 00:00:00–00:05:00 UTC: Root activity (high) 2 events",
            "Findings in 2025-01-06 00:15:00–00:20:00 UTC: CloudTrail stopped (critical) 1 event; Root activity \
             (high) 4 events",
        ]
    );
    let plot = one(&root, "rect.tsv-plot-bg").get_bounding_client_rect();
    let last = marks[1].get_bounding_client_rect();
    assert!(last.bottom() <= plot.top() + 0.5, "above the bars");
    let centre = plot.left() + plot.width() * 3.5 / 4.0;
    assert!(
        (last.left() + last.width() / 2.0 - centre).abs() < 1.0,
        "over its bucket"
    );
    let svg = one(&root, "svg.tsv-timeline-svg");
    assert!(svg
        .get_attribute("aria-label")
        .unwrap()
        .contains("2 findings with events here"));
    key(&svg, "End");
    settle().await;
    let readout = one(&root, ".tsv-readout").text_content().unwrap();
    assert!(
        readout.contains("; findings: CloudTrail stopped (critical) 1 event, Root activity (high) 4 events."),
        "{readout}"
    );
}

#[wasm_bindgen_test]
async fn timeline_reads_out_the_bucket_under_the_pointer_without_announcing_it() {
    let (root, _) = mount_timeline(timeline(), Stack::BySource, false);
    settle().await;
    let plot = one(&root, ".tsv-plot-bg");
    let rect = plot.get_bounding_client_rect();
    let readout = || one(&root, ".tsv-readout");
    pointer(&plot, "pointermove", rect.left() + rect.width() * 3.5 / 4.0);
    settle().await;
    assert_eq!(
        readout().text_content().unwrap(),
        "2025-01-06 00:15:00–00:20:00 UTC: 1,202 events (s3.amazonaws.com 1,200, other services 2). Click or \
         drag to zoom."
    );
    assert_eq!(readout().get_attribute("aria-live").as_deref(), Some("off"));
    assert!(all(&root, ".tsv-brush").is_empty(), "pointing is not dragging");
    let svg = one(&root, "svg.tsv-timeline-svg");
    key(&svg, "Home");
    settle().await;
    let text = readout().text_content().unwrap();
    assert!(text.starts_with("2025-01-06 00:00:00–00:05:00 UTC: 4 events"), "{text}");
    assert_eq!(readout().get_attribute("aria-live").as_deref(), Some("polite"));
    assert!(
        all(&svg, "[tabindex]").is_empty(),
        "the chart is one tab stop: nothing inside it takes focus"
    );
}
