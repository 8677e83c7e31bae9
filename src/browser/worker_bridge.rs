//! The UI's end of the worker: starts it as a module worker from the loader script Trunk writes
//! next to the page, sends requests and hands every response to one callback.
//!
//! Requests sent before the worker says [`Response::Ready`] are held and sent then: a module
//! worker initialises its wasm asynchronously and would drop messages that arrive earlier.

use super::describe;
use super::dropped_entries::PickedFile;
use super::wire::{pack_request, unpack_response, FolderRef, Packed};
use crate::protocol::{Request, Response};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, FileSystemDirectoryHandle, MessageEvent, Worker, WorkerOptions, WorkerType};

/// Trunk's loader for the `worker` binary (`data-loader-shim`). Worker files are never hashed,
/// so the name is fixed; it is relative so the app works under any sub-path.
pub const WORKER_LOADER: &str = "./worker_loader.js";

/// A running worker. Dropping it terminates the worker.
pub struct WorkerBridge {
    worker: Worker,
    held: Rc<RefCell<Option<Vec<Packed>>>>,
    /// The folders sent with files so far, numbered in order (see [`FolderRef`]).
    folders: RefCell<Vec<FileSystemDirectoryHandle>>,
    on_response: Rc<dyn Fn(Response)>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl WorkerBridge {
    /// Starts the worker; `on_response` gets every response, and a [`Response::Panic`] when the
    /// worker dies (its wasm failed to load, or it panicked).
    pub fn start(on_response: impl Fn(Response) + 'static) -> Result<Self, String> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(WORKER_LOADER, &options).map_err(|e| describe(&e))?;
        let on_response: Rc<dyn Fn(Response)> = Rc::new(on_response);
        let held: Rc<RefCell<Option<Vec<Packed>>>> = Rc::new(RefCell::new(Some(Vec::new())));
        let on_message = {
            let (worker, held, on_response) = (worker.clone(), held.clone(), on_response.clone());
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| match unpack_response(&event.data()) {
                Ok(Response::Ready) => {
                    for packed in held.take().unwrap_or_default() {
                        post(&worker, &packed, &*on_response);
                    }
                    on_response(Response::Ready);
                }
                Ok(response) => on_response(response),
                Err(message) => on_response(Response::Failed { message }),
            })
        };
        let on_error = {
            let on_response = on_response.clone();
            Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
                event.prevent_default();
                on_response(Response::Panic {
                    message: format!("the worker stopped: {}", event.message()),
                });
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(WorkerBridge {
            worker,
            held,
            folders: RefCell::default(),
            on_response,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Sends a request with the files of a load (none for other requests). A failure to encode
    /// or post comes back as [`Response::Failed`] through the response callback.
    pub fn send(&self, request: &Request, files: &[PickedFile]) {
        let mut folders = self.folders.borrow_mut();
        let sent = folders.len();
        // The worker numbers a folder as it reads the first file sent with it, so later files of
        // the same message can name it by number too.
        let mut folder_ref =
            |folder: &FileSystemDirectoryHandle| match folders.iter().position(|f| js_sys::Object::is(f, folder)) {
                Some(number) => FolderRef::Sent(number as u32),
                None => {
                    folders.push(folder.clone());
                    FolderRef::New(folder.clone())
                }
            };
        let carried: Vec<(&web_sys::Blob, Option<FolderRef>)> = files
            .iter()
            .map(|f| (&*f.file, f.folder.as_ref().map(&mut folder_ref)))
            .collect();
        let packed = pack_request(request, carried);
        if packed.is_err() {
            folders.truncate(sent);
        }
        match packed {
            Ok(packed) => match self.held.borrow_mut().as_mut() {
                Some(held) => held.push(packed),
                None => post(&self.worker, &packed, &*self.on_response),
            },
            Err(message) => (self.on_response)(Response::Failed { message }),
        }
    }
}

impl Drop for WorkerBridge {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

fn post(worker: &Worker, packed: &Packed, on_failure: &dyn Fn(Response)) {
    if let Err(error) = worker.post_message_with_transfer(&packed.value, &packed.transfer) {
        on_failure(Response::Failed {
            message: format!("cannot send to the worker: {}", describe(&error)),
        });
    }
}
