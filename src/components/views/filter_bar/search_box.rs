//! The free-text search, applied once the user pauses typing (or presses Enter) rather than on
//! every keystroke, since each search filters every loaded event.

use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use trailscope_core::query::filter::FilterEdit;
use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

/// Quiet time after the last keystroke before the search is applied.
const DEBOUNCE_MS: u32 = 300;

/// Props of [`SearchBox`].
#[derive(Properties, PartialEq, Clone)]
pub struct SearchBoxProps {
    /// The filter's text.
    pub text: String,
    /// Reports the new text as an edit.
    pub on_edit: Callback<FilterEdit>,
    /// The input, for the chips to give it focus.
    pub input: NodeRef,
}

/// What a search compares with and reports to: the latest props, read when a timeout fires.
type Latest = Rc<RefCell<(String, Callback<FilterEdit>)>>;

/// Reports `value` as the filter's text unless it already is.
fn search(latest: &Latest, value: String) {
    let (text, on_edit) = latest.borrow().clone();
    if text != value {
        on_edit.emit(FilterEdit::SetText(value));
    }
}

/// The search box. While the user types, the box shows what they typed; otherwise it follows the
/// filter's text (a removed chip, a link).
#[component]
pub fn SearchBox(props: &SearchBoxProps) -> Html {
    let text = use_state(|| props.text.clone());
    let pending = use_mut_ref(|| None::<Timeout>);
    let waiting = use_mut_ref(|| false);
    let latest = use_mut_ref(|| (props.text.clone(), props.on_edit.clone()));
    *latest.borrow_mut() = (props.text.clone(), props.on_edit.clone());
    {
        let (text, waiting) = (text.clone(), waiting.clone());
        use_effect_with(props.text.clone(), move |current| {
            if !*waiting.borrow() {
                text.set(current.clone());
            }
        });
    }
    let oninput = {
        let (text, pending, waiting, latest) = (text.clone(), pending.clone(), waiting.clone(), latest.clone());
        move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            text.set(value.clone());
            *waiting.borrow_mut() = true;
            let (latest, waiting) = (latest.clone(), waiting.clone());
            // Replacing the handle cancels the previous keystroke's timeout.
            *pending.borrow_mut() = Some(Timeout::new(DEBOUNCE_MS, move || {
                *waiting.borrow_mut() = false;
                search(&latest, value);
            }));
        }
    };
    let onkeydown = move |e: KeyboardEvent| {
        if e.key() == "Enter" {
            pending.borrow_mut().take();
            *waiting.borrow_mut() = false;
            search(&latest, e.target_unchecked_into::<HtmlInputElement>().value());
        }
    };
    html! {
        <label class="tsv-field tsv-search">
            <span class="tsv-field-label">{ "Search" }</span>
            <input ref={props.input.clone()} type="search" class="tsv-input" placeholder="text in any field…"
                value={(*text).clone()} oninput={oninput} onkeydown={onkeydown} />
        </label>
    }
}
