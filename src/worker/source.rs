//! Where the worker gets a file's bytes from. In the app that is a browser `File`, read whole with
//! `Blob.arrayBuffer()` (several reads in flight, so that the browser reads ahead while the worker
//! parses) or, when larger than [`WHOLE_FILE_MAX`], in slices with `FileReaderSync`; the trait
//! lets the worker's state machine be tested with bytes in memory.

use crate::browser::describe;
use crate::browser::file_reading::{decode_blob, read_all, SLICE_BYTES};
use js_sys::{ArrayBuffer, Uint8Array};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use trailscope_core::decode::{Decoded, Decoder};
use trailscope_core::FileError;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, FileReaderSync};

/// Largest file read whole (and inflated in one call); larger ones are streamed in slices so that
/// memory stays bounded.
pub const WHOLE_FILE_MAX: u64 = 64 << 20;

/// Files the owner reads ahead of the one it parses.
pub const READ_AHEAD: usize = 12;

/// A decode result: the outer error is a failure to read the file at all.
pub type DecodeResult = Result<Result<Decoded, FileError>, String>;

/// Reads the files handed to the worker.
pub trait FileSource {
    /// A file as the worker keeps it between requests.
    type Handle: Clone;

    /// The file's size in bytes.
    fn size(&self, file: &Self::Handle) -> u64;

    /// Decodes the file, reporting the size of each slice read. The outer error is a failure
    /// to read the file at all.
    fn decode(
        &self,
        file: &Self::Handle,
        cap: u64,
        on_slice: &mut dyn FnMut(u64),
    ) -> Result<Result<Decoded, FileError>, String>;

    /// The file's whole content, to re-read one event.
    fn read_all(&self, file: &Self::Handle) -> Result<Vec<u8>, String>;

    /// How many files the worker should ask to [`FileSource::prefetch`] ahead (0: it reads
    /// synchronously).
    fn read_ahead(&self) -> usize {
        0
    }

    /// Starts reading `file` in the background, under `key`.
    fn prefetch(&self, _file: &Self::Handle, _key: u32) {}

    /// Whether the read under `key` is over (or was never started).
    fn ready(&self, _key: u32) -> bool {
        true
    }

    /// Decodes the file read in the background under `key`, if there is one.
    fn decode_fetched(&self, _key: u32, _cap: u64) -> Option<DecodeResult> {
        None
    }

    /// Drops every background read.
    fn discard(&self) {}
}

/// A background read's outcome, once it is in.
type Slot = Rc<RefCell<Option<Result<Vec<u8>, String>>>>;

/// Dropped files, read in the worker.
pub struct BrowserFiles {
    reader: FileReaderSync,
    fetched: RefCell<HashMap<u32, Slot>>,
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

/// Starts reading `file` whole, unless it is larger than [`WHOLE_FILE_MAX`].
pub fn start_read(file: &File) -> Option<JsFuture> {
    (file.size() as u64 <= WHOLE_FILE_MAX).then(|| JsFuture::from(file.array_buffer()))
}

/// The bytes of a read started by [`start_read`].
pub async fn read_bytes(read: JsFuture) -> Result<Vec<u8>, String> {
    let buffer = read.await.map_err(|e| describe(&e))?;
    let buffer: ArrayBuffer = buffer.dyn_into().map_err(|_| "the read gave no bytes".to_string())?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Decodes a read started by [`start_read`].
pub async fn finish_read(read: JsFuture, cap: u64) -> DecodeResult {
    read_bytes(read).await.map(|bytes| Decoder::decode_all(&bytes, cap))
}

impl FileSource for BrowserFiles {
    type Handle = File;

    fn size(&self, file: &File) -> u64 {
        file.size() as u64
    }

    fn decode(
        &self,
        file: &File,
        cap: u64,
        on_slice: &mut dyn FnMut(u64),
    ) -> Result<Result<Decoded, FileError>, String> {
        decode_blob(&self.reader, file, cap, SLICE_BYTES, on_slice)
    }

    fn read_all(&self, file: &File) -> Result<Vec<u8>, String> {
        read_all(&self.reader, file, SLICE_BYTES)
    }

    fn read_ahead(&self) -> usize {
        READ_AHEAD
    }

    fn prefetch(&self, file: &File, key: u32) {
        if self.fetched.borrow().contains_key(&key) {
            return;
        }
        let Some(read) = start_read(file) else { return };
        let slot = Slot::default();
        self.fetched.borrow_mut().insert(key, slot.clone());
        let wake = self.wake.borrow().clone();
        wasm_bindgen_futures::spawn_local(async move {
            *slot.borrow_mut() = Some(read_bytes(read).await);
            if let Some(wake) = wake {
                wake();
            }
        });
    }

    fn ready(&self, key: u32) -> bool {
        self.fetched
            .borrow()
            .get(&key)
            .is_none_or(|slot| slot.borrow().is_some())
    }

    fn decode_fetched(&self, key: u32, cap: u64) -> Option<DecodeResult> {
        let slot = self.fetched.borrow_mut().remove(&key)?;
        let read = slot.borrow_mut().take()?;
        Some(read.map(|bytes| Decoder::decode_all(&bytes, cap)))
    }

    fn discard(&self) {
        self.fetched.borrow_mut().clear();
    }
}
