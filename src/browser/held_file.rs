//! The files the worker keeps for re-reading (a search in every field, an event's JSON), held as
//! ranges of a few joined `Blob`s instead of one `File` each: Chromium's browser process keeps
//! about 8 KB for each live `File` (its blob's registration), 1.3 KB a file once 1,024 of them
//! are joined into one `Blob` and the `File`s are let go (decision 0046).

use super::describe;
use super::folder_files::{find, FolderFiles};
use super::wire::{CarriedFile, FolderRef};
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

/// Most files joined into one `Blob`: at 1,024 a file costs the browser 1.3 KB (8.5 KB held
/// alone), and a group's join is built in 30–200 ms, one group after the other.
pub const JOINED_FILES: usize = 1024;

/// Files received together, until they are joined, and then their one `Blob`.
pub enum Group {
    /// The `File`s, in the order received.
    Open(Vec<Blob>),
    /// One `Blob` of them all, in that order.
    Joined(Blob),
    /// Files of one folder, let go between the requests that read them.
    Found(FolderFiles),
}

/// One file the worker holds: its group and where its bytes are in it.
#[derive(Clone)]
pub struct HeldFile {
    group: Rc<RefCell<Group>>,
    index: usize,
    start: f64,
    size: f64,
}

impl HeldFile {
    /// The files of `parts` (each a `Blob` and how many files it holds, from [`parts_of`]), of
    /// `sizes` bytes each in turn: a helper's job.
    pub fn split(parts: Vec<(Blob, u32)>, sizes: &[f64]) -> Vec<HeldFile> {
        let mut sizes = sizes.iter().copied();
        let mut files = Vec::with_capacity(sizes.len());
        for (blob, count) in parts {
            let group = Rc::new(RefCell::new(Group::Joined(blob)));
            let mut start = 0.0;
            for (index, size) in sizes.by_ref().take(count as usize).enumerate() {
                files.push(HeldFile {
                    group: group.clone(),
                    index,
                    start,
                    size,
                });
                start += size;
            }
        }
        files
    }

    /// The file's size in bytes.
    pub fn size(&self) -> f64 {
        self.size
    }

    /// The file's bytes as a `Blob` of their own: the `File` itself until its group is joined,
    /// then a slice of the joined `Blob`.
    pub fn blob(&self) -> Result<Blob, String> {
        self.range(self.start + self.size)
    }

    /// The bytes of `range` in this file, as one slice of the `Blob` that holds them (a re-read
    /// of part of a file, such as a zip's directory or an event's file, asks the browser once).
    pub fn slice(&self, range: std::ops::Range<u64>) -> Result<Blob, String> {
        if range.end as f64 > self.size {
            return Err("the range is past the file's end".to_string());
        }
        let (start, end) = (self.start + range.start as f64, self.start + range.end as f64);
        match &*self.group.borrow() {
            Group::Open(files) => files[self.index].slice_with_f64_and_f64(range.start as f64, range.end as f64),
            Group::Joined(joined) => joined.slice_with_f64_and_f64(start, end),
            Group::Found(found) => found
                .file(self.index)?
                .slice_with_f64_and_f64(range.start as f64, range.end as f64),
        }
        .map_err(|e| describe(&e))
    }

    fn is_joined(&self) -> bool {
        matches!(&*self.group.borrow(), Group::Joined(_))
    }

    /// Whether the file was let go, to be found again through its folder before it is read.
    pub fn is_let_go(&self) -> bool {
        matches!(&*self.group.borrow(), Group::Found(found) if found.is_let_go(self.index))
    }

    /// This file's bytes and those after it in its joined group, up to `end` (in the group): the
    /// `File` alone while the group is open.
    fn range(&self, end: f64) -> Result<Blob, String> {
        match &*self.group.borrow() {
            Group::Open(files) => Ok(files[self.index].clone()),
            Group::Found(found) => found.file(self.index).cloned(),
            Group::Joined(joined) if self.start == 0.0 && end == joined.size() => Ok(joined.clone()),
            Group::Joined(joined) => joined.slice_with_f64_and_f64(self.start, end).map_err(|e| describe(&e)),
        }
    }
}

/// The `Blob`s that hold `files` (in order), each with how many of them it holds: files that
/// follow each other in one joined `Blob` are one slice of it, any other file its own `File`.
pub fn parts_of(files: &[&HeldFile]) -> Result<Vec<(Blob, u32)>, String> {
    let mut parts = Vec::new();
    let mut run: Option<(&HeldFile, f64, u32)> = None;
    for &file in files {
        match &mut run {
            Some((first, end, count))
                if Rc::ptr_eq(&first.group, &file.group) && *end == file.start && file.is_joined() =>
            {
                *end += file.size;
                *count += 1;
            }
            _ => {
                if let Some((first, end, count)) = run.replace((file, file.start + file.size, 1)) {
                    parts.push((first.range(end)?, count));
                }
            }
        }
    }
    if let Some((first, end, count)) = run {
        parts.push((first.range(end)?, count));
    }
    Ok(parts)
}

/// `files` as one `Blob`, with each one's size: what a group read reads.
pub fn joined(files: &[&HeldFile]) -> Result<(Blob, Vec<f64>), String> {
    let parts: js_sys::Array = parts_of(files)?.into_iter().map(|(blob, _)| blob).collect();
    let blob = Blob::new_with_blob_sequence(&parts).map_err(|e| describe(&e))?;
    Ok((blob, files.iter().map(|file| file.size).collect()))
}

/// The files the worker was sent, in groups of [`JOINED_FILES`], joined once a load has read
/// them: a load reads its files largest first, and a slice of a joined `Blob` for every file read
/// cost the browser a blob of its own (twice the browser's IO time of a 1M-event load).
#[derive(Default)]
pub struct Holder {
    unjoined: Vec<Rc<RefCell<Group>>>,
    open: Option<OpenGroup>,
    /// The groups of files held by their folder, let go whenever nothing reads them.
    found: Vec<Weak<RefCell<Group>>>,
    /// The group files of a folder are being added to, with the folder's number.
    adding: Option<(u32, Rc<RefCell<Group>>)>,
    /// The folders sent, by number (see [`FolderRef`]).
    folders: Vec<web_sys::FileSystemDirectoryHandle>,
}

/// The group files are being added to: how many it has and where its bytes end.
struct OpenGroup {
    group: Rc<RefCell<Group>>,
    count: usize,
    end: f64,
}

impl Default for OpenGroup {
    fn default() -> Self {
        OpenGroup {
            group: Rc::new(RefCell::new(Group::Open(Vec::new()))),
            count: 0,
            end: 0.0,
        }
    }
}

impl Holder {
    /// `files` as the worker holds them, in their order; `paths` are the ones the load names
    /// them by, which start with their folder's name.
    pub fn hold(&mut self, files: Vec<CarriedFile>, paths: &[String]) -> Vec<HeldFile> {
        let mut held = Vec::with_capacity(files.len());
        for (i, CarriedFile { file, folder }) in files.into_iter().enumerate() {
            let size = file.size();
            let below = paths
                .get(i)
                .and_then(|path| path.split_once('/'))
                .map(|(_, below)| below);
            if let (Some(group), Some(below)) = (folder.and_then(|folder| self.folder_group(folder)), below) {
                let Group::Found(files) = &mut *group.borrow_mut() else {
                    unreachable!("a folder's group holds its files by path")
                };
                let index = files.push(file, below);
                held.push(HeldFile {
                    group: group.clone(),
                    index,
                    start: 0.0,
                    size,
                });
                continue;
            }
            let open = self.open.get_or_insert_with(OpenGroup::default);
            if let Group::Open(files) = &mut *open.group.borrow_mut() {
                files.push(file);
            }
            held.push(HeldFile {
                group: open.group.clone(),
                index: open.count,
                start: open.end,
                size,
            });
            open.count += 1;
            open.end += size;
            if open.count == JOINED_FILES {
                self.unjoined.extend(self.open.take().map(|open| open.group));
            }
        }
        held
    }

    /// The groups of files held since the last join, to be joined: taken now, so that a load
    /// that starts meanwhile keeps its own files unjoined until it ends.
    pub fn to_join(&mut self) -> Vec<Rc<RefCell<Group>>> {
        self.unjoined.extend(self.open.take().map(|open| open.group));
        std::mem::take(&mut self.unjoined)
    }

    /// The group the next file of `folder` goes in: the one being added to while it is the same
    /// folder's and holds fewer than [`JOINED_FILES`] files, else a new one. `None` for a number
    /// never sent.
    fn folder_group(&mut self, folder: FolderRef) -> Option<Rc<RefCell<Group>>> {
        let number = match folder {
            FolderRef::New(handle) => {
                self.folders.push(handle);
                self.folders.len() as u32 - 1
            }
            FolderRef::Sent(number) => number,
        };
        let handle = self.folders.get(number as usize)?;
        let full = |group: &Rc<RefCell<Group>>| match &*group.borrow() {
            Group::Found(files) => files.count() >= JOINED_FILES,
            _ => true,
        };
        match &self.adding {
            Some((adding, group)) if *adding == number && !full(group) => Some(group.clone()),
            _ => {
                let group = Rc::new(RefCell::new(Group::Found(FolderFiles::new(handle.clone()))));
                self.found.push(Rc::downgrade(&group));
                self.adding = Some((number, group.clone()));
                Some(group)
            }
        }
    }

    /// Whether any file was let go (and must be found again before it is read).
    pub fn has_let_go(&self) -> bool {
        (self.found.iter().filter_map(Weak::upgrade))
            .any(|group| matches!(&*group.borrow(), Group::Found(files) if files.has_let_go()))
    }

    /// Lets go of every file held by its folder (and forgets the groups no file refers to).
    pub fn let_go_found(&mut self) {
        self.found.retain(|group| match group.upgrade() {
            Some(group) => {
                if let Group::Found(files) = &mut *group.borrow_mut() {
                    files.let_go();
                }
                true
            }
            None => false,
        });
    }
}

/// Finds again, through their folders, those of `files` that were let go.
pub async fn find_again(files: &[&HeldFile]) {
    let mut groups: Vec<(Rc<RefCell<Group>>, Vec<usize>)> = Vec::new();
    for file in files.iter().filter(|file| file.is_let_go()) {
        match groups.iter_mut().find(|(group, _)| Rc::ptr_eq(group, &file.group)) {
            Some((_, indexes)) => indexes.push(file.index),
            None => groups.push((file.group.clone(), vec![file.index])),
        }
    }
    for (group, indexes) in groups {
        let Some((folder, paths)) = (match &*group.borrow() {
            Group::Found(found) => Some(found.to_find(&indexes)),
            _ => None,
        }) else {
            continue;
        };
        let found = find(&folder, paths).await;
        if let Group::Found(files) = &mut *group.borrow_mut() {
            files.put_back(&indexes, found);
        }
    }
}

/// Joins `group` into one `Blob`, letting its `File`s go, and gives that `Blob`; a group no file
/// of the worker's refers to any more is let go whole, and one whose join fails keeps its `File`s.
fn join(group: Rc<RefCell<Group>>) -> Option<Blob> {
    if Rc::strong_count(&group) == 1 {
        return None;
    }
    let mut group = group.borrow_mut();
    let Group::Open(files) = &*group else { return None };
    let joined = Blob::new_with_blob_sequence(&files.iter().collect::<js_sys::Array>()).ok()?;
    *group = Group::Joined(joined.clone());
    Some(joined)
}

/// Joins `groups` (from [`Holder::to_join`]), each in a task of its own once the browser has
/// built the one before (a byte of it read): the views asked for after a load are answered in
/// between, and the browser, which holds a join's parts twice while it builds it, builds one at
/// a time (joins sent all at once held 255 MB more at 3M events).
pub async fn join_all(groups: Vec<Rc<RefCell<Group>>>) {
    for group in groups {
        // A timer, not a promise: the worker's queued messages come first.
        let later = js_sys::Promise::new(&mut |resolve, _| {
            Timeout::new(0, move || drop(resolve.call0(&JsValue::NULL))).forget();
        });
        // Neither promise rejects: a failed read leaves the group's files to fail again when read.
        let _ = JsFuture::from(later).await;
        if let Some(built) = join(group).and_then(|joined| joined.slice_with_f64_and_f64(0.0, 1.0).ok()) {
            let _ = JsFuture::from(built.array_buffer()).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;
    use web_sys::File;

    fn file(text: &str) -> Blob {
        let parts: js_sys::Array = std::iter::once(js_sys::Uint8Array::from(text.as_bytes())).collect();
        File::new_with_u8_array_sequence(&parts, "f.json")
            .expect("a file")
            .into()
    }

    async fn read(blob: Blob) -> String {
        let bytes = wasm_bindgen_futures::JsFuture::from(blob.array_buffer())
            .await
            .expect("read");
        String::from_utf8(js_sys::Uint8Array::new(&bytes).to_vec()).expect("utf-8")
    }

    async fn text(held: &HeldFile) -> String {
        read(held.blob().expect("a blob")).await
    }

    /// What `files` read as one `Blob` of [`joined`], and in how many parts they were sent.
    async fn read_together(files: &[&HeldFile]) -> (String, usize) {
        let parts = parts_of(files).expect("parts").len();
        (read(joined(files).expect("joined").0).await, parts)
    }

    #[wasm_bindgen_test]
    async fn each_file_reads_its_own_bytes_before_and_after_its_group_is_joined() {
        let texts: Vec<String> = (0..JOINED_FILES + 3).map(|i| format!("{{\"file\":{i}}}")).collect();
        let mut holder = Holder::default();
        let carried = texts.iter().map(|t| CarriedFile {
            file: file(t),
            folder: None,
        });
        let held = holder.hold(carried.collect(), &[]);
        // Until the load has read them, the files are their own `File`s, in groups of 1,024,
        // and a group read asks for each one.
        assert!(matches!(&*held[0].group.borrow(), Group::Open(files) if files.len() == JOINED_FILES));
        assert!(matches!(&*held[JOINED_FILES].group.borrow(), Group::Open(files) if files.len() == 3));
        for i in [0, 517, JOINED_FILES + 2] {
            assert_eq!(text(&held[i]).await, texts[i]);
        }
        let (both, parts) = read_together(&[&held[1], &held[2]]).await;
        assert_eq!((both.as_str(), parts), (texts[1..3].concat().as_str(), 2));
        join_all(holder.to_join()).await;
        assert!(held
            .iter()
            .all(|file| matches!(&*file.group.borrow(), Group::Joined(_))));
        for i in [0, 1, 517, JOINED_FILES - 1, JOINED_FILES, JOINED_FILES + 2] {
            assert_eq!(text(&held[i]).await, texts[i]);
            assert_eq!(held[i].size(), texts[i].len() as f64);
        }
        // A range of a joined file is its own bytes, and none past its end.
        assert_eq!(read(held[517].slice(2..8).expect("a slice")).await, texts[517][2..8]);
        assert!(held[517].slice(2..texts[517].len() as u64 + 1).is_err());
        // Files that follow each other in a joined group are one slice of it.
        let picks = [3, 4, 5, 9, JOINED_FILES - 1, JOINED_FILES, JOINED_FILES + 1];
        let expected: String = picks.map(|i| texts[i].as_str()).concat();
        assert_eq!(read_together(&picks.map(|i| &held[i])).await, (expected, 4));
        // A helper's job: its files' parts and sizes, split again as the helper does.
        let job = [2, 3, 4, 7, JOINED_FILES + 1, JOINED_FILES + 2];
        let files = job.map(|i| &held[i]);
        let parts = parts_of(&files).expect("parts");
        assert_eq!(parts.iter().map(|(_, count)| *count).collect::<Vec<_>>(), [3, 1, 2]);
        let split = HeldFile::split(parts, &files.map(HeldFile::size));
        assert_eq!(split.len(), job.len());
        for (file, i) in split.iter().zip(job) {
            assert_eq!(text(file).await, texts[i]);
        }
    }
}
