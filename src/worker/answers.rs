//! What the worker remembers between questions about one store: the last views asked for (a
//! filter toggled back, a timeline restacked), the last entity page, and the rows of the last
//! filter, which the event table's pages of that filter slice instead of filtering the whole
//! store again (a 1M-event store took 4-35 ms a page in the browser that way); and those rows in
//! the last order the table asked for other than time, so that scrolling a sorted table sorts
//! once.

use std::rc::Rc;
use trailscope_core::query::entity::page::EntityPage;
use trailscope_core::query::entity::Entity;
use trailscope_core::query::events::{page_of, sort_rows, EventPage, TableSort};
use trailscope_core::query::filter::Filter;
use trailscope_core::query::selection::{Rows, Selection};
use trailscope_core::query::view::{View, ViewRequest};
use trailscope_core::sql::Scope;
use trailscope_core::Dataset;

/// Views kept per generation of the store, so that going back to a filter (clearing it, above
/// all) is answered without recomputing it over every row.
pub const CACHED_VIEWS: usize = 8;

/// Answers about the current store; [`Answers::forget`] whenever the store changes.
#[derive(Default)]
pub struct Answers {
    /// The last views computed, newest last.
    views: Vec<(ViewRequest, Rc<View>)>,
    /// The last filter asked about, with the rows that pass it.
    selection: Option<(Filter, Selection)>,
    /// The last filter and order other than time the table asked for, with its rows in that
    /// order.
    sorted: Option<(Filter, TableSort, Vec<u32>)>,
    /// The last entity page, with its timeline's bucket limit: Back and Forward between it and
    /// the analysis ask for it again.
    entity: Option<(u32, Rc<EntityPage>)>,
    /// What the store covers, for the SQL that each keystroke of its location asks for.
    scope: Option<Scope>,
}

impl Answers {
    /// Drops everything: the store they were about has changed.
    pub fn forget(&mut self) {
        self.views.clear();
        self.selection = None;
        self.sorted = None;
        self.entity = None;
        self.scope = None;
    }

    /// The accounts, regions and first day of the store's events, computed once per store.
    pub fn scope(&mut self, data: &Dataset) -> &Scope {
        self.scope.get_or_insert_with(|| Scope::of(&data.store))
    }

    /// The page of `entity`, the last one again or computed (and kept).
    pub fn entity(&mut self, data: &Dataset, entity: &Entity, max_buckets: u32) -> Rc<EntityPage> {
        match &self.entity {
            Some((buckets, page)) if *buckets == max_buckets && page.entity == *entity => page.clone(),
            _ => {
                let page = Rc::new(EntityPage::compute(data, entity, max_buckets));
                self.entity = Some((max_buckets, page.clone()));
                page
            }
        }
    }

    /// The views of `request`, from the cache or computed (and cached).
    pub fn view(&mut self, data: &Dataset, request: &ViewRequest) -> Rc<View> {
        if let Some(i) = self.views.iter().position(|(r, _)| r == request) {
            let entry = self.views.remove(i);
            let view = entry.1.clone();
            self.views.push(entry);
            return view;
        }
        let selection = rows(&mut self.selection, data, &request.filter);
        let view = Rc::new(View::of_selection(data, request, selection));
        if self.views.len() == CACHED_VIEWS {
            self.views.remove(0);
        }
        self.views.push((request.clone(), view.clone()));
        view
    }

    /// The filtered events `offset..offset + limit` in the order `sort`.
    pub fn page(&mut self, data: &Dataset, filter: &Filter, sort: TableSort, offset: usize, limit: usize) -> EventPage {
        if sort == TableSort::default() {
            return page_of(&data.store, rows(&mut self.selection, data, filter), offset, limit);
        }
        let kept = self.sorted.as_ref().is_some_and(|(f, s, _)| f == filter && *s == sort);
        if !kept {
            let mut sorted = rows(&mut self.selection, data, filter).to_vec();
            sort_rows(&data.store, &mut sorted, sort);
            self.sorted = Some((filter.clone(), sort, sorted));
        }
        let sorted = self
            .sorted
            .as_ref()
            .map(|(_, _, rows)| rows.as_slice())
            .unwrap_or_default();
        page_of(&data.store, sorted.into(), offset, limit)
    }
}

/// The rows passing `filter`, selected again only when it is not the last filter asked about.
fn rows<'a>(selection: &'a mut Option<(Filter, Selection)>, data: &Dataset, filter: &Filter) -> Rows<'a> {
    if selection.as_ref().is_none_or(|(last, _)| last != filter) {
        *selection = Some((filter.clone(), filter.compile(data).selected(&data.store)));
    }
    selection
        .as_ref()
        .map_or(Rows::Span(0, 0), |(_, selected)| selected.rows())
}
