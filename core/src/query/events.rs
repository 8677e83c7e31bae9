//! Pages of the filtered events, for the virtualised event table: in time order, or sorted by
//! one of the table's columns.

use super::selection::Rows;
use crate::normalize::identity::{CredentialKind, IdentityType};
use crate::store::flags::{Flags, ReadOnly};
use crate::store::interner::Interner;
use crate::store::EventStore;
use crate::time::UNDATED;
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;

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
    /// Access key id, empty when none.
    pub access_key: String,
    /// The first resource the event acted on (its key, see [`crate::resources`]), empty when
    /// none is known.
    pub target: String,
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
            principal: d.principals.get(c.principal.get(i)).to_string(),
            session: d.sessions.get(c.session.get(i)).to_string(),
            source: d.sources.get(u32::from(c.source.get(i))).to_string(),
            operation: d.operations.get(c.operation.get(i)).to_string(),
            region: d.regions.get(u32::from(c.region.get(i))).to_string(),
            account: d.accounts.get(c.account.get(i)).to_string(),
            access_key: d.access_keys.get(c.access_key.get(i)).to_string(),
            target: store.resources.dict.key(first_resource(store, i)).to_string(),
            ip: d.ips.get(c.ip.get(i)).to_string(),
            user_agent: d.user_agents.get(c.user_agent.get(i)).to_string(),
            error: d.errors.get(u32::from(c.error.get(i))).to_string(),
            read_only: read_only_of(flags.read_only()),
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
pub fn page_of(store: &EventStore, rows: Rows<'_>, offset: usize, limit: usize) -> EventPage {
    EventPage {
        total: rows.len() as u64,
        offset: offset as u64,
        rows: (rows.slice(offset..offset.saturating_add(limit)).iter())
            .map(|i| EventRow::of(store, i as usize))
            .collect(),
    }
}

/// `readOnly` as a row shows it.
fn read_only_of(read_only: ReadOnly) -> Option<bool> {
    match read_only {
        ReadOnly::Read => Some(true),
        ReadOnly::Write => Some(false),
        ReadOnly::Unknown => None,
    }
}

/// The first resource id of row `i` (0, the empty key, when it has none).
fn first_resource(store: &EventStore, i: usize) -> u32 {
    store.resources.column.of(i).first().copied().unwrap_or(0)
}

/// A column of the event table, by which it can be sorted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum TableColumn {
    /// Event time.
    #[default]
    Time,
    /// Principal.
    Principal,
    /// Role session or Identity Center user.
    Session,
    /// Access key id.
    AccessKey,
    /// Account.
    Account,
    /// Region.
    Region,
    /// Event source (the service).
    Source,
    /// Operation.
    Operation,
    /// The first resource acted on.
    Target,
    /// Source IP or service host.
    Ip,
    /// User agent.
    UserAgent,
    /// Read or write.
    ReadWrite,
    /// Error code.
    Error,
    /// `userIdentity.type`.
    IdentityType,
    /// Credential kind.
    Credential,
}

impl TableColumn {
    /// Every column, in the table's order (the default columns keep theirs among them).
    pub const ALL: [TableColumn; 15] = [
        TableColumn::Time,
        TableColumn::Principal,
        TableColumn::Session,
        TableColumn::AccessKey,
        TableColumn::Account,
        TableColumn::Source,
        TableColumn::Operation,
        TableColumn::Target,
        TableColumn::Region,
        TableColumn::Ip,
        TableColumn::UserAgent,
        TableColumn::ReadWrite,
        TableColumn::Error,
        TableColumn::IdentityType,
        TableColumn::Credential,
    ];

    /// The column's name for people.
    pub fn label(self) -> &'static str {
        match self {
            TableColumn::Time => "Time (UTC)",
            TableColumn::Principal => "Principal",
            TableColumn::Session => "Session",
            TableColumn::AccessKey => "Access key",
            TableColumn::Account => "Account",
            TableColumn::Region => "Region",
            TableColumn::Source => "Source",
            TableColumn::Operation => "Operation",
            TableColumn::Target => "Target",
            TableColumn::Ip => "Source IP",
            TableColumn::UserAgent => "User agent",
            TableColumn::ReadWrite => "Read/write",
            TableColumn::Error => "Error",
            TableColumn::IdentityType => "Identity type",
            TableColumn::Credential => "Credential",
        }
    }

    /// A stable name, for saved preferences and for scripts reading the table.
    pub fn key(self) -> &'static str {
        match self {
            TableColumn::Time => "time",
            TableColumn::Principal => "principal",
            TableColumn::Session => "session",
            TableColumn::AccessKey => "access-key",
            TableColumn::Account => "account",
            TableColumn::Region => "region",
            TableColumn::Source => "source",
            TableColumn::Operation => "operation",
            TableColumn::Target => "target",
            TableColumn::Ip => "ip",
            TableColumn::UserAgent => "user-agent",
            TableColumn::ReadWrite => "read-write",
            TableColumn::Error => "error",
            TableColumn::IdentityType => "identity-type",
            TableColumn::Credential => "credential",
        }
    }

    /// The column whose [`TableColumn::key`] is `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        TableColumn::ALL.into_iter().find(|c| c.key() == key)
    }
}

/// The text a row shows for `readOnly`, by which the column sorts.
pub fn read_write_label(read_only: Option<bool>) -> &'static str {
    match read_only {
        Some(true) => "read",
        Some(false) => "write",
        None => "",
    }
}

/// The order of the event table: by a column, ascending unless `descending`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TableSort {
    /// The column sorted by.
    pub column: TableColumn,
    /// Whether the order is reversed.
    pub descending: bool,
}

/// Sorts `rows` (ascending row indices, as a filter selects them) by `sort`. Values compare as
/// their strings through each dictionary entry's rank, so one pass ranks the dictionary and one
/// sort orders `(rank, row)` pairs; ties stay in row order, which is time order in the store.
pub fn sort_rows(store: &EventStore, rows: &mut [u32], sort: TableSort) {
    let c = &store.columns;
    let d = &store.dict;
    let ranked = |ranks: Vec<u32>, id: &dyn Fn(usize) -> u32| -> Vec<u64> {
        rows.iter()
            .map(|&r| {
                let rank = ranks[id(r as usize) as usize];
                let rank = if sort.descending { u32::MAX - rank } else { rank };
                u64::from(rank) << 32 | u64::from(r)
            })
            .collect()
    };
    let interned = |dict: &Interner| ranks(dict.len(), |id| dict.get(id));
    let flag = |i: usize| Flags(c.flags[i]);
    let mut keys = match sort.column {
        TableColumn::Time => {
            if sort.descending {
                rows.sort_unstable_by_key(|&r| (Reverse(c.time[r as usize]), r));
            }
            return;
        }
        TableColumn::Principal => ranked(interned(&d.principals), &|i| c.principal.get(i)),
        TableColumn::Session => ranked(interned(&d.sessions), &|i| c.session.get(i)),
        TableColumn::AccessKey => ranked(interned(&d.access_keys), &|i| c.access_key.get(i)),
        TableColumn::Account => ranked(interned(&d.accounts), &|i| u32::from(c.account.get(i))),
        TableColumn::Region => ranked(interned(&d.regions), &|i| u32::from(c.region.get(i))),
        TableColumn::Source => ranked(interned(&d.sources), &|i| u32::from(c.source.get(i))),
        TableColumn::Operation => ranked(interned(&d.operations), &|i| u32::from(c.operation.get(i))),
        TableColumn::Ip => ranked(interned(&d.ips), &|i| c.ip.get(i)),
        TableColumn::UserAgent => ranked(interned(&d.user_agents), &|i| c.user_agent.get(i)),
        TableColumn::Error => ranked(interned(&d.errors), &|i| u32::from(c.error.get(i))),
        TableColumn::Target => {
            let dict = &store.resources.dict;
            ranked(ranks(dict.len(), |id| dict.key(id)), &|i| first_resource(store, i))
        }
        TableColumn::ReadWrite => {
            const ALL: [ReadOnly; 3] = [ReadOnly::Unknown, ReadOnly::Read, ReadOnly::Write];
            let label = |k: u32| read_write_label(read_only_of(ALL[k as usize]));
            let code = |i: usize| ALL.iter().position(|&r| r == flag(i).read_only()).unwrap_or(0) as u32;
            ranked(ranks(ALL.len(), label), &code)
        }
        // Both enums list their variants in the order of their codes.
        TableColumn::IdentityType => {
            let name = |k: u32| IdentityType::ALL[k as usize].name();
            ranked(ranks(IdentityType::ALL.len(), name), &|i| flag(i).identity() as u32)
        }
        TableColumn::Credential => {
            let label = |k: u32| CredentialKind::ALL[k as usize].label();
            ranked(ranks(CredentialKind::ALL.len(), label), &|i| {
                flag(i).credential() as u32
            })
        }
    };
    keys.sort_unstable();
    for (row, key) in rows.iter_mut().zip(keys) {
        *row = key as u32;
    }
}

/// The rank of each of `len` ids when their values are sorted as strings (equal values share a
/// rank).
fn ranks<'a>(len: usize, value: impl Fn(u32) -> &'a str) -> Vec<u32> {
    let mut ids: Vec<u32> = (0..len as u32).collect();
    ids.sort_unstable_by(|&a, &b| value(a).cmp(value(b)));
    let mut ranks = vec![0; len];
    let mut rank = 0;
    for (at, &id) in ids.iter().enumerate() {
        if at > 0 && value(ids[at - 1]) != value(id) {
            rank += 1;
        }
        ranks[id as usize] = rank;
    }
    ranks
}
