//! The worker's state machine: it owns the event store and the handles of the files it was given
//! (by origin index, to re-read an event later), runs loads in steps, and answers queries
//! (views, pages of events, entity pages, one event's JSON).
//!
//! It knows nothing of `postMessage`: requests come in through [`Worker::handle`], work continues
//! through [`Worker::step`], and every answer goes out through a callback. Files are read through
//! the [`FileSource`] port and helpers reached through the [`Helpers`] port, so that it runs
//! natively in tests; `browser::worker_runtime` connects it to the browser.

pub mod answers;
pub mod export;
pub mod helpers;
pub mod loading;
mod rereads;
pub mod search;
pub mod source;
pub mod sql;
pub mod staging;
pub mod tar_reads;
pub mod zip_parts;

use crate::protocol::{Choose, Loaded, Request, Response};
use answers::Answers;
use helpers::{Helpers, Job, JobResult, SearchJob};
use loading::{HeldMemory, Load};
use search::Search;
use source::FileSource;
use staging::Staging;
use std::collections::HashMap;
use trailscope_core::catalog::choice::Choice;
use trailscope_core::formats::extract::{event_detail, EventDetail};
use trailscope_core::lineage::Subject;
use trailscope_core::Dataset;

/// Most unverified files a load's integrity report lists for the page.
pub const MAX_INTEGRITY_FILES: usize = 500;

/// Most rows one page request may ask for.
pub const MAX_PAGE_ROWS: u32 = 1000;

/// Everything the worker holds.
pub struct Worker<S: FileSource> {
    source: S,
    clock: Box<dyn Fn() -> f64>,
    memory: HeldMemory,
    data: Dataset,
    handles: HashMap<u32, S::Handle>,
    generation: u32,
    load: Option<Load<S::Handle>>,
    /// A drop held unread until the user chooses what to read of it.
    staging: Option<Staging<S::Handle>>,
    /// Numbers loads, so that a helper's answer about a cleared load is dropped.
    load_id: u32,
    helpers: Option<Box<dyn Helpers<S::Handle>>>,
    /// Views and the last filter's rows, for the current generation.
    answers: Answers,
    /// The search in every field under way, over the rows held.
    search: Option<Search>,
    /// Texts to search for next, in order: asked for during a load (started once it is merged:
    /// its rows would move) or during another search (each of a query's `json:` terms).
    queued_searches: Vec<String>,
    /// Numbers searches, so that a helper's answer about another search is dropped.
    search_id: u32,
}

impl<S: FileSource> Worker<S> {
    /// An empty worker reading files from `source`; `clock` gives the time in ms, `memory` what
    /// its heap holds.
    pub fn new(source: S, clock: Box<dyn Fn() -> f64>, memory: HeldMemory) -> Self {
        Worker {
            source,
            clock,
            memory,
            data: Dataset::default(),
            handles: HashMap::new(),
            generation: 0,
            load: None,
            staging: None,
            load_id: 0,
            helpers: None,
            answers: Answers::default(),
            search: None,
            queued_searches: Vec::new(),
            search_id: 0,
        }
    }

    /// Where files are read from.
    pub fn source(&self) -> &S {
        &self.source
    }

    /// Lets helpers (the parse workers of the pool) read part of every load.
    pub fn set_helpers(&mut self, helpers: Box<dyn Helpers<S::Handle>>) {
        self.helpers = Some(helpers);
    }

    /// Hands jobs to the helpers that can take one: the load's, else the search's.
    fn feed_helpers(&mut self) {
        let Some(helpers) = &mut self.helpers else { return };
        if let Some(load) = &mut self.load {
            while load.has_queued() && helpers.can_take() {
                let files = load.take_job(&mut self.handles);
                helpers.send(Job {
                    load: self.load_id,
                    files,
                    hash_files: load.options().hash_files,
                });
            }
        } else if let Some(search) = &mut self.search {
            while search.has_queued() && helpers.can_take() {
                let (files, parts) = search.take_job(&self.data.store, &self.source, &self.handles);
                if files.is_empty() {
                    break;
                }
                let text = search.text.clone();
                helpers.send_search(SearchJob {
                    search: self.search_id,
                    text,
                    files,
                    parts,
                });
            }
        }
    }

    /// A helper's answer: the batch it read for a job.
    pub fn job_done(&mut self, result: JobResult, out: &mut dyn FnMut(Response)) {
        if result.load != self.load_id {
            return;
        }
        let now = (self.clock)();
        if let Some(load) = &mut self.load {
            load.job_done(result, now, &mut |p| out(Response::Progress(p)));
            load.stop_if_memory_full(&self.memory);
        }
        self.feed_helpers();
        self.finish_if_done(out);
    }

    /// A helper died with a job: its files are read by someone else.
    pub fn job_lost(&mut self, job: Job<S::Handle>) {
        if job.load != self.load_id {
            return;
        }
        if let Some(load) = &mut self.load {
            load.job_lost(job.files);
        }
    }

    /// Whether a load or a search has files left, so that [`Worker::step`] should be called.
    pub fn is_busy(&self) -> bool {
        self.load.is_some() || self.search.is_some()
    }

    /// Handles one request; `files` are the `File` objects that came with a load.
    pub fn handle(&mut self, request: Request, files: Vec<S::Handle>, out: &mut dyn FnMut(Response)) {
        match request {
            Request::Load {
                base_origin,
                paths,
                more,
                choose,
            } => {
                if paths.len() != files.len() {
                    return out(Response::Failed {
                        message: format!("a load named {} files but carried {}", paths.len(), files.len()),
                    });
                }
                let origins = (0..).map(|i| base_origin.saturating_add(i));
                let files = origins
                    .zip(paths.into_iter().zip(files))
                    .map(|(o, (p, h))| (o, p, h))
                    .collect();
                if self.load.is_none() && (choose != Choose::Never || self.staging.is_some()) {
                    self.stage(choose, files, more, out);
                } else {
                    self.start_load(files, more);
                }
            }
            Request::Choose(choice) => self.choose(choice.as_ref()),
            Request::Cancel => {
                if let Some(staging) = &mut self.staging {
                    staging.cancel();
                    self.choose(None);
                } else if let Some(load) = &mut self.load {
                    load.cancel();
                }
            }
            Request::Search { text } => self.ask_search(text, out),
            Request::CancelSearch => {
                self.queued_searches.clear();
                if let Some(search) = &mut self.search {
                    search.cancel();
                }
                self.finish_search_if_done(out);
            }
            Request::Clear => {
                self.load = None;
                self.staging = None;
                self.search = None;
                self.queued_searches.clear();
                self.search_id = self.search_id.wrapping_add(1);
                self.source.discard();
                self.load_id = self.load_id.wrapping_add(1);
                self.data = Dataset::default();
                self.handles.clear();
                self.generation += 1;
                self.answers.forget();
                out(Response::Cleared {
                    generation: self.generation,
                });
            }
            Request::Query(request) => {
                let view = self.answers.view(&self.data, &request);
                out(Response::View {
                    generation: self.generation,
                    request,
                    view,
                });
            }
            Request::Page {
                filter,
                sort,
                offset,
                limit,
            } => {
                let offset = usize::try_from(offset).unwrap_or(usize::MAX);
                let limit = limit.min(MAX_PAGE_ROWS) as usize;
                let page = self.answers.page(&self.data, &filter, sort, offset, limit);
                out(Response::Page {
                    generation: self.generation,
                    filter,
                    sort,
                    page,
                });
            }
            Request::Entity { entity, max_buckets } => {
                let page = self.answers.entity(&self.data, &entity, max_buckets);
                out(Response::Entity {
                    generation: self.generation,
                    page,
                });
            }
            Request::Export { filter, format } => {
                export::run(&self.data, &self.source, &self.handles, &filter, format, out);
            }
            Request::Sql(ask) => {
                let answer = sql::answer(self.answers.scope(&self.data), &ask);
                out(Response::Sql { ask, answer });
            }
            Request::Event { generation, row } => {
                let result = if generation == self.generation {
                    self.event_detail(row)
                } else {
                    Err("The events were reloaded since this one was listed; select it again.".to_string())
                };
                out(Response::EventJson {
                    generation: self.generation,
                    row,
                    result,
                });
            }
        }
    }

    /// Queues files given as (origin, path, handle) in the load under way, or a new one.
    fn start_load(&mut self, files: Vec<(u32, String, S::Handle)>, more: bool) {
        let now = (self.clock)();
        if self.load.is_none() {
            self.load_id = self.load_id.wrapping_add(1);
        }
        let load = self.load.get_or_insert_with(|| Load::new(now));
        load.add(&self.source, files);
        load.expect_more(more);
        self.feed_helpers();
    }

    /// Holds files until the drop is complete; then reads them all, or asks the page to choose.
    fn stage(
        &mut self,
        choose: Choose,
        files: Vec<(u32, String, S::Handle)>,
        more: bool,
        out: &mut dyn FnMut(Response),
    ) {
        let staging = self.staging.get_or_insert_with(|| Staging::new(choose));
        staging.add(&self.source, files, more);
        if !staging.is_complete() {
            return;
        }
        if staging.is_cancelled() {
            return self.choose(None);
        }
        let catalog = staging.catalog();
        if staging.asks(&catalog) {
            out(Response::Catalog(catalog));
        } else {
            self.choose(Some(&Choice::default()));
        }
    }

    /// Reads the files of the complete drop held that `choice` keeps; for `None`, none of them,
    /// and the load ends as cancelled.
    fn choose(&mut self, choice: Option<&Choice>) {
        let Some(staging) = self.staging.take_if(|s| s.is_complete()) else {
            return;
        };
        self.start_load(staging.into_files(choice), false);
        if let (None, Some(load)) = (choice, &mut self.load) {
            load.cancel();
        }
    }

    /// Runs one step of the current load (when it ends, merges it and posts
    /// [`Response::Loaded`]), else of the current search (when it ends, posts
    /// [`Response::Searched`]). Returns whether another step is needed.
    pub fn step(&mut self, out: &mut dyn FnMut(Response)) -> bool {
        self.feed_helpers();
        if let Some(load) = &mut self.load {
            let (clock, memory) = (&*self.clock, &self.memory);
            let more = load.step(&self.source, &mut self.handles, clock, memory, &mut |p| {
                out(Response::Progress(p))
            });
            if !more {
                self.finish_if_done(out);
            }
            // A search asked for during the load starts once it is merged.
            return more || (self.load.is_none() && self.search.is_some());
        }
        let Some(search) = &mut self.search else { return false };
        let (store, clock) = (&self.data.store, &*self.clock);
        let more = search.step(store, &self.source, &self.handles, clock, &mut |p| {
            out(Response::SearchProgress(p))
        });
        if !more {
            self.finish_search_if_done(out);
        }
        more
    }

    /// Merges the load into the store once every file is read, here and in the helpers.
    fn finish_if_done(&mut self, out: &mut dyn FnMut(Response)) {
        if !self.load.as_ref().is_some_and(Load::is_done) {
            return;
        }
        if let Some(load) = self.load.take() {
            self.source.discard();
            let finished = load.finish(&mut self.data, (self.clock)());
            self.generation += 1;
            self.answers.forget();
            out(Response::Loaded(Loaded {
                generation: self.generation,
                progress: finished.progress,
                events: self.data.store.len() as u64,
                duplicates: self.data.store.duplicates,
                failures: self.data.failures.clone(),
                elapsed_ms: finished.elapsed_ms,
                cancelled: finished.cancelled,
                memory_full: finished.memory_full,
                integrity: (!self.data.digests.is_empty())
                    .then(|| self.data.integrity().problems_only(MAX_INTEGRITY_FILES)),
            }));
            // The rows moved: a search under way or asked for meanwhile starts over them.
            if let Some(search) = self.search.take() {
                self.queued_searches.insert(0, search.text);
            }
            self.next_search(out);
        }
    }

    /// Re-reads one event's JSON from its file.
    fn event_detail(&self, row: u32) -> Result<EventDetail, String> {
        let columns = &self.data.store.columns;
        let i = row as usize;
        if i >= columns.len() {
            return Err(format!("There is no event {row}."));
        }
        let file = self
            .data
            .store
            .files
            .get(columns.file.get(i) as usize)
            .ok_or("The event's file is not known.")?;
        let handle = self
            .handles
            .get(&file.origin)
            .ok_or("The event's file is no longer held.")?;
        let text = source::text_of(&self.source, handle, file).map_err(|e| format!("{}: {e}", file.path))?;
        let mut detail = event_detail(&text, file, columns.offset[i], columns.len.get(i))
            .map_err(|e| format!("{}: {e}", file.path))?;
        let lineage = self.data.lineage().trace(&self.data.store, &Subject::Row(row));
        detail.credentials = lineage.map(|t| t.line()).unwrap_or_default();
        Ok(detail)
    }
}

#[cfg(test)]
mod tests;
