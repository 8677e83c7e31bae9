//! The worker's messages applied to the state: answers for the store and filter shown are kept,
//! others dropped; a load's end, a search's end and an export's end each change what is shown.

use super::{AppState, Detail, LoadSummary, PAGE_ROWS};
use crate::app::format::thousands;
use crate::protocol::{Loaded, Response, Searched};
use std::rc::Rc;

impl AppState {
    /// A message from the worker: answers for data the page no longer shows are dropped.
    pub(super) fn receive(&mut self, response: Response) {
        match response {
            // The bridge holds requests until the worker is ready; nothing to show.
            Response::Ready | Response::Cleared { .. } => {}
            Response::Progress(progress) => {
                if self.is_loading() {
                    self.loading = Some(progress);
                }
            }
            Response::Catalog(catalog) => {
                if self.is_loading() {
                    self.catalog = Some(Rc::new(catalog));
                }
            }
            // A load the user cleared may still end in the worker before it sees the Clear.
            Response::Loaded(loaded) if self.is_loading() => self.loaded(loaded),
            Response::Loaded(_) => {}
            Response::View {
                generation,
                request,
                view,
            } => {
                if Some(generation) == self.generation && request == self.request {
                    self.view = Some((generation, view));
                }
            }
            Response::Page {
                generation,
                filter,
                sort,
                page,
            } => {
                if Some(generation) == self.generation && self.table.holds(&filter, sort) {
                    let table = Rc::make_mut(&mut self.table);
                    table.total = Some(page.total);
                    table.insert(page.offset / PAGE_ROWS, page.rows);
                }
            }
            Response::Entity { generation, page } => {
                if Some(generation) == self.generation && self.entity.as_ref() == Some(&page.entity) {
                    self.entity_page = Some((generation, page));
                }
            }
            Response::EventJson {
                generation,
                row,
                result,
            } => {
                if let Some((selected, detail)) = &mut self.selected {
                    if *selected == row && Some(generation) == self.generation {
                        *detail = match result {
                            Ok(event) => Detail::Ready(Rc::new(event)),
                            Err(message) => Detail::Failed(message),
                        };
                    }
                }
            }
            Response::SearchProgress(progress) => {
                if let Some(searching) = self.searching.as_mut().filter(|s| s.text == progress.text) {
                    *searching = progress;
                }
            }
            Response::Searched(searched) => self.searched(searched),
            // Parts go straight to the download (see `app`), never through the state.
            Response::ExportPart { .. } => {}
            Response::Sql { ask, answer } => self.sql = Some(Rc::new((ask, answer))),
            Response::Exported(exported) => {
                self.exporting = None;
                if !exported.problems.is_empty() {
                    self.notices.push(format!(
                        "The export left out the events of {} file(s) that could not be re-read: {}",
                        exported.problems.len(),
                        exported.problems.join("; ")
                    ));
                }
                self.last_export = Some(exported);
            }
            Response::Failed { message } => self.notices.push(message),
            Response::Panic { message } => {
                self.fatal.get_or_insert(message);
            }
        }
    }

    fn loaded(&mut self, loaded: Loaded) {
        self.loading = None;
        self.catalog = None;
        self.cancelling = false;
        self.last_load = Some(LoadSummary {
            files: loaded.progress.files_done,
            events: loaded.events,
            elapsed_ms: loaded.elapsed_ms,
            cancelled: loaded.cancelled,
            memory_full: loaded.memory_full,
        });
        if loaded.memory_full {
            self.notices.push(format!(
                "Memory full at {} events: the files read so far are loaded and the rest were left \
                 unread. Drop the trail again and choose fewer accounts, regions or days before reading it, \
                 or query the rest where the trail is (the Query at scale tab).",
                thousands(loaded.events)
            ));
        }
        self.generation = Some(loaded.generation);
        self.failures = Rc::new(loaded.failures);
        self.integrity = loaded.integrity.map(Rc::new);
        self.reset_table();
        self.selected = None;
    }

    /// A search ended: it is no longer shown as running if it was the one shown, and its rows,
    /// whichever search it was (a query's `json:` terms are searched one after another), may
    /// change the views.
    fn searched(&mut self, searched: Searched) {
        let shown = self.searching.as_ref().is_some_and(|s| s.text == searched.text);
        if shown {
            self.searching = None;
            self.search_cancelling = false;
        }
        if !searched.problems.is_empty() {
            self.notices.push(format!(
                "The search left out the events of {} file(s) that could not be re-read: {}",
                searched.problems.len(),
                searched.problems.join("; ")
            ));
        }
        if searched.events.is_some() && Some(searched.generation) == self.generation {
            self.searches_kept = self.searches_kept.wrapping_add(1);
            self.reset_table();
        }
        if shown || self.searching.is_none() {
            self.last_search = Some(searched);
        }
    }
}
