//! The query box, applied once the user pauses typing (or presses Enter) rather than on every
//! keystroke, since each search filters every loaded event. A query that cannot be parsed is not
//! applied: the box says where it is wrong, beside it, and the filter keeps its previous query.

use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use trailscope_core::query::filter::query::Query;
use trailscope_core::query::filter::FilterEdit;
use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

/// Quiet time after the last keystroke before the search is applied.
const DEBOUNCE_MS: u32 = 300;

/// The id of the line that says why the query cannot be used, which the box points to.
const ERROR_ID: &str = "tsv-search-error";

/// Props of [`SearchBox`].
#[derive(Properties, PartialEq, Clone)]
pub struct SearchBoxProps {
    /// The filter's query.
    pub text: String,
    /// Reports the new query as an edit.
    pub on_edit: Callback<FilterEdit>,
    /// The input, for the chips to give it focus.
    pub input: NodeRef,
}

/// What a search compares with and reports to: the latest props, read when a timeout fires, and
/// where it says why a query cannot be used.
type Latest = Rc<RefCell<(String, Callback<FilterEdit>, UseStateSetter<Option<String>>)>>;

/// Why `text` cannot be used as a query, if it cannot.
fn problem(text: &str) -> Option<String> {
    Query::parse(text).err().map(|e| e.to_string())
}

/// Reports `value` as the filter's query unless it already is, or says why it cannot be.
fn search(latest: &Latest, value: String) {
    let (text, on_edit, error) = latest.borrow().clone();
    let problem = problem(&value);
    let usable = problem.is_none();
    error.set(problem);
    if usable && text != value {
        on_edit.emit(FilterEdit::SetText(value));
    }
}

/// The search box. While the user types, the box shows what they typed; otherwise it follows the
/// filter's query (a removed chip, a link).
#[component]
pub fn SearchBox(props: &SearchBoxProps) -> Html {
    let text = use_state(|| props.text.clone());
    let error = use_state(|| problem(&props.text));
    let pending = use_mut_ref(|| None::<Timeout>);
    let waiting = use_mut_ref(|| false);
    let latest = use_mut_ref(|| (props.text.clone(), props.on_edit.clone(), error.setter()));
    *latest.borrow_mut() = (props.text.clone(), props.on_edit.clone(), error.setter());
    {
        let (text, error, waiting) = (text.clone(), error.setter(), waiting.clone());
        use_effect_with(props.text.clone(), move |current| {
            if !*waiting.borrow() {
                text.set(current.clone());
                error.set(problem(current));
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
    let invalid = error.is_some();
    html! {
        <>
            <label class="tsv-field tsv-search">
                <span class="tsv-field-label">{ "Search" }</span>
                <input ref={props.input.clone()} type="search" class="tsv-input"
                    placeholder={"words, \"a phrase\", ip:…, -exclude, json:…"}
                    aria-invalid={invalid.then_some("true")} aria-describedby={invalid.then_some(ERROR_ID)}
                    value={(*text).clone()} oninput={oninput} onkeydown={onkeydown} />
            </label>
            if let Some(message) = &*error {
                <p id={ERROR_ID} class="tsv-search-error" role="alert">{ message.clone() }</p>
            }
        </>
    }
}
