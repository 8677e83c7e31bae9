//! An entity's page: everything its events say, over all of them (an investigation page follows
//! the entity whatever the analysis is filtered to): its timeline, what it did (operations,
//! outcomes, resources, its latest changes), with what and from where (keys, sessions, IPs,
//! user agents, principals), when, and the findings its events are part of. One pass over its
//! rows.

use super::Entity;
use crate::dataset::Dataset;
use crate::findings::Severity;
use crate::lineage::{Subject, Trace};
use crate::query::pairs::PairIndex;
use crate::query::tally::{Counter, Span};
use crate::query::timeline::{Stack, Timeline};
use crate::store::flags::{Flags, ReadOnly};
use crate::store::interner::Interner;
use crate::time::UNDATED;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// Values listed at most per list of a page.
pub const TOP: usize = 20;

/// The latest changes a page lists.
pub const CHANGES: usize = 10;

/// Largest dictionary whose values are counted in a dense vector (larger ones, such as the IPs
/// of a big trail, go through a map).
const DENSE: usize = 1 << 16;

/// The busiest values of one dimension among an entity's events.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ranked {
    /// Values with their events, busiest first (ties by value), at most [`TOP`].
    pub top: Vec<(String, u64)>,
    /// Distinct values in all.
    pub distinct: u64,
}

/// A finding some of the entity's events are part of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityFinding {
    /// The rule's id (the finding filter's value).
    pub rule: String,
    /// Its title.
    pub title: String,
    /// How urgent it is.
    pub severity: Severity,
    /// The entity's events in it.
    pub events: u64,
}

/// One of the entity's latest writes: who changed what, and whether it went through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// When (UTC ms), if dated.
    pub time: Option<i64>,
    /// `"<source> <operation>"`.
    pub operation: String,
    /// Who made the call.
    pub principal: String,
    /// Its error code, or empty when it succeeded.
    pub error: String,
}

/// Everything the page of one entity shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityPage {
    /// Whose page it is.
    pub entity: Entity,
    /// Its events.
    pub events: u64,
    /// Of them, calls that failed (with an error code).
    pub errors: u64,
    /// First dated event (UTC ms).
    pub first: Option<i64>,
    /// Last dated event (UTC ms).
    pub last: Option<i64>,
    /// Its events over time, by outcome.
    pub timeline: Timeline,
    /// Operations as `"<source> <operation>"`.
    pub operations: Ranked,
    /// Error codes of the failed calls.
    pub error_codes: Ranked,
    /// Resources touched, by key (the entity itself left out).
    pub resources: Ranked,
    /// Principals (empty on a principal's own page, and so on for each kind below).
    pub principals: Ranked,
    /// Role sessions.
    pub sessions: Ranked,
    /// Access keys.
    pub access_keys: Ranked,
    /// Source IPs.
    pub ips: Ranked,
    /// User agents.
    pub user_agents: Ranked,
    /// Findings with some of its events, most severe first.
    pub findings: Vec<EntityFinding>,
    /// Its latest writes (`readOnly: false`), newest first, at most [`CHANGES`]: on a
    /// resource's page, who changed or deleted it.
    pub changes: Vec<Change>,
    /// On an access key's or a role session's page, where the credentials came from and what
    /// was issued with them.
    pub credentials: Option<Trace>,
}

/// Counts of one interned dimension, dense when its dictionary is small.
struct Dim<'a> {
    dict: &'a Interner,
    counts: Counter<u64>,
    dense: usize,
}

impl<'a> Dim<'a> {
    fn new(dict: &'a Interner) -> Self {
        let dense = if dict.len() <= DENSE { dict.len() } else { 0 };
        Dim {
            dict,
            counts: Counter::default(),
            dense,
        }
    }

    /// Counts value `id` (0, no value, is not counted).
    #[inline]
    fn add(&mut self, id: u32) {
        if id != 0 {
            *self.counts.at(id, self.dense) += 1;
        }
    }

    /// The ranking, without `own` (the entity's own value in its own dimension).
    fn ranked(self, own: Option<&str>) -> Ranked {
        let dict = self.dict;
        ranked(self.counts.finish().into_iter().map(|(id, n)| (dict.get(id), n)), own)
    }
}

/// The busiest of `counts`, ties by value, without `own`.
fn ranked<'a>(counts: impl Iterator<Item = (&'a str, u64)>, own: Option<&str>) -> Ranked {
    let mut all: Vec<(&str, u64)> = counts.filter(|&(v, _)| Some(v) != own).collect();
    all.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    Ranked {
        distinct: all.len() as u64,
        top: all.into_iter().take(TOP).map(|(v, n)| (v.to_string(), n)).collect(),
    }
}

/// How many of `a` are in `b` (both ascending).
fn shared(a: &[u32], b: &[u32]) -> u64 {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

impl EntityPage {
    /// The page of `entity` over all of `data`'s events (not narrowed by the analysis's
    /// filter), its timeline in at most `max_buckets` buckets.
    pub fn compute(data: &Dataset, entity: &Entity, max_buckets: u32) -> EntityPage {
        let rows = entity.rows(data);
        let store = &data.store;
        let (c, d) = (&store.columns, &store.dict);
        let mut span = Span::default();
        let mut pairs = PairIndex::new(d.operations.len());
        let mut operations = Counter::<u64>::default();
        let dense_operations = if d.operations.len() <= DENSE {
            d.operations.len() + 64
        } else {
            0
        };
        let mut errors = Dim::new(&d.errors);
        let mut principals = Dim::new(&d.principals);
        let mut sessions = Dim::new(&d.sessions);
        let mut access_keys = Dim::new(&d.access_keys);
        let mut ips = Dim::new(&d.ips);
        let mut user_agents = Dim::new(&d.user_agents);
        let mut resources = Counter::<u64>::default();
        let dense_resources = store.resources.dict.len().min(DENSE);
        let mut writes: VecDeque<usize> = VecDeque::with_capacity(CHANGES + 1);
        for &row in &rows {
            let i = row as usize;
            if Flags(c.flags[i]).read_only() == ReadOnly::Write {
                writes.push_back(i);
                if writes.len() > CHANGES {
                    writes.pop_front();
                }
            }
            span.add(c.time[i], c.error.get(i) != 0);
            let slot = pairs.slot(u32::from(c.source.get(i)), u32::from(c.operation.get(i)));
            *operations.at(slot as u32, dense_operations) += 1;
            errors.add(u32::from(c.error.get(i)));
            principals.add(c.principal.get(i));
            sessions.add(c.session.get(i));
            access_keys.add(c.access_key.get(i));
            ips.add(c.ip.get(i));
            user_agents.add(c.user_agent.get(i));
            for &id in store.resources.column.of(i) {
                *resources.at(id, dense_resources) += 1;
            }
        }
        let own = |kind: fn(&Entity) -> bool| kind(entity).then(|| entity.value());
        let operation_names: Vec<(String, u64)> = operations
            .finish()
            .into_iter()
            .map(|(slot, n)| {
                let (source, operation) = pairs.key(slot as usize);
                (format!("{} {}", d.sources.get(source), d.operations.get(operation)), n)
            })
            .collect();
        let resource_dict = &store.resources.dict;
        let findings = data.findings();
        let mut in_findings: Vec<EntityFinding> = findings
            .list()
            .filter_map(|f| {
                let events = shared(&rows, findings.rows(&f.rule).unwrap_or_default());
                (events > 0).then(|| EntityFinding {
                    rule: f.rule.clone(),
                    title: f.title.clone(),
                    severity: f.severity,
                    events,
                })
            })
            .collect();
        in_findings.sort_by(|a, b| b.severity.cmp(&a.severity).then(b.events.cmp(&a.events)));
        let subject = match entity {
            Entity::AccessKey(key) => Some(Subject::Key(key.clone())),
            Entity::Session(session) => Some(Subject::Session(session.clone())),
            _ => None,
        };
        EntityPage {
            credentials: subject.and_then(|s| data.lineage().trace(store, &s)),
            entity: entity.clone(),
            events: span.events,
            errors: span.errors,
            first: span.first,
            last: span.last,
            timeline: Timeline::of_rows(store, (&rows).into(), None, Stack::ByOutcome, max_buckets),
            operations: ranked(operation_names.iter().map(|(v, n)| (v.as_str(), *n)), None),
            error_codes: errors.ranked(None),
            resources: ranked(
                resources.finish().into_iter().map(|(id, n)| (resource_dict.key(id), n)),
                own(|e| matches!(e, Entity::Resource(_))),
            ),
            principals: principals.ranked(own(|e| matches!(e, Entity::Principal(_)))),
            sessions: sessions.ranked(own(|e| matches!(e, Entity::Session(_)))),
            access_keys: access_keys.ranked(own(|e| matches!(e, Entity::AccessKey(_)))),
            ips: ips.ranked(own(|e| matches!(e, Entity::Ip(_)))),
            user_agents: user_agents.ranked(None),
            findings: in_findings,
            changes: writes
                .iter()
                .rev()
                .map(|&i| Change {
                    time: (c.time[i] != UNDATED).then_some(c.time[i]),
                    operation: format!(
                        "{} {}",
                        d.sources.get(u32::from(c.source.get(i))),
                        d.operations.get(c.operation.get(i))
                    ),
                    principal: d.principals.get(c.principal.get(i)).to_string(),
                    error: d.errors.get(u32::from(c.error.get(i))).to_string(),
                })
                .collect(),
        }
    }
}
