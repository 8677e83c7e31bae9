//! A link to an entity's page: a real `<a href="#entity=…">` (so it can be opened in a new tab,
//! copied, and read as a link), whose plain click opens the page in place through the app, which
//! keeps the filter in the URL beside it.

use super::chart::names::{session_name, short_principal};
use trailscope_core::query::entity::link::{entity_value, ENTITY_KEY};
use trailscope_core::query::entity::Entity;
use trailscope_core::resources::name_of;
use web_sys::KeyboardEvent;
use yew::prelude::*;

/// Props of [`EntityLink`].
#[derive(Properties, PartialEq, Clone)]
pub struct EntityLinkProps {
    /// Whose page it opens.
    pub entity: Entity,
    /// The text shown (the full value is the link's title).
    pub label: AttrValue,
    /// Opens the page.
    pub on_open: Callback<Entity>,
}

/// The short name a page or a link shows for an entity (the full value is one hover away).
pub fn short_name(entity: &Entity) -> String {
    match entity {
        Entity::Principal(v) => short_principal(v).0,
        Entity::Session(v) => session_name(v).to_string(),
        Entity::Resource(v) => name_of(v).to_string(),
        Entity::AccessKey(v) | Entity::Ip(v) => v.clone(),
    }
}

/// The link. A click with a modifier key or another button is left to the browser; neither its
/// click nor its keys reach a selectable row around it.
#[component]
pub fn EntityLink(props: &EntityLinkProps) -> Html {
    let onclick = {
        let (entity, on_open) = (props.entity.clone(), props.on_open.clone());
        move |e: MouseEvent| {
            e.stop_propagation();
            if e.button() == 0 && !(e.ctrl_key() || e.meta_key() || e.shift_key() || e.alt_key()) {
                e.prevent_default();
                on_open.emit(entity.clone());
            }
        }
    };
    let label = format!("{} page of {}", props.entity.label(), props.entity.value());
    html! {
        <a class="tsv-entity-link" href={format!("#{ENTITY_KEY}={}", entity_value(&props.entity))}
            title={label} data-entity={props.entity.word()} {onclick}
            onkeydown={|e: KeyboardEvent| e.stop_propagation()}>
            { props.label.clone() }
        </a>
    }
}
