//! The browser side of the worker pool (see `worker::helpers`): the owner starts one helper per
//! spare core from the same loader script, named [`HELPER_NAME`] so that it knows to read jobs
//! instead of answering the UI, and carries jobs and their answers (a load's batch, a search's
//! hits) between them (packed by `wire`).

use super::file_source::BrowserFiles;
use super::held_file::{parts_of, HeldFile};
use super::next_task::NextTask;
use super::wire::{self, pack_job, unpack_response, Packed};
use super::worker_bridge::WORKER_LOADER;
use crate::protocol::Response;
use crate::worker::helpers::{HelperAnswer, HelperRequest, Helpers, Job, SearchJob};
use crate::worker::Worker;
use std::cell::{OnceCell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, WorkerOptions, WorkerType};

/// The name a helper is started with.
pub const HELPER_NAME: &str = "trailscope-helper";
/// Jobs a helper holds at once: one being read and one waiting, so it never idles for a message.
const DEPTH: usize = 2;

/// A job a helper holds: a load's or a search's.
enum InFlight {
    Load(Job<HeldFile>),
    Search(SearchJob<HeldFile>),
}

struct Helper {
    worker: web_sys::Worker,
    ready: bool,
    dead: bool,
    /// It was sent a job since it started, so its heap has grown.
    worked: bool,
    in_flight: VecDeque<InFlight>,
    /// Its handlers, let go with it.
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

/// Starts a helper for a slot of the pool, wired to its owner.
type Spawn = Rc<dyn Fn(usize) -> Option<Helper>>;

impl Pool {
    /// Posts a job, packed with its files, to the least busy helper that can take it.
    fn post(&mut self, packed: Result<Packed, String>, job: InFlight) {
        let mut helpers = self.helpers.borrow_mut();
        let Some(helper) = helpers
            .iter_mut()
            .filter(|h| h.ready && !h.dead && h.in_flight.len() < DEPTH)
            .min_by_key(|h| h.in_flight.len())
        else {
            return;
        };
        if let Ok(packed) = packed {
            if helper
                .worker
                .post_message_with_transfer(&packed.value, &packed.transfer)
                .is_ok()
            {
                helper.in_flight.push_back(job);
                helper.worked = true;
                return;
            }
        }
        // Unreachable in practice (a job always encodes and a live worker accepts messages).
        helper.dead = true;
        helper.in_flight.push_back(job);
    }

    /// Replaces each helper that worked and is idle with a fresh one, whose heap is as small as
    /// at the start.
    fn renew_idle(&self) {
        let Some(spawn) = self.spawn.get() else { return };
        let count = self.helpers.borrow().len();
        for index in 0..count {
            let idle = {
                let helper = &self.helpers.borrow()[index];
                helper.worked && !helper.dead && helper.in_flight.is_empty()
            };
            if !idle {
                continue;
            }
            self.helpers.borrow()[index].worker.terminate();
            match spawn(index) {
                Some(fresh) => self.helpers.borrow_mut()[index] = fresh,
                None => self.helpers.borrow_mut()[index].dead = true,
            }
        }
    }
}

/// The helpers of one owner.
#[derive(Clone, Default)]
pub struct Pool {
    helpers: Rc<RefCell<Vec<Helper>>>,
    /// How a helper is started, set once by [`start`] to renew helpers with.
    spawn: Rc<OnceCell<Spawn>>,
}

impl Helpers<HeldFile> for Pool {
    fn can_take(&self) -> bool {
        self.helpers
            .borrow()
            .iter()
            .any(|h| h.ready && !h.dead && h.in_flight.len() < DEPTH)
    }

    fn send(&mut self, job: Job<HeldFile>) {
        let request = HelperRequest::Load(job.request());
        let packed = pack_with_files(&request, job.files.iter().map(|f| &f.handle));
        self.post(packed, InFlight::Load(job));
    }

    fn send_search(&mut self, job: SearchJob<HeldFile>) {
        let request = HelperRequest::Search(job.request());
        let packed = pack_with_files(&request, job.files.iter().map(|f| &f.handle));
        self.post(packed, InFlight::Search(job));
    }

    fn rest(&mut self) {
        let pool = self.clone();
        // In a task of its own: renewing a helper lets go of its handlers, and this may be
        // running inside one of them.
        wasm_bindgen_futures::spawn_local(async move { pool.renew_idle() });
    }
}

/// A job's request packed with its files (the `Blob`s that hold them, and their sizes).
fn pack_with_files<'a>(request: &HelperRequest, files: impl Iterator<Item = &'a HeldFile>) -> Result<Packed, String> {
    let files: Vec<&HeldFile> = files.collect();
    let sizes: Vec<f64> = files.iter().map(|file| file.size()).collect();
    pack_job(request, &parts_of(&files)?, &sizes)
}

/// Starts `count` helpers for `owner`; `post` sends the owner's responses to the UI and `next`
/// resumes its load when a lost job's files come back to it. A helper that cannot start is left
/// out: the owner reads everything itself if none can.
pub fn start(
    count: usize,
    owner: &Rc<RefCell<Worker<BrowserFiles>>>,
    post: Rc<dyn Fn(Response)>,
    next: Rc<NextTask>,
) -> Pool {
    let pool = Pool::default();
    let spawn: Spawn = {
        let (pool, owner) = (pool.clone(), owner.clone());
        Rc::new(move |index| spawn(index, &pool, &owner, &post, &next))
    };
    for _ in 0..count {
        let index = pool.helpers.borrow().len();
        if let Some(helper) = spawn(index) {
            pool.helpers.borrow_mut().push(helper);
        }
    }
    let _ = pool.spawn.set(spawn);
    pool
}

/// A helper started for slot `index` of `pool`, its answers handed to `owner`.
fn spawn(
    index: usize,
    pool: &Pool,
    owner: &Rc<RefCell<Worker<BrowserFiles>>>,
    post: &Rc<dyn Fn(Response)>,
    next: &Rc<NextTask>,
) -> Option<Helper> {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    options.set_name(HELPER_NAME);
    let worker = web_sys::Worker::new_with_options(WORKER_LOADER, &options).ok()?;
    let lost = {
        let (pool, owner, next) = (pool.clone(), owner.clone(), next.clone());
        move || {
            let jobs: Vec<InFlight> = {
                let mut helpers = pool.helpers.borrow_mut();
                let helper = &mut helpers[index];
                helper.dead = true;
                helper.worker.terminate();
                helper.in_flight.drain(..).collect()
            };
            let mut owner = owner.borrow_mut();
            for job in jobs {
                match job {
                    InFlight::Load(job) => owner.job_lost(job),
                    InFlight::Search(job) => owner.search_job_lost(job),
                }
            }
            if owner.is_busy() {
                next.schedule();
            }
        }
    };
    let on_message = {
        let (pool, owner, post, lost, next) = (pool.clone(), owner.clone(), post.clone(), lost.clone(), next.clone());
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let data = event.data();
            if !wire::is_bytes(&data) {
                // The helper's first message: it is listening.
                pool.helpers.borrow_mut()[index].ready = true;
                if owner.borrow().is_busy() {
                    next.schedule();
                }
                return;
            }
            let answer = unpack_response::<HelperAnswer>(&data);
            if answer.is_ok() {
                pool.helpers.borrow_mut()[index].in_flight.pop_front();
            }
            let mut out = |r: Response| post(r);
            match answer {
                Ok(HelperAnswer::Load(result)) => {
                    owner.borrow_mut().job_done(*result, &mut out);
                }
                Ok(HelperAnswer::Search(result)) => owner.borrow_mut().search_job_done(result, &mut out),
                // Not an answer: the helper panicked (its panic hook posts a response).
                Err(_) => lost(),
            }
        })
    };
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
        event.prevent_default();
        lost();
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Some(Helper {
        worker,
        ready: false,
        dead: false,
        worked: false,
        in_flight: VecDeque::new(),
        _on_message: on_message,
        _on_error: on_error,
    })
}
