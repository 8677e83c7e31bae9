//! The filter bar's `<select>`s: the outcome and read/write choices (a dimension's values are
//! added from the facet rail).

use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The value of a choice that leaves its part out of the filter.
pub const EITHER: &str = "all";

/// A choice of `words` for one part of the filter, or [`EITHER`]; `current` is shown, and each
/// change reports the word picked. Its `select` follows `current` through `sync_choice`.
pub fn choice(
    label: &'static str,
    words: [&'static str; 2],
    current: &'static str,
    select: &NodeRef,
    on_pick: Callback<String>,
) -> Html {
    let onchange = on_pick.reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
    html! {
        <label class="tsv-field">
            <span class="tsv-field-label">{ label }</span>
            <select class="tsv-select" ref={select.clone()} onchange={onchange}>
                { for [EITHER, words[0], words[1]].into_iter().map(|word| html! {
                    <option value={word} selected={current == word}>{ word }</option>
                }) }
            </select>
        </label>
    }
}

/// Shows `value` in a choice's `<select>`: option attributes alone do not move a selection the
/// user already changed, so the value is set after each render that changes it.
pub fn sync_choice(select: &NodeRef, value: &'static str) {
    if let Some(select) = select.cast::<HtmlSelectElement>() {
        select.set_value(value);
    }
}
