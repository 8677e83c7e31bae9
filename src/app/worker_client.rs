//! The UI's handle on the worker: sends requests and numbers the files of each load, so that
//! every file keeps a distinct origin index across loads until the next Clear.

use crate::browser::dropped_entries::PickedFile;
use crate::browser::worker_bridge::WorkerBridge;
use crate::protocol::{Request, Response};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Cheap to clone; every clone talks to the same worker.
#[derive(Clone, Default)]
pub struct WorkerClient {
    bridge: Rc<RefCell<Option<WorkerBridge>>>,
    next_origin: Rc<Cell<u32>>,
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

    /// Sends files to load.
    pub fn load(&self, files: &[PickedFile]) {
        let base_origin = self.next_origin.get();
        self.next_origin
            .set(base_origin.saturating_add(u32::try_from(files.len()).unwrap_or(u32::MAX)));
        let request = Request::Load {
            base_origin,
            paths: files.iter().map(|f| f.path.clone()).collect(),
        };
        let handles: Vec<web_sys::File> = files.iter().map(|f| f.file.clone()).collect();
        if let Some(bridge) = self.bridge.borrow().as_ref() {
            bridge.send(&request, &handles);
        }
    }

    /// Asks the worker to forget everything, and restarts the file numbering.
    pub fn clear(&self) {
        self.next_origin.set(0);
        self.send(&Request::Clear);
    }
}
