//! The actions on one value of the event, opened by clicking it (as Kibana's flyout does): filter
//! on it, exclude it, copy it. One value's actions are open at a time, so a line carries no
//! buttons until asked.

use trailscope_core::query::filter::query::{Field, Term};
use trailscope_core::query::filter::FilterEdit;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};
use yew::prelude::*;

/// The value and where its actions go.
#[derive(Properties, PartialEq)]
pub struct ValueMenuProps {
    /// The field holding the value and the value to pivot on, or `None` when no filter can
    /// name it (an empty value, a boolean, text only found URL-encoded).
    pub pivot: Option<(Field, String)>,
    /// The value as text, what "Copy" copies.
    pub text: String,
    /// "Filter on it" or "Exclude it".
    pub on_edit: Callback<FilterEdit>,
    /// "Copy", with the text.
    pub on_copy: Callback<String>,
    /// Closes the actions.
    pub on_close: Callback<()>,
}

/// The actions, right after the value they act on.
#[function_component]
pub fn ValueMenu(props: &ValueMenuProps) -> Html {
    let pivot = |exclude: bool| {
        let (on_edit, on_close, pivot) = (props.on_edit.clone(), props.on_close.clone(), props.pivot.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some((field, value)) = pivot.clone() {
                on_edit.emit(FilterEdit::Pivot { field, value, exclude });
            }
            on_close.emit(());
        })
    };
    let copy = {
        let (on_copy, on_close, text) = (props.on_copy.clone(), props.on_close.clone(), props.text.clone());
        Callback::from(move |_: MouseEvent| {
            on_copy.emit(text.clone());
            on_close.emit(());
        })
    };
    // Escape closes the actions, not the pane, and gives focus back to the value.
    let on_key = {
        let on_close = props.on_close.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() != "Escape" {
                return;
            }
            event.prevent_default();
            event.stop_propagation();
            let value = (event.target())
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|e| e.closest(".jv-row").ok().flatten())
                .and_then(|row| row.query_selector(":scope > .jv-value").ok().flatten())
                .and_then(|e| e.dyn_into::<HtmlElement>().ok());
            on_close.emit(());
            if let Some(value) = value {
                value.focus().ok();
            }
        })
    };
    html! {
        <span class="jv-menu" role="group" aria-label="Actions on this value" onkeydown={on_key}>
            if let Some((field, value)) = &props.pivot {
                <button type="button" class="button small" onclick={pivot(false)}>{"Filter on it"}</button>
                <button type="button" class="button small" onclick={pivot(true)}>{"Exclude it"}</button>
                <code class="jv-term">{Term::written(false, *field, *field != Field::Json, value)}</code>
            }
            <button type="button" class="button small" onclick={copy}>{"Copy"}</button>
        </span>
    }
}
