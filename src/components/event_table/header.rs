//! The header row: a button per column that sorts by it (again to reverse), with `aria-sort` on
//! the column sorted by, and a handle on its right edge that changes its width: dragged with a
//! pointer, or focused and moved with ← and →; a double click gives back the default width.

use super::columns::{Columns, MAX_WIDTH_PX, MIN_WIDTH_PX, STEP_PX};
use trailscope_core::query::events::{TableColumn, TableSort};
use web_sys::{Element, PointerEvent};
use yew::prelude::*;

/// A change to a column's width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WidthEdit {
    /// Drawn at once while a drag goes on, not kept.
    Dragging(TableColumn, i64),
    /// Set, and kept across reloads.
    Set(TableColumn, i64),
    /// Back to the default, and kept.
    Reset(TableColumn),
}

/// The header row for `columns`, sorted as `sort` says.
pub fn header_row(
    columns: &Columns,
    sort: TableSort,
    on_sort: &Callback<TableSort>,
    on_width: &Callback<WidthEdit>,
) -> Html {
    let head = |column: TableColumn| {
        let active = sort.column == column;
        let aria_sort = active.then_some(if sort.descending { "descending" } else { "ascending" });
        let arrow = match (active, sort.descending) {
            (false, _) => "",
            (true, true) => "▼",
            (true, false) => "▲",
        };
        let next = TableSort {
            column,
            descending: active && !sort.descending,
        };
        html! {
            <div role="columnheader" class="col-head" data-column={column.key()} aria-sort={aria_sort}>
                <button type="button" class="col-sort" onclick={on_sort.reform(move |_: MouseEvent| next)}>
                    { column.label() }<span class="sort-arrow" aria-hidden="true">{ arrow }</span>
                </button>
                <ResizeHandle column={column} width={columns.width(column)} on_width={on_width.clone()} />
            </div>
        }
    };
    html! {
        <div class="table-head" role="rowgroup">
            <div class="row" role="row" aria-rowindex="1">
                { for columns.shown.iter().map(|&c| head(c)) }
            </div>
        </div>
    }
}

/// What a resize handle needs.
#[derive(Properties, PartialEq)]
pub struct ResizeHandleProps {
    /// Its column.
    pub column: TableColumn,
    /// The column's width now.
    pub width: u32,
    /// Reports a new width.
    pub on_width: Callback<WidthEdit>,
}

/// The handle on a column's right edge (the ARIA window-splitter pattern).
#[function_component]
pub fn ResizeHandle(props: &ResizeHandleProps) -> Html {
    // Where the drag started and the width then: the width follows the pointer's distance from
    // there, so a drag never accumulates rounding.
    let drag = use_mut_ref(|| None::<(i32, u32)>);
    let column = props.column;
    let width = i64::from(props.width);
    let moved = |start: (i32, u32), event: &PointerEvent| i64::from(start.1) + i64::from(event.client_x() - start.0);
    let on_down = {
        let drag = drag.clone();
        Callback::from(move |event: PointerEvent| {
            event.prevent_default();
            if let Some(handle) = event.target_dyn_into::<Element>() {
                // Capturing keeps the drag when the pointer leaves the handle; a refusal only
                // ends it sooner.
                let _ = handle.set_pointer_capture(event.pointer_id());
            }
            *drag.borrow_mut() = Some((event.client_x(), width as u32));
        })
    };
    let on_move = {
        let (drag, on_width) = (drag.clone(), props.on_width.clone());
        Callback::from(move |event: PointerEvent| {
            if let Some(start) = *drag.borrow() {
                on_width.emit(WidthEdit::Dragging(column, moved(start, &event)));
            }
        })
    };
    let on_up = {
        let (drag, on_width) = (drag.clone(), props.on_width.clone());
        Callback::from(move |event: PointerEvent| {
            if let Some(start) = drag.borrow_mut().take() {
                on_width.emit(WidthEdit::Set(column, moved(start, &event)));
            }
        })
    };
    let on_key = {
        let on_width = props.on_width.clone();
        Callback::from(move |event: KeyboardEvent| {
            let step = match event.key().as_str() {
                "ArrowLeft" => -STEP_PX,
                "ArrowRight" => STEP_PX,
                _ => return,
            };
            event.prevent_default();
            event.stop_propagation();
            on_width.emit(WidthEdit::Set(column, width + i64::from(step)));
        })
    };
    let on_double = props.on_width.reform(move |_: MouseEvent| WidthEdit::Reset(column));
    html! {
        <span class="col-resize" role="separator" tabindex="0" aria-orientation="vertical"
            aria-label={format!("Width of {}", column.label())}
            aria-valuenow={props.width.to_string()} aria-valuemin={MIN_WIDTH_PX.to_string()}
            aria-valuemax={MAX_WIDTH_PX.to_string()}
            onpointerdown={on_down} onpointermove={on_move} onpointerup={on_up.clone()} onpointercancel={on_up}
            onkeydown={on_key} ondblclick={on_double} />
    }
}
