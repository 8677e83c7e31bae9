//! Where the worker gets a file's bytes from: the port through which the state machine reads
//! files, so that it runs the same over the browser's `File`s (`browser::file_source`) and over
//! bytes in memory in its tests.

use std::collections::HashMap;
use std::ops::Range;
use trailscope_core::decode::Decoded;
use trailscope_core::formats::extract::file_text_read;
use trailscope_core::formats::source::SourceFile;
use trailscope_core::search::plan::TopFiles;
use trailscope_core::{FileError, IngestOptions};

/// The files the worker holds by origin, as a search re-reads them: in ranges, so that a zip
/// archive's entries are read alone.
pub struct HeldFiles<'a, S: FileSource> {
    /// Where they are read from.
    pub source: &'a S,
    /// Their handles, by origin.
    pub handles: &'a HashMap<u32, S::Handle>,
}

impl<S: FileSource> HeldFiles<'_, S> {
    fn handle(&self, origin: u32) -> Result<&S::Handle, String> {
        self.handles
            .get(&origin)
            .ok_or_else(|| "the file is no longer held".to_string())
    }
}

impl<S: FileSource> TopFiles for HeldFiles<'_, S> {
    fn len(&mut self, origin: u32) -> Result<u64, String> {
        self.handle(origin).map(|handle| self.source.size(handle))
    }

    fn read(&mut self, origin: u32, range: Range<u64>) -> Result<Vec<u8>, String> {
        self.source.read_range(self.handle(origin)?, range)
    }
}

/// The cap files are decoded within when re-read: the one they were loaded with.
pub fn re_read_cap() -> u64 {
    IngestOptions::default().max_decompressed
}

/// The decoded text of `file` (a top-level file or an entry inside archives), re-read from its
/// top-level file's `handle`: an entry of a zip archive from its own bytes, not the whole archive.
pub fn text_of<S: FileSource>(source: &S, handle: &S::Handle, file: &SourceFile) -> Result<Vec<u8>, String> {
    let cap = re_read_cap();
    let mut read = |range| source.read_range(handle, range).map_err(FileError::Unreadable);
    file_text_read(file, source.size(handle), &mut read, cap).map_err(|e| e.to_string())
}

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

    /// The bytes of `range` in the file (a zip archive's directory, or one of its parts).
    fn read_range(&self, file: &Self::Handle, range: Range<u64>) -> Result<Vec<u8>, String>;

    /// How many files the worker should ask to [`FileSource::prefetch`] ahead (0: it reads
    /// synchronously).
    fn read_ahead(&self) -> usize {
        0
    }

    /// Starts reading `files` in the background, each under its key.
    fn prefetch(&self, _files: &[(&Self::Handle, u32)]) {}

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
