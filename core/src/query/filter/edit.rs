//! Every change a person makes to the filter, as a value: the views' clicks, the filter bar's
//! chips, pickers and search box all say what they change, and the app's reducer applies it to
//! the filter it holds, so two edits in a row both count whatever the page last drew.

use super::query::{Field, Query, Term};
use super::{Dimension, Filter, Outcome};

/// One change to a filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterEdit {
    /// Adds a value of a dimension, or removes it if it is there (a click on a bar or a row).
    Toggle(Dimension, String),
    /// Adds a value of a dimension unless it is there (a picker).
    Add(Dimension, String),
    /// Removes a value of a dimension (its chip).
    Remove(Dimension, String),
    /// Narrows the time range to `[from, to)` (UTC ms).
    SetTime(i64, i64),
    /// Drops the time range.
    ClearTime,
    /// Success or error only, or either.
    SetOutcome(Option<Outcome>),
    /// Reads only (`Some(true)`), writes only (`Some(false)`), or either.
    SetReadOnly(Option<bool>),
    /// The query typed in the search box (blank: none); one that cannot be parsed changes
    /// nothing.
    SetText(String),
    /// Only events whose `field` is `value` (or, `exclude`, none of them): a term of the
    /// query, written `field:="value"` (`json:"value"` for the search in every field). The same
    /// pivot again removes it, and the opposite one turns it around.
    Pivot {
        /// Where the value is.
        field: Field,
        /// The whole value.
        value: String,
        /// Leave its events out instead.
        exclude: bool,
    },
    /// One finding's events only, or (`None`) all events again.
    ChooseFinding(Option<String>),
    /// Drops every part.
    ClearAll,
}

impl FilterEdit {
    /// `filter` with this change made, every other part kept.
    pub fn apply(&self, filter: &Filter) -> Filter {
        let mut next = filter.clone();
        match self {
            FilterEdit::Toggle(dimension, value) => {
                let values = next.values_mut(*dimension);
                match values.iter().position(|v| v == value) {
                    Some(at) => {
                        values.remove(at);
                    }
                    None => values.push(value.clone()),
                }
            }
            FilterEdit::Add(dimension, value) => {
                let values = next.values_mut(*dimension);
                if !values.contains(value) {
                    values.push(value.clone());
                }
            }
            FilterEdit::Remove(dimension, value) => next.values_mut(*dimension).retain(|v| v != value),
            FilterEdit::SetTime(from, to) => (next.from, next.to) = (Some(*from), Some(*to)),
            FilterEdit::ClearTime => (next.from, next.to) = (None, None),
            FilterEdit::SetOutcome(outcome) => next.outcome = *outcome,
            FilterEdit::SetReadOnly(read_only) => next.read_only = *read_only,
            FilterEdit::SetText(text) => match Query::parse(text) {
                Ok(query) if query.terms().is_empty() => next.text = String::new(),
                Ok(_) => next.text = text.clone(),
                Err(_) => {}
            },
            FilterEdit::Pivot { field, value, exclude } => {
                if let Ok(query) = Query::parse(&next.text) {
                    next.text = pivoted(&query, *field, value, *exclude);
                }
            }
            FilterEdit::ChooseFinding(rule) => next.finding = rule.clone(),
            FilterEdit::ClearAll => next = Filter::default(),
        }
        next
    }
}

/// `query` with the pivot on `value` of `field` made: added, removed when it is there already,
/// or turned around when its opposite is.
fn pivoted(query: &Query, field: Field, value: &str, exclude: bool) -> String {
    let exact = field != Field::Json;
    let same = |term: &Term| term.field == Some(field) && term.exact == exact && term.value == value;
    let found = query.terms().iter().position(same);
    let rest = query.without(found.unwrap_or(usize::MAX));
    if found.is_some_and(|at| query.terms()[at].excluded == exclude) {
        return rest;
    }
    let term = Term::written(exclude, field, exact, value);
    if rest.is_empty() {
        term
    } else {
        format!("{rest} {term}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn busy() -> Filter {
        Filter {
            from: Some(10),
            to: Some(20),
            regions: vec!["us-east-1".into(), "eu-west-1".into()],
            outcome: Some(Outcome::Error),
            read_only: Some(true),
            text: "kms".into(),
            finding: Some("root-activity".into()),
            ..Filter::default()
        }
    }

    #[test]
    fn toggles_add_and_remove_values_and_keep_the_rest() {
        let base = busy();
        let principal = || FilterEdit::Toggle(Dimension::Principal, "arn:a".into());
        let one = principal().apply(&base);
        assert_eq!(one.principals, ["arn:a"]);
        assert_eq!(principal().apply(&one), base, "a second click removes it");
        let source = FilterEdit::Toggle(Dimension::Source, "s3.amazonaws.com".into()).apply(&base);
        assert_eq!(source.sources, ["s3.amazonaws.com"]);
        let operation = FilterEdit::Toggle(Dimension::Operation, "s3.amazonaws.com GetObject".into()).apply(&base);
        assert_eq!(operation.operations, ["s3.amazonaws.com GetObject"]);

        let add = |value: &str| FilterEdit::Add(Dimension::Region, value.into());
        assert_eq!(
            add("ap-south-1").apply(&base).regions,
            ["us-east-1", "eu-west-1", "ap-south-1"]
        );
        assert_eq!(add("us-east-1").apply(&base), base, "a value is added once");
        let removed = FilterEdit::Remove(Dimension::Region, "us-east-1".into()).apply(&base);
        assert_eq!(
            removed,
            Filter {
                regions: vec!["eu-west-1".into()],
                ..base.clone()
            }
        );
    }

    #[test]
    fn each_part_is_set_and_cleared_alone() {
        let base = busy();
        let zoomed = FilterEdit::SetTime(30, 40).apply(&base);
        assert_eq!((zoomed.from, zoomed.to), (Some(30), Some(40)));
        assert_eq!(zoomed.text, "kms");
        let parts: [(FilterEdit, Filter); 5] = [
            (
                FilterEdit::ClearTime,
                Filter {
                    from: None,
                    to: None,
                    ..base.clone()
                },
            ),
            (
                FilterEdit::SetOutcome(Some(Outcome::Success)),
                Filter {
                    outcome: Some(Outcome::Success),
                    ..base.clone()
                },
            ),
            (
                FilterEdit::SetReadOnly(None),
                Filter {
                    read_only: None,
                    ..base.clone()
                },
            ),
            (
                FilterEdit::SetText(String::new()),
                Filter {
                    text: String::new(),
                    ..base.clone()
                },
            ),
            (
                FilterEdit::ChooseFinding(None),
                Filter {
                    finding: None,
                    ..base.clone()
                },
            ),
        ];
        for (edit, expected) in parts {
            assert_eq!(edit.apply(&base), expected, "{edit:?}");
        }
        assert_eq!(FilterEdit::ClearAll.apply(&base), Filter::default());
    }
}
