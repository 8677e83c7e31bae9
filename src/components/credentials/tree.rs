//! What was issued with credentials, as nested lists: each key or session with the identity that
//! got it, the call, when, and how many events its key made; what was issued with it beneath.

use super::holder;
use crate::app::format::time;
use crate::components::views::chart::format::count_of;
use trailscope_core::lineage::Node;
use trailscope_core::query::entity::Entity;
use yew::prelude::*;

fn node(node: &Node, here: &Entity, on_open: &Callback<Entity>) -> Html {
    let hop = &node.hop;
    let via = hop.via.map_or("issued", |v| v.name());
    html! {
        <li>
            <p class="tsv-node">
                { holder(hop, here, on_open) }
                <span class="tsv-muted">
                    { format!(" · {via} at {} · {}", time(hop.issued_at), count_of(node.events, "event")) }
                </span>
            </p>
            { list(&node.children, here, on_open) }
        </li>
    }
}

/// `nodes` as a list; nothing when there are none.
fn list(nodes: &[Node], here: &Entity, on_open: &Callback<Entity>) -> Html {
    if nodes.is_empty() {
        return Html::default();
    }
    html! { <ul class="tsv-issued">{ for nodes.iter().map(|n| node(n, here, on_open)) }</ul> }
}

/// The tree of what was issued with the credentials of the page of `here`, or a sentence
/// saying nothing was.
pub fn tree(downstream: &[Node], here: &Entity, on_open: &Callback<Entity>) -> Html {
    if downstream.is_empty() {
        return html! {
            <p class="tsv-muted">{ "No keys or sessions were issued with these credentials in the loaded logs." }</p>
        };
    }
    html! {
        <>
            <p class="tsv-muted tsv-chain-note">{ "Keys and sessions issued with these credentials, and beneath each what was issued with it in turn." }</p>
            { list(downstream, here, on_open) }
        </>
    }
}
