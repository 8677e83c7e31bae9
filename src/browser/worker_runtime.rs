//! The worker's connection to the browser, its message pump: decodes each incoming message,
//! hands it to the state machine ([`Worker`]), posts its answers, and keeps a load going in short
//! tasks (see `next_task`) so that messages queued meanwhile are handled between them. A helper
//! of the pool runs `helper_pool` instead.

use super::describe;
use super::file_source::BrowserFiles;
use super::held_file::{join_all, Holder};
use super::held_memory::held_bytes;
use super::helper;
use super::helper_pool;
use super::next_task::NextTask;
use super::wire::{pack_response, unpack_request};
use crate::protocol::{Request, Response};
use crate::worker::loading::{HeldMemory, HELD_LIMIT};
use crate::worker::Worker;
use std::cell::RefCell;
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
    // The files sent, joined once a load has read them (or they were let go).
    let holder = Rc::new(RefCell::new(Holder::default()));
    let answer = {
        let (scope, holder) = (scope.clone(), holder.clone());
        move |r: Response| {
            let ended = matches!(r, Response::Loaded(_) | Response::Cleared { .. });
            post(&scope, &r);
            if ended {
                wasm_bindgen_futures::spawn_local(join_all(holder.borrow_mut().to_join()));
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
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let mut out = |r: Response| answer(r);
        match unpack_request::<Request>(&event.data()) {
            Ok((request, files)) => {
                let files = holder.borrow_mut().hold(files);
                let mut worker = worker.borrow_mut();
                worker.handle(request, files, &mut out);
                if worker.is_busy() {
                    next.schedule();
                }
            }
            Err(message) => out(Response::Failed { message }),
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
