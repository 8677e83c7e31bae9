//! The panel shown instead of the views when the worker died, so the page never just freezes.

use crate::browser::panic::FATAL_CLASS;
use yew::prelude::*;

/// The error to show.
#[derive(Properties, PartialEq)]
pub struct ErrorPanelProps {
    /// What the worker reported.
    pub message: String,
}

/// The fatal-error panel.
#[function_component]
pub fn ErrorPanel(props: &ErrorPanelProps) -> Html {
    html! {
        <section class={FATAL_CLASS} role="alert" data-testid="fatal-error">
            <h2>{"Trailscope stopped because of an internal error"}</h2>
            <pre>{props.message.clone()}</pre>
            <p>{"Reload the page to start again. Your files never left this browser."}</p>
        </section>
    }
}
