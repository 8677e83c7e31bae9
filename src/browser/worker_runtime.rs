//! The worker's connection to the browser, its message pump: decodes each incoming message,
//! hands it to the state machine ([`Worker`]), posts its answers, and keeps a load going in short
//! tasks (see `next_task`) so that messages queued meanwhile are handled between them. A helper
//! of the pool runs `helper_pool` instead.

use super::describe;
use super::file_source::BrowserFiles;
use super::held_file::{find_again, join_all, HeldFile, Holder};
use super::held_memory::held_bytes;
use super::helper;
use super::helper_pool;
use super::next_task::NextTask;
use super::wire::{pack_response, unpack_request};
use crate::protocol::{Request, Response};
use crate::worker::loading::{HeldMemory, HELD_LIMIT};
use crate::worker::Worker;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent};

/// Starts listening for the UI's requests and tells it so with [`Response::Ready`].
pub fn run() -> Result<(), String> {
    let scope: DedicatedWorkerGlobalScope = js_sys::global()
        .dyn_into()
        .map_err(|_| "the worker binary must run in a dedicated worker")?;
    if scope.name() == helper_pool::HELPER_NAME {
        return helper::run_helper(scope);
    }
    let reader = FileReaderSync::new().map_err(|e| describe(&e))?;
    let memory = HeldMemory {
        held: Box::new(held_bytes),
        limit: HELD_LIMIT,
    };
    let worker = Rc::new(RefCell::new(Worker::new(
        BrowserFiles::new(reader),
        Box::new(js_sys::Date::now),
        memory,
    )));
    // The files sent, joined once a load has read them (or they were let go), or let go while
    // nothing reads them when they can be found again through their folder.
    let holder = Rc::new(RefCell::new(Holder::default()));
    // Files are being found again for the next request: none is let go meanwhile.
    let finding = Rc::new(Cell::new(false));
    let answer = {
        let (scope, holder, worker, finding) = (scope.clone(), holder.clone(), worker.clone(), finding.clone());
        move |r: Response| {
            let ended = matches!(r, Response::Loaded(_) | Response::Cleared { .. });
            let read = ended
                || matches!(
                    r,
                    Response::Searched(_) | Response::EventJson { .. } | Response::Exported(_)
                );
            post(&scope, &r);
            if ended {
                wasm_bindgen_futures::spawn_local(join_all(holder.borrow_mut().to_join()));
            }
            if read {
                // Once the handler that answered has let go of the worker.
                let (worker, holder, finding) = (worker.clone(), holder.clone(), finding.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    if !finding.get() && worker.try_borrow().is_ok_and(|worker| worker.is_idle()) {
                        holder.borrow_mut().let_go_found();
                    }
                });
            }
        }
    };
    let next = {
        let (worker, answer) = (worker.clone(), answer.clone());
        Rc::new(NextTask::new(move || worker.borrow_mut().step(&mut |r| answer(r)))?)
    };
    // One helper per core beyond this worker's own (at least one).
    let cores = scope.navigator().hardware_concurrency() as usize;
    let helpers = helper_pool::start(
        cores.saturating_sub(1).max(1),
        &worker,
        Rc::new(answer.clone()),
        next.clone(),
    );
    worker.borrow_mut().set_helpers(Box::new(helpers));
    // A background read that comes in resumes a load waiting for it.
    worker.borrow().source().set_wake({
        let next = next.clone();
        Rc::new(move || next.schedule())
    });
    let inbox = Rc::new(Inbox {
        worker,
        next,
        answer: Rc::new(answer.clone()),
        holder: holder.clone(),
        queue: RefCell::default(),
        finding,
    });
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        match unpack_request::<Request>(&event.data()) {
            Ok((request, files)) => {
                let paths = match &request {
                    Request::Load { paths, .. } => paths.as_slice(),
                    _ => &[],
                };
                let files = holder.borrow_mut().hold(files, paths);
                inbox.queue.borrow_mut().push_back((request, files));
                inbox.deliver();
            }
            Err(message) => answer(Response::Failed { message }),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    post(&scope, &Response::Ready);
    Ok(())
}

/// Posts a response, transferring its buffer. A response that cannot be encoded is replaced by a
/// [`Response::Failed`] saying so.
fn post(scope: &DedicatedWorkerGlobalScope, response: &Response) {
    let packed = pack_response(response).or_else(|message| pack_response(&Response::Failed { message }));
    if let Ok(packed) = packed {
        // Posting to the page only fails if it is gone, and then nobody is listening.
        let _ = scope.post_message_with_transfer(&packed.value, &packed.transfer);
    }
}

/// The requests received, handed to the state machine in order, each once the files it re-reads
/// that were let go are found again.
struct Inbox {
    worker: Rc<RefCell<Worker<BrowserFiles>>>,
    next: Rc<NextTask>,
    answer: Rc<dyn Fn(Response)>,
    holder: Rc<RefCell<Holder>>,
    queue: RefCell<VecDeque<(Request, Vec<HeldFile>)>>,
    /// Files are being found again for the request at the queue's head.
    finding: Rc<Cell<bool>>,
}

impl Inbox {
    /// Hands the queued requests over until one must wait for its files to be found again.
    fn deliver(self: &Rc<Self>) {
        while !self.finding.get() {
            let let_go: Vec<HeldFile> = {
                let (queue, worker) = (self.queue.borrow(), self.worker.borrow());
                let Some((request, _)) = queue.front() else { return };
                // Asked only when it can matter: an export would evaluate its filter twice.
                let read = match self.holder.borrow().has_let_go() {
                    true => worker.files_read_by(request),
                    false => Vec::new(),
                };
                read.into_iter().filter(|file| file.is_let_go()).cloned().collect()
            };
            if !let_go.is_empty() {
                self.finding.set(true);
                let inbox = self.clone();
                return wasm_bindgen_futures::spawn_local(async move {
                    find_again(&let_go.iter().collect::<Vec<_>>()).await;
                    inbox.handle_next();
                    inbox.finding.set(false);
                    inbox.deliver();
                });
            }
            self.handle_next();
        }
    }

    fn handle_next(&self) {
        let Some((request, files)) = self.queue.borrow_mut().pop_front() else {
            return;
        };
        let mut worker = self.worker.borrow_mut();
        worker.handle(request, files, &mut |r| (self.answer)(r));
        if worker.is_busy() {
            self.next.schedule();
        }
    }
}
