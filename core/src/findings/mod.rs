//! Findings: the security-relevant patterns a reviewer looks for first in a trail (root use,
//! sign-ins without MFA, CloudTrail or GuardDuty turned off, persistence in IAM, …), each a
//! [`rules::Rule`] evaluated on the store's columns (never by re-parsing JSON). A finding keeps
//! its rows, so that picking it narrows every view to exactly its events.

mod addresses;
mod bulk;
mod lineage_scans;
pub mod rules;
mod scans;

use crate::lineage::Lineage;
use crate::normalize::signals::Signal;
use crate::store::interner::Interner;
use crate::store::EventStore;
use hashbrown::HashMap;
use rules::{Context, Outcome, Rule, RULES};
use serde::{Deserialize, Serialize};

/// How urgent a finding is, in increasing order (so findings sort by it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    /// Often benign; look when it is unexpected.
    Low,
    /// Needs a look: routine for admins, a classic step for an attacker.
    Medium,
    /// Needs an explanation.
    High,
    /// Defence or evidence being removed: act now.
    Critical,
}

impl Severity {
    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// One step less urgent (a failed attempt of what the rule looks for).
    fn lower(self) -> Self {
        match self {
            Severity::Critical => Severity::High,
            Severity::High => Severity::Medium,
            _ => Severity::Low,
        }
    }
}

/// One rule that fired, as the UI lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule's stable kebab-case id (kept in the URL by the finding filter).
    pub rule: String,
    /// A short title.
    pub title: String,
    /// How urgent it is.
    pub severity: Severity,
    /// The MITRE ATT&CK technique it shows.
    pub technique: String,
    /// Why it matters.
    pub description: String,
    /// Events that make it up.
    pub events: u64,
    /// What happened, in one line: who, and to what.
    pub detail: String,
    /// The principal with most of its events (ties by name), whose page the finding links to.
    pub principal: String,
    /// Every principal of its events, busiest first (at most [`LISTED`]).
    pub principals: Vec<String>,
    /// What its events concerned (buckets, snapshots and the accounts they were shared with,
    /// roles, keys, regions), most concerned first (at most [`LISTED`]).
    pub targets: Vec<String>,
}

/// Most principals and targets a finding lists.
pub const LISTED: usize = 100;

/// Every rule that fired on a store, most severe first (then most events), with its rows.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    fired: Vec<(Finding, Vec<u32>)>,
}

impl Findings {
    /// The findings, most severe first.
    pub fn list(&self) -> impl Iterator<Item = &Finding> {
        self.fired.iter().map(|(f, _)| f)
    }

    /// The rows (indices into the store, ascending, so in time order) of the finding of `rule`,
    /// or `None` when that rule did not fire.
    pub fn rows(&self, rule: &str) -> Option<&[u32]> {
        self.fired
            .iter()
            .find(|(f, _)| f.rule == rule)
            .map(|(_, rows)| rows.as_slice())
    }

    /// Number of findings.
    pub fn len(&self) -> usize {
        self.fired.len()
    }

    /// Whether no rule fired.
    pub fn is_empty(&self) -> bool {
        self.fired.is_empty()
    }
}

/// Rows a rule matched, with a summary when the rule has a better one than the principals.
#[derive(Default)]
pub struct Matched {
    /// Matching rows, ascending.
    pub rows: Vec<u32>,
    /// The rule's own summary, or `None` for the default (principals and targets).
    pub detail: Option<String>,
    /// What the rule's own pass found the rows concerned, before their resources.
    pub targets: Vec<String>,
}

impl Matched {
    /// Just rows.
    fn rows(rows: Vec<u32>) -> Self {
        Matched {
            rows,
            ..Matched::default()
        }
    }
}

/// Per error-code id of `errors`, whether it means "not allowed" (`scans::DENIED_ERRORS`): the one
/// notion of a denied call, shared by the access-denied finding and the views that count denials.
pub fn denied_errors(errors: &Interner) -> Vec<bool> {
    errors.iter().map(|e| scans::DENIED_ERRORS.contains(&e)).collect()
}

/// Runs every rule of [`RULES`] on `store`, whose credentials' issuances `lineage` indexes and
/// whose facts read from requests are `signals` (sorted by row).
pub fn evaluate(store: &EventStore, lineage: &Lineage, signals: &[Signal]) -> Findings {
    let context = Context::new(store, lineage, signals);
    let mut fired: Vec<(Finding, Vec<u32>)> = Vec::new();
    for (matched, rule) in matches(&context).into_iter().zip(RULES.iter()) {
        let (failed, succeeded) = match rule.outcome {
            Outcome::FailedApart => matched
                .rows
                .iter()
                .partition(|&&i| store.columns.error.get(i as usize) != 0),
            Outcome::Any => (Vec::new(), matched.rows.clone()),
        };
        for (rows, attempt) in [(succeeded, false), (failed, true)] {
            if !rows.is_empty() {
                fired.push((finding(&context, rule, &matched, &rows, attempt), rows));
            }
        }
    }
    fired.sort_by(|(a, _), (b, _)| {
        b.severity
            .cmp(&a.severity)
            .then(b.events.cmp(&a.events))
            .then_with(|| a.rule.cmp(&b.rule))
    });
    Findings { fired }
}

/// The finding of `rule` on `rows` (those that failed when `attempt`).
fn finding(context: &Context, rule: &Rule, matched: &Matched, rows: &[u32], attempt: bool) -> Finding {
    let store = context.store;
    let principals = principals(store, rows);
    let targets = targets(context, rule, matched, rows);
    let detail = match (&matched.detail, attempt) {
        (Some(detail), false) => detail.clone(),
        _ => {
            let who = principals.detail();
            match targets.is_empty() {
                true => who,
                false => format!("{who}; on {}", listed(&targets, 3)),
            }
        }
    };
    let (rule_id, title, severity) = match attempt {
        false => (rule.id.to_string(), rule.title.to_string(), rule.severity),
        true => (
            format!("{}-failed", rule.id),
            format!("Failed attempts: {}", rule.title),
            rule.severity.lower(),
        ),
    };
    Finding {
        rule: rule_id,
        title,
        severity,
        technique: rule.technique.to_string(),
        description: rule.description.to_string(),
        events: rows.len() as u64,
        detail,
        principal: principals.top.map_or_else(String::new, |(who, _)| who.to_string()),
        principals: principals.all,
        targets,
    }
}

/// `"a, b, c and 4 more"`: the first `shown` of `items`.
fn listed(items: &[String], shown: usize) -> String {
    let head = items[..items.len().min(shown)].join(", ");
    match items.len().saturating_sub(shown) {
        0 => head,
        more => format!("{head} and {more} more"),
    }
}

/// What `rows` concerned: the rule's own targets, its signals' (first seen first), then the
/// resources of the rows, most frequent first; each once.
fn targets(context: &Context, rule: &Rule, matched: &Matched, rows: &[u32]) -> Vec<String> {
    let store = context.store;
    let mut all: Vec<String> = matched.targets.clone();
    let mut counts: HashMap<&str, u32, foldhash::fast::FixedState> = HashMap::default();
    let mut signals = context.signals;
    for &row in rows {
        signals = &signals[signals.partition_point(|s| s.row < row)..];
        for signal in signals
            .iter()
            .take_while(|s| s.row == row)
            .filter(|s| Some(s.kind) == rule.signal)
        {
            if all.len() < LISTED && !all.iter().any(|t| **t == *signal.target) {
                all.push(signal.target.to_string());
            }
        }
        for &id in store.resources.column.of(row as usize) {
            *counts.entry(store.resources.dict.key(id)).or_default() += 1;
        }
    }
    let mut ranked: Vec<(&str, u32)> = counts.into_iter().filter(|(t, _)| !t.is_empty()).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    all.extend(ranked.into_iter().map(|(t, _)| t.to_string()));
    all.retain(|t| !t.is_empty());
    all.truncate(LISTED);
    all
}

/// The matches of every rule of [`RULES`], in the same order.
fn matches(context: &Context) -> Vec<Matched> {
    let store = context.store;
    let c = &store.columns;
    let d = &store.dict;
    let mut by_operation: Vec<Vec<(u16, usize)>> = vec![Vec::new(); d.operations.len()];
    for (r, rule) in RULES.iter().enumerate() {
        for &(source, names) in rule.operations {
            let Some(source) = d.sources.find(source) else { continue };
            for op in names.iter().filter_map(|n| d.operations.find(n)) {
                by_operation[op as usize].push((source as u16, r));
            }
        }
    }
    let mut listed: Vec<Vec<u32>> = vec![Vec::new(); RULES.len()];
    for i in 0..c.len() {
        for &(source, r) in &by_operation[c.operation.get(i) as usize] {
            if source == c.source.get(i) {
                listed[r].push(i as u32);
            }
        }
    }
    RULES
        .iter()
        .zip(listed)
        .map(|(rule, listed)| {
            let each = rule
                .each
                .map(|test| (0..c.len()).filter(|&i| test(context, i)).map(|i| i as u32).collect());
            let signalled = rule.signal.map(|kind| {
                let mut rows: Vec<u32> = context.signals_of(kind).map(|s| s.row).collect();
                rows.dedup();
                rows
            });
            let scanned = rule.scan.map(|scan| scan(context));
            let (detail, targets) = scanned
                .as_ref()
                .map_or((None, Vec::new()), |m| (m.detail.clone(), m.targets.clone()));
            let rows = [Some(listed), each, signalled, scanned.map(|m| m.rows)]
                .into_iter()
                .flatten()
                .reduce(union)
                .unwrap_or_default();
            Matched { rows, detail, targets }
        })
        .collect()
}

/// The union of two ascending row lists.
fn union(a: Vec<u32>, b: Vec<u32>) -> Vec<u32> {
    if a.is_empty() {
        return b;
    }
    if b.is_empty() {
        return a;
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut x, mut y) = (a.iter().peekable(), b.iter().peekable());
    while let (Some(&&p), Some(&&q)) = (x.peek(), y.peek()) {
        out.push(p.min(q));
        if p <= q {
            x.next();
        }
        if q <= p {
            y.next();
        }
    }
    out.extend(x);
    out.extend(y);
    out
}

/// The principals of a finding's rows: how many, the one with most of them, and all, busiest
/// first.
struct Principals<'s> {
    count: usize,
    top: Option<(&'s str, u32)>,
    all: Vec<String>,
}

impl Principals<'_> {
    /// `"1 principal: <arn>"` or `"3 principals; most: <arn> (12)"`.
    fn detail(&self) -> String {
        match (self.count, self.top) {
            (1, Some((who, _))) => format!("1 principal: {who}"),
            (n, Some((who, events))) => format!("{n} principals; most: {who} ({events})"),
            _ => String::new(),
        }
    }
}

/// Counts the principals of `rows`; the busiest first, ties by name.
fn principals<'s>(store: &'s EventStore, rows: &[u32]) -> Principals<'s> {
    let mut counts: HashMap<u32, u32, foldhash::fast::FixedState> = HashMap::default();
    for &i in rows {
        *counts.entry(store.columns.principal.get(i as usize)).or_default() += 1;
    }
    let name = |id: u32| store.dict.principals.get(id);
    let mut ranked: Vec<(&str, u32)> = counts.iter().map(|(&id, &n)| (name(id), n)).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    Principals {
        count: ranked.len(),
        top: ranked.first().copied(),
        all: ranked
            .iter()
            .filter(|(who, _)| !who.is_empty())
            .take(LISTED)
            .map(|(who, _)| who.to_string())
            .collect(),
    }
}
