//! The selected event's full JSON, re-read from its file by the worker, with the fields
//! CloudTrail redacted or did not log listed above it, and links to the pages of who made it
//! and from where.

use crate::app::state::Detail;
use crate::browser::focus;
use crate::components::views::EntityLink;
use trailscope_core::formats::redactions::{Redaction, RedactionKind};
use trailscope_core::query::entity::Entity;
use trailscope_core::query::events::EventRow;
use web_sys::KeyboardEvent;
use yew::prelude::*;

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
    // The pane sits below the table: bring it into view when another event is chosen.
    {
        let pane = pane.clone();
        let row = props.selected.as_ref().map(|(row, _)| *row);
        use_effect_with(row, move |row| {
            if let (Some(_), Some(element)) = (row, pane.cast::<web_sys::Element>()) {
                element.scroll_into_view();
            }
        });
    }
    let Some((_, detail)) = &props.selected else {
        return Html::default();
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
    let body = match detail {
        Detail::Loading => html! { <p class="muted" aria-busy="true">{"Reading the event from its file…"}</p> },
        Detail::Failed(message) => html! { <p class="error-text" role="alert">{message.clone()}</p> },
        Detail::Ready(event) => html! {
            <>
                if !event.redactions.is_empty() {
                    <ul class="redactions" aria-label="Redacted or not logged">
                        { for event.redactions.iter().map(redaction) }
                    </ul>
                }
                <pre class="json" tabindex="0" data-testid="event-json"><code>{event.json.clone()}</code></pre>
            </>
        },
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
