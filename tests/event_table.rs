//! Browser tests of the event table: mounted with a page of rows and checked for its columns
//! (picked, read back from storage, resized), its headers' sort and its keyboard.
#![cfg(target_arch = "wasm32")]

mod support;

use std::collections::BTreeMap;
use std::rc::Rc;
use support::*;
use trailscope_app::app::state::TableCache;
use trailscope_app::components::event_table::columns::{COLUMNS_KEY, WIDTHS_KEY};
use trailscope_app::components::event_table::{EventTable, EventTableProps};
use trailscope_core::query::events::{EventRow, TableColumn, TableSort};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, MouseEvent, Storage};
use yew::{Callback, Renderer};

wasm_bindgen_test_configure!(run_in_browser);

const TARGET: &str = "arn:aws:s3:::amzn-s3-demo-bucket";

fn storage() -> Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Storage as `columns` and `widths` say (`None`: nothing stored).
fn store(columns: Option<&str>, widths: Option<&str>) {
    for (key, value) in [(COLUMNS_KEY, columns), (WIDTHS_KEY, widths)] {
        match value {
            Some(value) => storage().set_item(key, value).unwrap(),
            None => storage().remove_item(key).unwrap(),
        }
    }
}

fn event(row: u32) -> EventRow {
    EventRow {
        row,
        time: Some(START + i64::from(row) * 60_000),
        principal: format!("arn:aws:iam::111122223333:user/user{row}"),
        session: String::new(),
        source: "s3.amazonaws.com".into(),
        operation: if row == 1 { XSS.into() } else { "GetObject".into() },
        region: "us-east-1".into(),
        account: "111122223333".into(),
        access_key: format!("AKIAEXAMPLE{row}"),
        target: TARGET.into(),
        ip: "198.51.100.7".into(),
        user_agent: "aws-cli/2.15.0".into(),
        error: String::new(),
        read_only: Some(true),
        identity_type: "IAMUser".into(),
        credential: "long-term key".into(),
    }
}

/// Rows 10, 11 and 12 of the store, as the first page of a list sorted by `sort`.
fn cache(sort: TableSort) -> Rc<TableCache> {
    Rc::new(TableCache {
        sort,
        total: Some(3),
        pages: BTreeMap::from([(0, Rc::new((10..13).map(event).collect()))]),
        ..TableCache::default()
    })
}

struct Mounted {
    root: Element,
    sorts: Log<TableSort>,
    selects: Log<Option<u32>>,
}

fn mount(sort: TableSort, selected: Option<u32>) -> Mounted {
    let root = root();
    let (on_sort, sorts) = recorder();
    let (on_select, selects) = recorder();
    let props = EventTableProps {
        table: cache(sort),
        selected,
        on_need: Callback::noop(),
        on_select,
        on_sort,
    };
    Renderer::<EventTable>::with_root_and_props(root.clone(), props).render();
    Mounted { root, sorts, selects }
}

fn headers(root: &Element) -> Vec<String> {
    texts(root, "[role=columnheader] .col-sort")
}

fn focused() -> Option<Element> {
    gloo_document().active_element()
}

/// Waits until `ready` holds, checking every few milliseconds for at most two seconds: for what
/// an effect does after its render (focus), which a busy machine can delay past `settle`.
async fn until(ready: impl Fn() -> bool) {
    for _ in 0..200 {
        if ready() {
            return;
        }
        yew::platform::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}

const DEFAULT_HEADERS: [&str; 8] = [
    "Time (UTC)",
    "Principal",
    "Source",
    "Operation",
    "Target",
    "Region",
    "Source IP",
    "Error",
];

#[wasm_bindgen_test]
async fn the_picker_hides_and_shows_columns_and_keeps_the_choice() {
    store(None, None);
    let t = mount(TableSort::default(), None);
    settle().await;
    let root = &t.root;
    let mut expected = DEFAULT_HEADERS.map(String::from);
    expected[0].push('▲');
    assert_eq!(headers(root), expected, "the default columns, sorted by time");
    let target = one(root, "[data-testid=event-row] [data-column=target]");
    assert_eq!(
        target.text_content().as_deref(),
        Some("amzn-s3-demo-bucket"),
        "the target's name"
    );
    assert_eq!(target.get_attribute("title").as_deref(), Some(TARGET), "its whole key");
    assert_eq!(target.get_attribute("aria-label").as_deref(), Some(TARGET));
    assert!(
        all(&gloo_document().document_element().unwrap(), "img").is_empty(),
        "log text is never HTML"
    );

    let button = one(root, ".column-picker button");
    assert_eq!(button.get_attribute("aria-expanded").as_deref(), Some("false"));
    click(&button);
    settle().await;
    assert_eq!(button.get_attribute("aria-expanded").as_deref(), Some("true"));
    assert_eq!(all(root, ".column-list input[type=checkbox]").len(), 15);
    let focused_column = || focused().and_then(|e| e.get_attribute("data-column"));
    until(|| focused_column().is_some()).await;
    assert_eq!(
        focused_column().as_deref(),
        Some("time"),
        "the list opens with focus on its first box"
    );
    click(&one(root, ".column-list input[data-column=target]"));
    settle().await;
    assert!(!headers(root).contains(&"Target".to_string()), "{:?}", headers(root));
    assert!(all(root, "[data-testid=event-row] [data-column=target]").is_empty());
    click(&one(root, ".column-list input[data-column=access-key]"));
    settle().await;
    assert_eq!(headers(root)[1..4], ["Principal", "Access key", "Source"]);
    assert_eq!(
        texts(&all(root, "[data-testid=event-row]")[0], "[data-column=access-key]"),
        ["AKIAEXAMPLE10"]
    );
    assert_eq!(
        storage().get_item(COLUMNS_KEY).unwrap().as_deref(),
        Some("time,principal,access-key,source,operation,region,ip,error")
    );

    key(&one(root, ".column-list input[data-column=region]"), "Escape");
    settle().await;
    assert!(all(root, ".column-list").is_empty(), "Escape closes the list");
    assert_eq!(focused().as_ref(), Some(&button), "and gives focus back to its button");
    store(None, None);
}

#[wasm_bindgen_test]
async fn stored_columns_and_widths_are_read_back_and_bad_ones_ignored() {
    store(Some("target,time,access-key"), Some("target:300"));
    let t = mount(TableSort::default(), None);
    settle().await;
    assert_eq!(headers(&t.root), ["Time (UTC)▲", "Access key", "Target"]);
    let frame: HtmlElement = one(&t.root, ".event-table").dyn_into().unwrap();
    let style = frame.style();
    assert_eq!(
        style.get_property_value("--ts-table-columns").unwrap(),
        "184px 180px minmax(300px, 1fr)"
    );
    assert_eq!(style.get_property_value("--ts-table-width").unwrap(), "664px");

    store(Some("time,{bad}"), Some("target:wide"));
    let t = mount(TableSort::default(), None);
    settle().await;
    assert_eq!(headers(&t.root).len(), 8, "an unreadable choice gives the defaults");
    store(None, None);
}

#[wasm_bindgen_test]
async fn resize_handles_change_a_width_by_key_and_a_double_click_resets_it() {
    store(None, None);
    let t = mount(TableSort::default(), None);
    settle().await;
    let handle = one(&t.root, "[data-column=principal] .col-resize");
    assert_eq!(handle.get_attribute("aria-valuenow").as_deref(), Some("240"));
    key(&handle, "ArrowRight");
    settle().await;
    let handle = one(&t.root, "[data-column=principal] .col-resize");
    assert_eq!(handle.get_attribute("aria-valuenow").as_deref(), Some("256"));
    assert_eq!(
        storage().get_item(WIDTHS_KEY).unwrap().as_deref(),
        Some("principal:256")
    );
    assert!(t.sorts.borrow().is_empty(), "resizing does not sort");
    let double = MouseEvent::new("dblclick").unwrap();
    handle.dispatch_event(&double).unwrap();
    settle().await;
    let handle = one(&t.root, "[data-column=principal] .col-resize");
    assert_eq!(handle.get_attribute("aria-valuenow").as_deref(), Some("240"));
    assert_eq!(storage().get_item(WIDTHS_KEY).unwrap().as_deref(), Some(""));
    store(None, None);
}

#[wasm_bindgen_test]
async fn a_header_click_asks_for_that_order_and_the_sorted_one_says_so() {
    store(None, None);
    let t = mount(TableSort::default(), None);
    settle().await;
    let sorted = |root: &Element| -> Vec<(String, String)> {
        all(root, "[role=columnheader][aria-sort]")
            .iter()
            .map(|h| {
                (
                    h.get_attribute("data-column").unwrap(),
                    h.get_attribute("aria-sort").unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(sorted(&t.root), [("time".to_string(), "ascending".to_string())]);
    click(&one(&t.root, "[data-column=principal] .col-sort"));
    click(&one(&t.root, "[data-column=time] .col-sort"));
    assert_eq!(
        *t.sorts.borrow(),
        [
            TableSort {
                column: TableColumn::Principal,
                descending: false
            },
            TableSort {
                column: TableColumn::Time,
                descending: true
            }
        ],
        "a new column ascends, the sorted one turns round"
    );

    let by_principal = TableSort {
        column: TableColumn::Principal,
        descending: true,
    };
    let t = mount(by_principal, None);
    settle().await;
    assert_eq!(sorted(&t.root), [("principal".to_string(), "descending".to_string())]);
    let caption = one(&t.root, "#events-caption").text_content().unwrap();
    assert_eq!(caption, "3 events, by Principal, Z to A");
    click(&one(&t.root, "[data-column=principal] .col-sort"));
    assert_eq!(
        t.sorts.borrow().last(),
        Some(&TableSort {
            column: TableColumn::Principal,
            descending: false
        })
    );
}

#[wasm_bindgen_test]
async fn j_and_k_move_between_rows_and_an_open_event_follows() {
    store(None, None);
    let t = mount(TableSort::default(), Some(10));
    settle().await;
    let rows = all(&t.root, "[data-testid=event-row]");
    assert_eq!(rows.len(), 3);
    rows[0].dyn_ref::<HtmlElement>().unwrap().focus().unwrap();
    key(&rows[0], "j");
    assert_eq!(focused().as_ref(), Some(&rows[1]));
    key(&rows[1], "j");
    key(&rows[2], "k");
    assert_eq!(focused().as_ref(), Some(&rows[1]));
    assert_eq!(
        *t.selects.borrow(),
        [Some(11), Some(12), Some(11)],
        "the open event follows"
    );

    let t = mount(TableSort::default(), None);
    settle().await;
    let rows = all(&t.root, "[data-testid=event-row]");
    rows[0].dyn_ref::<HtmlElement>().unwrap().focus().unwrap();
    key(&rows[0], "j");
    assert_eq!(focused().as_ref(), Some(&rows[1]));
    assert!(t.selects.borrow().is_empty(), "with nothing open, moving opens nothing");
}

/// `count()` once `wanted` holds of it, or after about two seconds of settling, whatever it is.
async fn rows_once(count: impl Fn() -> usize, wanted: impl Fn(usize) -> bool) -> usize {
    for _ in 0..40 {
        settle().await;
        if wanted(count()) {
            break;
        }
        yew::platform::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    count()
}

#[wasm_bindgen_test]
async fn a_taller_or_scrolled_table_draws_its_rows_and_keeps_the_focused_one() {
    store(None, None);
    let root = root();
    let table = Rc::new(TableCache {
        total: Some(300),
        pages: (0..3)
            .map(|page| {
                (
                    page,
                    Rc::new((page as u32 * 100..page as u32 * 100 + 100).map(event).collect()),
                )
            })
            .collect(),
        ..TableCache::default()
    });
    let props = EventTableProps {
        table,
        selected: None,
        on_need: Callback::noop(),
        on_select: Callback::noop(),
        on_sort: Callback::noop(),
    };
    Renderer::<EventTable>::with_root_and_props(root.clone(), props).render();
    settle().await;
    let scroller: HtmlElement = one(&root, "[data-testid=event-table]").dyn_into().unwrap();
    for (property, value) in [("overflow", "auto"), ("height", "300px")] {
        scroller.style().set_property(property, value).unwrap();
    }
    // The ResizeObserver reports after layout, a frame or more later on a busy machine.
    let rows = || all(&root, "[data-testid=event-row]").len();
    let short = rows_once(rows, |n| n < 21).await;
    let third: HtmlElement = all(&root, "[data-testid=event-row]").swap_remove(2).dyn_into().unwrap();
    third.focus().unwrap();
    scroller.style().set_property("height", "1400px").unwrap();
    let tall = rows_once(rows, |n| n > 40).await;
    // The rows drawn follow the measured height, 28 px a row (without the stylesheet too).
    assert!(short < 21, "{short} rows for 300 px");
    assert!(tall > 40, "{tall} rows for 1400 px");
    // Rows stay the elements they were as the window grows or scrolls, so the focus stays put.
    assert!(
        third.is_connected(),
        "the row drawn before the table grew is still drawn"
    );
    assert_eq!(focused(), Some(third.clone().into()), "the focused row kept its focus");
    scroller.set_scroll_top(28 * 2 + 14);
    scroller
        .dispatch_event(&web_sys::Event::new("scroll").unwrap())
        .unwrap();
    let first_drawn = || {
        let first = one(&root, "[data-testid=event-row]").get_attribute("aria-rowindex");
        first.and_then(|i| i.parse().ok()).unwrap_or(0)
    };
    // Scrolled two rows and a half, the first row drawn is the third event's.
    assert_eq!(rows_once(first_drawn, |i| i == 4).await, 4);
    assert!(third.is_connected(), "the row still in view is the element it was");
    assert_eq!(focused(), Some(third.into()), "and keeps its focus");
}
