//! What the UI knows, as a reducer: every change is an [`Action`] (a user's intent or a message
//! from the worker) applied by [`AppState::apply`]. Nothing here renders or talks to the worker,
//! so every transition can be tested on its own.
//!
//! Answers from the worker carry the store generation (and the filter) they were computed for;
//! answers for data the UI no longer shows are dropped here.

use crate::protocol::{ExportFormat, Exported, Progress, Response, SearchProgress, Searched, SqlAnswer, SqlAsk};
use std::rc::Rc;
use trailscope_core::catalog::Catalog;
use trailscope_core::formats::extract::EventDetail;
use trailscope_core::integrity::IntegrityReport;
use trailscope_core::query::entity::page::EntityPage;
use trailscope_core::query::entity::Entity;
use trailscope_core::query::events::TableSort;
use trailscope_core::query::filter::{Filter, FilterEdit};
use trailscope_core::query::timeline::Stack;
use trailscope_core::query::view::{View, ViewRequest};
use trailscope_core::Failure;
use yew::Reducible;

mod answers;
mod stepping;
mod tab;
mod table_cache;
pub use tab::Tab;
pub use table_cache::{TableCache, MAX_CACHED_PAGES, PAGE_ROWS};

/// A change to the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A message from the worker.
    Worker(Response),
    /// Files were sent to the worker.
    LoadStarted {
        /// How many.
        files: u64,
        /// Their total size.
        bytes: u64,
    },
    /// The files sent are the bundled sample (after their `LoadStarted`).
    SampleStarted,
    /// The user asked to stop loading.
    CancelRequested,
    /// The user chose what to read of a drop shown as its keys, or to read none of it.
    Chose,
    /// Whether every drop of a trail's files is first shown as its keys, whatever its size.
    ChooseFirst(bool),
    /// A search of every field of every event for a text was asked of the worker.
    SearchRequested(String),
    /// The user asked to stop the search.
    CancelSearchRequested,
    /// The user asked to forget everything.
    ClearRequested,
    /// The URL fragment changed (a link, Back, Forward): its filter replaces the views', and its
    /// entity's page opens (or, without one, the analysis shows again).
    Link(Filter, Option<Entity>),
    /// An entity's page was opened (a click on it), or closed.
    ShowEntity(Option<Entity>),
    /// The filter of every view was edited (a click in a view or the filter bar).
    EditFilter(FilterEdit),
    /// The timeline's stacking changed.
    SetStack(Stack),
    /// Another tab was chosen (a click on it, or on a finding or identity, whose events show).
    ShowTab(Tab),
    /// Pages of the event table were asked of the worker.
    PagesRequested(Vec<u64>),
    /// The event table's order was changed (a click on a column's header).
    SortTable(TableSort),
    /// An event was selected (or the selection closed).
    Select(Option<u32>),
    /// The selection moved this many events on (`j`, `k`).
    Step(i64),
    /// An export was asked of the worker.
    ExportRequested(ExportFormat),
    /// Something the user should know that does not stop the app.
    Notice(String),
    /// The user dismissed the notices.
    DismissNotices,
}

/// How the last load ended.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadSummary {
    /// Files read in it.
    pub files: u64,
    /// Events in the store after it.
    pub events: u64,
    /// How long it took.
    pub elapsed_ms: u64,
    /// Whether it was cancelled.
    pub cancelled: bool,
    /// Whether it stopped because the worker's memory was full.
    pub memory_full: bool,
}

/// The selected event's detail.
#[derive(Debug, Clone, PartialEq)]
pub enum Detail {
    /// Asked of the worker.
    Loading,
    /// Received.
    Ready(Rc<EventDetail>),
    /// The worker could not re-read it.
    Failed(String),
}

/// Everything the UI shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AppState {
    /// An error that stopped the app (a worker panic); shown instead of the views.
    pub fatal: Option<String>,
    /// Messages about files that could not be picked or requests that failed.
    pub notices: Vec<String>,
    /// Progress of the running load, if any.
    pub loading: Option<Progress>,
    /// Whether a Cancel was sent for the running load.
    pub cancelling: bool,
    /// What the keys of the drop being loaded say, while it waits for the user's choice.
    pub catalog: Option<Rc<Catalog>>,
    /// Whether every drop of a trail's files is first shown as its keys (else only large ones).
    pub choose_first: bool,
    /// How the last load ended (cleared when a new one starts).
    pub last_load: Option<LoadSummary>,
    /// Whether the last load was the bundled sample, whose unreadable file is an example.
    pub sample: bool,
    /// The worker's store generation the UI shows; `None` before any load and after Clear.
    pub generation: Option<u32>,
    /// Files that failed to load.
    pub failures: Rc<Vec<Failure>>,
    /// The filter and options of every view.
    pub request: ViewRequest,
    /// The views, with the generation they were computed for.
    pub view: Option<(u32, Rc<View>)>,
    /// The event table's pages (shared: the table re-renders only when they change).
    pub table: Rc<TableCache>,
    /// The selected event's row, with its detail.
    pub selected: Option<(u32, Detail)>,
    /// The tab shown below the top bar.
    pub tab: Tab,
    /// The entity whose page replaces the analysis, if one is open.
    pub entity: Option<Entity>,
    /// That page, with the generation it was computed for, once it arrives.
    pub entity_page: Option<(u32, Rc<EntityPage>)>,
    /// The store's integrity report, when it holds digests.
    pub integrity: Option<Rc<IntegrityReport>>,
    /// The export under way, if any.
    pub exporting: Option<ExportFormat>,
    /// How the last export ended.
    pub last_export: Option<Exported>,
    /// The last SQL the "Query at scale" tab asked for, with what the worker wrote.
    pub sql: Option<Rc<(SqlAsk, Result<SqlAnswer, String>)>>,
    /// Progress of the running search in every field, if any.
    pub searching: Option<SearchProgress>,
    /// Whether a Cancel was sent for the running search.
    pub search_cancelling: bool,
    /// How the last search ended.
    pub last_search: Option<Searched>,
    /// Counts the searches whose rows the worker kept: views and pages are asked again after
    /// each, since a filter may use them.
    pub searches_kept: u32,
    /// Whether the filter or entity shown came back from the URL at start while no data has been
    /// loaded since: a reload keeps the URL but not the files, so the drop zone says so.
    pub restored: bool,
}

impl AppState {
    /// The state at start, with the filter a bookmarked URL carried.
    pub fn with_filter(filter: Filter) -> Self {
        AppState {
            request: ViewRequest {
                filter: filter.clone(),
                ..Tab::Events.view_request()
            },
            table: Rc::new(TableCache {
                filter,
                ..TableCache::default()
            }),
            ..AppState::default()
        }
    }

    /// The state at start, with the filter and open entity of the page's URL.
    pub fn from_link(filter: Filter, entity: Option<Entity>) -> Self {
        let restored = !filter.is_empty() || entity.is_some();
        AppState {
            entity,
            restored,
            ..AppState::with_filter(filter)
        }
    }

    /// Whether a load is running.
    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// The views, if they are those of the store shown.
    pub fn current_view(&self) -> Option<Rc<View>> {
        match &self.view {
            Some((generation, view)) if Some(*generation) == self.generation => Some(view.clone()),
            _ => None,
        }
    }

    /// The open entity's page, if it is that of the store shown.
    pub fn current_entity_page(&self) -> Option<Rc<EntityPage>> {
        match (&self.entity_page, &self.entity) {
            (Some((generation, page)), Some(entity))
                if Some(*generation) == self.generation && page.entity == *entity =>
            {
                Some(page.clone())
            }
            _ => None,
        }
    }

    /// Whether the last load has finished and its views have arrived.
    pub fn load_done(&self) -> bool {
        !self.is_loading() && self.last_load.is_some() && self.current_view().is_some()
    }

    /// Applies one action.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Worker(response) => self.receive(response),
            Action::LoadStarted { files, bytes } => {
                let progress = self.loading.get_or_insert_with(Progress::default);
                progress.files_total += files;
                progress.bytes_total += bytes;
                self.last_load = None;
                self.sample = false;
            }
            Action::SampleStarted => self.sample = true,
            Action::CancelRequested => self.cancelling = self.is_loading(),
            Action::Chose => self.catalog = None,
            Action::ChooseFirst(always) => self.choose_first = always,
            Action::SearchRequested(text) => {
                self.searching = Some(SearchProgress {
                    text,
                    ..SearchProgress::default()
                });
                self.search_cancelling = false;
                self.last_search = None;
            }
            Action::CancelSearchRequested => self.search_cancelling = self.searching.is_some(),
            Action::ClearRequested => {
                *self = AppState {
                    fatal: self.fatal.take(),
                    choose_first: self.choose_first,
                    request: ViewRequest {
                        filter: Filter::default(),
                        stack: self.request.stack,
                        max_buckets: self.request.max_buckets,
                        ..Tab::Events.view_request()
                    },
                    ..AppState::default()
                };
            }
            Action::Link(filter, entity) => {
                self.set_filter(filter);
                self.entity = entity;
            }
            Action::ShowEntity(entity) => self.entity = entity,
            Action::EditFilter(edit) => self.set_filter(edit.apply(&self.request.filter)),
            Action::SetStack(stack) => self.request.stack = stack,
            Action::ShowTab(tab) => {
                self.show_tab(tab);
                self.entity = None;
            }
            Action::PagesRequested(pages) => Rc::make_mut(&mut self.table).pending.extend(pages),
            Action::SortTable(sort) => {
                if sort != self.table.sort {
                    let filter = self.table.filter.clone();
                    Rc::make_mut(&mut self.table).reset(filter, sort);
                }
            }
            Action::Select(row) => self.selected = row.map(|row| (row, Detail::Loading)),
            Action::Step(by) => self.step_selection(by),
            Action::ExportRequested(format) => {
                self.exporting = Some(format);
                self.last_export = None;
            }
            Action::Notice(message) => self.notices.push(message),
            Action::DismissNotices => self.notices.clear(),
        }
        // Said until data comes or nothing restored is left to see.
        self.restored &= self.generation.is_none()
            && !self.is_loading()
            && !(self.request.filter.is_empty() && self.entity.is_none());
    }

    /// Shows `tab`, whose tables alone are computed with the views.
    fn show_tab(&mut self, tab: Tab) {
        self.tab = tab;
        let shown = tab.view_request();
        self.request.identities = shown.identities;
        self.request.resources = shown.resources;
    }

    /// Shows `filter`; the table's pages belong to the old one, unless it is the same.
    fn set_filter(&mut self, filter: Filter) {
        if filter != self.request.filter {
            self.request.filter = filter;
            self.reset_table();
        }
    }

    /// Empties the table's pages for the filter shown, in the table's order.
    fn reset_table(&mut self) {
        let sort = self.table.sort;
        Rc::make_mut(&mut self.table).reset(self.request.filter.clone(), sort);
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.apply(action);
        Rc::new(next)
    }
}

#[cfg(test)]
mod restored_tests;
#[cfg(test)]
mod tests;
