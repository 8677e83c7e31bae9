//! The running search in every field: files searched out of all, with Cancel; then how many
//! events it found.

use crate::app::format::thousands;
use crate::protocol::{SearchProgress, Searched};
use yew::prelude::*;

/// What the search panel shows.
#[derive(Properties, PartialEq)]
pub struct SearchProgressProps {
    /// The latest progress.
    pub progress: SearchProgress,
    /// Whether Cancel was already asked.
    pub cancelling: bool,
    /// "Cancel".
    pub on_cancel: Callback<()>,
}

/// The search panel.
#[function_component]
pub fn SearchProgressPanel(props: &SearchProgressProps) -> Html {
    let p = &props.progress;
    let on_cancel = props.on_cancel.reform(|_: MouseEvent| ());
    let title = if props.cancelling {
        "Stopping the search…".to_string()
    } else {
        format!("Searching every field for \u{201c}{}\u{201d}…", p.text)
    };
    html! {
        <section class="progress-panel" aria-labelledby="search-progress-title" data-testid="search-progress">
            <h2 id="search-progress-title">{title}</h2>
            <progress max={p.files_total.max(1).to_string()} value={p.files_done.to_string()} aria-labelledby="search-progress-title" />
            <dl class="figures">
                <div><dt>{"Files"}</dt><dd>{format!("{} / {}", thousands(p.files_done), thousands(p.files_total))}</dd></div>
            </dl>
            <button type="button" class="button" onclick={on_cancel} disabled={props.cancelling}>{"Cancel"}</button>
        </section>
    }
}

/// "N events hold …" (or that the search was cancelled) once a search has ended.
pub fn search_status(searched: &Searched) -> Html {
    let text = match searched.events {
        Some(1) => format!("1 event holds \u{201c}{}\u{201d}.", searched.text),
        Some(n) => format!("{} events hold \u{201c}{}\u{201d}.", thousands(n), searched.text),
        None => format!("The search for \u{201c}{}\u{201d} was cancelled.", searched.text),
    };
    html! { <p class="load-status" role="status" data-testid="search-done">{text}</p> }
}
