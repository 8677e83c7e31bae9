//! The "Columns" button and its list of checkboxes, one per column. The list opens below the
//! button with focus on its first box; Escape closes it and gives focus back to the button.

use trailscope_core::query::events::TableColumn;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

/// What the picker shows.
#[derive(Properties, PartialEq)]
pub struct ColumnPickerProps {
    /// The columns shown.
    pub shown: Vec<TableColumn>,
    /// Shows or hides a column.
    pub on_toggle: Callback<TableColumn>,
}

/// The column picker.
#[function_component]
pub fn ColumnPicker(props: &ColumnPickerProps) -> Html {
    let open = use_state(|| false);
    let button = use_node_ref();
    let list = use_node_ref();
    {
        let list = list.clone();
        use_effect_with(*open, move |open| {
            let first = list
                .cast::<HtmlElement>()
                .filter(|_| *open)
                .and_then(|l| l.query_selector("input").ok().flatten()?.dyn_into::<HtmlElement>().ok());
            if let Some(first) = first {
                first.focus().ok();
            }
        });
    }
    let toggle_open = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let on_key = {
        let (open, button) = (open.clone(), button.clone());
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" && *open {
                event.prevent_default();
                event.stop_propagation();
                open.set(false);
                if let Some(button) = button.cast::<HtmlElement>() {
                    button.focus().ok();
                }
            }
        })
    };
    let only_one = props.shown.len() == 1;
    let boxes = TableColumn::ALL.into_iter().map(|column| {
        let shown = props.shown.contains(&column);
        html! {
            <label>
                <input type="checkbox" checked={shown} disabled={shown && only_one} data-column={column.key()}
                    onchange={props.on_toggle.reform(move |_: Event| column)} />
                { column.label() }
            </label>
        }
    });
    html! {
        <div class="column-picker" onkeydown={on_key}>
            <button type="button" class="button small" ref={button} aria-expanded={open.to_string()} aria-controls="event-columns"
                onclick={toggle_open}>
                { "Columns" }
            </button>
            if *open {
                <fieldset id="event-columns" class="column-list" ref={list}>
                    <legend class="visually-hidden">{ "Columns of the event table" }</legend>
                    { for boxes }
                </fieldset>
            }
        </div>
    }
}
