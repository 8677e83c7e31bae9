//! The filtered events, virtualised: rows have a fixed height, only those in view are in the
//! DOM, and pages of rows are fetched from the worker as the user scrolls. The table stays
//! mounted across filter changes: a new list has no total until its first page arrives, so the
//! table empties, the browser scrolls it back to the top, and the new rows start there.
//!
//! It is a grid of `div`s with ARIA table roles rather than a `<table>`: table cells do not keep
//! an exact fixed height, which the row arithmetic relies on. The spacers' heights and the
//! columns' widths are set through the CSSOM (`element.style`), which the page's CSP allows,
//! unlike `style` attributes. Its order is the app's (pages are sorted by the worker); which
//! columns show and how wide are the person's, kept in `localStorage`.

mod cells;
pub mod columns;
mod header;
mod keys;
mod picker;

use crate::app::format::thousands;
use crate::app::state::TableCache;
use crate::app::table_window::window;
use crate::browser::height_watch::HeightWatch;
use crate::browser::local_store;
use columns::{Columns, COLUMNS_KEY, WIDTHS_KEY};
use header::{header_row, WidthEdit};
use keys::{needed_pages, TableKeys};
use picker::ColumnPicker;
use std::rc::Rc;
use trailscope_core::query::events::{TableColumn, TableSort};
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

/// The scroller's height until it is first laid out (`.table-scroll`'s basis in
/// `static/style.css`): a row or two too many drawn until then costs nothing.
const DEFAULT_VIEWPORT_PX: f64 = 560.0;

/// What the table shows.
#[derive(Properties)]
pub struct EventTableProps {
    /// The pages received so far, with the filter and order they belong to.
    pub table: Rc<TableCache>,
    /// The selected row, if any.
    pub selected: Option<u32>,
    /// Asks for pages (by page index) the table needs.
    pub on_need: Callback<Vec<u64>>,
    /// Selects an event by its row index.
    pub on_select: Callback<Option<u32>>,
    /// Orders the table by a column (a click on its header).
    pub on_sort: Callback<TableSort>,
}

impl PartialEq for EventTableProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.table, &other.table)
            && self.selected == other.selected
            && self.on_need == other.on_need
            && self.on_select == other.on_select
            && self.on_sort == other.on_sort
    }
}

/// The columns as last chosen on this browser.
fn stored_columns() -> Columns {
    let shown = local_store::read(COLUMNS_KEY);
    let widths = local_store::read(WIDTHS_KEY);
    Columns::parse(shown.as_deref(), widths.as_deref())
}

/// How the caption names the order.
fn order_text(sort: TableSort) -> String {
    match (sort.column, sort.descending) {
        (TableColumn::Time, false) => "oldest first".to_string(),
        (TableColumn::Time, true) => "newest first".to_string(),
        (column, false) => format!("by {}, A to Z", column.label()),
        (column, true) => format!("by {}, Z to A", column.label()),
    }
}

/// The event table.
#[function_component]
pub fn EventTable(props: &EventTableProps) -> Html {
    let frame = use_node_ref();
    let scroller = use_node_ref();
    let top_spacer = use_node_ref();
    let bottom_spacer = use_node_ref();
    let scroll_top = use_state_eq(|| 0.0);
    let height = use_state_eq(|| DEFAULT_VIEWPORT_PX);
    let columns = use_state(stored_columns);

    let table = &props.table;
    let total = table.total.unwrap_or(0);
    let w = window(total, *scroll_top, *height);

    {
        let (scroller, height) = (scroller.clone(), height.clone());
        use_effect_with((), move |_| {
            let watch = scroller
                .cast::<HtmlElement>()
                .and_then(|element| HeightWatch::new(&element, move |px| height.set(px)));
            move || drop(watch)
        });
    }
    {
        // A new list (another filter or order) starts at its first event, whatever the old one
        // was scrolled to: the browser would keep the old offset when the new list is as long.
        let (scroller, scroll_top) = (scroller.clone(), scroll_top.clone());
        use_effect_with(table.resets, move |_| {
            if let Some(element) = scroller.cast::<HtmlElement>() {
                element.set_scroll_top(0);
            }
            scroll_top.set(0.0);
        });
    }
    {
        let (top, bottom) = (top_spacer.clone(), bottom_spacer.clone());
        use_effect_with((w.top_px.to_bits(), w.bottom_px.to_bits()), move |_| {
            set_style(&top, "height", &format!("{}px", w.top_px));
            set_style(&bottom, "height", &format!("{}px", w.bottom_px));
        });
    }
    {
        let frame = frame.clone();
        use_effect_with((*columns).clone(), move |columns| {
            let (tracks, width) = columns.grid();
            set_style(&frame, "--ts-table-columns", &tracks);
            set_style(&frame, "--ts-table-width", &width);
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
        let (scroller, scroll_top) = (scroller.clone(), scroll_top.clone());
        Callback::from(move |_: Event| {
            if let Some(element) = scroller.cast::<HtmlElement>() {
                scroll_top.set(f64::from(element.scroll_top()));
            }
        })
    };
    let on_key = {
        let (scroller, table) = (scroller.clone(), table.clone());
        let (open, on_select) = (props.selected.is_some(), props.on_select.clone());
        Callback::from(move |event: KeyboardEvent| {
            if let Some(scroller) = scroller.cast::<HtmlElement>() {
                let keys = TableKeys {
                    scroller,
                    table: table.clone(),
                    open,
                    on_select: on_select.clone(),
                };
                keys.key(&event);
            }
        })
    };
    let on_toggle = {
        let columns = columns.clone();
        Callback::from(move |column| {
            let mut next = (*columns).clone();
            next.toggle(column);
            local_store::write(COLUMNS_KEY, &next.shown_text());
            columns.set(next);
        })
    };
    let on_width = {
        let columns = columns.clone();
        Callback::from(move |edit: WidthEdit| {
            let mut next = (*columns).clone();
            match edit {
                WidthEdit::Dragging(column, px) | WidthEdit::Set(column, px) => next.set_width(column, px),
                WidthEdit::Reset(column) => next.reset_width(column),
            }
            if !matches!(edit, WidthEdit::Dragging(..)) {
                local_store::write(WIDTHS_KEY, &next.widths_text());
            }
            columns.set(next);
        })
    };

    let shown = &columns.shown;
    let rows = (w.first..w.first + w.count).map(|index| match table.row(index) {
        Some(row) => cells::event_row(index, row, shown, props.selected == Some(row.row), &props.on_select),
        None => html! {
            <div key={format!("loading {index}")} class="row loading-row" role="row" aria-busy="true" aria-rowindex={(index + 2).to_string()}>
                <span role="cell">{"…"}</span>
            </div>
        },
    });

    html! {
        <div class="event-table" ref={frame}>
            <div class="table-bar">
                <p class="table-caption" id="events-caption">
                    { match table.total {
                        Some(n) => format!("{} events, {}", thousands(n), order_text(table.sort)),
                        None => "Listing events…".to_string(),
                    } }
                </p>
                <ColumnPicker shown={shown.clone()} on_toggle={on_toggle} />
            </div>
            <div
                class="table-scroll"
                ref={scroller}
                onscroll={on_scroll}
                onkeydown={on_key}
                tabindex="0"
                role="table"
                aria-labelledby="events-caption"
                aria-rowcount={(total + 1).to_string()}
                aria-colcount={shown.len().to_string()}
                data-testid="event-table"
            >
                { header_row(&columns, table.sort, &props.on_sort, &on_width) }
                // Every child is keyed, rows by their event: a row stays the element it was (and
                // keeps the focus) as the window scrolls or grows.
                <div role="rowgroup">
                    <div key="top spacer" class="spacer" ref={top_spacer} aria-hidden="true" />
                    { for rows }
                    <div key="bottom spacer" class="spacer" ref={bottom_spacer} aria-hidden="true" />
                </div>
            </div>
        </div>
    }
}

/// Sets one style property of our own element (a length or a custom property, which the CSP
/// allows through the CSSOM).
fn set_style(element: &NodeRef, property: &str, value: &str) {
    if let Some(element) = element.cast::<HtmlElement>() {
        // Setting a property of our own element does not fail.
        let _ = element.style().set_property(property, value);
    }
}
