//! The things an investigation follows from event to event: a principal, a role session, an
//! access key, a source IP, a resource. Each has a page ([`page::EntityPage`]) with everything
//! its events say, and a place in the URL ([`link`]) so that the page can be bookmarked and
//! left with Back.

pub mod link;
pub mod page;

use crate::dataset::Dataset;
use crate::store::narrow::NarrowColumn;
use serde::{Deserialize, Serialize};

/// One entity, by the value its column holds (a resource by its key).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Entity {
    /// A principal (see the principal rule in [`crate::normalize::identity`]).
    Principal(String),
    /// A role session ARN or Identity Center user id.
    Session(String),
    /// An access key id.
    AccessKey(String),
    /// A source IP address or service host name.
    Ip(String),
    /// A resource, by key (an ARN, or `TYPE NAME`; see [`crate::resources`]).
    Resource(String),
}

impl Entity {
    /// The word of each kind in the URL (`principal`, `session`, `key`, `ip`, `resource`).
    pub fn word(&self) -> &'static str {
        match self {
            Entity::Principal(_) => "principal",
            Entity::Session(_) => "session",
            Entity::AccessKey(_) => "key",
            Entity::Ip(_) => "ip",
            Entity::Resource(_) => "resource",
        }
    }

    /// The kind as people read it, for headings.
    pub fn label(&self) -> &'static str {
        match self {
            Entity::Principal(_) => "Principal",
            Entity::Session(_) => "Role session",
            Entity::AccessKey(_) => "Access key",
            Entity::Ip(_) => "Source IP",
            Entity::Resource(_) => "Resource",
        }
    }

    /// The entity of kind `word` with `value`; `None` for an unknown kind or an empty value.
    pub fn from_word(word: &str, value: String) -> Option<Entity> {
        if value.is_empty() {
            return None;
        }
        Some(match word {
            "principal" => Entity::Principal(value),
            "session" => Entity::Session(value),
            "key" => Entity::AccessKey(value),
            "ip" => Entity::Ip(value),
            "resource" => Entity::Resource(value),
            _ => return None,
        })
    }

    /// Its value: the principal, session, key, IP or resource key.
    pub fn value(&self) -> &str {
        match self {
            Entity::Principal(v) | Entity::Session(v) | Entity::AccessKey(v) | Entity::Ip(v) | Entity::Resource(v) => v,
        }
    }

    /// Every row of `data` the entity appears in, ascending (so in time order), from its column
    /// (a resource's from the resources column); none when the store does not hold it.
    pub fn rows(&self, data: &Dataset) -> Vec<u32> {
        let store = &data.store;
        let (c, d) = (&store.columns, &store.dict);
        let matching = |id: Option<u32>, column: &NarrowColumn<u32>| -> Vec<u32> {
            match id.filter(|&id| id != 0) {
                Some(id) => (0..column.len() as u32)
                    .filter(|&i| column.get(i as usize) == id)
                    .collect(),
                None => Vec::new(),
            }
        };
        match self {
            Entity::Principal(v) => matching(d.principals.find(v), &c.principal),
            Entity::Session(v) => matching(d.sessions.find(v), &c.session),
            Entity::AccessKey(v) => matching(d.access_keys.find(v), &c.access_key),
            Entity::Ip(v) => matching(d.ips.find(v), &c.ip),
            Entity::Resource(v) => match store.resources.dict.find(v).filter(|&id| id != 0) {
                Some(id) => (0..store.len() as u32)
                    .filter(|&i| store.resources.column.of(i as usize).contains(&id))
                    .collect(),
                None => Vec::new(),
            },
        }
    }
}
