//! Where an access key's or a role session's credentials came from and what was done with them,
//! on its entity page: the chain back to the identity it began with ([`chain`]) and the keys and
//! sessions issued with them, as a tree ([`tree`]). Every identity, key, session and IP named
//! links to its own page.

mod chain;
mod tree;

use crate::components::views::{short_name, EntityLink};
use trailscope_core::lineage::{Hop, Trace};
use trailscope_core::query::entity::Entity;
use yew::prelude::*;

/// A link to `entity`'s page, or on that page itself its name alone, saying so.
fn linked(entity: Entity, here: &Entity, on_open: &Callback<Entity>) -> Html {
    let label = short_name(&entity);
    if entity == *here {
        return html! {
            <span class="tsv-here" title={entity.value().to_string()}>
                { label }<span class="tsv-muted">{ " (this page)" }</span>
            </span>
        };
    }
    html! { <EntityLink {entity} {label} on_open={on_open.clone()} /> }
}

/// The words between the names of a holder, quieter than the names.
fn separator(words: &'static str) -> Html {
    html! { <span class="tsv-hop-sep">{ words }</span> }
}

/// Who held the credentials of `hop`: the identity, its session (or, where an outside identity
/// was federated, that identity as text) and its key.
fn holder(hop: &Hop, here: &Entity, on_open: &Callback<Entity>) -> Html {
    let principal = if hop.principal.is_empty() {
        html! { <span class="tsv-muted">{ "unknown identity" }</span> }
    } else {
        linked(Entity::Principal(hop.principal.clone()), here, on_open)
    };
    let session = match hop.session.as_str() {
        "" => Html::default(),
        arn if arn.starts_with("arn:") => html! {
            <>{ separator(" · session ") }{ linked(Entity::Session(arn.to_string()), here, on_open) }</>
        },
        outside => {
            html! { <>{ separator(" · outside identity ") }<span class="tsv-mono">{ outside.to_string() }</span></> }
        }
    };
    html! {
        <>
            { principal }
            { session }
            if !hop.access_key.is_empty() {
                { separator(" · key ") }{ linked(Entity::AccessKey(hop.access_key.clone()), here, on_open) }
            }
        </>
    }
}

/// The two sections of `trace` on the page of `here`.
pub fn sections(trace: &Trace, here: &Entity, on_open: &Callback<Entity>) -> Html {
    html! {
        <>
            <section class="tsv-entity-section tsv-credentials-from" aria-labelledby="entity-credentials-from">
                <h3 id="entity-credentials-from">{ "Where these credentials came from" }</h3>
                { chain::chain(trace, here, on_open) }
            </section>
            <section class="tsv-entity-section tsv-credentials-use" aria-labelledby="entity-credentials-use">
                <h3 id="entity-credentials-use">{ "What was done with them" }</h3>
                { tree::tree(&trace.downstream, here, on_open) }
            </section>
        </>
    }
}
