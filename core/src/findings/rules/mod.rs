//! The rules, as data, one file per group of ATT&CK tactics. A rule matching operations names
//! `(event source, [operations])`; a rule on a fact read from requests names its
//! [`SignalKind`]; a rule on a row's facts adds a predicate; a rule needing more than one row
//! (bursts, reads in bulk, first-seen regions, keys used from many addresses) adds a scan from
//! [`super::scans`], [`super::bulk`] or [`super::lineage_scans`], whose thresholds are named
//! constants there.

mod access;
mod evasion;
mod exposure;
mod identity;
mod persistence;

use super::scans::Baseline;
use super::{Matched, Severity};
use crate::lineage::Lineage;
use crate::normalize::signals::{Signal, SignalKind};
use crate::store::flags::Flags;
use crate::store::EventStore;
use std::sync::{LazyLock, OnceLock};

/// Operations of one event source.
pub type Operations = (&'static str, &'static [&'static str]);

/// Whether calls that failed are reported apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Failed calls are attempts: they make a finding of their own, `<id>-failed`, one step
    /// less severe, and the rule's finding holds only calls that succeeded.
    FailedApart,
    /// Every matching call counts alike (failures are the signal, or a use of credentials
    /// whatever AWS answered).
    Any,
}

/// One rule. Its rows are the union of those matching [`Rule::operations`], [`Rule::signal`],
/// [`Rule::each`] and [`Rule::scan`].
#[derive(Clone, Copy)]
pub struct Rule {
    /// Stable kebab-case id, used in URLs.
    pub id: &'static str,
    /// How urgent a match is.
    pub severity: Severity,
    /// The MITRE ATT&CK technique it shows (`T1562.008`).
    pub technique: &'static str,
    /// A short title.
    pub title: &'static str,
    /// Why it matters.
    pub description: &'static str,
    /// Whether failed calls are reported apart.
    pub outcome: Outcome,
    /// Operations that match.
    pub operations: &'static [Operations],
    /// A fact read from the request that matches.
    pub signal: Option<SignalKind>,
    /// A test of one row.
    pub each: Option<fn(&Context, usize) -> bool>,
    /// A pass over the whole store (and its lineage).
    pub scan: Option<fn(&Context) -> Matched>,
}

/// A rule that matches nothing yet and reports failed calls apart, to build the others on.
const fn rule(
    id: &'static str,
    severity: Severity,
    technique: &'static str,
    title: &'static str,
    description: &'static str,
) -> Rule {
    Rule {
        id,
        severity,
        technique,
        title,
        description,
        outcome: Outcome::FailedApart,
        operations: &[],
        signal: None,
        each: None,
        scan: None,
    }
}

/// What a rule may look at: the columns, the ids a row predicate compares them with, the facts
/// read from requests and where the credentials came from.
pub struct Context<'s> {
    pub(super) store: &'s EventStore,
    pub(super) lineage: &'s Lineage,
    pub(super) signals: &'s [Signal],
    console_login: Option<(u16, u32)>,
    baselines: OnceLock<Vec<Option<Baseline>>>,
}

impl<'s> Context<'s> {
    /// The context of `store`, its `lineage` and its `signals` (sorted by row).
    pub(super) fn new(store: &'s EventStore, lineage: &'s Lineage, signals: &'s [Signal]) -> Self {
        let d = &store.dict;
        let console_login = d
            .sources
            .find("signin.amazonaws.com")
            .zip(d.operations.find("ConsoleLogin"))
            .map(|(s, o)| (s as u16, o));
        Context {
            store,
            lineage,
            signals,
            console_login,
            baselines: OnceLock::new(),
        }
    }

    /// Each account's baseline, computed once for the rules that compare with it.
    pub(super) fn baselines(&self) -> &[Option<Baseline>] {
        self.baselines.get_or_init(|| super::scans::baselines(self))
    }

    fn flags(&self, i: usize) -> Flags {
        Flags(self.store.columns.flags[i])
    }

    fn is_console_login(&self, i: usize) -> bool {
        let c = &self.store.columns;
        self.console_login == Some((c.source.get(i), u32::from(c.operation.get(i))))
    }

    fn failed(&self, i: usize) -> bool {
        self.store.columns.error.get(i) != 0
    }

    /// The signals of one kind, by row.
    pub(super) fn signals_of(&self, kind: SignalKind) -> impl Iterator<Item = &'s Signal> {
        self.signals.iter().filter(move |s| s.kind == kind && s.row != u32::MAX)
    }
}

/// Every rule, grouped by tactic (findings are sorted by severity and size).
pub static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    [
        identity::RULES,
        access::RULES,
        evasion::RULES,
        exposure::RULES,
        persistence::RULES,
    ]
    .concat()
});
