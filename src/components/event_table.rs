//! The filtered events in time order, virtualised: rows have a fixed height, only those in view
//! are in the DOM, and pages of rows are fetched from the worker as the user scrolls. The table
//! stays mounted across filter changes: a new list has no total until its first page arrives,
//! so the table empties, the browser scrolls it back to the top, and the new rows start there.
//!
//! It is a grid of `div`s with ARIA table roles rather than a `<table>`: table cells do not keep
//! an exact fixed height, which the row arithmetic relies on. The spacers' heights are set
//! through the CSSOM (`element.style`), which the page's CSP allows, unlike `style` attributes.
//!
//! Keyboard: the table is one tab stop (plus the selected row); ↑ ↓ move between rows, Home and
//! End go to the first and last event, Enter or Space opens a row, Escape closes it.

use crate::app::format::{short_source, thousands, time};
use crate::app::state::{TableCache, PAGE_ROWS};
use crate::app::table_window::{window, Window};
use crate::components::views::chart::names::short_principal;
use std::rc::Rc;
use trailscope_core::query::events::EventRow;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};
use yew::prelude::*;

/// The table's height in `static/style.css` (`.table-scroll`), a little more than the rows'
/// viewport inside its border. It is measured on the first scroll: measuring when the table
/// first shows would lay out the whole page in the middle of its first drawing (~30 ms at 1M
/// events), and a row too many drawn until then costs nothing.
const DEFAULT_VIEWPORT_PX: f64 = 560.0;
/// Height of the sticky header row, which covers the first row in view.
const ROW_HEAD_PX: f64 = 28.0;
/// Column headers.
const COLUMNS: [&str; 7] = [
    "Time (UTC)",
    "Principal",
    "Source",
    "Operation",
    "Region",
    "Source IP",
    "Error",
];

/// What the table shows.
#[derive(Properties)]
pub struct EventTableProps {
    /// The pages received so far.
    pub table: Rc<TableCache>,
    /// The selected row, if any.
    pub selected: Option<u32>,
    /// Asks for pages (by page index) the table needs.
    pub on_need: Callback<Vec<u64>>,
    /// Selects an event by its row index.
    pub on_select: Callback<Option<u32>>,
}

impl PartialEq for EventTableProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.table, &other.table)
            && self.selected == other.selected
            && self.on_need == other.on_need
            && self.on_select == other.on_select
    }
}

/// The event table.
#[function_component]
pub fn EventTable(props: &EventTableProps) -> Html {
    let scroller = use_node_ref();
    let top_spacer = use_node_ref();
    let bottom_spacer = use_node_ref();
    let viewport = use_state(|| (0.0, DEFAULT_VIEWPORT_PX));

    let table = &props.table;
    let total = table.total.unwrap_or(0);
    let w = window(total, viewport.0, viewport.1);

    {
        let (top, bottom) = (top_spacer.clone(), bottom_spacer.clone());
        use_effect_with((w.top_px.to_bits(), w.bottom_px.to_bits()), move |_| {
            set_height(&top, w.top_px);
            set_height(&bottom, w.bottom_px);
        });
    }
    {
        let on_need = props.on_need.clone();
        let wanted = needed_pages(&w, table.total);
        let missing = table.missing(wanted);
        use_effect_with((table.resets, missing), move |(_, missing)| {
            if !missing.is_empty() {
                on_need.emit(missing.clone());
            }
        });
    }

    let on_scroll = {
        let (scroller, viewport) = (scroller.clone(), viewport.clone());
        Callback::from(move |_: Event| {
            if let Some(element) = scroller.cast::<HtmlElement>() {
                viewport.set((f64::from(element.scroll_top()), f64::from(element.client_height())));
            }
        })
    };

    let on_key = {
        let (scroller, on_select) = (scroller.clone(), props.on_select.clone());
        Callback::from(move |event: KeyboardEvent| {
            let Some(element) = scroller.cast::<HtmlElement>() else {
                return;
            };
            table_key(&event, &element, total, &on_select);
        })
    };

    let rows = (w.first..w.first + w.count).map(|index| match table.row(index) {
        Some(row) => event_row(index, row, props.selected == Some(row.row), &props.on_select),
        None => html! {
            <div class="row loading-row" role="row" aria-busy="true" aria-rowindex={(index + 2).to_string()}>
                <span role="cell">{"…"}</span>
            </div>
        },
    });

    html! {
        <div class="event-table">
            <p class="table-caption" id="events-caption">
                { match table.total {
                    Some(n) => format!("{} events, oldest first", thousands(n)),
                    None => "Listing events…".to_string(),
                } }
            </p>
            <div
                class="table-scroll"
                ref={scroller}
                onscroll={on_scroll}
                onkeydown={on_key}
                tabindex="0"
                role="table"
                aria-labelledby="events-caption"
                aria-rowcount={(total + 1).to_string()}
                data-testid="event-table"
            >
                <div class="table-head" role="rowgroup">
                    <div class="row" role="row" aria-rowindex="1">
                        { for COLUMNS.iter().map(|c| html! { <span role="columnheader">{*c}</span> }) }
                    </div>
                </div>
                <div role="rowgroup">
                    <div class="spacer" ref={top_spacer} aria-hidden="true" />
                    { for rows }
                    <div class="spacer" ref={bottom_spacer} aria-hidden="true" />
                </div>
            </div>
        </div>
    }
}

/// Pages covering the window and one page either side; page 0 alone until the total is known.
fn needed_pages(w: &Window, total: Option<u64>) -> Vec<u64> {
    let Some(total) = total else { return vec![0] };
    if w.count == 0 || total == 0 {
        return Vec::new();
    }
    let first = (w.first / PAGE_ROWS).saturating_sub(1);
    let last = ((w.first + w.count - 1) / PAGE_ROWS + 1).min((total - 1) / PAGE_ROWS);
    (first..=last).collect()
}

/// Arrow keys, Home, End and Escape anywhere in the table (rows handle Enter and Space).
fn table_key(event: &KeyboardEvent, scroller: &HtmlElement, total: u64, on_select: &Callback<Option<u32>>) {
    let from_row = event
        .target_dyn_into::<HtmlElement>()
        .filter(|t| t.get_attribute("data-testid").as_deref() == Some("event-row"));
    let is_row = |e: &Element| e.get_attribute("data-testid").as_deref() == Some("event-row");
    let target: Option<Element> = match event.key().as_str() {
        "ArrowDown" => match &from_row {
            Some(row) => row.next_element_sibling().filter(is_row),
            // From the table itself: the first row in view.
            None => first_row_in_view(scroller),
        },
        "ArrowUp" => from_row
            .as_ref()
            .and_then(|row| row.previous_element_sibling())
            .filter(is_row),
        "Home" | "End" => {
            let end = event.key() == "End";
            scroller.set_scroll_top(if end { scroller.scroll_height() } else { 0 });
            // The rows at that end are rendered once the scroll is handled: focus the table, from
            // which ↑ or ↓ then continues.
            if total > 0 {
                scroller.focus().ok();
            }
            event.prevent_default();
            return;
        }
        "Escape" => {
            on_select.emit(None);
            return;
        }
        _ => return,
    };
    event.prevent_default();
    if let Some(row) = target.and_then(|t| t.dyn_into::<HtmlElement>().ok()) {
        // Focusing scrolls the row into view, which renders (and fetches) the rows around it.
        row.focus().ok();
    }
}

/// The first event row not hidden above the scrolled view (or under the sticky header).
fn first_row_in_view(scroller: &HtmlElement) -> Option<Element> {
    let top = scroller.get_bounding_client_rect().top() + ROW_HEAD_PX;
    let mut row = scroller.query_selector("[data-testid=event-row]").ok()??;
    while row.get_bounding_client_rect().bottom() <= top + 1.0 {
        match row.next_element_sibling() {
            Some(next) if next.get_attribute("data-testid").as_deref() == Some("event-row") => row = next,
            _ => break,
        }
    }
    Some(row)
}

fn set_height(cell: &NodeRef, px: f64) {
    if let Some(element) = cell.cast::<HtmlElement>() {
        // Setting a plain length on our own element does not fail.
        let _ = element.style().set_property("height", &format!("{px}px"));
    }
}

fn event_row(index: u64, row: &EventRow, selected: bool, on_select: &Callback<Option<u32>>) -> Html {
    let id = row.row;
    let on_click = on_select.reform(move |_: MouseEvent| Some(id));
    let on_key = {
        let on_select = on_select.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Enter" || event.key() == " " {
                event.prevent_default();
                on_select.emit(Some(id));
            }
        })
    };
    html! {
        <div
            key={id.to_string()}
            class={classes!("row", "event-row", selected.then_some("selected"), (!row.error.is_empty()).then_some("failed"))}
            role="row"
            tabindex={if selected { "0" } else { "-1" }}
            aria-rowindex={(index + 2).to_string()}
            aria-selected={selected.to_string()}
            data-testid="event-row"
            onclick={on_click}
            onkeydown={on_key}
        >
            <span role="cell" class="time">{time(row.time)}</span>
            <span role="cell" title={row.principal.clone()}>{short_principal(&row.principal).0}</span>
            <span role="cell" title={row.source.clone()}>{short_source(&row.source).to_string()}</span>
            <span role="cell">{row.operation.clone()}</span>
            <span role="cell">{row.region.clone()}</span>
            <span role="cell">{row.ip.clone()}</span>
            <span role="cell" class="error">{row.error.clone()}</span>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn pages_cover_the_window_and_its_neighbours() {
        let w = |first, count| Window {
            first,
            count,
            top_px: 0.0,
            bottom_px: 0.0,
        };
        assert_eq!(needed_pages(&w(0, 0), None), [0]);
        assert!(needed_pages(&w(0, 0), Some(0)).is_empty());
        assert_eq!(needed_pages(&w(0, 21), Some(1000)), [0, 1]);
        assert_eq!(needed_pages(&w(250, 21), Some(1000)), [1, 2, 3]);
        assert_eq!(needed_pages(&w(0, 21), Some(21)), [0], "no page past the end");
    }
}
