//! A chain of credentials, root first: how it begins, then each identity with the session and key
//! it held and the call that issued them, that call marked in words when it came from another
//! address or client than the call before it (a sign of credentials carried elsewhere).

use super::{holder, linked};
use crate::app::format::time;
use trailscope_core::lineage::{Hop, Trace};
use trailscope_core::query::entity::Entity;
use yew::prelude::*;

/// Whether `now` and the value `before` it are both known and differ.
fn changed(now: &str, before: Option<&str>) -> bool {
    matches!(before, Some(before) if !before.is_empty() && !now.is_empty() && before != now)
}

/// A mark a person reads (not a colour alone): `text` beside the value it is about.
fn mark(text: &'static str) -> Html {
    html! { <>{ " " }<span class="tsv-badge tsv-badge-warn">{ text }</span></> }
}

/// One labelled fact of a hop's issuing call.
fn fact(label: &'static str, value: Html) -> Html {
    html! { <div><dt>{ label }</dt><dd>{ value }</dd></div> }
}

/// One hop, compared with the hop `before` it.
fn hop(hop: &Hop, before: Option<&Hop>, here: &Entity, on_open: &Callback<Entity>) -> Html {
    let new_ip = changed(&hop.source_ip, before.map(|b| b.source_ip.as_str()));
    let new_agent = changed(&hop.user_agent, before.map(|b| b.user_agent.as_str()));
    let issued = hop.via.is_some() || hop.issued_at.is_some() || !hop.issued_by_event.is_empty();
    html! {
        <li class="tsv-hop">
            <p class="tsv-hop-who">{ holder(hop, here, on_open) }</p>
            if issued {
                <dl class="tsv-hop-facts">
                    if hop.issued_at.is_some() { { fact("Issued", html! { { time(hop.issued_at) } }) } }
                    if let Some(via) = hop.via { { fact("Via", html! { { via.name() } }) } }
                    if !hop.source_ip.is_empty() {
                        { fact("Source IP", html! {
                            <>
                                { linked(Entity::Ip(hop.source_ip.clone()), here, on_open) }
                                if new_ip { { mark("new IP") } }
                            </>
                        }) }
                    }
                    if !hop.user_agent.is_empty() {
                        { fact("User agent", html! {
                            <><span class="tsv-mono">{ hop.user_agent.clone() }</span>if new_agent { { mark("new user agent") } }</>
                        }) }
                    }
                    if !hop.issued_by_event.is_empty() {
                        { fact("Event ID", html! { <span class="tsv-mono">{ hop.issued_by_event.clone() }</span> }) }
                    }
                </dl>
            }
        </li>
    }
}

/// The chain of `trace`, root first, on the page of `here`.
pub fn chain(trace: &Trace, here: &Entity, on_open: &Callback<Entity>) -> Html {
    let hops = trace
        .chain
        .iter()
        .enumerate()
        .map(|(i, h)| hop(h, i.checked_sub(1).map(|b| &trace.chain[b]), here, on_open));
    html! {
        <>
            <p class="tsv-muted tsv-chain-note">
                { "Root first: each identity got its credentials from a call made with the ones above it. \
                   “new IP” and “new user agent” mark a call made from another address or client than the call before it." }
            </p>
            <p class="tsv-chain-origin">{ "Origin: " }<strong>{ trace.origin.label() }</strong></p>
            <ol class="tsv-chain">{ for hops }</ol>
        </>
    }
}
