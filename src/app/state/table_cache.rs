//! The event table's pages as the page holds them, for one filter and one order: which are
//! held, which are asked for, and which to drop when too many are held.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use trailscope_core::query::events::{EventRow, TableSort};
use trailscope_core::query::filter::Filter;

/// Rows in one page of the event table.
pub const PAGE_ROWS: u64 = 100;
/// Pages kept in the table's cache; the farthest from the newest page is dropped first.
pub const MAX_CACHED_PAGES: usize = 40;

/// The event table's window on the filtered events, fetched a page at a time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableCache {
    /// The filter the pages belong to.
    pub filter: Filter,
    /// The order they are in.
    pub sort: TableSort,
    /// Filtered events, once a page has told.
    pub total: Option<u64>,
    /// Pages received, by page index.
    pub pages: BTreeMap<u64, Rc<Vec<EventRow>>>,
    /// Pages asked for and not yet received.
    pub pending: BTreeSet<u64>,
    /// How many times the cache was emptied: the same pages missing after a reset are asked
    /// for again, even when the page drew no state between (several answers reduced at once).
    pub resets: u32,
}

impl TableCache {
    /// Empties the cache for the pages of `filter` in the order `sort`.
    pub(super) fn reset(&mut self, filter: Filter, sort: TableSort) {
        *self = TableCache {
            filter,
            sort,
            resets: self.resets.wrapping_add(1),
            ..TableCache::default()
        };
    }

    /// Whether a page of `filter` in the order `sort` belongs here.
    pub fn holds(&self, filter: &Filter, sort: TableSort) -> bool {
        self.filter == *filter && self.sort == sort
    }

    /// The pages among `wanted` that are neither held nor asked for.
    pub fn missing(&self, wanted: impl IntoIterator<Item = u64>) -> Vec<u64> {
        wanted
            .into_iter()
            .filter(|p| !self.pages.contains_key(p) && !self.pending.contains(p))
            .collect()
    }

    /// Row `index` of the filtered events, if its page is held.
    pub fn row(&self, index: u64) -> Option<&EventRow> {
        let page = self.pages.get(&(index / PAGE_ROWS))?;
        page.get((index % PAGE_ROWS) as usize)
    }

    /// Keeps page `index`, dropping the page farthest from it past [`MAX_CACHED_PAGES`].
    pub(super) fn insert(&mut self, index: u64, rows: Vec<EventRow>) {
        self.pending.remove(&index);
        self.pages.insert(index, Rc::new(rows));
        while self.pages.len() > MAX_CACHED_PAGES {
            let farthest = self.pages.keys().copied().max_by_key(|p| p.abs_diff(index));
            match farthest {
                Some(p) => self.pages.remove(&p),
                None => break,
            };
        }
    }
}
