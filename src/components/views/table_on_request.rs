//! "Show as table": a chart's numbers as a table, drawn only while the reader has it open. A
//! closed table is read by nobody, and drawing it anyway would double what every filter change
//! redraws (the timeline's table alone is a row per bucket).

use web_sys::Element;
use yew::prelude::*;

/// Props of [`TableOnRequest`].
#[derive(Properties, PartialEq)]
pub struct TableOnRequestProps {
    /// Names the scrolling region that holds the table.
    pub label: AttrValue,
    /// Draws the table; called only while it is open.
    pub table: Callback<(), Html>,
}

/// A closed `<details>` whose table is drawn when it opens.
#[function_component]
pub fn TableOnRequest(props: &TableOnRequestProps) -> Html {
    let open = use_state(|| false);
    let ontoggle = {
        let open = open.clone();
        move |e: Event| {
            if let Some(details) = e.target_dyn_into::<Element>() {
                open.set(details.has_attribute("open"));
            }
        }
    };
    html! {
        <details class="tsv-table-alt" {ontoggle}>
            <summary>{ "Show as table" }</summary>
            if *open {
                <div class="tsv-table-scroll tsv-table-alt-scroll" tabindex="0" role="region" aria-label={props.label.clone()}>
                    { props.table.emit(()) }
                </div>
            }
        </details>
    }
}
