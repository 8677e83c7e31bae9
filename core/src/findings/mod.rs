//! Findings: the security-relevant patterns a reviewer looks for first in a trail (root use,
//! sign-ins without MFA, CloudTrail or GuardDuty turned off, persistence in IAM, …), each a
//! [`rules::Rule`] evaluated on the store's columns (never by re-parsing JSON). A finding keeps
//! its rows, so that picking it narrows every view to exactly its events.

mod addresses;
mod lineage_scans;
pub mod rules;
mod scans;

use crate::lineage::Lineage;
use crate::store::interner::Interner;
use crate::store::EventStore;
use hashbrown::HashMap;
use rules::{Context, RULES};
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
    /// Why it matters.
    pub description: String,
    /// Events that make it up.
    pub events: u64,
    /// A short summary of who or what (`"2 principals; most: …"`).
    pub detail: String,
    /// The principal with most of its events (ties by name), whose page the finding links to.
    pub principal: String,
}

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
    /// The rule's own summary, or `None` for the default (principals involved).
    pub detail: Option<String>,
}

/// Per error-code id of `errors`, whether it means "not allowed" (`scans::DENIED_ERRORS`): the one
/// notion of a denied call, shared by the access-denied finding and the views that count denials.
pub fn denied_errors(errors: &Interner) -> Vec<bool> {
    errors.iter().map(|e| scans::DENIED_ERRORS.contains(&e)).collect()
}

/// Runs every rule of [`RULES`] on `store`, whose credentials' issuances `lineage` indexes.
pub fn evaluate(store: &EventStore, lineage: &Lineage) -> Findings {
    let mut fired: Vec<(Finding, Vec<u32>)> = matches(&Context::new(store, lineage))
        .into_iter()
        .zip(RULES)
        .filter(|(m, _)| !m.rows.is_empty())
        .map(|(m, rule)| {
            let principals = principals(store, &m.rows);
            let detail = m.detail.unwrap_or_else(|| principals.detail());
            let finding = Finding {
                rule: rule.id.to_string(),
                title: rule.title.to_string(),
                severity: rule.severity,
                description: rule.description.to_string(),
                events: m.rows.len() as u64,
                detail,
                principal: principals.top.map_or_else(String::new, |(who, _)| who.to_string()),
            };
            (finding, m.rows)
        })
        .collect();
    fired.sort_by(|(a, _), (b, _)| {
        b.severity
            .cmp(&a.severity)
            .then(b.events.cmp(&a.events))
            .then_with(|| a.rule.cmp(&b.rule))
    });
    Findings { fired }
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
        for &(source, r) in &by_operation[c.operation[i] as usize] {
            if source == c.source[i] {
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
            let scanned = rule.scan.map(|scan| scan(context));
            let detail = scanned.as_ref().and_then(|m| m.detail.clone());
            let rows = [Some(listed), each, scanned.map(|m| m.rows)]
                .into_iter()
                .flatten()
                .reduce(union)
                .unwrap_or_default();
            Matched { rows, detail }
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

/// The principals of a finding's rows: how many, and the one with most of them.
struct Principals<'s> {
    count: usize,
    top: Option<(&'s str, u32)>,
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

/// Counts the principals of `rows`; the busiest wins, ties by name.
fn principals<'s>(store: &'s EventStore, rows: &[u32]) -> Principals<'s> {
    let mut counts: HashMap<u32, u32, foldhash::fast::FixedState> = HashMap::default();
    for &i in rows {
        *counts.entry(store.columns.principal[i as usize]).or_default() += 1;
    }
    let name = |id: u32| store.dict.principals.get(id);
    let top = counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| name(*b.0).cmp(name(*a.0))))
        .map(|(&id, &n)| (name(id), n));
    Principals {
        count: counts.len(),
        top,
    }
}
