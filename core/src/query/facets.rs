//! The facets of a view: per dimension, its busiest values under the filter with their counts and
//! how many values there are, for the filter pickers and the facet rail. Each list dimension
//! (account, region, source, operation, principal, error, resource) is counted without its own
//! choices, so that a second value can still be added; the others (sessions, access keys, IPs,
//! user agents, reads and writes) under the whole filter.
//!
//! The cost is kept to what a filter change already pays: the six list dimensions of the
//! selected rows come from the view's [`Counts`] and the resources from the Resources view's
//! counts, one pass over the selected rows counts the rest, and, when any list dimension has
//! choices, one walk over the time range finds the rows turned away by one dimension only
//! ([`CompiledFilter::near_misses`](super::filter::CompiledFilter)), whatever the number of
//! dimensions chosen.

use super::counts::Counts;
use super::filter::{Dimension, Filter};
use super::selection::{for_each_row, Rows};
use super::tally::busiest;
use crate::dataset::Dataset;
use crate::store::flags::{Flags, ReadOnly};
use crate::store::interner::Interner;
use crate::store::narrow::NarrowColumn;
use crate::store::schema::DictionaryId;
use crate::store::EventStore;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;

/// Values listed at most per dimension.
pub const MAX_FACET_VALUES: usize = 50;

/// One dimension's busiest values under the filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facet {
    /// The busiest values with their event counts, busiest first (ties by value), at most 50.
    pub values: Vec<(String, u64)>,
    /// How many distinct values there are in all.
    pub distinct: u64,
}

/// Every dimension's facet. The list dimensions ([`Dimension::ALL`]) are each counted under the
/// filter without their own choices; sessions, access keys, IPs, user agents and reads/writes
/// under the whole filter. Values are the strings a filter or a query term matches; absent
/// values (an event without an access key, a call without an error) are not listed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    /// Accounts.
    pub accounts: Facet,
    /// Regions.
    pub regions: Facet,
    /// Event sources.
    pub sources: Facet,
    /// Operations as "<eventSource> <operation>" (the Operation dimension's values).
    pub operations: Facet,
    /// Principals.
    pub principals: Facet,
    /// Role sessions (and Identity Center users).
    pub sessions: Facet,
    /// Access key ids.
    pub access_keys: Facet,
    /// Source IPs (or service host names).
    pub source_ips: Facet,
    /// User agents.
    pub user_agents: Facet,
    /// Error codes.
    pub errors: Facet,
    /// Resource keys (the Resource dimension's values).
    pub resources: Facet,
    /// Filtered events that are reads / writes (readOnly true / false).
    pub reads: u64,
    /// Filtered events that are writes (readOnly false).
    pub writes: u64,
}

/// Fast-hashed map for ids (small integers; no DoS concern).
type Map<K, V> = hashbrown::HashMap<K, V, foldhash::fast::FixedState>;

/// Events per id of one column over some rows: a vector indexed by id when the dictionary is not
/// much larger than the rows (zeroing and scanning it then costs less than hashing each row),
/// else a map, so that a narrow filter does not pay for a million IPs.
enum IdCounts {
    Dense(Vec<u32>),
    Sparse(Map<u32, u32>),
}

impl IdCounts {
    fn new(ids: usize, rows: usize) -> Self {
        if ids <= rows.saturating_mul(8).max(1 << 12) {
            IdCounts::Dense(vec![0; ids])
        } else {
            IdCounts::Sparse(Map::default())
        }
    }

    #[inline(always)]
    fn add(&mut self, id: u32) {
        match self {
            IdCounts::Dense(counts) => counts[id as usize] += 1,
            IdCounts::Sparse(counts) => *counts.entry(id).or_default() += 1,
        }
    }

    /// The facet of the counted values of `dict` (the absent value, id 0, left out).
    fn facet(self, dict: &Interner) -> Facet {
        match self {
            IdCounts::Dense(counts) => facet(dense_values(counts.iter().map(|&n| u64::from(n)), |id| dict.get(id))),
            IdCounts::Sparse(counts) => facet(
                (counts.into_iter())
                    .filter(|&(id, _)| id != 0)
                    .map(|(id, n)| (dict.get(id), u64::from(n))),
            ),
        }
    }
}

/// The ids with a count (id 0, the absent value, left out) named by `name`.
fn dense_values<'d>(
    counts: impl Iterator<Item = u64>,
    name: impl Fn(u32) -> &'d str,
) -> impl Iterator<Item = (&'d str, u64)> {
    (counts.enumerate().skip(1))
        .filter(|&(_, n)| n > 0)
        .map(move |(id, n)| (name(id as u32), n))
}

/// The facet of counted values: the busiest [`MAX_FACET_VALUES`], ties by value.
fn facet<S: AsRef<str>>(values: impl IntoIterator<Item = (S, u64)>) -> Facet {
    let mut distinct = 0;
    let values = busiest(values.into_iter().inspect(|_| distinct += 1), MAX_FACET_VALUES);
    Facet { values, distinct }
}

/// The selected rows' counts of each list dimension (and resource) with the rows added that only
/// that dimension's choices turned away; copied only when such a row is added.
struct Widened<'a> {
    accounts: Cow<'a, [u64]>,
    regions: Cow<'a, [u64]>,
    sources: Cow<'a, [u64]>,
    operations: Cow<'a, HashMap<(u16, u32), u64>>,
    principals: Cow<'a, [u64]>,
    errors: Cow<'a, [u64]>,
    resources: Cow<'a, [u32]>,
}

impl Widened<'_> {
    /// Counts every row in `dimension`'s facet, which is what the rows turned away by that
    /// dimension only add to the selected ones when the filter chooses nothing else: one pass
    /// over one column instead of a walk testing each row. `false` for the operation and
    /// resource dimensions, which are not counted by one column.
    fn count_all(&mut self, store: &EventStore, dimension: Dimension) -> bool {
        let (c, d) = (&store.columns, &store.dict);
        let (counts, column) = match dimension {
            Dimension::Account => (
                &mut self.accounts,
                column_counts(&c.account, d.accounts.len(), |id| id as usize),
            ),
            Dimension::Region => (
                &mut self.regions,
                column_counts(&c.region, d.regions.len(), usize::from),
            ),
            Dimension::Source => (
                &mut self.sources,
                column_counts(&c.source, d.sources.len(), usize::from),
            ),
            Dimension::Principal => (
                &mut self.principals,
                column_counts(&c.principal, d.principals.len(), |id| id as usize),
            ),
            Dimension::Error => (&mut self.errors, column_counts(&c.error, d.errors.len(), usize::from)),
            Dimension::Operation | Dimension::Resource => return false,
        };
        *counts = Cow::Owned(column);
        true
    }

    /// Counts row `i`, turned away by `dimension` only, in that dimension's facet.
    fn add(&mut self, store: &EventStore, dimension: Dimension, i: usize) {
        let c = &store.columns;
        let one = |counts: &mut Cow<'_, [u64]>, id: usize| counts.to_mut()[id] += 1;
        match dimension {
            Dimension::Account => one(&mut self.accounts, c.account.get(i) as usize),
            Dimension::Region => one(&mut self.regions, c.region.get(i) as usize),
            Dimension::Source => one(&mut self.sources, c.source.get(i) as usize),
            Dimension::Principal => one(&mut self.principals, c.principal.get(i) as usize),
            Dimension::Error => one(&mut self.errors, c.error.get(i) as usize),
            Dimension::Operation => {
                *self
                    .operations
                    .to_mut()
                    .entry((c.source.get(i), u32::from(c.operation.get(i))))
                    .or_default() += 1;
            }
            Dimension::Resource => {
                let counts = self.resources.to_mut();
                for &id in store.resources.column.of(i) {
                    counts[id as usize] += 1;
                }
            }
        }
    }
}

/// The one list dimension a filter chooses values of, when it says nothing else: every row is
/// then turned away by that dimension only, or passes.
fn only_dimension(filter: &Filter) -> Option<Dimension> {
    let mut chosen = Dimension::ALL.into_iter().filter(|&dim| !filter.values(dim).is_empty());
    let dimension = chosen.next()?;
    let mut rest = filter.clone();
    rest.values_mut(dimension).clear();
    (chosen.next().is_none() && rest.is_empty()).then_some(dimension)
}

/// Events per id of an interned column over every row.
fn column_counts<T: DictionaryId>(column: &NarrowColumn<T>, ids: usize, id: impl Fn(T) -> usize) -> Vec<u64> {
    let mut counts = vec![0u64; ids];
    column.iter().for_each(|value| counts[id(value)] += 1);
    counts
}

/// The facet of a dimension counted densely by id.
fn dense_facet(counts: &[u64], dict: &Interner) -> Facet {
    facet(dense_values(counts.iter().copied(), |id| dict.get(id)))
}

/// The facets of a view. `rows` are the rows passing `filter` (in time order), `counts` their
/// [`Counts`] and `touches` their events per resource id (as the Resources view counts them).
pub(super) fn of_selection(
    data: &Dataset,
    filter: &Filter,
    rows: Rows<'_>,
    counts: &Counts,
    touches: &[u32],
) -> Facets {
    let store = &data.store;
    let (c, d) = (&store.columns, &store.dict);
    let mut sessions = IdCounts::new(d.sessions.len(), rows.len());
    let mut keys = IdCounts::new(d.access_keys.len(), rows.len());
    let mut ips = IdCounts::new(d.ips.len(), rows.len());
    let mut agents = IdCounts::new(d.user_agents.len(), rows.len());
    let mut by_read_only = [0u64; 3];
    for_each_row!(rows, |i| {
        let i = i as usize;
        sessions.add(c.session.get(i));
        keys.add(c.access_key.get(i));
        ips.add(c.ip.get(i));
        agents.add(c.user_agent.get(i));
        by_read_only[Flags(c.flags[i]).read_only() as usize] += 1;
    });
    let mut widened = Widened {
        accounts: Cow::Borrowed(&counts.by_account),
        regions: Cow::Borrowed(&counts.by_region),
        sources: Cow::Borrowed(&counts.by_source),
        operations: Cow::Borrowed(&counts.by_operation),
        principals: Cow::Borrowed(&counts.by_principal),
        errors: Cow::Borrowed(&counts.by_error),
        resources: Cow::Borrowed(touches),
    };
    let counted = only_dimension(filter).is_some_and(|dimension| widened.count_all(store, dimension));
    if !counted && Dimension::ALL.iter().any(|&dim| !filter.values(dim).is_empty()) {
        filter
            .compile(data)
            .near_misses(store, |dimension, i| widened.add(store, dimension, i));
    }
    Facets {
        accounts: dense_facet(&widened.accounts, &d.accounts),
        regions: dense_facet(&widened.regions, &d.regions),
        sources: dense_facet(&widened.sources, &d.sources),
        operations: operations(store, &widened.operations),
        principals: dense_facet(&widened.principals, &d.principals),
        sessions: sessions.facet(&d.sessions),
        access_keys: keys.facet(&d.access_keys),
        source_ips: ips.facet(&d.ips),
        user_agents: agents.facet(&d.user_agents),
        errors: dense_facet(&widened.errors, &d.errors),
        resources: resources(store, &widened.resources),
        reads: by_read_only[ReadOnly::Read as usize],
        writes: by_read_only[ReadOnly::Write as usize],
    }
}

/// The operations facet: counts by (source, operation), each spelled as the Operation
/// dimension's filter value.
fn operations(store: &EventStore, counts: &HashMap<(u16, u32), u64>) -> Facet {
    let d = &store.dict;
    facet(
        (counts.iter())
            .filter(|&(&pair, &n)| pair != (0, 0) && n > 0)
            .map(|(&(source, operation), &n)| {
                let name = format!("{} {}", d.sources.get(u32::from(source)), d.operations.get(operation));
                (name, n)
            }),
    )
}

/// The resources facet: events per resource id.
fn resources(store: &EventStore, counts: &[u32]) -> Facet {
    let dict = &store.resources.dict;
    facet(dense_values(counts.iter().map(|&n| u64::from(n)), |id| dict.key(id)))
}

#[cfg(test)]
mod tests {
    use super::{facet, Dimension, MAX_FACET_VALUES};

    #[test]
    fn dimensions_are_numbered_in_their_listed_order() {
        for (at, dim) in Dimension::ALL.into_iter().enumerate() {
            assert_eq!(dim as usize, at, "{dim:?}");
        }
    }

    #[test]
    fn a_facet_keeps_the_busiest_ties_by_value() {
        let mut values: Vec<(String, u64)> = (0..200).map(|i| (format!("v{i:03}"), 1)).collect();
        values.push(("busy".into(), 9));
        values.push(("z".into(), 2));
        let f = facet(values);
        assert_eq!(f.distinct, 202);
        assert_eq!(f.values.len(), MAX_FACET_VALUES);
        assert_eq!(f.values[..3], [("busy".into(), 9), ("z".into(), 2), ("v000".into(), 1)]);
        assert_eq!(f.values.last().unwrap().0, format!("v{:03}", MAX_FACET_VALUES - 3));
    }
}
