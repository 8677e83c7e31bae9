//! Browser tests of the services chart: each service a card of operation bars, with errors,
//! kinds and "more", that report a click or a key, and whose bars are one tab stop per card.
#![cfg(target_arch = "wasm32")]

mod support;

use std::rc::Rc;
use support::*;
use trailscope_app::components::views::{ServicesChart, ServicesChartProps, SharedView};
use trailscope_core::query::services::{OperationRow, ServiceRow};
use trailscope_core::query::view::View;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, MouseEvent, MouseEventInit};
use yew::Renderer;

wasm_bindgen_test_configure!(run_in_browser);

/// A click on an element that has no `click()` (SVG).
fn mouse_click(element: &Element) {
    let init = MouseEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap();
    element.dispatch_event(&event).unwrap();
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

/// The element that has focus.
fn focused() -> Option<Element> {
    gloo_document().active_element()
}

#[wasm_bindgen_test]
async fn a_cards_bars_are_one_tab_stop_walked_with_the_arrow_keys() {
    let (root, operations, _) = mount_services();
    settle().await;
    let card = all(&root, ".tsv-service-card").remove(0);
    let tab_stops = |card: &Element| {
        all(card, "g.tsv-op")
            .iter()
            .map(|b| b.get_attribute("tabindex").unwrap())
            .filter(|t| t == "0")
            .count()
    };
    assert_eq!(tab_stops(&card), 1, "one bar of the ten is a tab stop");
    let bars = all(&card, "g.tsv-op");
    bars[0].unchecked_ref::<web_sys::HtmlElement>().focus().unwrap();
    key(&bars[0], "ArrowDown");
    settle().await;
    assert_eq!(focused().as_ref(), Some(&bars[1]), "down to the next bar");
    assert_eq!(
        bars[1].get_attribute("tabindex").as_deref(),
        Some("0"),
        "which is now the tab stop"
    );
    assert_eq!(bars[0].get_attribute("tabindex").as_deref(), Some("-1"));
    key(&bars[1], "End");
    settle().await;
    assert_eq!(focused().as_ref(), Some(&bars[9]));
    key(&bars[9], "ArrowRight");
    settle().await;
    assert_eq!(focused().as_ref(), Some(&bars[9]), "the last bar stops the walk");
    key(&bars[9], "ArrowUp");
    settle().await;
    assert_eq!(focused().as_ref(), Some(&bars[8]));
    key(&bars[8], " ");
    assert_eq!(
        *operations.borrow(),
        vec!["s3.amazonaws.com Op05".to_string()],
        "Space filters"
    );
    assert_eq!(tab_stops(&card), 1);
    let other = all(&root, ".tsv-service-card").remove(1);
    assert_eq!(tab_stops(&other), 1, "each card keeps its own tab stop");
}
