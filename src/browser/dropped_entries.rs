//! Turning what a user picked or dropped into files with the paths they recognise.
//!
//! A drop may hold whole folders (an `AWSLogs/` tree). Folders are only reachable through
//! `DataTransferItem.getAsFileSystemHandle()` (Chromium) or `webkitGetAsEntry()`, which must be
//! called while the drop event is being handled; the tree is then walked asynchronously. The
//! handles are walked when the browser gives them: Chromium walks them about three times faster
//! than the entries (a folder of 34,000 files in 5 s rather than 16) and their files are posted
//! to the worker without a call to the browser each. A directory reader returns its children in
//! batches, so `readEntries` is called again until it returns an empty batch.

use super::describe;
use super::folder_handle::files_below;
use super::folder_walk::{walk, Found};
use super::next_task::yield_to_browser;
use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DataTransfer, DataTransferItem, File, FileList, FileSystemDirectoryEntry, FileSystemDirectoryHandle,
    FileSystemDirectoryReader, FileSystemEntry, FileSystemFileEntry, FileSystemHandle,
};

/// A file to load with the path shown for it.
#[derive(Debug, Clone, PartialEq)]
pub struct PickedFile {
    /// Path relative to what was picked (`AWSLogs/…/x.json.gz`), or the file's name.
    pub path: String,
    /// The browser's handle; its bytes are read later, in the worker.
    pub file: File,
    /// The dropped or picked folder the file is below (the first part of its path), when the
    /// browser gave the folder's handle: the worker then lets the file go between its reads.
    pub folder: Option<FileSystemDirectoryHandle>,
}

impl PickedFile {
    /// A file known by `path` alone.
    pub fn new(path: String, file: File) -> Self {
        PickedFile {
            path,
            file,
            folder: None,
        }
    }
}

/// What a drop held, captured while its event is being handled.
#[derive(Debug, Default)]
pub struct Dropped {
    /// The browser's promise of a handle for each item, when it has them for every item.
    handles: Option<Vec<Promise>>,
    entries: Vec<FileSystemEntry>,
    files: Vec<File>,
}

/// Files of a picked list read per task: a picked folder of 11,000 files took 40-60 ms in one
/// task (a few calls into the browser per file).
const LIST_CHUNK: u32 = 1000;

/// The files of an `<input type=file>`, with their folder-relative path when a folder was
/// picked (`webkitdirectory`), read a chunk per task so that a large pick never blocks the page.
pub async fn from_file_list(list: &FileList) -> Vec<PickedFile> {
    let count = list.length();
    let mut picked: Vec<PickedFile> = Vec::with_capacity(count as usize);
    for start in (0..count).step_by(LIST_CHUNK as usize) {
        if start > 0 {
            yield_to_browser().await;
        }
        let chunk = (start..count.min(start + LIST_CHUNK)).filter_map(|i| list.get(i));
        picked.extend(chunk.map(picked_file).filter(|p| !is_hidden(&p.path)));
    }
    picked.sort_by(|a, b| a.path.cmp(&b.path));
    picked
}

fn picked_file(file: File) -> PickedFile {
    let relative = Reflect::get(&file, &JsValue::from_str("webkitRelativePath"))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    let path = if relative.is_empty() { file.name() } else { relative };
    PickedFile::new(path, file)
}

/// Takes the entries of a drop; must be called from the `drop` handler itself. Browsers without
/// the entries API fall back to the plain file list (no folders).
pub fn take(data: &DataTransfer) -> Dropped {
    let mut dropped = Dropped::default();
    let items = data.items();
    let mut handles = Some(Vec::new());
    for i in 0..items.length() {
        let Some(item) = items.get(i) else { continue };
        if item.kind() != "file" {
            continue;
        }
        handles = handles.zip(handle_of(&item)).map(|(mut all, handle)| {
            all.push(handle);
            all
        });
        match item.webkit_get_as_entry() {
            Ok(Some(entry)) => dropped.entries.push(entry),
            _ => {
                if let Ok(Some(file)) = item.get_as_file() {
                    dropped.files.push(file);
                }
            }
        }
    }
    if dropped.entries.is_empty() && dropped.files.is_empty() {
        if let Some(list) = data.files() {
            dropped.files = (0..list.length()).filter_map(|i| list.get(i)).collect();
        }
    }
    dropped.handles = handles.filter(|all| !all.is_empty());
    dropped
}

/// The promise of `item`'s handle, from a browser that has `getAsFileSystemHandle` (web-sys has it
/// only behind its unstable APIs, so it is looked up by name).
fn handle_of(item: &DataTransferItem) -> Option<Promise> {
    let method = Reflect::get(item, &"getAsFileSystemHandle".into())
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    method.call0(item).ok()?.dyn_into::<Promise>().ok()
}

/// The handles of a drop, if the browser gave one for every item.
async fn handles_of(promises: Vec<Promise>) -> Option<Vec<FileSystemHandle>> {
    let mut handles = Vec::with_capacity(promises.len());
    for promise in promises {
        let handle = JsFuture::from(promise).await.ok()?;
        handles.push(handle.dyn_into::<FileSystemHandle>().ok()?);
    }
    Some(handles)
}

/// Every file below the dropped items, sorted by path, and a message per entry that could not
/// be read. Hidden files (`.DS_Store`) are skipped: they are never logs.
pub async fn collect(dropped: Dropped) -> (Vec<PickedFile>, Vec<String>) {
    if let Some(handles) = dropped.handles {
        if let Some(handles) = handles_of(handles).await {
            return files_below(handles).await;
        }
    }
    let (mut picked, errors) = walk(dropped.entries, FileSystemEntry::name, |entry| async move {
        if entry.is_directory() {
            let reader = entry.unchecked_ref::<FileSystemDirectoryEntry>().create_reader();
            read_all_entries(&reader).await.map(Found::Folder)
        } else if entry.is_file() {
            file_of(entry.unchecked_ref::<FileSystemFileEntry>())
                .await
                .map(Found::File)
        } else {
            Ok(Found::Folder(Vec::new()))
        }
    })
    .await;
    picked.extend(dropped.files.into_iter().map(|file| PickedFile::new(file.name(), file)));
    picked.sort_by(|a, b| a.path.cmp(&b.path));
    (picked, errors)
}

/// Whether any component of the path starts with a dot.
pub(super) fn is_hidden(path: &str) -> bool {
    path.split('/').any(|part| part.starts_with('.'))
}

/// All children of a directory: `readEntries` returns them in batches (100 at a time in
/// Chromium) and an empty batch at the end.
async fn read_all_entries(reader: &FileSystemDirectoryReader) -> Result<Vec<FileSystemEntry>, String> {
    let mut all = Vec::new();
    loop {
        let batch = callback_promise(|ok, err| {
            reader
                .read_entries_with_callback_and_callback(ok, err)
                .map_err(|e| describe(&e))
        })
        .await?;
        let batch = Array::from(&batch);
        if batch.length() == 0 {
            return Ok(all);
        }
        all.extend(batch.iter().map(|entry| entry.unchecked_into::<FileSystemEntry>()));
    }
}

async fn file_of(entry: &FileSystemFileEntry) -> Result<File, String> {
    let file = callback_promise(|ok, err| {
        entry.file_with_callback_and_callback(ok, err);
        Ok(())
    })
    .await?;
    file.dyn_into::<File>()
        .map_err(|_| "the browser did not return a file".to_string())
}

/// Runs a callback-style browser API as a future of its success value.
async fn callback_promise(
    start: impl FnOnce(&js_sys::Function, &js_sys::Function) -> Result<(), String>,
) -> Result<JsValue, String> {
    let mut start = Some(start);
    let mut started = Ok(());
    let promise = Promise::new(&mut |resolve, reject| {
        if let Some(start) = start.take() {
            started = start(&resolve, &reject);
        }
    });
    started?;
    JsFuture::from(promise).await.map_err(|e| describe(&e))
}

#[cfg(test)]
mod tests {
    use super::is_hidden;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn dot_files_and_folders_are_hidden() {
        assert!(is_hidden(".DS_Store"));
        assert!(is_hidden("AWSLogs/.git/x.json"));
        assert!(!is_hidden("AWSLogs/111122223333/CloudTrail/x.json.gz"));
        assert!(!is_hidden("trail.v1.json"));
    }
}
