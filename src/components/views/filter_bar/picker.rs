//! The filter bar's `<select>`s: a picker per dimension adding one of its values, and the
//! outcome and read/write choices.

use crate::components::views::chart::format::thousands;
use std::cell::RefCell;
use std::rc::Rc;
use trailscope_core::query::facets::Facet;
use trailscope_core::query::filter::{Dimension, FilterEdit};
use web_sys::{FocusEvent, HtmlSelectElement, KeyboardEvent, PointerEvent};
use yew::prelude::*;

/// The value of a choice that leaves its part out of the filter.
pub const EITHER: &str = "all";

/// A picker's label: the dimension's name, but "Error code" for errors.
fn label(dimension: Dimension) -> &'static str {
    match dimension {
        Dimension::Error => "Error code",
        other => other.name(),
    }
}

/// A picker adding one value of `dimension`, listing the facet's values busiest first (those
/// `chosen` already are greyed), and saying how many more there are past the busiest fifty. A value picked with the pointer is added at once; one reached
/// with the arrow keys (which fire `change` on every step) waits for Enter, so walking through
/// the list does not add each value passed. `keyboard` records which of the two is going on.
pub fn picker(
    dimension: Dimension,
    facet: &Facet,
    chosen: &[String],
    keyboard: &Rc<RefCell<bool>>,
    on_edit: &Callback<FilterEdit>,
) -> Html {
    let take = {
        let on_edit = on_edit.clone();
        move |select: &HtmlSelectElement| {
            let value = select.value();
            select.set_value("");
            if !value.is_empty() {
                on_edit.emit(FilterEdit::Add(dimension, value));
            }
        }
    };
    let onchange = {
        let (keyboard, take) = (keyboard.clone(), take.clone());
        move |e: Event| {
            if !*keyboard.borrow() {
                take(&e.target_unchecked_into());
            }
        }
    };
    let onkeydown = {
        let keyboard = keyboard.clone();
        move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                take(&e.target_unchecked_into());
            } else if e.key() != "Tab" {
                *keyboard.borrow_mut() = true;
            }
        }
    };
    let onpointerdown = {
        let keyboard = keyboard.clone();
        move |_: PointerEvent| *keyboard.borrow_mut() = false
    };
    let onblur = {
        let keyboard = keyboard.clone();
        move |e: FocusEvent| {
            e.target_unchecked_into::<HtmlSelectElement>().set_value("");
            *keyboard.borrow_mut() = false;
        }
    };
    let values = &facet.values;
    let more = facet.distinct.saturating_sub(values.len() as u64);
    html! {
        <label class="tsv-field">
            <span class="tsv-field-label">{ label(dimension) }</span>
            <select class="tsv-select" onchange={onchange} onkeydown={onkeydown} onpointerdown={onpointerdown}
                onblur={onblur} disabled={values.is_empty()}>
                <option value="" selected=true>{ if values.is_empty() { "none" } else { "add…" } }</option>
                { for values.iter().map(|(value, count)| html! {
                    <option value={value.clone()} disabled={chosen.contains(value)}>
                        { format!("{value} ({})", thousands(*count)) }
                    </option>
                }) }
                if more > 0 {
                    <option value="" disabled=true>{ format!("{} more not listed", thousands(more)) }</option>
                }
            </select>
        </label>
    }
}

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
