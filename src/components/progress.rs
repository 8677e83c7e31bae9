//! The running load: files, bytes, events and speed, with Cancel.

use crate::app::format::{megabytes, thousands};
use crate::protocol::Progress;
use yew::prelude::*;

/// What the progress panel shows.
#[derive(Properties, PartialEq)]
pub struct ProgressProps {
    /// The latest progress.
    pub progress: Progress,
    /// Whether Cancel was already asked.
    pub cancelling: bool,
    /// "Cancel".
    pub on_cancel: Callback<()>,
}

/// The progress panel.
#[function_component]
pub fn ProgressPanel(props: &ProgressProps) -> Html {
    let p = &props.progress;
    let on_cancel = props.on_cancel.reform(|_: MouseEvent| ());
    html! {
        <section class="progress-panel" aria-labelledby="progress-title" data-testid="progress">
            <h2 id="progress-title">{ if props.cancelling { "Stopping after the current file…" } else { "Reading logs…" } }</h2>
            <progress max={p.bytes_total.max(1).to_string()} value={p.bytes_read.to_string()} aria-labelledby="progress-title" />
            <dl class="figures">
                <div><dt>{"Files"}</dt><dd>{format!("{} / {}", thousands(p.files_done), thousands(p.files_total))}</dd></div>
                <div><dt>{"Read"}</dt><dd>{format!("{} of {}", megabytes(p.bytes_read), megabytes(p.bytes_total))}</dd></div>
                <div><dt>{"Events"}</dt><dd>{thousands(p.events)}</dd></div>
                <div><dt>{"Speed"}</dt><dd>{format!("{:.1} MB/s", p.mb_per_s)}</dd></div>
            </dl>
            <button type="button" class="button" onclick={on_cancel} disabled={props.cancelling}>{"Cancel"}</button>
        </section>
    }
}
