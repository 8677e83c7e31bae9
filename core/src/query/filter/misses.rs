//! The rows a filter turns away for one list dimension only: what a facet of that dimension
//! counts beside the selected rows, so that a second account (or region, …) can still be picked
//! once one is chosen. One walk over the time range finds them for every chosen dimension at
//! once, where clearing each dimension's choices and filtering again would walk it once a
//! dimension.

use super::{pass, CompiledFilter, Dimension, Outcome};
use crate::store::flags::{Flags, ReadOnly};
use crate::store::EventStore;

impl CompiledFilter {
    /// Calls `missed(dimension, row)` for each row (in time order) that passes every part of the
    /// filter but that `dimension`'s choices: never for a dimension without choices, for a row
    /// failing two dimensions or for a selected row. Only the chosen dimensions are tested on
    /// each row, and the other parts only on the rows that fail exactly one of them; the rows are
    /// handed over rather than collected, as a filter on one value turns away most rows.
    pub(crate) fn near_misses(&self, store: &EventStore, mut missed: impl FnMut(Dimension, usize)) {
        let chosen: Vec<Dimension> = Dimension::ALL
            .into_iter()
            .filter(|&dimension| self.chooses(dimension))
            .collect();
        if chosen.is_empty() {
            return;
        }
        'rows: for i in self.candidates() {
            let mut failed = None;
            for &dimension in &chosen {
                if !self.admits_on(dimension, store, i) {
                    if failed.is_some() {
                        continue 'rows;
                    }
                    failed = Some(dimension);
                }
            }
            if let Some(dimension) = failed {
                if self.admits_on_the_rest(store, i) {
                    missed(dimension, i);
                }
            }
        }
    }

    /// Whether `dimension` has choices.
    pub(super) fn chooses(&self, dimension: Dimension) -> bool {
        match dimension {
            Dimension::Account => self.accounts.is_some(),
            Dimension::Region => self.regions.is_some(),
            Dimension::Source => self.sources.is_some(),
            Dimension::Operation => self.operations.is_some(),
            Dimension::Principal => self.principals.is_some(),
            Dimension::Error => self.errors.is_some(),
            Dimension::Resource => self.resources.is_some(),
        }
    }

    /// Whether row `i` passes `dimension`'s choices.
    #[inline(always)]
    pub(super) fn admits_on(&self, dimension: Dimension, store: &EventStore, i: usize) -> bool {
        let c = &store.columns;
        match dimension {
            Dimension::Account => pass(&self.accounts, || u32::from(c.account.get(i))),
            Dimension::Region => pass(&self.regions, || u32::from(c.region.get(i))),
            Dimension::Source => pass(&self.sources, || u32::from(c.source.get(i))),
            Dimension::Operation => self
                .operations
                .as_ref()
                .is_none_or(|ops| ops.contains(&(c.source.get(i), u32::from(c.operation.get(i))))),
            Dimension::Principal => pass(&self.principals, || c.principal.get(i)),
            Dimension::Error => pass(&self.errors, || u32::from(c.error.get(i))),
            Dimension::Resource => self
                .resources
                .as_ref()
                .is_none_or(|table| store.resources.column.of(i).iter().any(|&id| table[id as usize])),
        }
    }

    /// Whether row `i` passes the parts that are not list dimensions: outcome, readOnly and the
    /// query (time and finding are the candidates' range).
    pub(super) fn admits_on_the_rest(&self, store: &EventStore, i: usize) -> bool {
        let c = &store.columns;
        let outcome_ok = match self.outcome {
            None => true,
            Some(Outcome::Success) => c.error.get(i) == 0,
            Some(Outcome::Error) => c.error.get(i) != 0,
        };
        let read_ok = match self.read_only {
            None => true,
            Some(want) => Flags(c.flags[i]).read_only() == if want { ReadOnly::Read } else { ReadOnly::Write },
        };
        outcome_ok && read_ok && self.query.iter().all(|term| term.admits(store, i))
    }
}
