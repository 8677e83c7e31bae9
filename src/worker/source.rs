//! Where the worker gets a file's bytes from. In the app that is a browser `File` read with
//! `FileReaderSync`; the trait lets the worker's state machine be tested with bytes in memory.

use crate::browser::file_reading::{decode_blob, read_all, SLICE_BYTES};
use trailscope_core::decode::Decoded;
use trailscope_core::FileError;
use web_sys::{File, FileReaderSync};

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
}

/// Dropped files, read synchronously in the worker.
pub struct BrowserFiles {
    reader: FileReaderSync,
}

impl BrowserFiles {
    /// A source reading with `reader` (one is enough for every file).
    pub fn new(reader: FileReaderSync) -> Self {
        BrowserFiles { reader }
    }
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
}
