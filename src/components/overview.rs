//! The headline numbers of what is loaded and of what the filter keeps.

use crate::app::format::{span, thousands};
use trailscope_core::query::view::Overview as Numbers;
use yew::prelude::*;

/// The numbers to show.
#[derive(Properties, PartialEq)]
pub struct OverviewProps {
    /// The view's overview.
    pub overview: Numbers,
}

/// The overview grid.
#[function_component]
pub fn Overview(props: &OverviewProps) -> Html {
    let o = &props.overview;
    let filtered = o.events != o.loaded_events;
    let item = |label: &'static str, value: String| {
        html! { <div class="figure"><dt>{label}</dt><dd>{value}</dd></div> }
    };
    // These figures follow the filter; say so when one is on, so they are not read as totals.
    let scoped = |label: &'static str, value: String| {
        let label = if filtered {
            format!("{label} (filtered)")
        } else {
            label.to_string()
        };
        html! { <div class="figure"><dt>{label}</dt><dd>{value}</dd></div> }
    };
    html! {
        <dl class="overview-grid">
            <div class="figure headline">
                <dt>{"Events"}</dt>
                <dd>{thousands(o.loaded_events)}</dd>
            </div>
            if filtered {
                <div class="figure headline">
                    <dt>{"Matching the filter"}</dt>
                    <dd>{thousands(o.events)}</dd>
                </div>
            }
            { item("Files read", thousands(o.files)) }
            { item("Digest files", thousands(o.digests)) }
            { item("Duplicates skipped", thousands(o.duplicates)) }
            { item("Failed files", thousands(o.failed_files)) }
            { scoped("Accounts", thousands(o.accounts)) }
            { scoped("Regions", thousands(o.regions)) }
            { scoped("Errors", thousands(o.errors)) }
            { scoped("Undated", thousands(o.undated)) }
            <div class="figure wide">
                <dt>{if filtered { "Time span (UTC, filtered)" } else { "Time span (UTC)" }}</dt>
                <dd>{span(o.first, o.last)}</dd>
            </div>
        </dl>
    }
}
