//! The rows a filter turns away for one list dimension only: what a facet of that dimension
//! counts beside the selected rows, so that a second account (or region, …) can still be picked
//! once one is chosen. One walk over the time range finds them for every chosen dimension at
//! once, where clearing each dimension's choices and filtering again would walk it once a
//! dimension.

use super::{pass, CompiledFilter, Dimension, Outcome};
use crate::store::flags::{Flags, ReadOnly};
use crate::store::EventStore;

impl CompiledFilter {
    /// Per dimension of [`Dimension::ALL`] (by position), the rows (in time order) that pass
    /// every part of the filter but that dimension's choices: empty for a dimension without
    /// choices. A row failing two dimensions is in neither list, and a selected row in none.
    /// Only the chosen dimensions are tested on each row, and the other parts only on the rows
    /// that fail exactly one of them.
    pub(crate) fn near_misses(&self, store: &EventStore) -> [Vec<u32>; 7] {
        let mut out: [Vec<u32>; 7] = Default::default();
        let chosen: Vec<Dimension> = Dimension::ALL
            .into_iter()
            .filter(|&dimension| self.chooses(dimension))
            .collect();
        if chosen.is_empty() {
            return out;
        }
        'rows: for i in self.candidates() {
            let mut missed = None;
            for &dimension in &chosen {
                if !self.admits_on(dimension, store, i) {
                    if missed.is_some() {
                        continue 'rows;
                    }
                    missed = Some(dimension);
                }
            }
            if let Some(dimension) = missed {
                if self.admits_on_the_rest(store, i) {
                    out[dimension as usize].push(i as u32);
                }
            }
        }
        out
    }

    /// Whether `dimension` has choices.
    fn chooses(&self, dimension: Dimension) -> bool {
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
    fn admits_on(&self, dimension: Dimension, store: &EventStore, i: usize) -> bool {
        let c = &store.columns;
        match dimension {
            Dimension::Account => pass(&self.accounts, || c.account[i]),
            Dimension::Region => pass(&self.regions, || u32::from(c.region[i])),
            Dimension::Source => pass(&self.sources, || u32::from(c.source[i])),
            Dimension::Operation => self
                .operations
                .as_ref()
                .is_none_or(|ops| ops.contains(&(c.source[i], c.operation[i]))),
            Dimension::Principal => pass(&self.principals, || c.principal[i]),
            Dimension::Error => pass(&self.errors, || u32::from(c.error[i])),
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
            Some(Outcome::Success) => c.error[i] == 0,
            Some(Outcome::Error) => c.error[i] != 0,
        };
        let read_ok = match self.read_only {
            None => true,
            Some(want) => Flags(c.flags[i]).read_only() == if want { ReadOnly::Read } else { ReadOnly::Write },
        };
        outcome_ok && read_ok && self.query.iter().all(|term| term.admits(store, i))
    }
}
