//! A folder opened through the File System Access API (Chromium's `showDirectoryPicker`): picked,
//! asked for read permission again after a reload, and walked into the same [`PickedFile`]s a
//! dropped folder gives.
//!
//! web-sys has the handles themselves (`FileSystemDirectoryHandle` is in the File System
//! standard) but puts the picker and the permission calls behind `web_sys_unstable_apis`; rather
//! than build the whole crate with unstable bindings for two calls, they are looked up here by
//! name, which also tells whether this browser has them.

use super::describe;
use super::dropped_entries::PickedFile;
use super::folder_walk::{walk, Found, TASK_MS};
use super::next_task::yield_if_task_over;
use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, FileSystemDirectoryHandle, FileSystemFileHandle, FileSystemHandle, FileSystemHandleKind};

/// Whether this browser can pick a folder it may open again later.
pub fn can_pick() -> bool {
    web_sys::window().is_some_and(|window| function(&window, "showDirectoryPicker").is_some())
}

/// Lets the person pick a folder to read; `None` when they closed the picker.
pub async fn pick() -> Result<Option<FileSystemDirectoryHandle>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let picker = function(&window, "showDirectoryPicker").ok_or("this browser cannot pick a folder to remember")?;
    let picked = call_promise(&picker, &window, &read_mode()).await;
    match picked {
        Ok(folder) => folder
            .dyn_into::<FileSystemDirectoryHandle>()
            .map(Some)
            .map_err(|_| "the browser did not return a folder".to_string()),
        Err(error) if name_of(&error) == "AbortError" => Ok(None),
        Err(error) => Err(describe(&error)),
    }
}

/// Whether the folder may be read, asking the person if the browser wants to (it does after a
/// reload); to be called from a click, since the browser asks only then.
pub async fn may_read(folder: &FileSystemDirectoryHandle) -> Result<bool, String> {
    for call in ["queryPermission", "requestPermission"] {
        // A browser without the permission calls lets whoever holds a handle read it.
        let Some(ask) = function(folder, call) else {
            return Ok(true);
        };
        let state = call_promise(&ask, folder, &read_mode())
            .await
            .map_err(|e| describe(&e))?;
        if state.as_string().as_deref() == Some("granted") {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Every file below `folder`, as a dropped folder gives them: paths start with the folder's
/// name, hidden files and folders are skipped, sorted by path; and a message per entry that
/// could not be read.
pub async fn files_of(folder: &FileSystemDirectoryHandle) -> (Vec<PickedFile>, Vec<String>) {
    files_below(vec![folder.clone().into()]).await
}

/// Every file below the folders and files `roots` (a drop's handles), as [`files_of`] gives them,
/// each file below a folder with that folder's handle.
pub async fn files_below(roots: Vec<FileSystemHandle>) -> (Vec<PickedFile>, Vec<String>) {
    let folders: Vec<(String, FileSystemDirectoryHandle)> = (roots.iter())
        .filter(|root| root.kind() == FileSystemHandleKind::Directory)
        .map(|root| (root.name(), root.clone().unchecked_into()))
        .collect();
    let (mut picked, errors) = walk(roots, FileSystemHandle::name, |handle| async move {
        match handle.kind() {
            FileSystemHandleKind::Directory => children(handle.unchecked_ref()).await.map(Found::Folder),
            FileSystemHandleKind::File => file_of(handle.unchecked_ref()).await.map(Found::File),
            _ => Ok(Found::Folder(Vec::new())),
        }
    })
    .await;
    for file in &mut picked {
        let top = file.path.split_once('/').map(|(top, _)| top);
        file.folder = (folders.iter())
            .find(|(name, _)| Some(name.as_str()) == top)
            .map(|(_, folder)| folder.clone());
    }
    (picked, errors)
}

/// The entries of one folder, read from its asynchronous iterator.
async fn children(directory: &FileSystemDirectoryHandle) -> Result<Vec<FileSystemHandle>, String> {
    let entries = directory.values();
    let mut all = Vec::new();
    loop {
        let next = entries.next().map_err(|e| describe(&e))?;
        let step = JsFuture::from(next).await.map_err(|e| describe(&e))?;
        if Reflect::get(&step, &"done".into()).is_ok_and(|done| done.is_truthy()) {
            return Ok(all);
        }
        let value = Reflect::get(&step, &"value".into()).map_err(|e| describe(&e))?;
        all.push(value.unchecked_into());
        // The browser may hold the whole listing: each step is then answered at once.
        yield_if_task_over(TASK_MS).await;
    }
}

/// The file behind `handle`, as it is now.
pub(super) async fn file_of(handle: &FileSystemFileHandle) -> Result<File, String> {
    let file = JsFuture::from(handle.get_file()).await.map_err(|e| describe(&e))?;
    file.dyn_into::<File>()
        .map_err(|_| "the browser did not return a file".to_string())
}

/// `{ mode: 'read' }`: the app never writes to a folder.
fn read_mode() -> JsValue {
    let options = Object::new();
    // Setting a property of a fresh plain object does not fail.
    let _ = Reflect::set(&options, &"mode".into(), &"read".into());
    options.into()
}

/// The method `name` of `target`, if it has one.
fn function(target: &JsValue, name: &str) -> Option<Function> {
    Reflect::get(target, &name.into()).ok()?.dyn_into::<Function>().ok()
}

/// Calls a method that returns a promise, and waits for it.
async fn call_promise(method: &Function, this: &JsValue, argument: &JsValue) -> Result<JsValue, JsValue> {
    let promise = method.call1(this, argument)?.dyn_into::<Promise>()?;
    JsFuture::from(promise).await
}

/// A `DOMException`'s name (`AbortError` when a picker was closed).
fn name_of(error: &JsValue) -> String {
    Reflect::get(error, &"name".into())
        .ok()
        .and_then(|name| name.as_string())
        .unwrap_or_default()
}
