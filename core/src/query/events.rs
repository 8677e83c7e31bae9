//! Pages of the filtered events in time order, for the virtualised event table.

use crate::store::flags::{Flags, ReadOnly};
use crate::store::EventStore;
use crate::time::UNDATED;
use serde::{Deserialize, Serialize};

/// One event as the table shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRow {
    /// Row index in the store, to ask for the event's JSON.
    pub row: u32,
    /// UTC ms, `None` when undated.
    pub time: Option<i64>,
    /// Principal.
    pub principal: String,
    /// Role session or Identity Center user, if any.
    pub session: String,
    /// Event source.
    pub source: String,
    /// Folded operation.
    pub operation: String,
    /// Region.
    pub region: String,
    /// Account.
    pub account: String,
    /// Source IP or service host.
    pub ip: String,
    /// User agent.
    pub user_agent: String,
    /// Error code, empty on success.
    pub error: String,
    /// `readOnly`.
    pub read_only: Option<bool>,
    /// `userIdentity.type`.
    pub identity_type: String,
    /// Credential kind label.
    pub credential: String,
}

impl EventRow {
    /// Row `i` of the store with its ids resolved to strings (panics when out of range).
    pub fn of(store: &EventStore, i: usize) -> Self {
        let c = &store.columns;
        let d = &store.dict;
        let flags = Flags(c.flags[i]);
        EventRow {
            row: i as u32,
            time: (c.time[i] != UNDATED).then_some(c.time[i]),
            principal: d.principals.get(c.principal[i]).to_string(),
            session: d.sessions.get(c.session[i]).to_string(),
            source: d.sources.get(u32::from(c.source[i])).to_string(),
            operation: d.operations.get(c.operation[i]).to_string(),
            region: d.regions.get(u32::from(c.region[i])).to_string(),
            account: d.accounts.get(c.account[i]).to_string(),
            ip: d.ips.get(c.ip[i]).to_string(),
            user_agent: d.user_agents.get(c.user_agent[i]).to_string(),
            error: d.errors.get(u32::from(c.error[i])).to_string(),
            read_only: match flags.read_only() {
                ReadOnly::Read => Some(true),
                ReadOnly::Write => Some(false),
                ReadOnly::Unknown => None,
            },
            identity_type: flags.identity().name().to_string(),
            credential: flags.credential().label().to_string(),
        }
    }
}

/// A window of the filtered events.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventPage {
    /// Events passing the filter.
    pub total: u64,
    /// Position of the first row in the filtered list.
    pub offset: u64,
    /// The rows.
    pub rows: Vec<EventRow>,
}

/// The filtered events `offset..offset + limit`, in time order (undated first), from the filter's
/// rows already selected (`CompiledFilter::selected`): a scrolling table asks for many pages of
/// one filter, and each is then a slice, not a pass over the whole store.
pub fn page_of(store: &EventStore, rows: &[u32], offset: usize, limit: usize) -> EventPage {
    let window = rows.get(offset..).unwrap_or_default();
    EventPage {
        total: rows.len() as u64,
        offset: offset as u64,
        rows: window
            .iter()
            .take(limit)
            .map(|&i| EventRow::of(store, i as usize))
            .collect(),
    }
}
