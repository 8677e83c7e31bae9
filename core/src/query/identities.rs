//! The per-identity table: one row per principal with its type, credential kinds, MFA share,
//! activity span, error count, services, top operations, every source IP and access key with its
//! count, and its sessions (each with its access keys) as a sub-level.

use super::pairs::PairIndex;
use super::selection::{for_each_row, Rows};
use super::tally::{busiest, top, Counter, SlotTally, Span};
use crate::normalize::identity::CredentialKind;
use crate::store::flags::Flags;
use crate::store::EventStore;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How many operations and sessions a row lists.
const TOP: usize = 5;
/// How many source IPs and access keys a row lists at most (and keys a session): all of them in
/// any real trail, where the rarest is often the one that matters, yet bounded so that a hostile
/// trail with a million IPs on one principal keeps the view a small message.
pub const MAX_LISTED: usize = 1_000;

/// A role session (or Identity Center user) under its principal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRow {
    /// The session ARN or user id.
    pub session: String,
    /// Events.
    pub events: u64,
    /// Events with an error code.
    pub errors: u64,
    /// First event (UTC ms).
    pub first: Option<i64>,
    /// Last event (UTC ms).
    pub last: Option<i64>,
    /// The access keys its events used (usually one), busiest first, ties by key; at most
    /// [`MAX_LISTED`].
    pub access_keys: Vec<String>,
}

/// One principal's activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityRow {
    /// The principal (see the principal rule).
    pub principal: String,
    /// `userIdentity.type` of its events (the most frequent).
    pub identity_type: String,
    /// Credential kinds seen, as labels.
    pub credentials: Vec<String>,
    /// Events authenticated with MFA.
    pub mfa_events: u64,
    /// First event (UTC ms).
    pub first: Option<i64>,
    /// Last event (UTC ms).
    pub last: Option<i64>,
    /// Events.
    pub events: u64,
    /// Events with an error code.
    pub errors: u64,
    /// Distinct event sources.
    pub services: u64,
    /// Busiest operations as `("<source> <op>", count)`.
    pub top_operations: Vec<(String, u64)>,
    /// Its source IPs with their counts, busiest first (ties by IP), every one up to
    /// [`MAX_LISTED`].
    pub source_ips: Vec<(String, u64)>,
    /// Distinct source IPs (an event without one counts none).
    pub distinct_ips: u64,
    /// The access keys it used with their counts, busiest first (ties by key), every one up to
    /// [`MAX_LISTED`].
    pub access_keys: Vec<(String, u64)>,
    /// Busiest sessions.
    pub sessions: Vec<SessionRow>,
    /// Distinct sessions.
    pub distinct_sessions: u64,
}

#[derive(Default)]
struct Acc {
    span: Span,
    /// Events per `userIdentity.type` code (codes are 4 bits).
    types: [u64; 16],
    credentials: u8,
    mfa_events: u64,
    /// Events per operation slot of the query's [`PairIndex`].
    operations: Counter<u64>,
    sessions: Counter<Span>,
    /// Events per IP id, and per access key id, filled in after the rows are counted.
    ips: Vec<(u32, u64)>,
    keys: Vec<(u32, u64)>,
}

/// Largest principals × keys for which per-principal operation and session counters are dense
/// vectors (at most a few tens of MB in the worst case, far less as they grow on demand).
const DENSE_CELLS: usize = 1 << 22;

/// The identity rows of `rows` (the events passing a view's filter), busiest first, at most
/// `limit`. Principals get dense accumulator slots, and so do their operations, sessions (when the
/// dictionaries are small enough) and IPs, so the hot loop hardly hashes; the output is the same
/// as with any map since every ranking breaks ties by key.
pub fn of_rows(store: &EventStore, rows: Rows<'_>, limit: usize) -> Vec<IdentityRow> {
    of_rows_with(store, rows, limit, DENSE_CELLS)
}

/// [`of_rows`] with the dense-counter budget as a parameter, so tests can force the map path.
pub(crate) fn of_rows_with(store: &EventStore, rows: Rows<'_>, limit: usize, dense_cells: usize) -> Vec<IdentityRow> {
    let c = &store.columns;
    let d = &store.dict;
    let dense = |keys: usize| {
        if d.principals.len().saturating_mul(keys) <= dense_cells {
            keys
        } else {
            0
        }
    };
    // Operation slots may exceed the operation ids a little (one operation under two sources).
    let dense_ops = dense(d.operations.len() + 64);
    let dense_sessions = dense(d.sessions.len());
    let mut pairs = PairIndex::new(d.operations.len());
    let mut slot_of = vec![u32::MAX; d.principals.len()];
    let mut accs: Vec<(u32, Acc)> = Vec::new();
    let mut ips = SlotTally::new(d.ips.len());
    let mut keys = SlotTally::new(d.access_keys.len());
    let mut session_keys = SlotTally::new(d.access_keys.len());
    for_each_row!(rows, |i| {
        let i = i as usize;
        let principal = c.principal.get(i);
        let mut slot = slot_of[principal as usize];
        if slot == u32::MAX {
            slot = accs.len() as u32;
            slot_of[principal as usize] = slot;
            accs.push((principal, Acc::default()));
        }
        let acc = &mut accs[slot as usize].1;
        let flags = Flags(c.flags[i]);
        let error = c.error.get(i) != 0;
        let time = c.time[i];
        acc.span.add(time, error);
        acc.types[(flags.identity() as usize) & 0xF] += 1;
        acc.credentials |= 1 << flags.credential() as u8;
        acc.mfa_events += u64::from(flags.mfa());
        *acc.operations.at(
            pairs.slot(u32::from(c.source.get(i)), u32::from(c.operation.get(i))) as u32,
            dense_ops,
        ) += 1;
        if c.ip.get(i) != 0 {
            ips.add(slot, c.ip.get(i));
        }
        let (session, key) = (c.session.get(i), c.access_key.get(i));
        if key != 0 {
            keys.add(slot, key);
        }
        if session != 0 {
            acc.sessions.at(session, dense_sessions).add(time, error);
            if key != 0 {
                session_keys.add(session, key);
            }
        }
    });
    // Only the rows kept are written out: a principal's thousand IPs cost nothing when it is
    // not among the busiest `limit`.
    let (ips_of, keys_of) = (ips.by_slot(accs.len()), keys.by_slot(accs.len()));
    for ((_, acc), (ips, keys)) in accs.iter_mut().zip(ips_of.into_iter().zip(keys_of)) {
        (acc.ips, acc.keys) = (ips, keys);
    }
    accs.sort_by(|(a, x), (b, y)| {
        (y.span.events.cmp(&x.span.events)).then_with(|| d.principals.get(*a).cmp(d.principals.get(*b)))
    });
    accs.truncate(limit);
    let mut rows: Vec<IdentityRow> = accs
        .into_iter()
        .map(|(principal, acc)| row(store, &pairs, principal, acc))
        .collect();
    with_session_keys(store, &mut rows, session_keys);
    rows
}

/// One principal's row from what was counted for it.
fn row(store: &EventStore, pairs: &PairIndex, principal: u32, acc: Acc) -> IdentityRow {
    let d = &store.dict;
    let (operations, sessions) = (acc.operations.finish(), acc.sessions.finish());
    let types = acc.types.iter().enumerate().filter(|&(_, &n)| n > 0);
    let identity_type = top(types.map(|(t, &n)| (t as u16, n)), 1)
        .first()
        .map_or("(none)", |&(t, _)| {
            crate::normalize::identity::IdentityType::from_code(t).name()
        });
    let operations: Vec<((u16, u32), u64)> = operations
        .iter()
        .map(|&(s, n)| {
            let (source, operation) = pairs.key(s as usize);
            ((source as u16, operation), n)
        })
        .collect();
    let mut services: Vec<u16> = operations.iter().map(|&((s, _), _)| s).collect();
    services.sort_unstable();
    services.dedup();
    let distinct_sessions = sessions.len() as u64;
    let mut sessions: Vec<SessionRow> = sessions
        .iter()
        .map(|(id, span)| SessionRow {
            session: d.sessions.get(*id).to_string(),
            events: span.events,
            errors: span.errors,
            first: span.first,
            last: span.last,
            access_keys: Vec::new(),
        })
        .collect();
    sessions.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.session.cmp(&b.session)));
    sessions.truncate(TOP);
    sessions.shrink_to_fit();
    let distinct_ips = acc.ips.len() as u64;
    let named = |ids: Vec<(u32, u64)>, dict: &'_ crate::store::interner::Interner| {
        busiest(ids.into_iter().map(|(id, n)| (dict.get(id), n)), MAX_LISTED)
    };
    IdentityRow {
        principal: d.principals.get(principal).to_string(),
        identity_type: identity_type.to_string(),
        credentials: CredentialKind::ALL
            .iter()
            .filter(|&&k| acc.credentials & (1 << k as u8) != 0)
            .map(|k| k.label().to_string())
            .collect(),
        mfa_events: acc.mfa_events,
        first: acc.span.first,
        last: acc.span.last,
        events: acc.span.events,
        errors: acc.span.errors,
        services: services.len() as u64,
        top_operations: top(operations, TOP)
            .into_iter()
            .map(|((s, o), n)| (format!("{} {}", d.sources.get(u32::from(s)), d.operations.get(o)), n))
            .collect(),
        source_ips: named(acc.ips, &d.ips),
        distinct_ips,
        access_keys: named(acc.keys, &d.access_keys),
        distinct_sessions,
        sessions,
    }
}

/// Gives each listed session the access keys its events used (`counted` per session id).
fn with_session_keys(store: &EventStore, rows: &mut [IdentityRow], counted: SlotTally) {
    let d = &store.dict;
    let mut listed: HashMap<u32, Vec<(&str, u64)>> = rows
        .iter()
        .flat_map(|r| &r.sessions)
        .filter_map(|s| d.sessions.find(&s.session))
        .map(|id| (id, Vec::new()))
        .collect();
    for (session, key, n) in counted.counted() {
        if let Some(keys) = listed.get_mut(&session) {
            keys.push((d.access_keys.get(key), n));
        }
    }
    for session in rows.iter_mut().flat_map(|r| &mut r.sessions) {
        let keys = d
            .sessions
            .find(&session.session)
            .and_then(|id| listed.get(&id).cloned());
        session.access_keys = busiest(keys.unwrap_or_default(), MAX_LISTED)
            .into_iter()
            .map(|(key, _)| key)
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::{of_rows, of_rows_with};
    use crate::formats::testing::fixture;
    use crate::query::selection::Rows;
    use crate::store::EventStore;
    use crate::{Dataset, Ingest, IngestOptions};

    /// Trails with many principals, role sessions, operations and IPs.
    fn store() -> EventStore {
        let mut ingest = Ingest::new(IngestOptions::default());
        for (origin, rel) in ["ctgen/trail.json", "ctgen/events.ndjson.gz", "shapes/identities.json"]
            .into_iter()
            .enumerate()
        {
            ingest.add_bytes(origin as u32, rel, fixture(rel).as_bytes());
        }
        Dataset::from_batches([ingest.finish()]).store
    }

    #[test]
    fn the_map_fallback_counts_like_the_dense_tables() {
        let store = store();
        let all = Rows::Span(0, store.len() as u32);
        let every_other: Vec<u32> = all.iter().step_by(2).collect();
        let busiest = of_rows(&store, all, 1)[0].principal.clone();
        let theirs: Vec<u32> = all
            .iter()
            .filter(|&i| store.dict.principals.get(store.columns.principal.get(i as usize)) == busiest)
            .collect();
        let rows = of_rows(&store, all, 500);
        assert!(rows.len() > 10, "{} principals", rows.len());
        assert!(rows
            .iter()
            .any(|r| r.distinct_sessions > 1 && r.top_operations.len() > 1));
        for selected in [all, (&every_other).into(), (&theirs).into()] {
            let dense = of_rows_with(&store, selected, 500, usize::MAX);
            let sparse = of_rows_with(&store, selected, 500, 0);
            assert_eq!(dense, sparse);
            assert_eq!(dense.iter().map(|r| r.events).sum::<u64>(), selected.len() as u64);
        }
    }
}
