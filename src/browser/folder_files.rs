//! The files of a dropped or picked folder, let go while nothing reads them and found again by
//! their paths through the folder's handle when a request re-reads them (an event's JSON, a search
//! in every field, an export of the events' JSON): Chromium's browser process keeps about 1.3 KB
//! for every file a page holds, even joined into one `Blob` (decision 0046), and nothing for a
//! file it can find again (decision 0056).

use super::describe;
use super::folder_handle::file_of;
use super::folder_walk::{all_at_once, IN_FLIGHT};
use std::collections::{BTreeSet, HashMap};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, File, FileSystemDirectoryHandle, FileSystemFileHandle};

/// Files below one folder, held by path.
pub struct FolderFiles {
    folder: FileSystemDirectoryHandle,
    /// Each file's path below the folder, one after the other, and where each one ends.
    paths: String,
    ends: Vec<u32>,
    /// Each file's size and last change when it was sent: a file found again must still have them.
    stamps: Vec<(f64, f64)>,
    /// Each file while it is in use: its `File`, or why it cannot be read; `None` once let go.
    files: Vec<Option<Result<Blob, String>>>,
}

impl FolderFiles {
    /// No files yet, below `folder`.
    pub fn new(folder: FileSystemDirectoryHandle) -> Self {
        FolderFiles {
            folder,
            paths: String::new(),
            ends: Vec::new(),
            stamps: Vec::new(),
            files: Vec::new(),
        }
    }

    /// How many files it holds.
    pub fn count(&self) -> usize {
        self.files.len()
    }

    /// Adds `file`, at `path` below the folder, held until [`FolderFiles::let_go`]; gives its index.
    pub fn push(&mut self, file: Blob, path: &str) -> usize {
        let modified = file.dyn_ref::<File>().map_or(0.0, File::last_modified);
        self.stamps.push((file.size(), modified));
        self.paths.push_str(path);
        self.ends.push(self.paths.len() as u32);
        self.files.push(Some(Ok(file)));
        self.files.len() - 1
    }

    fn path(&self, index: usize) -> &str {
        let start = index.checked_sub(1).map_or(0, |before| self.ends[before] as usize);
        &self.paths[start..self.ends[index] as usize]
    }

    /// The file at `index`, or why it cannot be read.
    pub fn file(&self, index: usize) -> Result<&Blob, String> {
        match &self.files[index] {
            Some(Ok(file)) => Ok(file),
            Some(Err(reason)) => Err(reason.clone()),
            None => Err("the file was let go and not found again".to_string()),
        }
    }

    /// Whether the file at `index` was let go.
    pub fn is_let_go(&self, index: usize) -> bool {
        self.files[index].is_none()
    }

    /// Whether any of its files was let go.
    pub fn has_let_go(&self) -> bool {
        self.files.iter().any(Option::is_none)
    }

    /// Lets every file go.
    pub fn let_go(&mut self) {
        self.files.iter_mut().for_each(|file| *file = None);
    }

    /// The folder and the paths of the files at `indexes`, to find them again with [`find`].
    pub fn to_find(&self, indexes: &[usize]) -> (FileSystemDirectoryHandle, Vec<String>) {
        let paths = indexes.iter().map(|&i| self.path(i).to_string()).collect();
        (self.folder.clone(), paths)
    }

    /// Holds the files found again at `indexes`; one that changed since it was sent is not read.
    pub fn put_back(&mut self, indexes: &[usize], found: Vec<Result<File, String>>) {
        for (&index, found) in indexes.iter().zip(found) {
            let (size, modified) = self.stamps[index];
            let checked = found.and_then(|file| match file.size() == size && file.last_modified() == modified {
                true => Ok(Blob::from(file)),
                false => Err("it changed since it was loaded".to_string()),
            });
            self.files[index] = Some(checked);
        }
    }
}

/// The files at `paths` (names joined by `/`) below `folder`, or why each cannot be had: the
/// folders on the way are asked for once each, a level at a time, and then the files, with
/// [`IN_FLIGHT`] calls to the browser in flight.
pub async fn find(folder: &FileSystemDirectoryHandle, paths: Vec<String>) -> Vec<Result<File, String>> {
    let parent_of = |path: &str| path.rfind('/').map_or(String::new(), |end| path[..end].to_string());
    let mut folders: HashMap<String, Result<FileSystemDirectoryHandle, String>> = HashMap::new();
    folders.insert(String::new(), Ok(folder.clone()));
    let mut wanted: BTreeSet<String> = BTreeSet::new();
    for path in &paths {
        let mut parent = parent_of(path);
        while !parent.is_empty() && wanted.insert(parent.clone()) {
            parent = parent_of(&parent);
        }
    }
    let depth = |path: &String| path.matches('/').count();
    for level in 0..=wanted.iter().map(depth).max().unwrap_or(0) {
        let names: Vec<String> = wanted.iter().filter(|path| depth(path) == level).cloned().collect();
        for chunk in names.chunks(IN_FLIGHT) {
            let asks = chunk
                .iter()
                .map(|path| (path.clone(), folders[&parent_of(path)].clone()));
            let found = all_at_once(asks.collect(), |(path, parent)| async move {
                let parent = parent?;
                let name = path.rsplit('/').next().unwrap_or_default();
                let handle = JsFuture::from(parent.get_directory_handle(name)).await;
                Ok::<_, String>(
                    handle
                        .map_err(|e| gone(&describe(&e)))?
                        .unchecked_into::<FileSystemDirectoryHandle>(),
                )
            })
            .await;
            folders.extend(chunk.iter().cloned().zip(found));
        }
    }
    let mut files = Vec::with_capacity(paths.len());
    for chunk in paths.chunks(IN_FLIGHT) {
        let asks = chunk
            .iter()
            .map(|path| (path.clone(), folders[&parent_of(path)].clone()));
        files.extend(
            all_at_once(asks.collect(), |(path, parent)| async move {
                let name = path.rsplit('/').next().unwrap_or_default();
                let handle = JsFuture::from(parent?.get_file_handle(name))
                    .await
                    .map_err(|e| gone(&describe(&e)))?;
                file_of(handle.unchecked_ref::<FileSystemFileHandle>())
                    .await
                    .map_err(|e| gone(&e))
            })
            .await,
        );
    }
    files
}

/// Why a file could not be found again, from the browser's error.
fn gone(error: &str) -> String {
    format!("it is no longer where it was loaded from ({error})")
}
