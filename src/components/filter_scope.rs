//! The top bar's filter: the query and its chips, how many events it keeps out of how many, the
//! time range they span, and their histogram, which brushes the time range. It stays on screen
//! over every tab, so nobody reads a narrowed view as the whole trail.

use crate::app::filter_edits::FilterEdits;
use crate::app::format::{span, thousands};
use crate::components::views::histogram::Histogram;
use crate::components::views::{FilterBar, SharedView};
use trailscope_core::query::filter::Filter;
use yew::prelude::*;

/// What the top bar's filter shows.
#[derive(Properties, PartialEq)]
pub struct FilterScopeProps {
    /// The views of the filter.
    pub view: SharedView,
    /// The filter.
    pub filter: Filter,
    /// Its edits.
    pub edits: FilterEdits,
}

/// The filter, its count and its time range.
#[function_component]
pub fn FilterScope(props: &FilterScopeProps) -> Html {
    let view = &props.view;
    let o = &view.0.overview;
    let filtered = !props.filter.is_empty();
    let zoomed = props.filter.from.is_some() || props.filter.to.is_some();
    html! {
        <div class="filter-scope">
            <FilterBar filter={props.filter.clone()} on_edit={props.edits.edit.clone()} />
            <div class="scope-line">
                <p class="scope-count" aria-live="polite">
                    if filtered {
                        <strong data-testid="filtered-events">{ thousands(o.events) }</strong>
                        {" of "}<span data-testid="total-events">{ thousands(o.loaded_events) }</span>{" events"}
                    } else {
                        <strong data-testid="total-events">{ thousands(o.loaded_events) }</strong>{" events"}
                    }
                </p>
                <p class="scope-range">{ span(o.first, o.last) }{" UTC"}</p>
            </div>
            <div class="histogram-slot">
                <Histogram timeline={view.part(|v| &v.timeline)} zoomed={zoomed}
                    on_brush={props.edits.zoom.clone()} on_reset={props.edits.unzoom.clone()} />
            </div>
        </div>
    }
}
