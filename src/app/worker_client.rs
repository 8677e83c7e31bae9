//! The UI's handle on the worker: sends requests and numbers the files of each load, so that
//! every file keeps a distinct origin index across loads until the next Clear.
//!
//! Files go to the worker in parts, one part per task: posting a `File` costs the UI thread a
//! synchronous call to the browser for its size and date (measured: 0.08 ms a file on a quiet
//! machine, seconds for 11,000 files), so one message with every file would freeze the page. Each
//! task posts messages of [`CHUNK_FILES`] files until it has spent [`PART_MS`], and the worker
//! starts reading the first files while the next ones are posted. What goes in each message is
//! decided by [`Outbox`]; `browser::worker_bridge` posts them and `browser::next_task` runs the
//! tasks.

use crate::browser::dropped_entries::PickedFile;
use crate::browser::next_task::in_page_tasks;
use crate::browser::worker_bridge::WorkerBridge;
use crate::protocol::{Choose, Request, Response};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use trailscope_core::query::view::ViewRequest;

/// How long one task of the UI thread posts files before it lets the page render.
pub const PART_MS: f64 = 5.0;
/// Files per message. The browser's answer to the call a file costs takes 0.08 ms on a quiet
/// machine but about 1 ms, and at times nearly 2, while it reads the load's files for the
/// workers; parts sized from the last part's cost overshot to 55–70 ms tasks. Checking the
/// clock after every 16 files keeps a task near [`PART_MS`] plus one message (~30 ms at worst;
/// 24 or 32 files still let a task pass 50 ms in some runs).
const CHUNK_FILES: usize = 16;

/// Files waiting to be posted, numbered across loads until a Clear: runs of files with the
/// origin of their first. Generic over the file, so that it is tested without a browser.
struct Outbox<F> {
    runs: VecDeque<(u32, Choose, VecDeque<F>)>,
    next_origin: u32,
    /// A task is posting the runs.
    sending: bool,
}

impl<F> Default for Outbox<F> {
    fn default() -> Self {
        Outbox {
            runs: VecDeque::new(),
            next_origin: 0,
            sending: false,
        }
    }
}

/// One message of a load: files from origin `base_origin` on.
struct Part<F> {
    base_origin: u32,
    files: Vec<F>,
    /// More files follow, so that the worker does not end the load before them.
    more: bool,
    /// Whether the user chooses what to read first.
    choose: Choose,
}

impl<F> Outbox<F> {
    /// Queues the files of a load after those of earlier loads; returns whether posting must
    /// start (no task is posting already).
    fn push(&mut self, files: VecDeque<F>, choose: Choose) -> bool {
        let base_origin = self.next_origin;
        self.next_origin = base_origin.saturating_add(u32::try_from(files.len()).unwrap_or(u32::MAX));
        self.runs.push_back((base_origin, choose, files));
        !std::mem::replace(&mut self.sending, true)
    }

    /// The next message of up to `count` files; none when everything is posted (posting stops).
    fn next_part(&mut self, count: usize) -> Option<Part<F>> {
        let Some((base_origin, choose, run)) = self.runs.front_mut() else {
            self.sending = false;
            return None;
        };
        let files: Vec<F> = run.drain(..count.min(run.len())).collect();
        let (origin, choose) = (*base_origin, *choose);
        *base_origin = base_origin.saturating_add(files.len() as u32);
        if run.is_empty() {
            self.runs.pop_front();
        }
        Some(Part {
            base_origin: origin,
            files,
            more: !self.runs.is_empty(),
            choose,
        })
    }

    /// Drops the files not yet posted and numbers files from 0 again.
    fn clear(&mut self) {
        self.runs.clear();
        self.next_origin = 0;
    }
}

/// Cheap to clone; every clone talks to the same worker.
#[derive(Clone, Default)]
pub struct WorkerClient {
    bridge: Rc<RefCell<Option<WorkerBridge>>>,
    outbox: Rc<RefCell<Outbox<PickedFile>>>,
    last_query: Rc<RefCell<Option<(u32, u32, ViewRequest)>>>,
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

    /// Asks for the views of `request` on store `generation` with `searches_kept` searches in
    /// every field kept (rows a `json:` term selects), unless that is what was asked last: a
    /// filter change asks at once, before the page redraws, and the redraw asks again.
    pub fn query(&self, generation: u32, searches_kept: u32, request: &ViewRequest) {
        let mut last = self.last_query.borrow_mut();
        let asked = |(g, s, r): &(u32, u32, ViewRequest)| *g == generation && *s == searches_kept && r == request;
        if last.as_ref().is_some_and(asked) {
            return;
        }
        self.send(&Request::Query(request.clone()));
        *last = Some((generation, searches_kept, request.clone()));
    }

    /// Sends files to load, in parts posted one per task (see the module's documentation).
    pub fn load(&self, files: Vec<PickedFile>, choose: Choose) {
        if !self.outbox.borrow_mut().push(files.into(), choose) {
            return;
        }
        let client = self.clone();
        in_page_tasks(PART_MS, move || client.post_chunk(CHUNK_FILES));
    }

    /// Posts up to `count` files of the outbox; `false` when nothing was left to post.
    fn post_chunk(&self, count: usize) -> bool {
        let Some(part) = self.outbox.borrow_mut().next_part(count) else {
            return false;
        };
        let request = Request::Load {
            base_origin: part.base_origin,
            paths: part.files.iter().map(|f| f.path.clone()).collect(),
            more: part.more,
            choose: part.choose,
        };
        if let Some(bridge) = self.bridge.borrow().as_ref() {
            bridge.send(&request, &part.files);
        }
        true
    }

    /// Asks the worker to forget everything, and restarts the file numbering.
    pub fn clear(&self) {
        self.outbox.borrow_mut().clear();
        self.send(&Request::Clear);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// Every message the outbox makes of what it holds, as (base origin, files, more, choose).
    fn drain(outbox: &mut Outbox<&'static str>, count: usize) -> Vec<(u32, Vec<&'static str>, bool, Choose)> {
        std::iter::from_fn(|| outbox.next_part(count))
            .map(|part| (part.base_origin, part.files, part.more, part.choose))
            .collect()
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn loads_are_posted_in_parts_numbered_across_loads_until_a_clear() {
        let mut outbox = Outbox::default();
        assert!(
            outbox.push(["a", "b", "c"].into(), Choose::Never),
            "the first load starts posting"
        );
        assert!(
            !outbox.push(["d", "e"].into(), Choose::Always),
            "a load while posting joins the queue"
        );
        assert_eq!(
            drain(&mut outbox, 2),
            [
                (0, vec!["a", "b"], true, Choose::Never),
                (2, vec!["c"], true, Choose::Never),
                (3, vec!["d", "e"], false, Choose::Always)
            ]
        );
        assert!(
            outbox.push(["f"].into(), Choose::Never),
            "posting starts again once everything was posted"
        );
        assert_eq!(drain(&mut outbox, 2), [(5, vec!["f"], false, Choose::Never)]);
        outbox.push(["g", "h"].into(), Choose::Never);
        outbox.clear();
        assert_eq!(drain(&mut outbox, 2), [], "a Clear drops what was not posted");
        outbox.push(["i"].into(), Choose::Never);
        assert_eq!(
            drain(&mut outbox, 2),
            [(0, vec!["i"], false, Choose::Never)],
            "and numbers from 0 again"
        );
    }
}
