//! The rows a filter turns away for one list dimension only: what a facet of that dimension
//! counts beside the selected rows, so that a second account (or region, …) can still be picked
//! once one is chosen. One walk over the time range finds them for every chosen dimension at
//! once, where clearing each dimension's choices and filtering again would walk it once a
//! dimension.

use super::{pass, CompiledFilter, Dimension, Outcome};
use crate::store::flags::{Flags, ReadOnly};
use crate::store::EventStore;

impl CompiledFilter {
    /// Whether any list dimension has choices.
    pub(crate) fn chooses_any(&self) -> bool {
        self.accounts.is_some()
            || self.regions.is_some()
            || self.sources.is_some()
            || self.operations.is_some()
            || self.principals.is_some()
            || self.errors.is_some()
            || self.resources.is_some()
    }

    /// Per dimension of [`Dimension::ALL`] (by position), the rows (in time order) that pass
    /// every part of the filter but that dimension's choices: empty for a dimension without
    /// choices. A row failing two dimensions is in neither list, and a selected row in none.
    pub(crate) fn near_misses(&self, store: &EventStore) -> [Vec<u32>; 7] {
        let mut out: [Vec<u32>; 7] = Default::default();
        if !self.chooses_any() {
            return out;
        }
        for i in self.candidates() {
            if let Some(dimension) = self.missed_only(store, i) {
                out[dimension].push(i as u32);
            }
        }
        out
    }

    /// The position in [`Dimension::ALL`] of the one list dimension whose choices row `i`
    /// fails, when it passes every other part of the filter; `None` when it passes them all or
    /// fails more than one.
    fn missed_only(&self, store: &EventStore, i: usize) -> Option<usize> {
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
        if !(outcome_ok && read_ok) {
            return None;
        }
        let passes = [
            pass(&self.accounts, || c.account[i]),
            pass(&self.regions, || u32::from(c.region[i])),
            pass(&self.sources, || u32::from(c.source[i])),
            self.operations
                .as_ref()
                .is_none_or(|ops| ops.contains(&(c.source[i], c.operation[i]))),
            pass(&self.principals, || c.principal[i]),
            pass(&self.errors, || u32::from(c.error[i])),
            self.resources
                .as_ref()
                .is_none_or(|table| store.resources.column.of(i).iter().any(|&id| table[id as usize])),
        ];
        debug_assert_eq!(Dimension::ALL.len(), passes.len());
        let mut missed = passes.iter().enumerate().filter(|&(_, &ok)| !ok).map(|(d, _)| d);
        let only = missed.next()?;
        if missed.next().is_some() {
            return None;
        }
        self.query.iter().all(|term| term.admits(store, i)).then_some(only)
    }
}
