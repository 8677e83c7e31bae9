//! The filter as a person sees and edits it: one removable chip per active part (so nobody reads a
//! narrowed view as the whole trail), the outcome and read/write choices, and a debounced query.
//! Every control reports what it changes as a [`FilterEdit`]; a dimension's values are chosen in
//! the facet rail.

mod chips;
mod choice;
mod search_box;

use chips::active_filters;
use choice::{choice, sync_choice, EITHER};
use search_box::SearchBox;
use trailscope_core::query::filter::words::{read_only_from_word, read_only_word};
use trailscope_core::query::filter::{Filter, FilterEdit, Outcome};
use yew::prelude::*;

/// Props of [`FilterBar`].
#[derive(Properties, PartialEq, Clone)]
pub struct FilterBarProps {
    /// The current filter.
    pub filter: Filter,
    /// Every change to the filter: the parent applies it (and updates the URL hash) and recomputes.
    pub on_edit: Callback<FilterEdit>,
}

/// The filter bar: search and choices, then the chips.
#[component]
pub fn FilterBar(props: &FilterBarProps) -> Html {
    let search = use_node_ref();
    let outcome_select = use_node_ref();
    let read_select = use_node_ref();
    let filter = &props.filter;
    let outcome = filter.outcome.map_or(EITHER, Outcome::word);
    let read = filter.read_only.map_or(EITHER, read_only_word);
    {
        let (outcome_select, read_select) = (outcome_select.clone(), read_select.clone());
        use_effect_with((outcome, read), move |&(outcome, read)| {
            sync_choice(&outcome_select, outcome);
            sync_choice(&read_select, read);
        });
    }
    let on_edit = &props.on_edit;
    let on_outcome = on_edit.reform(|word: String| FilterEdit::SetOutcome(Outcome::from_word(&word)));
    let on_read = on_edit.reform(|word: String| FilterEdit::SetReadOnly(read_only_from_word(&word)));
    html! {
        <section class="tsv-panel tsv-filter-bar" aria-label="Filter">
            <div class="tsv-filter-controls">
                <SearchBox text={filter.text.clone()} on_edit={on_edit.clone()} input={search.clone()} />
                { choice("Outcome", [Outcome::Success.word(), Outcome::Error.word()], outcome, &outcome_select, on_outcome) }
                { choice("Read/write", [read_only_word(true), read_only_word(false)], read, &read_select, on_read) }
            </div>
            { active_filters(filter, on_edit, &search) }
        </section>
    }
}
