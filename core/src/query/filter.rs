//! What a user narrowed the view to: time range, values of each dimension, outcome, readOnly and
//! a typed query. A [`Filter`] speaks in strings (it lives in the URL); compiling it against a
//! store turns it into id tables so that testing a row is a handful of array look-ups. Records
//! that are not rows (jobs, Insights bands) are tested on their strings by
//! [`Filter::admits_record`]; every change a person makes is a [`FilterEdit`], every part's words
//! are in [`words`], and the query's language is [`query`].

mod edit;
pub mod link;
mod misses;
pub mod query;
mod terms;
pub mod words;

pub use edit::FilterEdit;

use super::selection::Selection;
use crate::dataset::Dataset;
use crate::store::interner::Interner;
use crate::store::EventStore;
use crate::time::UNDATED;
use query::{Field, Query, QueryError};
use serde::{Deserialize, Serialize};
use std::ops::Range;
use terms::CompiledTerm;

/// Success or failure of a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Outcome {
    /// No `errorCode`.
    Success,
    /// A non-empty `errorCode`.
    Error,
}

/// A dimension whose filter part is a list of values (any of which passes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// Accounts.
    Account,
    /// Regions.
    Region,
    /// Event sources.
    Source,
    /// Operations as `"<eventSource> <operation>"`.
    Operation,
    /// Principals.
    Principal,
    /// Error codes.
    Error,
    /// Resources, by key (an ARN, or `TYPE NAME`; see [`crate::resources`]): an event passes
    /// when it touched any of them.
    Resource,
}

impl Dimension {
    /// Every dimension, in the order a filter's parts are written (in links and on chips).
    pub const ALL: [Dimension; 7] = [
        Dimension::Account,
        Dimension::Region,
        Dimension::Source,
        Dimension::Operation,
        Dimension::Principal,
        Dimension::Error,
        Dimension::Resource,
    ];
}

/// A view's filter; empty lists mean "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    /// Earliest time (UTC ms, inclusive).
    pub from: Option<i64>,
    /// Latest time (UTC ms, exclusive).
    pub to: Option<i64>,
    /// Accounts.
    pub accounts: Vec<String>,
    /// Regions.
    pub regions: Vec<String>,
    /// Event sources.
    pub sources: Vec<String>,
    /// Operations as `"<eventSource> <operation>"`.
    pub operations: Vec<String>,
    /// Principals.
    pub principals: Vec<String>,
    /// Error codes.
    pub errors: Vec<String>,
    /// Resource keys.
    pub resources: Vec<String>,
    /// Success or error only.
    pub outcome: Option<Outcome>,
    /// `Some(true)` for reads only, `Some(false)` for writes only.
    pub read_only: Option<bool>,
    /// The query typed in the search box ([`query`]), as written; one that cannot be parsed
    /// (only a hand-written link holds one) selects no row.
    pub text: String,
    /// A finding's rule id: only its events (none when the rule did not fire).
    pub finding: Option<String>,
}

/// A [`Filter`] resolved against one store's dictionaries.
pub struct CompiledFilter {
    rows: Range<usize>,
    /// The finding's rows within `rows`, walked instead of the whole range.
    finding: Option<Vec<u32>>,
    accounts: Option<Vec<bool>>,
    regions: Option<Vec<bool>>,
    sources: Option<Vec<bool>>,
    operations: Option<Vec<(u16, u32)>>,
    principals: Option<Vec<bool>>,
    errors: Option<Vec<bool>>,
    resources: Option<Vec<bool>>,
    outcome: Option<Outcome>,
    read_only: Option<bool>,
    /// The query's terms that narrow the rows (none: the query is empty or says nothing).
    query: Vec<CompiledTerm>,
}

fn allowed(dict: &Interner, wanted: &[String]) -> Option<Vec<bool>> {
    if wanted.is_empty() {
        return None;
    }
    let mut table = vec![false; dict.len()];
    for id in wanted.iter().filter_map(|w| dict.find(w)) {
        table[id as usize] = true;
    }
    Some(table)
}

impl Filter {
    /// Whether nothing is filtered.
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// The query, parsed.
    pub fn query(&self) -> Result<Query, QueryError> {
        Query::parse(&self.text)
    }

    /// The texts of the query's `json:` terms, each once, as keys of their hits (see
    /// [`query::Term::needle`]): the searches in every field to run before this filter's rows can
    /// be told. None for a query that cannot be parsed, which selects no row anyway.
    pub fn text_searches(&self) -> Vec<String> {
        let mut texts = Vec::new();
        for term in self.query().iter().flat_map(Query::terms) {
            let needle = term.needle();
            if term.field == Some(Field::Json) && !texts.contains(&needle) {
                texts.push(needle);
            }
        }
        texts
    }

    /// The searches of [`Filter::text_searches`] whose hits `data` does not hold: until they
    /// are made, an included `json:` term selects no row and an excluded one leaves none out.
    pub fn missing_text_searches(&self, data: &Dataset) -> Vec<String> {
        let mut texts = self.text_searches();
        texts.retain(|text| data.text_hits(text).is_none());
        texts
    }

    /// The values chosen of `dimension`.
    pub fn values(&self, dimension: Dimension) -> &[String] {
        match dimension {
            Dimension::Account => &self.accounts,
            Dimension::Region => &self.regions,
            Dimension::Source => &self.sources,
            Dimension::Operation => &self.operations,
            Dimension::Principal => &self.principals,
            Dimension::Error => &self.errors,
            Dimension::Resource => &self.resources,
        }
    }

    /// The values chosen of `dimension`, to change them.
    pub fn values_mut(&mut self, dimension: Dimension) -> &mut Vec<String> {
        match dimension {
            Dimension::Account => &mut self.accounts,
            Dimension::Region => &mut self.regions,
            Dimension::Source => &mut self.sources,
            Dimension::Operation => &mut self.operations,
            Dimension::Principal => &mut self.principals,
            Dimension::Error => &mut self.errors,
            Dimension::Resource => &mut self.resources,
        }
    }

    /// Whether a record that lasts over `[first, last]` (UTC ms, inclusive) and has one value of
    /// each of some dimensions (a job, an Insights band: not an event row, so not compiled) passes
    /// the time range and the choices for those dimensions. Parts of the filter the record has no
    /// value for do not narrow it.
    pub fn admits_record(&self, (first, last): (i64, i64), values: &[(Dimension, &str)]) -> bool {
        self.from.is_none_or(|from| last >= from)
            && self.to.is_none_or(|to| first < to)
            && values.iter().all(|&(dimension, value)| {
                let chosen = self.values(dimension);
                chosen.is_empty() || chosen.iter().any(|c| c == value)
            })
    }

    /// Resolves the filter against the dataset's dictionaries (and its findings' rows and
    /// searches' hits). A query that cannot be parsed selects no row, like an included `json:`
    /// term whose search has not been made.
    pub fn compile(&self, data: &Dataset) -> CompiledFilter {
        let store = &data.store;
        let d = &store.dict;
        let time = &store.columns.time;
        let rows = if self.from.is_none() && self.to.is_none() {
            0..time.len()
        } else {
            let from = self.from.unwrap_or(UNDATED + 1).max(UNDATED + 1);
            let to = self.to.unwrap_or(i64::MAX);
            time.partition_point(|&t| t < from)..time.partition_point(|&t| t < to)
        };
        let operations = (!self.operations.is_empty()).then(|| {
            self.operations
                .iter()
                .filter_map(|op| {
                    let (source, name) = op.split_once(' ')?;
                    Some((d.sources.find(source)? as u16, d.operations.find(name)?))
                })
                .collect()
        });
        let query = self.query().ok().and_then(|query| terms::compile(&query, data));
        let rows = match query {
            Some(_) => rows.start..rows.end.max(rows.start),
            None => rows.start..rows.start,
        };
        let finding = self.finding.as_deref().map(|rule| {
            let listed = data.findings().rows(rule).unwrap_or_default();
            let from = listed.partition_point(|&i| (i as usize) < rows.start);
            let to = listed.partition_point(|&i| (i as usize) < rows.end);
            listed[from..to].to_vec()
        });
        CompiledFilter {
            rows,
            finding,
            accounts: allowed(&d.accounts, &self.accounts),
            regions: allowed(&d.regions, &self.regions),
            sources: allowed(&d.sources, &self.sources),
            operations,
            principals: allowed(&d.principals, &self.principals),
            errors: allowed(&d.errors, &self.errors),
            resources: (!self.resources.is_empty()).then(|| {
                let dict = &store.resources.dict;
                let mut table = vec![false; dict.len()];
                for id in self.resources.iter().filter_map(|key| dict.find(key)) {
                    table[id as usize] = true;
                }
                table
            }),
            outcome: self.outcome,
            read_only: self.read_only,
            query: query.unwrap_or_default(),
        }
    }
}

/// Whether a row's id passes a dimension's table; the id is read only when the dimension is
/// filtered, so a one-dimension filter reads one column, not all of them.
#[inline(always)]
fn pass(table: &Option<Vec<bool>>, id: impl FnOnce() -> u32) -> bool {
    table
        .as_ref()
        .is_none_or(|t| t.get(id() as usize).copied().unwrap_or(false))
}

impl CompiledFilter {
    /// The rows of the time range, or of the finding's list within it: those the other parts
    /// are tested on.
    fn candidates(&self) -> impl Iterator<Item = usize> + '_ {
        let range = if self.finding.is_some() {
            0..0
        } else {
            self.rows.clone()
        };
        let listed = self.finding.as_deref().unwrap_or_default().iter().map(|&i| i as usize);
        range.chain(listed)
    }

    /// The rows (indices, in time order) that pass the filter, collected once so that every view
    /// of one filter change (counts, timeline, identities, services) walks the same list instead
    /// of re-testing all rows against the filter; only a span when nothing but the time range
    /// narrows them. The candidates are taken a block at a time and narrowed by one part of the
    /// filter after the other, each row written and kept or overwritten without a branch,
    /// because a part that keeps half the rows at random defeats a branch predictor.
    pub fn selected(&self, store: &EventStore) -> Selection {
        self.selected_by_blocks(store, SELECTION_BLOCK)
    }

    /// [`CompiledFilter::selected`], narrowing `block_rows` candidates at a time.
    fn selected_by_blocks(&self, store: &EventStore, block_rows: usize) -> Selection {
        let chosen: Vec<Dimension> = Dimension::ALL.into_iter().filter(|&d| self.chooses(d)).collect();
        let rest = self.outcome.is_some() || self.read_only.is_some() || !self.query.is_empty();
        if self.finding.is_none() && chosen.is_empty() && !rest {
            return Selection::Span(self.rows.start as u32..self.rows.end as u32);
        }
        let candidates = self.finding.as_ref().map_or(self.rows.len(), Vec::len);
        let mut rows = Vec::new();
        let mut block = Vec::with_capacity(candidates.min(block_rows));
        for from in (0..candidates).step_by(block_rows) {
            let to = (from + block_rows).min(candidates);
            block.clear();
            match &self.finding {
                Some(listed) => block.extend_from_slice(&listed[from..to]),
                None => block.extend((self.rows.start + from) as u32..(self.rows.start + to) as u32),
            }
            for &dimension in &chosen {
                narrow(&mut block, |i| self.admits_on(dimension, store, i));
            }
            if rest {
                narrow(&mut block, |i| self.admits_on_the_rest(store, i));
            }
            rows.extend_from_slice(&block);
        }
        rows.shrink_to_fit();
        Selection::Listed(rows)
    }
}

/// Candidate rows narrowed at a time: a few hundred kilobytes, rather than a list as long as
/// the time range.
const SELECTION_BLOCK: usize = 1 << 16;

/// Keeps the rows that pass `keeps`, in order, writing each row over the first free slot and
/// advancing that slot only when it passes.
#[inline(always)]
fn narrow(rows: &mut Vec<u32>, keeps: impl Fn(usize) -> bool) {
    let mut kept = 0;
    for at in 0..rows.len() {
        let row = rows[at];
        rows[kept] = row;
        kept += usize::from(keeps(row as usize));
    }
    rows.truncate(kept);
}

#[cfg(test)]
mod tests;
