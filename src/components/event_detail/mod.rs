//! The selected event's side panel: the event in one line, where its credentials came from, its
//! full JSON (re-read from its file by the worker) as a tree whose values filter, exclude or copy,
//! the fields CloudTrail redacted or did not log, and links to the pages of who made it and from
//! where.

mod embedded;
mod facts;
mod json_tree;
mod summary;
mod value_menu;

use crate::app::state::Detail;
use crate::browser::{clipboard, focus};
use crate::components::views::EntityLink;
use facts::Facts;
use gloo_timers::callback::Timeout;
use json_tree::JsonTree;
use serde_json::Value;
use std::rc::Rc;
use trailscope_core::formats::extract::EventDetail as Shown;
use trailscope_core::formats::redactions::{Redaction, RedactionKind};
use trailscope_core::query::entity::Entity;
use trailscope_core::query::events::EventRow;
use trailscope_core::query::filter::FilterEdit;
use web_sys::KeyboardEvent;
use yew::prelude::*;

/// How long "Copied" stays after a copy.
const COPIED_MS: u32 = 2_000;

/// The selection to show.
#[derive(Properties, PartialEq)]
pub struct EventDetailProps {
    /// The selected row and its detail.
    pub selected: Option<(u32, Detail)>,
    /// The selected event's row in the table, when its page is held: who and from where, to
    /// open their pages.
    pub row: Option<EventRow>,
    /// Opens an entity's page.
    pub on_open: Callback<Entity>,
    /// Closes the pane.
    pub on_close: Callback<()>,
    /// A value's "Filter on it" or "Exclude it".
    pub on_edit: Callback<FilterEdit>,
    /// Says why a copy failed.
    pub on_notice: Callback<String>,
}

/// The shown event parsed once: its tree and what the store knows of it; `None` when the text
/// is not JSON (then it is shown as text).
type Parsed = Option<(Rc<Value>, Rc<Facts>)>;

fn parse(event: &Shown) -> Parsed {
    let value = serde_json::from_str(&event.json).ok()?;
    let facts = Facts::read(&event.json).unwrap_or_default();
    Some((Rc::new(value), Rc::new(facts)))
}

/// Links to the pages of the event's principal, session and source IP.
fn entity_links(row: &EventRow, on_open: &Callback<Entity>) -> Html {
    let entities = [
        Entity::Principal(row.principal.clone()),
        Entity::Session(row.session.clone()),
        Entity::Ip(row.ip.clone()),
    ];
    let item = |entity: Entity| {
        let label = format!("{}: {}", entity.label(), entity.value());
        html! { <li><EntityLink {entity} label={label} on_open={on_open.clone()} /></li> }
    };
    html! {
        <nav class="event-entities" aria-label="Pages of this event's principal, session and IP">
            <ul>{ for entities.into_iter().filter(|e| !e.value().is_empty()).map(item) }</ul>
        </nav>
    }
}

/// The detail pane; nothing when no event is selected.
#[function_component]
pub fn EventDetail(props: &EventDetailProps) -> Html {
    let pane = use_node_ref();
    let row = props.selected.as_ref().map(|(row, _)| *row);
    // The pane scrolls on its own beside the table: another event starts at its summary.
    {
        let pane = pane.clone();
        use_effect_with(row, move |row| {
            if let (Some(_), Some(element)) = (row, pane.cast::<web_sys::Element>()) {
                element.set_scroll_top(0);
            }
        });
    }
    let shown = match &props.selected {
        Some((_, Detail::Ready(event))) => Some(event.clone()),
        _ => None,
    };
    let parsed = use_memo(shown, |shown| shown.as_deref().and_then(parse));
    let raw = use_state(|| false);
    let copied = use_state(|| false);
    let timer = use_mut_ref(|| None::<Timeout>);
    let Some((row, detail)) = &props.selected else {
        return Html::default();
    };
    let on_copy = {
        let (copied, on_notice) = (copied.clone(), props.on_notice.clone());
        Callback::from(move |text: String| {
            let (copied, on_notice, timer) = (copied.clone(), on_notice.clone(), timer.clone());
            clipboard::copy(text, move |outcome| match outcome {
                Ok(()) => {
                    copied.set(true);
                    let copied = copied.clone();
                    *timer.borrow_mut() = Some(Timeout::new(COPIED_MS, move || copied.set(false)));
                }
                Err(reason) => on_notice.emit(format!("Could not copy to the clipboard: {reason}")),
            });
        })
    };
    let on_close = {
        let on_close = props.on_close.clone();
        move |_: MouseEvent| close(&on_close)
    };
    let on_key = {
        let on_close = props.on_close.clone();
        move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                event.prevent_default();
                close(&on_close);
            }
        }
    };
    let body = match (detail, &*parsed) {
        (Detail::Loading, _) => html! { <p class="muted" aria-busy="true">{"Reading the event from its file…"}</p> },
        (Detail::Failed(message), _) => html! { <p class="error-text" role="alert">{message.clone()}</p> },
        (Detail::Ready(event), parsed) => {
            let json = html! {
                <pre class="json" tabindex="0" data-testid="event-json"><code>{event.json.clone()}</code></pre>
            };
            let shown = match parsed {
                Some((value, facts)) if !*raw => html! {
                    <JsonTree key={*row} value={value.clone()} facts={facts.clone()}
                        on_edit={props.on_edit.clone()} on_copy={on_copy.clone()} />
                },
                _ => json,
            };
            let on_raw = {
                let raw = raw.clone();
                move |_: MouseEvent| raw.set(!*raw)
            };
            let copy_event = {
                let (on_copy, json) = (on_copy.clone(), event.json.clone());
                move |_: MouseEvent| on_copy.emit(json.clone())
            };
            html! {
                <>
                    if let Some((value, facts)) = parsed { { summary::summary(value, facts) } }
                    { summary::credentials(&event.credentials) }
                    if !event.redactions.is_empty() {
                        <ul class="redactions" aria-label="Redacted or not logged">
                            { for event.redactions.iter().map(redaction) }
                        </ul>
                    }
                    <div class="event-actions">
                        <button type="button" class="button small" onclick={copy_event}>{"Copy event"}</button>
                        if parsed.is_some() {
                            <button type="button" class="button small" aria-pressed={raw.to_string()} onclick={on_raw}>{"Raw JSON"}</button>
                        }
                        <span class="copied" role="status">{ if *copied { "Copied" } else { "" } }</span>
                    </div>
                    { shown }
                </>
            }
        }
    };
    html! {
        <aside class="event-detail" aria-labelledby="detail-title" data-testid="event-detail" ref={pane}
            onkeydown={on_key}>
            <header>
                <h3 id="detail-title">{"Event"}</h3>
                <button type="button" class="button small" onclick={on_close} aria-label="Close the event">{"Close"}</button>
            </header>
            if let Some(row) = &props.row {
                { entity_links(row, &props.on_open) }
            }
            { body }
        </aside>
    }
}

/// Closes the pane and gives focus back to the event's row, so a keyboard user carries on in the
/// table instead of starting again from the top of the page.
fn close(on_close: &Callback<()>) {
    let row = focus::element("[data-testid=event-row][aria-selected=true]");
    on_close.emit(());
    if let Some(row) = row {
        row.focus().ok();
    }
}

fn redaction(r: &Redaction) -> Html {
    let why = match r.kind {
        RedactionKind::Masked => "masked by CloudTrail (\"****\")",
        RedactionKind::Hidden => "hidden by CloudTrail for security reasons",
        RedactionKind::NotLogged => "not logged for this call (null)",
    };
    html! {
        <li data-testid="redaction"><code>{r.path.clone()}</code>{" — "}{why}</li>
    }
}
