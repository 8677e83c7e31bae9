//! One search in every field (see `trailscope_core::search`): the loaded files re-read from their
//! handles, file by file, by this worker in steps (so that Cancel and queries are heard) and by
//! the helpers in jobs, as a load is split (decision 0012). Each file answers the indexes of its
//! events that hold the text; the rows are gathered once every file is done.

use super::helpers::{SearchJob, SearchJobResult};
use super::loading::{Queued, JOB_BYTES, JOB_FILES, PROGRESS_MS, STEP_MS};
use super::source::{re_read_cap, FileSource, HeldFiles};
use super::Worker;
use crate::protocol::{Response, SearchProgress, Searched};
use std::collections::{HashMap, VecDeque};
use trailscope_core::search::plan::{Hits, Part, Plan};
use trailscope_core::search::Needle;
use trailscope_core::EventStore;

/// A search under way.
pub struct Search {
    /// The text as the page sent it.
    pub text: String,
    needle: Needle,
    plan: Plan,
    /// Parts still to search, grouped by top-level file (one read each).
    queue: VecDeque<Vec<usize>>,
    found: Hits,
    progress: SearchProgress,
    last_progress: f64,
    /// Jobs handed to helpers and not yet back.
    outstanding: usize,
    cancelled: bool,
}

impl Search {
    /// A search for `text` over every row of `store`, starting at `now` (ms).
    pub fn new(text: String, store: &EventStore, now: f64) -> Self {
        let plan = Plan::of(store);
        let by_origin = plan.by_origin(store);
        let progress = SearchProgress {
            text: text.clone(),
            files_done: 0,
            files_total: by_origin.len() as u64,
        };
        Search {
            needle: Needle::new(&text),
            text,
            plan,
            queue: by_origin.into_iter().collect(),
            found: Hits::default(),
            progress,
            last_progress: now,
            outstanding: 0,
            cancelled: false,
        }
    }

    /// How far it has got.
    pub fn progress(&self) -> &SearchProgress {
        &self.progress
    }

    /// The key its hits are kept under.
    pub fn key(&self) -> String {
        self.needle.key()
    }

    /// Whether files are queued that no one has started searching.
    pub fn has_queued(&self) -> bool {
        !self.cancelled && !self.queue.is_empty()
    }

    /// Takes the next files for a helper (at most [`JOB_FILES`] files or [`JOB_BYTES`] bytes):
    /// the files with their handles, and their parts.
    pub fn take_job<S: FileSource>(
        &mut self,
        store: &EventStore,
        source: &S,
        handles: &HashMap<u32, S::Handle>,
    ) -> (Vec<Queued<S::Handle>>, Vec<Part>) {
        let (mut files, mut parts, mut bytes) = (Vec::new(), Vec::new(), 0);
        while self.has_queued() && files.len() < JOB_FILES && bytes < JOB_BYTES {
            let Some(group) = self.queue.pop_front() else { break };
            let group = self.plan.parts(store, &group);
            let origin = group[0].file.origin;
            let Some(handle) = handles.get(&origin) else {
                // Searched here, where it fails as a file no longer held.
                self.queue.push_front(group.iter().map(|p| p.part as usize).collect());
                break;
            };
            let size = source.size(handle);
            bytes += size;
            let path = group[0].file.path.clone();
            files.push(Queued {
                origin,
                path,
                size,
                handle: handle.clone(),
                part: None,
            });
            parts.extend(group);
        }
        if !files.is_empty() {
            self.outstanding += 1;
        }
        (files, parts)
    }

    /// A helper's answer to a job of `files` files.
    pub fn job_done(&mut self, hits: Hits, files: u64, now: f64, out: &mut dyn FnMut(SearchProgress)) {
        self.outstanding = self.outstanding.saturating_sub(1);
        self.found.hits.extend(hits.hits);
        self.found.problems.extend(hits.problems);
        self.progress.files_done += files;
        self.report(now, out);
    }

    /// A helper was lost with a job: its parts go back to the queue.
    pub fn job_lost(&mut self, parts: &[Part]) {
        self.outstanding = self.outstanding.saturating_sub(1);
        for file in parts.chunk_by(|a, b| a.file.origin == b.file.origin).rev() {
            self.queue.push_front(file.iter().map(|p| p.part as usize).collect());
        }
    }

    /// Stops before the next file.
    pub fn cancel(&mut self) {
        self.cancelled = true;
    }

    /// Searches files here for about [`STEP_MS`]; returns whether files are left to search.
    pub fn step<S: FileSource>(
        &mut self,
        store: &EventStore,
        source: &S,
        handles: &HashMap<u32, S::Handle>,
        clock: &dyn Fn() -> f64,
        out: &mut dyn FnMut(SearchProgress),
    ) -> bool {
        let start = clock();
        while self.has_queued() {
            let Some(group) = self.queue.pop_front() else { break };
            let group = self.plan.parts(store, &group);
            self.found
                .search(&group, &self.needle, &mut HeldFiles { source, handles }, re_read_cap());
            self.progress.files_done += 1;
            let now = clock();
            self.report(now, out);
            if now - start >= STEP_MS {
                break;
            }
        }
        self.has_queued()
    }

    /// Whether every file is searched, here and in helpers (or the search was cancelled and no
    /// helper still works for it).
    pub fn is_done(&self) -> bool {
        !self.has_queued() && self.outstanding == 0
    }

    /// The rows found (sorted), or `None` when the search was cancelled; and the files that
    /// could not be searched.
    pub fn finish(self) -> (Option<Vec<u32>>, Vec<String>) {
        let rows = (!self.cancelled).then(|| {
            self.plan
                .rows(self.found.hits.iter().map(|(p, e)| (*p as usize, &e[..])))
        });
        (rows, self.found.problems)
    }

    fn report(&mut self, now: f64, out: &mut dyn FnMut(SearchProgress)) {
        if now - self.last_progress >= PROGRESS_MS {
            self.last_progress = now;
            out(self.progress.clone());
        }
    }
}

/// The owner's side of searches: asked, queued, started, fed to the helpers and finished.
impl<S: FileSource> Worker<S> {
    /// A helper's answer to a search job.
    pub fn search_job_done(&mut self, result: SearchJobResult, out: &mut dyn FnMut(Response)) {
        if result.search != self.search_id {
            return;
        }
        let now = (self.clock)();
        if let Some(search) = &mut self.search {
            search.job_done(result.hits, result.files, now, &mut |p| {
                out(Response::SearchProgress(p))
            });
        }
        self.feed_helpers();
        self.finish_search_if_done(out);
    }

    /// A helper died with a search job: its files are searched by someone else.
    pub fn search_job_lost(&mut self, job: SearchJob<S::Handle>) {
        if job.search != self.search_id {
            return;
        }
        if let Some(search) = &mut self.search {
            search.job_lost(&job.parts);
        }
    }

    /// A search asked for: answered at once when its rows are held, else queued behind a load or
    /// another search, or started.
    pub(super) fn ask_search(&mut self, text: String, out: &mut dyn FnMut(Response)) {
        let key = Needle::new(&text).key();
        let running = self.search.as_ref().is_some_and(|s| s.key() == key);
        if running || self.queued_searches.contains(&text) {
            return;
        }
        match self.data.text_hits(&key) {
            Some(rows) if self.load.is_none() => out(Response::Searched(Searched {
                generation: self.generation,
                text,
                key,
                events: Some(rows.len() as u64),
                problems: Vec::new(),
            })),
            _ => {
                self.queued_searches.push(text);
                self.next_search(out);
            }
        }
    }

    /// Starts the first queued search unless a load or a search is under way; with none queued,
    /// lets the helpers rest.
    pub(super) fn next_search(&mut self, out: &mut dyn FnMut(Response)) {
        if self.load.is_some() || self.search.is_some() {
            return;
        }
        if self.queued_searches.is_empty() {
            if let Some(helpers) = &mut self.helpers {
                helpers.rest();
            }
        } else {
            let text = self.queued_searches.remove(0);
            self.start_search(text, out);
        }
    }

    /// Starts searching every field for `text` over the rows held.
    pub(super) fn start_search(&mut self, text: String, out: &mut dyn FnMut(Response)) {
        self.search_id = self.search_id.wrapping_add(1);
        let search = Search::new(text, &self.data.store, (self.clock)());
        // At once, so that the page shows how many files there are to search.
        out(Response::SearchProgress(search.progress().clone()));
        self.search = Some(search);
        self.feed_helpers();
        self.finish_search_if_done(out);
    }

    /// Keeps the search's rows in the dataset once every file is searched, and says so.
    pub(super) fn finish_search_if_done(&mut self, out: &mut dyn FnMut(Response)) {
        if !self.search.as_ref().is_some_and(Search::is_done) {
            return;
        }
        let Some(search) = self.search.take() else { return };
        let (text, key) = (search.text.clone(), search.key());
        let (rows, problems) = search.finish();
        let events = rows.as_ref().map(|rows| rows.len() as u64);
        if let Some(rows) = rows {
            self.data.set_text_hits(key.clone(), rows);
            self.answers.forget();
        }
        out(Response::Searched(Searched {
            generation: self.generation,
            text,
            key,
            events,
            problems,
        }));
        self.next_search(out);
    }
}
