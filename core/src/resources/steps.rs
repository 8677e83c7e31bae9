//! The [`RULES`] made ready for loading, once per process: each path split into where it starts
//! and what follows, and the rules of one source found once per batch's source id, so that an
//! event reads its request members by slot and an event without rules costs one vector lookup.

use super::members::slot_of;
use super::table::{Rule, RULES};

/// Where a rule's path starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Root {
    /// A member of `requestParameters`, kept by the first parse in this slot of
    /// [`FIRST_MEMBERS`](super::members::FIRST_MEMBERS).
    Request(usize),
    /// A member of `responseElements`, kept in this slot likewise.
    Response(usize),
}

/// A rule with its path split once: its root and the member read there (`each`: a list whose
/// items are read), and the rest of the path.
#[derive(Debug)]
pub struct Steps {
    /// The rule.
    pub rule: &'static Rule,
    /// Where the path starts.
    pub root: Root,
    /// Whether the root's member is a list whose items the rest applies to.
    pub each: bool,
    /// The rest of the path, if any.
    pub rest: Option<&'static str>,
}

impl Steps {
    /// Whether the rule reads events of folded `operation`.
    pub fn applies_to(&self, operation: &str) -> bool {
        let operations = self.rule.operations;
        operations.is_empty() || operations.contains(&operation)
    }
}

/// Every rule's [`Steps`], in the order of [`RULES`], split once per process.
fn all_steps() -> &'static [Steps] {
    static STEPS: std::sync::OnceLock<Vec<Steps>> = std::sync::OnceLock::new();
    STEPS.get_or_init(|| RULES.iter().map(split).collect())
}

fn split(rule: &'static Rule) -> Steps {
    let (root, path) = rule.path.split_once('.').unwrap_or((rule.path, ""));
    let (step, rest) = match path.split_once('.') {
        Some((step, rest)) => (step, Some(rest)),
        None => (path, None),
    };
    let slot = slot_of(step.trim_end_matches("[]")).expect("a rule's first member is listed");
    let root = match root {
        "requestParameters" => Root::Request(slot),
        _ => Root::Response(slot),
    };
    Steps {
        rule,
        root,
        each: step.ends_with("[]"),
        rest,
    }
}

/// The rules of one source, found once per source and remembered by the batch's id of the
/// source.
#[derive(Debug, Default)]
pub struct SourceRules {
    by_source: Vec<Option<&'static [Steps]>>,
}

impl SourceRules {
    /// The rules for `source`, whose batch id is `id`; empty when it has none.
    pub fn of(&mut self, id: u16, source: &str) -> &'static [Steps] {
        let i = usize::from(id);
        if i >= self.by_source.len() {
            self.by_source.resize(i + 1, None);
        }
        self.by_source[i].get_or_insert_with(|| rules_of(source))
    }
}

/// The rules of `source` (contiguous in [`RULES`]).
fn rules_of(source: &str) -> &'static [Steps] {
    let steps = all_steps();
    let Some(start) = steps.iter().position(|s| s.rule.source == source) else {
        return &[];
    };
    let len = steps[start..].iter().take_while(|s| s.rule.source == source).count();
    &steps[start..start + len]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::members::{FIRST_MEMBERS, LINEAGE_MEMBERS};

    #[test]
    fn first_members_are_exactly_the_rules_first_members() {
        let firsts: Vec<&str> = RULES
            .iter()
            .map(|r| r.path.split('.').nth(1).unwrap().trim_end_matches("[]"))
            .collect();
        for (s, first) in all_steps().iter().zip(&firsts) {
            let (Root::Request(slot) | Root::Response(slot)) = s.root;
            assert_eq!(FIRST_MEMBERS[slot], *first);
            let in_request = s.rule.path.starts_with("requestParameters.");
            assert_eq!(matches!(s.root, Root::Request(_)), in_request, "{}", s.rule.path);
        }
        let rules_members = FIRST_MEMBERS.len() - LINEAGE_MEMBERS;
        for member in &FIRST_MEMBERS[..rules_members] {
            assert!(firsts.contains(member), "{member} is no rule's");
        }
        for member in &FIRST_MEMBERS[rules_members..] {
            assert!(
                !firsts.contains(member),
                "{member} is a rule's: list it with the rules'"
            );
        }
    }

    #[test]
    fn rules_are_found_by_source_and_remembered() {
        for r in RULES {
            assert!(rules_of(r.source).len() <= crate::resources::extract::MAX_RULES_PER_SOURCE);
        }
        assert_eq!(rules_of("s3.amazonaws.com").len(), 2);
        assert!(rules_of("monitoring.amazonaws.com").is_empty());
        let mut rules = SourceRules::default();
        assert_eq!(rules.of(3, "ec2.amazonaws.com").len(), 14);
        assert_eq!(rules.of(3, "ec2.amazonaws.com").len(), 14, "remembered by id");
    }
}
