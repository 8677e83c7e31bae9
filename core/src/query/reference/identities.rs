//! The per-identity table: one row per principal with its type, credential kinds, MFA, activity
//! span, error count, services, top operations and source IPs, and its sessions as a sub-level.

use super::filter::CompiledFilter;
use crate::normalize::identity::CredentialKind;
use crate::normalize::time::UNDATED;
use crate::store::flags::Flags;
use crate::store::EventStore;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How many operations, IPs and sessions a row lists.
const TOP: usize = 5;

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
    /// Whether any event used MFA.
    pub mfa: bool,
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
    /// Busiest source IPs with counts.
    pub source_ips: Vec<(String, u64)>,
    /// Distinct source IPs.
    pub distinct_ips: u64,
    /// Busiest sessions.
    pub sessions: Vec<SessionRow>,
    /// Distinct sessions.
    pub distinct_sessions: u64,
}

#[derive(Default)]
struct Span {
    events: u64,
    errors: u64,
    first: Option<i64>,
    last: Option<i64>,
}

impl Span {
    fn add(&mut self, time: i64, error: bool) {
        self.events += 1;
        self.errors += u64::from(error);
        if time != UNDATED {
            self.first = Some(self.first.map_or(time, |f| f.min(time)));
            self.last = Some(self.last.map_or(time, |l| l.max(time)));
        }
    }
}

#[derive(Default)]
struct Acc {
    span: Span,
    types: HashMap<u16, u64>,
    credentials: u8,
    mfa: bool,
    operations: HashMap<(u16, u32), u64>,
    ips: HashMap<u32, u64>,
    sessions: HashMap<u32, Span>,
}

fn top<K: Copy + Ord>(map: &HashMap<K, u64>, n: usize) -> Vec<(K, u64)> {
    let mut items: Vec<(K, u64)> = map.iter().map(|(&k, &v)| (k, v)).collect();
    items.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    items.truncate(n);
    items
}

/// The identity rows of the events passing `filter`, busiest first, at most `limit`.
pub fn compute(store: &EventStore, filter: &CompiledFilter, limit: usize) -> Vec<IdentityRow> {
    let c = &store.columns;
    let d = &store.dict;
    let mut by_principal: HashMap<u32, Acc> = HashMap::new();
    for i in filter.rows(store) {
        let acc = by_principal.entry(c.principal[i]).or_default();
        let flags = Flags(c.flags[i]);
        let error = c.error[i] != 0;
        acc.span.add(c.time[i], error);
        *acc.types.entry(flags.identity() as u16).or_insert(0) += 1;
        acc.credentials |= 1 << flags.credential() as u8;
        acc.mfa |= flags.mfa();
        *acc.operations.entry((c.source[i], c.operation[i])).or_insert(0) += 1;
        *acc.ips.entry(c.ip[i]).or_insert(0) += 1;
        if c.session[i] != 0 {
            acc.sessions.entry(c.session[i]).or_default().add(c.time[i], error);
        }
    }
    let mut rows: Vec<IdentityRow> = by_principal
        .into_iter()
        .map(|(principal, acc)| {
            let identity_type = top(&acc.types, 1).first().map_or("(none)", |&(t, _)| {
                crate::normalize::identity::IdentityType::from_code(t).name()
            });
            let services: std::collections::HashSet<u16> = acc.operations.keys().map(|&(s, _)| s).collect();
            let mut sessions: Vec<SessionRow> = acc
                .sessions
                .iter()
                .map(|(&id, span)| SessionRow {
                    session: d.sessions.get(id).to_string(),
                    events: span.events,
                    errors: span.errors,
                    first: span.first,
                    last: span.last,
                })
                .collect();
            sessions.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.session.cmp(&b.session)));
            sessions.truncate(TOP);
            IdentityRow {
                principal: d.principals.get(principal).to_string(),
                identity_type: identity_type.to_string(),
                credentials: CredentialKind::ALL
                    .iter()
                    .filter(|&&k| acc.credentials & (1 << k as u8) != 0)
                    .map(|k| k.label().to_string())
                    .collect(),
                mfa: acc.mfa,
                first: acc.span.first,
                last: acc.span.last,
                events: acc.span.events,
                errors: acc.span.errors,
                services: services.len() as u64,
                top_operations: top(&acc.operations, TOP)
                    .into_iter()
                    .map(|((s, o), n)| (format!("{} {}", d.sources.get(u32::from(s)), d.operations.get(o)), n))
                    .collect(),
                source_ips: top(&acc.ips, TOP)
                    .into_iter()
                    .map(|(ip, n)| (d.ips.get(ip).to_string(), n))
                    .collect(),
                distinct_ips: acc.ips.len() as u64,
                distinct_sessions: acc.sessions.len() as u64,
                sessions,
            }
        })
        .collect();
    rows.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.principal.cmp(&b.principal)));
    rows.truncate(limit);
    rows
}
