//! The UI's handle on the worker: sends requests and numbers the files of each load, so that
//! every file keeps a distinct origin index across loads until the next Clear.
//!
//! Files go to the worker in parts, one part per task: posting a `File` costs the UI thread a
//! synchronous call to the browser for its size and date (measured: 0.08 ms a file on a quiet
//! machine, seconds for 11,000 files), so one message with every file would freeze the page. Each
//! task posts messages of [`CHUNK_FILES`] files until it has spent [`PART_MS`], and the worker
//! starts reading the first files while the next ones are posted.

use crate::browser::dropped_entries::PickedFile;
use crate::browser::next_task::yield_to_browser;
use crate::browser::worker_bridge::WorkerBridge;
use crate::protocol::{Request, Response};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use trailscope_core::query::view::ViewRequest;

/// How long one task of the UI thread posts files before it lets the page render.
pub const PART_MS: f64 = 5.0;
/// Files per message. The browser's answer to the call a file costs takes 0.08 ms on a quiet
/// machine but about 1 ms, and at times nearly 2, while it reads the load's files for the
/// workers; parts sized from the last part's cost then overshot to 55–70 ms tasks. Checking the
/// clock after every 16 files keeps a task near [`PART_MS`] plus one message (~30 ms at worst;
/// 24 or 32 files still let a task pass 50 ms in some runs).
const CHUNK_FILES: usize = 16;

/// Files waiting to be posted: runs of files with the origin of their first.
#[derive(Default)]
struct Outbox {
    runs: VecDeque<(u32, VecDeque<PickedFile>)>,
    sending: bool,
}

/// Cheap to clone; every clone talks to the same worker.
#[derive(Clone, Default)]
pub struct WorkerClient {
    bridge: Rc<RefCell<Option<WorkerBridge>>>,
    next_origin: Rc<Cell<u32>>,
    outbox: Rc<RefCell<Outbox>>,
    last_query: Rc<RefCell<Option<(u32, ViewRequest)>>>,
}

impl PartialEq for WorkerClient {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.bridge, &other.bridge)
    }
}

impl WorkerClient {
    /// Starts the worker; every response goes to `on_response`.
    pub fn start(&self, on_response: impl Fn(Response) + 'static) -> Result<(), String> {
        let bridge = WorkerBridge::start(on_response)?;
        *self.bridge.borrow_mut() = Some(bridge);
        Ok(())
    }

    /// Terminates the worker.
    pub fn stop(&self) {
        self.bridge.borrow_mut().take();
    }

    /// Sends a request that carries no files.
    pub fn send(&self, request: &Request) {
        if let Some(bridge) = self.bridge.borrow().as_ref() {
            bridge.send(request, &[]);
        }
    }

    /// Asks for the views of `request` on store `generation`, unless that is what was asked last:
    /// a filter change asks at once, before the page redraws, and the redraw asks again.
    pub fn query(&self, generation: u32, request: &ViewRequest) {
        let mut last = self.last_query.borrow_mut();
        if last.as_ref().is_some_and(|(g, r)| *g == generation && r == request) {
            return;
        }
        self.send(&Request::Query(request.clone()));
        *last = Some((generation, request.clone()));
    }

    /// Sends files to load, in parts posted one per task (see the module's documentation).
    pub fn load(&self, files: &[PickedFile]) {
        let base_origin = self.next_origin.get();
        self.next_origin
            .set(base_origin.saturating_add(u32::try_from(files.len()).unwrap_or(u32::MAX)));
        let mut outbox = self.outbox.borrow_mut();
        outbox.runs.push_back((base_origin, files.iter().cloned().collect()));
        if outbox.sending {
            return;
        }
        outbox.sending = true;
        let client = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            loop {
                let started = js_sys::Date::now();
                while js_sys::Date::now() - started < PART_MS {
                    if !client.post_chunk(CHUNK_FILES) {
                        return;
                    }
                }
                yield_to_browser().await;
            }
        });
    }

    /// Posts up to `count` files of the outbox; `false` when nothing was left to post.
    fn post_chunk(&self, count: usize) -> bool {
        let (request, handles) = {
            let mut outbox = self.outbox.borrow_mut();
            let Some((base_origin, run)) = outbox.runs.front_mut() else {
                outbox.sending = false;
                return false;
            };
            let part: Vec<PickedFile> = run.drain(..count.min(run.len())).collect();
            let origin = *base_origin;
            *base_origin = base_origin.saturating_add(part.len() as u32);
            if run.is_empty() {
                outbox.runs.pop_front();
            }
            let request = Request::Load {
                base_origin: origin,
                paths: part.iter().map(|f| f.path.clone()).collect(),
                more: !outbox.runs.is_empty(),
            };
            let handles: Vec<web_sys::File> = part.into_iter().map(|f| f.file).collect();
            (request, handles)
        };
        if let Some(bridge) = self.bridge.borrow().as_ref() {
            bridge.send(&request, &handles);
        }
        true
    }

    /// Asks the worker to forget everything, and restarts the file numbering.
    pub fn clear(&self) {
        self.outbox.borrow_mut().runs.clear();
        self.next_origin.set(0);
        self.send(&Request::Clear);
    }
}
