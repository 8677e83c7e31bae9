//! Links at the very start of the page, shown when focused, that take a keyboard user straight
//! to the event table or the facets (on the events tab) instead of through every control above.
//! They are buttons, not `#fragment` links: the fragment holds the filter.

use crate::app::state::Tab;
use crate::browser::focus;
use crate::browser::next_task::yield_to_browser;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// What the skip links need.
#[derive(Properties, PartialEq)]
pub struct SkipLinksProps {
    /// Shows the events tab, where both targets are.
    pub on_tab: Callback<Tab>,
}

/// The skip links.
#[function_component]
pub fn SkipLinks(props: &SkipLinksProps) -> Html {
    let skip = |label: &'static str, target: &'static str| {
        let on_tab = props.on_tab.clone();
        let onclick = move |_: MouseEvent| {
            on_tab.emit(Tab::Events);
            // The events tab may only be drawn in the next task.
            spawn_local(async move {
                yield_to_browser().await;
                if let Some(element) = focus::element(target) {
                    element.focus().ok();
                }
            });
        };
        html! { <button type="button" class="skip-link" {onclick}>{ label }</button> }
    };
    html! {
        <nav class="skip-links" aria-label="Skip links">
            { skip("Skip to the events", "[data-testid=event-table]") }
            { skip("Skip to the facets", "#facets") }
        </nav>
    }
}
