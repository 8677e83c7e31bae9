//! Browser tests of the analytical views and the jobs table: each component is mounted with sample props and checked
//! for what a person sees (bars, labels, chips) and what their clicks and keys report.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;
use trailscope_app::components::jobs_panel::{JobsPanel, JobsPanelProps};
use trailscope_app::components::views::{
    FilterBar, FilterBarProps, IdentitiesTable, IdentitiesTableProps, ServicesChart, ServicesChartProps, SharedView,
    TimelineChart, TimelineChartProps,
};
use trailscope_core::insights::{AttributedValue, Attribution, Insight, InsightBand, InsightStatistics};
use trailscope_core::lifecycles::{Lifecycle, Outcome as JobOutcome};
use trailscope_core::query::filter::{Dimension, Filter, FilterEdit, Outcome};
use trailscope_core::query::identities::{IdentityRow, SessionRow};
use trailscope_core::query::services::{OperationRow, ServiceRow};
use trailscope_core::query::timeline::{Series, SeriesKey, Stack, Timeline};
use trailscope_core::query::view::{Facets, View};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement, KeyboardEvent, KeyboardEventInit,
    MouseEvent, MouseEventInit, PointerEvent, PointerEventInit,
};
use yew::{Callback, Renderer};

wasm_bindgen_test_configure!(run_in_browser);

/// 2025-01-06T00:00:00Z.
const START: i64 = 1_736_121_600_000;
const FIVE_MIN: i64 = 300_000;
const XSS: &str = "<img src=x onerror=alert(1)>";

/// What a recording callback was called with, in order.
type Log<T> = Rc<RefCell<Vec<T>>>;

/// A fresh element in the page to mount one component into.
fn root() -> Element {
    let document = gloo_document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

fn gloo_document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Lets Yew run its scheduled renders and effects.
async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(30)).await;
}

/// A callback that records what it was called with.
fn recorder<T: 'static>() -> (Callback<T>, Log<T>) {
    let log = Rc::new(RefCell::new(Vec::new()));
    let sink = log.clone();
    (Callback::from(move |v| sink.borrow_mut().push(v)), log)
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().dyn_into().unwrap())
        .collect()
}

fn one(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
}

fn texts(root: &Element, selector: &str) -> Vec<String> {
    all(root, selector)
        .iter()
        .map(|e| e.text_content().unwrap_or_default())
        .collect()
}

fn click(element: &Element) {
    element.dyn_ref::<HtmlElement>().unwrap().click();
}

fn key(element: &Element, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    element.dispatch_event(&event).unwrap();
}

fn pointer(element: &Element, kind: &str, client_x: f64) {
    let init = PointerEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_button(0);
    init.set_pointer_id(1);
    init.set_client_x(client_x.round() as i32);
    let event = PointerEvent::new_with_event_init_dict(kind, &init).unwrap();
    element.dispatch_event(&event).unwrap();
}

/// A click on an element that has no `click()` (SVG).
fn mouse_click(element: &Element) {
    let init = MouseEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap();
    element.dispatch_event(&event).unwrap();
}

fn fire(element: &Element, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    element
        .dispatch_event(&Event::new_with_event_init_dict(kind, &init).unwrap())
        .unwrap();
}

fn timeline() -> Timeline {
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

struct TimelineLogs {
    stack: Log<Stack>,
    brush: Log<(i64, i64)>,
    reset: Log<()>,
}

fn mount_timeline(timeline: Timeline, stack: Stack, zoomed: bool) -> (Element, TimelineLogs) {
    mount_timeline_with(timeline, stack, zoomed, Vec::new())
}

fn mount_timeline_with(
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
    assert_eq!(pressed, vec![Some("false".into()), Some("true".into())]);
    click(&all(&root, ".tsv-toggle")[0]);
    assert_eq!(*logs.stack.borrow(), vec![Stack::BySource]);
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

fn identity(principal: &str, events: u64) -> IdentityRow {
    IdentityRow {
        principal: principal.into(),
        identity_type: "IAMUser".into(),
        credentials: vec!["long-term key".into()],
        mfa: false,
        first: Some(START),
        last: Some(START + 3_600_000),
        events,
        errors: 0,
        services: 1,
        top_operations: vec![("s3.amazonaws.com GetObject".into(), events)],
        source_ips: vec![("198.51.100.1".into(), events)],
        distinct_ips: 1,
        sessions: Vec::new(),
        distinct_sessions: 0,
    }
}

fn identities() -> Vec<IdentityRow> {
    let admin = IdentityRow {
        identity_type: "AssumedRole".into(),
        credentials: vec!["temporary key".into()],
        mfa: true,
        errors: 5,
        services: 3,
        source_ips: vec![("203.0.113.9".into(), 30), ("203.0.113.10".into(), 10)],
        distinct_ips: 4,
        sessions: vec![SessionRow {
            session: "arn:aws:sts::111122223333:assumed-role/Admin/alice".into(),
            events: 40,
            errors: 5,
            first: Some(START),
            last: Some(START + 60_000),
        }],
        distinct_sessions: 2,
        ..identity("arn:aws:iam::111122223333:role/Admin", 40)
    };
    let root_user = IdentityRow {
        identity_type: "Root".into(),
        credentials: vec!["root".into()],
        ..identity("arn:aws:iam::111122223333:root", 3)
    };
    vec![admin, identity(XSS, 12), root_user]
}

fn mount_identities(rows: Vec<IdentityRow>, selected: Vec<String>) -> (Element, Log<String>) {
    let root = root();
    let (on_select, log) = recorder();
    let view = SharedView(Rc::new(View {
        identities: rows,
        ..View::default()
    }));
    let props = IdentitiesTableProps {
        rows: view.part(|v| &v.identities),
        selected,
        on_select,
    };
    Renderer::<IdentitiesTable>::with_root_and_props(root.clone(), props).render();
    (root, log)
}

#[wasm_bindgen_test]
async fn identities_show_short_names_badges_and_literal_text() {
    let (root, _) = mount_identities(identities(), vec!["arn:aws:iam::111122223333:role/Admin".into()]);
    settle().await;
    assert_eq!(
        texts(&root, "tr.tsv-row .tsv-principal-name"),
        vec!["role/Admin", XSS, "root"]
    );
    let name = one(&root, "tr.tsv-row .tsv-principal-name");
    assert_eq!(
        name.get_attribute("title").as_deref(),
        Some("arn:aws:iam::111122223333:role/Admin")
    );
    assert!(
        all(&gloo_document().document_element().unwrap(), "img").is_empty(),
        "log text is never HTML"
    );
    assert_eq!(texts(&root, ".tsv-badge-warn"), vec!["root"]);
    let rows = all(&root, "tr.tsv-row");
    let selected = |row: &Element| row.get_attribute("class").unwrap_or_default().contains("tsv-selected");
    assert!(selected(&rows[0]));
    assert!(!selected(&rows[1]));
    let admin = rows[0].text_content().unwrap();
    assert!(admin.contains("5 (12.5%)"), "{admin}");
    assert!(admin.contains("203.0.113.9"), "{admin}");
    assert!(admin.contains("+3 more"), "{admin}");
    assert!(admin.contains("s3 GetObject"), "{admin}");
    assert!(admin.contains("2025-01-06 01:00:00"), "{admin}");
}

#[wasm_bindgen_test]
async fn identities_rows_select_by_click_and_keyboard() {
    let (root, log) = mount_identities(identities(), Vec::new());
    settle().await;
    let rows = all(&root, "tr.tsv-row");
    click(&rows[1].query_selector("td.tsv-principal").unwrap().unwrap());
    key(&rows[2], "Enter");
    key(&rows[0], " ");
    assert_eq!(
        *log.borrow(),
        vec![
            XSS.to_string(),
            "arn:aws:iam::111122223333:root".to_string(),
            "arn:aws:iam::111122223333:role/Admin".to_string(),
        ]
    );
}

#[wasm_bindgen_test]
async fn identities_expand_sessions_without_selecting() {
    let (root, log) = mount_identities(identities(), Vec::new());
    settle().await;
    let toggle = one(&root, ".tsv-disclosure");
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert_eq!(all(&root, ".tsv-disclosure").len(), 1, "only rows with sessions");
    toggle.dyn_ref::<HtmlElement>().unwrap().focus().unwrap();
    click(&toggle);
    settle().await;
    assert!(log.borrow().is_empty(), "the disclosure does not select the row");
    let focused = gloo_document().active_element().unwrap();
    assert!(
        focused.is_same_node(Some(&toggle)),
        "keyboard focus stays on the disclosure"
    );
    assert_eq!(
        one(&root, ".tsv-disclosure").get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    let sessions = one(&root, "table.tsv-sessions").text_content().unwrap();
    assert!(sessions.contains("alice"), "{sessions}");
    assert!(sessions.contains("+1 more sessions"), "{sessions}");
}

#[wasm_bindgen_test]
async fn identities_sort_and_show_all() {
    let (root, _) = mount_identities(identities(), Vec::new());
    settle().await;
    let events_header = all(&root, "th")
        .into_iter()
        .find(|th| th.text_content().unwrap().starts_with("Events"))
        .unwrap();
    assert_eq!(events_header.get_attribute("aria-sort").as_deref(), Some("descending"));
    let principal_header = all(&root, "th")
        .into_iter()
        .find(|th| th.text_content().unwrap().starts_with("Principal"))
        .unwrap();
    click(&principal_header.query_selector("button").unwrap().unwrap());
    settle().await;
    assert_eq!(
        principal_header.get_attribute("aria-sort").as_deref(),
        Some("ascending")
    );
    assert_eq!(events_header.get_attribute("aria-sort"), None);
    assert_eq!(
        texts(&root, "tr.tsv-row .tsv-principal-name"),
        vec![XSS, "role/Admin", "root"]
    );

    let many: Vec<IdentityRow> = (0..150).map(|i| identity(&format!("user-{i:03}"), 1000 - i)).collect();
    let (root, _) = mount_identities(many, Vec::new());
    settle().await;
    assert_eq!(all(&root, "tr.tsv-row").len(), 50);
    let show_all = one(&root, ".tsv-show-all");
    assert_eq!(show_all.text_content().unwrap(), "Show all 150");
    click(&show_all);
    settle().await;
    assert_eq!(all(&root, "tr.tsv-row").len(), 150);
}

fn operation(name: &str, events: u64, errors: u64, read_only: Option<bool>) -> OperationRow {
    OperationRow {
        name: name.into(),
        events,
        errors,
        read_only,
    }
}

fn services() -> Vec<ServiceRow> {
    let mut s3_ops = vec![
        operation("GetObject", 10, 5, Some(true)),
        operation("PutObject", 6, 0, Some(false)),
        operation(XSS, 4, 0, None),
    ];
    s3_ops.extend((0..12).map(|i| operation(&format!("Op{i:02}"), 3, 0, Some(true))));
    let mut services = vec![ServiceRow {
        source: "s3.amazonaws.com".into(),
        events: s3_ops.iter().map(|o| o.events).sum(),
        errors: 5,
        operations: s3_ops,
    }];
    services.extend((0..12).map(|i| ServiceRow {
        source: format!("svc{i:02}.amazonaws.com"),
        events: 2,
        errors: 0,
        operations: vec![operation("Describe", 2, 0, Some(true))],
    }));
    services
}

fn mount_services() -> (Element, Log<String>, Log<String>) {
    let root = root();
    let (on_operation, operations) = recorder();
    let (on_service, services_log) = recorder();
    let view = SharedView(Rc::new(View {
        services: services(),
        ..View::default()
    }));
    let props = ServicesChartProps {
        services: view.part(|v| &v.services),
        on_operation,
        on_service,
    };
    Renderer::<ServicesChart>::with_root_and_props(root.clone(), props).render();
    (root, operations, services_log)
}

#[wasm_bindgen_test]
async fn services_draw_bars_with_errors_kinds_and_more() {
    let (root, _, _) = mount_services();
    settle().await;
    let cards = all(&root, ".tsv-service-card");
    assert_eq!(cards.len(), 12, "first 12 services");
    let s3 = &cards[0];
    assert_eq!(texts(s3, ".tsv-service-title"), vec!["s3.amazonaws.com"]);
    assert_eq!(all(s3, "g.tsv-op").len(), 10, "top 10 operations");
    let labels = texts(s3, ".tsv-op-label");
    assert_eq!(&labels[..2], &["GetObject".to_string(), "PutObject".to_string()]);
    assert_eq!(
        labels[2],
        format!("{}…", &XSS[..23]),
        "long names are cut in the bar label…"
    );
    assert_eq!(
        texts(s3, "g.tsv-op > title")[2],
        XSS,
        "…and shown whole, as text, in the tooltip"
    );
    assert_eq!(texts(s3, ".tsv-kind-mark")[..3], ["R", "W", "?"]);
    assert_eq!(texts(s3, ".tsv-op-value")[0], "10 · 5 err (50%)");
    assert_eq!(all(s3, ".tsv-op-error").len(), 1);
    let bar = one(s3, "g.tsv-op");
    assert_eq!(bar.get_attribute("role").as_deref(), Some("button"));
    assert_eq!(bar.get_attribute("tabindex").as_deref(), Some("0"));
    assert!(bar
        .get_attribute("aria-label")
        .unwrap()
        .starts_with("s3.amazonaws.com GetObject: 10 events, 5 errors (50%), read-only"));
    assert!(all(&gloo_document().document_element().unwrap(), "img").is_empty());
    // The same numbers as a table (every operation, not only the top 10), once opened.
    assert!(all(s3, ".tsv-table-alt table").is_empty());
    click(&one(s3, ".tsv-table-alt > summary"));
    settle().await;
    assert_eq!(all(s3, ".tsv-table-alt tbody tr").len(), 15);
    assert_eq!(
        texts(s3, ".tsv-table-alt tbody tr:first-child > *"),
        ["GetObject", "10", "5", "50%", "read-only"]
    );

    let more = one(s3, ".tsv-more-ops");
    assert_eq!(more.text_content().unwrap(), "+5 more");
    click(&more);
    settle().await;
    assert_eq!(all(&all(&root, ".tsv-service-card")[0], "g.tsv-op").len(), 15);

    let show_all = one(&root, ".tsv-show-all");
    assert_eq!(show_all.text_content().unwrap(), "Show all 13 services");
    click(&show_all);
    settle().await;
    assert_eq!(all(&root, ".tsv-service-card").len(), 13);
}

#[wasm_bindgen_test]
async fn services_report_operations_and_services() {
    let (root, operations, services) = mount_services();
    settle().await;
    let bars = all(&root, ".tsv-service-card g.tsv-op");
    mouse_click(&bars[1]);
    key(&bars[0], "Enter");
    assert_eq!(
        *operations.borrow(),
        vec![
            "s3.amazonaws.com PutObject".to_string(),
            "s3.amazonaws.com GetObject".to_string()
        ]
    );
    click(&one(&root, ".tsv-service-title button"));
    assert_eq!(*services.borrow(), vec!["s3.amazonaws.com".to_string()]);
}

fn facets() -> Facets {
    Facets {
        accounts: vec![("111122223333".into(), 40), ("444455556666".into(), 2)],
        regions: vec![("us-east-1".into(), 42)],
        sources: vec![("s3.amazonaws.com".into(), 42)],
        errors: vec![("AccessDenied".into(), 5)],
    }
}

/// A filter with every part, one dimension with two values, and text that must stay text.
fn every_part() -> Filter {
    Filter {
        from: Some(START),
        to: Some(START + 3_600_000),
        accounts: vec!["111122223333".into()],
        regions: vec!["us-east-1".into(), "eu-west-1".into()],
        sources: vec!["s3.amazonaws.com".into()],
        operations: vec!["s3.amazonaws.com GetObject".into()],
        principals: vec!["arn:aws:iam::111122223333:role/Admin".into()],
        errors: vec!["AccessDenied".into()],
        outcome: Some(Outcome::Error),
        read_only: Some(true),
        text: XSS.into(),
        finding: Some("root-activity".into()),
    }
}

fn mount_filter(filter: Filter) -> (Element, Log<FilterEdit>) {
    let root = root();
    let (on_edit, log) = recorder();
    let view = SharedView(Rc::new(View {
        facets: facets(),
        ..View::default()
    }));
    let props = FilterBarProps {
        filter,
        facets: view.part(|v| &v.facets),
        on_edit,
    };
    Renderer::<FilterBar>::with_root_and_props(root.clone(), props).render();
    (root, log)
}

#[wasm_bindgen_test]
async fn filter_chips_show_each_part_and_remove_only_it() {
    let (root, log) = mount_filter(every_part());
    settle().await;
    assert_eq!(
        texts(&root, ".tsv-chip"),
        vec![
            "× Time: 2025-01-06 00:00:00–01:00:00 UTC".to_string(),
            "× Account: 111122223333".to_string(),
            "× Region: us-east-1".to_string(),
            "× Region: eu-west-1".to_string(),
            "× Service: s3.amazonaws.com".to_string(),
            "× Operation: s3 GetObject".to_string(),
            "× Principal: role/Admin".to_string(),
            "× Error: AccessDenied".to_string(),
            "× Outcome: errors only".to_string(),
            "× Reads only".to_string(),
            format!("× Text: “{XSS}”"),
            "× Finding: root-activity".to_string(),
        ]
    );
    assert!(all(&gloo_document().document_element().unwrap(), "img").is_empty());
    let chips = all(&root, ".tsv-chip");
    assert_eq!(
        chips[6].get_attribute("title").as_deref(),
        Some("arn:aws:iam::111122223333:role/Admin"),
        "a shortened value is whole in the title"
    );
    assert_eq!(chips[1].get_attribute("title"), None);
    assert_eq!(
        chips[1].get_attribute("aria-label").as_deref(),
        Some("Remove filter Account: 111122223333")
    );
    for chip in &chips {
        click(chip);
    }
    key(&chips[3], "Delete");
    let search = one(&root, "input[type=search]");
    assert!(
        gloo_document().active_element().unwrap().is_same_node(Some(&search)),
        "a chip removed from the keyboard leaves focus in the search box"
    );
    let clear = all(&root, ".tsv-chips-row .tsv-button").remove(0);
    assert_eq!(clear.text_content().unwrap(), "Clear all");
    click(&clear);
    let remove = |dimension: Dimension, value: &str| FilterEdit::Remove(dimension, value.into());
    assert_eq!(
        *log.borrow(),
        vec![
            FilterEdit::ClearTime,
            remove(Dimension::Account, "111122223333"),
            remove(Dimension::Region, "us-east-1"),
            remove(Dimension::Region, "eu-west-1"),
            remove(Dimension::Source, "s3.amazonaws.com"),
            remove(Dimension::Operation, "s3.amazonaws.com GetObject"),
            remove(Dimension::Principal, "arn:aws:iam::111122223333:role/Admin"),
            remove(Dimension::Error, "AccessDenied"),
            FilterEdit::SetOutcome(None),
            FilterEdit::SetReadOnly(None),
            FilterEdit::SetText(String::new()),
            FilterEdit::ChooseFinding(None),
            remove(Dimension::Region, "eu-west-1"),
            FilterEdit::ClearAll,
        ]
    );
}

#[wasm_bindgen_test]
async fn filter_pickers_list_facets_and_add_values() {
    let (root, log) = mount_filter(Filter::default());
    settle().await;
    assert!(root.text_content().unwrap().contains("No filter"));
    let selects: Vec<HtmlSelectElement> = all(&root, "select")
        .into_iter()
        .map(|s| s.dyn_into().unwrap())
        .collect();
    assert_eq!(selects.len(), 6);
    let account_options = texts(&root, "label:nth-of-type(2) option");
    assert_eq!(account_options, vec!["add…", "111122223333 (40)", "444455556666 (2)"]);
    selects[0].set_value("444455556666");
    fire(&selects[0], "change");
    selects[4].set_value("error");
    fire(&selects[4], "change");
    selects[5].set_value("write");
    fire(&selects[5], "change");
    assert_eq!(log.borrow().len(), 3);
    key(&selects[1], "ArrowDown");
    selects[1].set_value("us-east-1");
    fire(&selects[1], "change");
    assert_eq!(log.borrow().len(), 3, "arrowing through a picker adds nothing…");
    key(&selects[1], "Enter");
    assert_eq!(
        *log.borrow(),
        vec![
            FilterEdit::Add(Dimension::Account, "444455556666".into()),
            FilterEdit::SetOutcome(Some(Outcome::Error)),
            FilterEdit::SetReadOnly(Some(false)),
            FilterEdit::Add(Dimension::Region, "us-east-1".into()),
        ],
        "…until Enter"
    );
    assert_eq!(selects[0].value(), "", "the picker is ready for the next value");
}

#[wasm_bindgen_test]
async fn filter_search_is_debounced() {
    let (root, log) = mount_filter(Filter::default());
    settle().await;
    let input: HtmlInputElement = one(&root, "input[type=search]").dyn_into().unwrap();
    for text in ["a", "ac", "acc"] {
        input.set_value(text);
        fire(&input, "input");
        settle().await;
    }
    assert!(log.borrow().is_empty(), "nothing before the user pauses");
    yew::platform::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(*log.borrow(), vec![FilterEdit::SetText("acc".into())]);
    input.set_value("access");
    fire(&input, "input");
    key(&input, "Enter");
    assert_eq!(
        log.borrow()[1],
        FilterEdit::SetText("access".into()),
        "Enter searches at once"
    );
    yew::platform::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(log.borrow().len(), 2, "and cancels the pending search");
}

fn job(i: u32) -> Lifecycle {
    Lifecycle {
        service: "transcribe.amazonaws.com".into(),
        job: "transcription job".into(),
        key: format!("job-{i:03}"),
        account: "111122223333".into(),
        region: "us-east-1".into(),
        principal: "arn:aws:iam::111122223333:role/Admin".into(),
        start_operation: Some("StartTranscriptionJob".into()),
        start: Some(START + i64::from(i) * FIVE_MIN),
        checks: 2,
        last_check: Some(START + i64::from(i) * FIVE_MIN + 60_000),
        calls: 3,
        first_seen: START + i64::from(i) * FIVE_MIN,
        last_seen: START + i64::from(i) * FIVE_MIN + 60_000,
        duration_ms: Some(60_000),
        status: Some("COMPLETED".into()),
        outcome: JobOutcome::Completed,
        error: None,
    }
}

#[wasm_bindgen_test]
async fn jobs_draw_the_first_fifty_until_show_all() {
    let root = root();
    let view = SharedView(Rc::new(View {
        lifecycles: (0..120).map(job).collect(),
        ..View::default()
    }));
    let props = JobsPanelProps {
        jobs: view.part(|v| &v.lifecycles),
        total: 700,
    };
    Renderer::<JobsPanel>::with_root_and_props(root.clone(), props).render();
    settle().await;
    let rows = all(&root, "[data-testid=job]");
    assert_eq!(rows.len(), 50);
    assert!(rows[0].text_content().unwrap().contains("job-000"));
    assert_eq!(
        one(&root, "#jobs-title").text_content().unwrap(),
        "Asynchronous jobs (700)"
    );
    let show_all = one(&root, ".tsv-show-all");
    assert_eq!(show_all.text_content().unwrap(), "Show all 120 jobs");
    click(&show_all);
    settle().await;
    assert_eq!(all(&root, "[data-testid=job]").len(), 120);
    assert!(all(&root, ".tsv-show-all").is_empty());
}
