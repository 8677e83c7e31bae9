//! One removable chip per active part of the filter, and one per term of the query, so nobody
//! reads a narrowed view as the whole trail. Each chip holds the edit that removes its part (for a
//! term: the query without it), and "Clear all" removes every part.

use crate::components::views::chart::format::{utc, utc_range};
use crate::components::views::chart::names::{short_operation, short_principal};
use trailscope_core::query::filter::query::{Field, Term};
use trailscope_core::query::filter::{Dimension, Filter, FilterEdit, Outcome};
use web_sys::HtmlElement;
use yew::prelude::*;

/// One removable part of the filter.
struct Chip {
    label: String,
    title: Option<String>,
    remove: FilterEdit,
}

/// A value as its chip shows it: operations without their source's domain, principals by their
/// short name (the whole value is the chip's title).
fn shorten(dimension: Dimension, value: &str) -> String {
    match dimension {
        Dimension::Operation => short_operation(value),
        Dimension::Principal => short_principal(value).0,
        Dimension::Resource => trailscope_core::resources::name_of(value).to_string(),
        _ => value.to_string(),
    }
}

/// A query term as its chip reads: what it looks in (a `json:` term's chip says "contains", as
/// the search in every field does, and an exact one "is"), whether it is left out, and its text.
fn term_label(term: &Term) -> String {
    let value = &term.value;
    match (term.field, term.excluded) {
        (Some(Field::Json), false) => format!("JSON contains: “{value}”"),
        (Some(Field::Json), true) => format!("JSON does not contain: “{value}”"),
        (Some(field), excluded) if term.exact => {
            let is = if excluded { "is not" } else { "is" };
            format!("{} {is} “{value}”", field.name())
        }
        (field, excluded) => {
            let name = field.map_or("Text", Field::name);
            let not = if excluded { "not " } else { "" };
            format!("{name}: {not}“{value}”")
        }
    }
}

/// Every active part of `filter` as a chip, in the order of the filter's parts.
fn chips(filter: &Filter) -> Vec<Chip> {
    let mut chips = Vec::new();
    let time = match (filter.from, filter.to) {
        (Some(from), Some(to)) => Some(format!("Time: {}", utc_range(from, to))),
        (Some(from), None) => Some(format!("Time: from {}", utc(from))),
        (None, Some(to)) => Some(format!("Time: before {}", utc(to))),
        (None, None) => None,
    };
    chips.extend(time.map(|label| Chip {
        label,
        title: None,
        remove: FilterEdit::ClearTime,
    }));
    for dimension in Dimension::ALL {
        for value in filter.values(dimension) {
            let shown = shorten(dimension, value);
            chips.push(Chip {
                title: (shown != *value).then(|| value.clone()),
                label: format!("{}: {shown}", dimension.name()),
                remove: FilterEdit::Remove(dimension, value.clone()),
            });
        }
    }
    let mut part = |label: String, remove: FilterEdit| {
        chips.push(Chip {
            label,
            title: None,
            remove,
        })
    };
    if let Some(outcome) = filter.outcome {
        let label = match outcome {
            Outcome::Success => "Outcome: success only",
            Outcome::Error => "Outcome: errors only",
        };
        part(label.into(), FilterEdit::SetOutcome(None));
    }
    if let Some(read_only) = filter.read_only {
        let label = if read_only { "Reads only" } else { "Writes only" };
        part(label.into(), FilterEdit::SetReadOnly(None));
    }
    match filter.query() {
        Ok(query) => {
            for (i, term) in query.terms().iter().enumerate() {
                part(term_label(term), FilterEdit::SetText(query.without(i)));
            }
        }
        Err(_) => part(
            format!("Query not understood: “{}”", filter.text),
            FilterEdit::SetText(String::new()),
        ),
    }
    if let Some(rule) = &filter.finding {
        part(format!("Finding: {rule}"), FilterEdit::ChooseFinding(None));
    }
    chips
}

/// Moves focus to the search box, after a chip (which had it) is removed.
fn focus(search: &NodeRef) {
    if let Some(input) = search.cast::<HtmlElement>() {
        input.focus().ok();
    }
}

/// The chips with "Clear all", or a line saying nothing is filtered. Enter and Space press a
/// chip; Backspace and Delete remove it too. From the keyboard (a click with no pointer has
/// detail 0), focus then moves to the search box instead of being lost with the chip.
pub fn active_filters(filter: &Filter, on_edit: &Callback<FilterEdit>, search: &NodeRef) -> Html {
    if filter.is_empty() {
        return html! { <p class="tsv-chips-empty">{ "No filter: showing every loaded event." }</p> };
    }
    let chip_list = chips(filter).into_iter().map(|chip| {
        let onclick = {
            let (on_edit, remove, search) = (on_edit.clone(), chip.remove.clone(), search.clone());
            move |e: MouseEvent| {
                on_edit.emit(remove.clone());
                if e.detail() == 0 {
                    focus(&search);
                }
            }
        };
        let onkeydown = {
            let (on_edit, remove, search) = (on_edit.clone(), chip.remove, search.clone());
            move |e: KeyboardEvent| {
                if matches!(e.key().as_str(), "Backspace" | "Delete") {
                    e.prevent_default();
                    on_edit.emit(remove.clone());
                    focus(&search);
                }
            }
        };
        html! {
            <li>
                <button type="button" class="tsv-chip" title={chip.title}
                    aria-label={format!("Remove filter {}", chip.label)} onclick={onclick} onkeydown={onkeydown}>
                    <span class="tsv-chip-x" aria-hidden="true">{ "×" }</span>{ " " }{ chip.label }
                </button>
            </li>
        }
    });
    let clear = on_edit.reform(|_: MouseEvent| FilterEdit::ClearAll);
    html! {
        <div class="tsv-chips-row">
            <ul class="tsv-chips" aria-label="Active filters">{ for chip_list }</ul>
            <button type="button" class="tsv-button" onclick={clear}>{ "Clear all" }</button>
        </div>
    }
}
