//! The worker's [`FileSource`] over the browser's files (held as [`HeldFile`]s). Small files are read in groups: the
//! group's files are joined into one `Blob` (by reference, nothing copied) and read with one
//! `Blob.arrayBuffer()`, then cut at the files' sizes. A read costs the browser a
//! round trip of its own whatever its size, so one read per group instead of per file is what
//! makes 11,000 small files fast (see ARCHITECTURE.md). Several reads are in flight, so that the
//! browser reads ahead while the worker parses. A file larger than [`WHOLE_FILE_MAX`], or one of
//! a group whose read failed, is read alone in slices with `FileReaderSync` (so a missing file
//! gets its own error).

use super::describe;
use super::file_reading::{decode_blob, read_all, read_range, SLICE_BYTES};
use super::held_file::{joined, HeldFile};
use crate::worker::source::{DecodeResult, FileSource};
use js_sys::{ArrayBuffer, Uint8Array};
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;
use trailscope_core::decode::{Decoded, Decoder};
use trailscope_core::FileError;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::FileReaderSync;

/// Largest file read whole (and inflated in one call); larger ones are streamed in slices so that
/// memory stays bounded.
pub const WHOLE_FILE_MAX: u64 = 64 << 20;

/// Files the owner reads ahead of the one it parses; it asks for more, as one group, when half
/// are parsed.
pub const READ_AHEAD: usize = 48;

/// Most files joined into one read.
pub const GROUP_FILES: usize = 24;

/// A group read's outcome, once it is in: all its files' bytes, one after the other.
type Slot = Rc<RefCell<Option<Result<Vec<u8>, String>>>>;

/// A file read in the background: its group's read and where its bytes are in it.
struct Fetched {
    slot: Slot,
    range: Range<usize>,
}

/// Dropped files, read in the worker.
pub struct BrowserFiles {
    reader: FileReaderSync,
    fetched: RefCell<HashMap<u32, Fetched>>,
    wake: RefCell<Option<Rc<dyn Fn()>>>,
}

impl BrowserFiles {
    /// A source reading with `reader` (one is enough for every file).
    pub fn new(reader: FileReaderSync) -> Self {
        BrowserFiles {
            reader,
            fetched: RefCell::default(),
            wake: RefCell::default(),
        }
    }

    /// Calls `wake` whenever a background read comes in.
    pub fn set_wake(&self, wake: Rc<dyn Fn()>) {
        *self.wake.borrow_mut() = Some(wake);
    }
}

/// A read of several files at once, started by [`start_group`].
pub struct GroupRead {
    read: JsFuture,
    /// Where each file's bytes are in the read, in order.
    pub ranges: Vec<Range<usize>>,
}

/// Starts reading `files` (each at most [`WHOLE_FILE_MAX`]) as one `Blob` made of them.
pub fn start_group(files: &[&HeldFile]) -> Result<GroupRead, String> {
    let (blob, sizes) = joined(files)?;
    let mut end = 0;
    let ranges = (sizes.into_iter())
        .map(|size| {
            end += size as usize;
            end - size as usize..end
        })
        .collect();
    Ok(GroupRead {
        read: JsFuture::from(blob.array_buffer()),
        ranges,
    })
}

/// Starts reading the bytes of `range` in `file` (a part of a zip archive) in the background.
pub fn start_slice(file: &HeldFile, range: Range<u64>) -> Result<GroupRead, String> {
    let blob = file.slice(range.clone())?;
    Ok(GroupRead {
        read: JsFuture::from(blob.array_buffer()),
        ranges: std::iter::once(0..(range.end - range.start) as usize).collect(),
    })
}

impl GroupRead {
    /// The group's bytes; an error if the read failed or a file changed size since it was sized.
    pub async fn bytes(self) -> Result<Vec<u8>, String> {
        let buffer = self.read.await.map_err(|e| describe(&e))?;
        let buffer: ArrayBuffer = buffer.dyn_into().map_err(|_| "the read gave no bytes".to_string())?;
        let expected = self.ranges.last().map_or(0, |r| r.end);
        if buffer.byte_length() as usize != expected {
            return Err("a file changed while it was read".to_string());
        }
        Ok(Uint8Array::new(&buffer).to_vec())
    }
}

impl FileSource for BrowserFiles {
    type Handle = HeldFile;

    fn size(&self, file: &HeldFile) -> u64 {
        file.size() as u64
    }

    fn decode(
        &self,
        file: &HeldFile,
        cap: u64,
        on_slice: &mut dyn FnMut(u64),
    ) -> Result<Result<Decoded, FileError>, String> {
        decode_blob(&self.reader, &file.blob()?, cap, SLICE_BYTES, on_slice)
    }

    fn read_all(&self, file: &HeldFile) -> Result<Vec<u8>, String> {
        read_all(&self.reader, &file.blob()?, SLICE_BYTES)
    }

    fn read_range(&self, file: &HeldFile, range: Range<u64>) -> Result<Vec<u8>, String> {
        let len = range.end - range.start;
        read_range(&self.reader, &file.slice(range)?, 0..len)
    }

    fn read_ahead(&self) -> usize {
        READ_AHEAD
    }

    fn prefetch(&self, files: &[(&HeldFile, u32)]) {
        let files: Vec<(&HeldFile, u32)> = files
            .iter()
            .copied()
            .filter(|(file, key)| file.size() as u64 <= WHOLE_FILE_MAX && !self.fetched.borrow().contains_key(key))
            .collect();
        for group in files.chunks(GROUP_FILES) {
            let handles: Vec<&HeldFile> = group.iter().map(|(file, _)| *file).collect();
            // A group that cannot even start is read file by file when its turn comes.
            let Ok(read) = start_group(&handles) else { continue };
            let slot = Slot::default();
            let mut fetched = self.fetched.borrow_mut();
            for ((_, key), range) in group.iter().zip(&read.ranges) {
                fetched.insert(
                    *key,
                    Fetched {
                        slot: slot.clone(),
                        range: range.clone(),
                    },
                );
            }
            let wake = self.wake.borrow().clone();
            wasm_bindgen_futures::spawn_local(async move {
                *slot.borrow_mut() = Some(read.bytes().await);
                if let Some(wake) = wake {
                    wake();
                }
            });
        }
    }

    fn ready(&self, key: u32) -> bool {
        self.fetched
            .borrow()
            .get(&key)
            .is_none_or(|f| f.slot.borrow().is_some())
    }

    fn decode_fetched(&self, key: u32, cap: u64) -> Option<DecodeResult> {
        let fetched = self.fetched.borrow_mut().remove(&key)?;
        let slot = fetched.slot.borrow();
        // A failed group read: the file is read alone (`decode`), which names its own error.
        let bytes = slot.as_ref()?.as_ref().ok()?;
        Some(Ok(Decoder::decode_all(&bytes[fetched.range.clone()], cap)))
    }

    fn discard(&self) {
        self.fetched.borrow_mut().clear();
    }
}
