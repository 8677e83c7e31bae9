//! Reading a large dropped file (or one event's file) inside the worker. A `Blob` is read in
//! slices with `FileReaderSync` (synchronous, so only available in workers) and each slice is
//! pushed into the engine's [`Decoder`] as it arrives: a large gzip file is never held whole in
//! memory, and its decompressed size is checked while it is read.

use super::describe;
use js_sys::Uint8Array;
use std::ops::Range;
use trailscope_core::decode::{Decoded, Decoder};
use trailscope_core::FileError;
use web_sys::{Blob, FileReaderSync};

/// Bytes read from a file at a time: large enough that the per-call overhead is negligible, small
/// enough that memory stays flat and that inflating one slice (about 6× its size in JSON) takes
/// well under the 250 ms between two progress reports.
pub const SLICE_BYTES: u64 = 2 << 20;

/// Reads `blob` in slices of at most `slice` bytes and hands each to `sink`, in order.
///
/// The error is the browser's (the file was moved, deleted or is unreadable), as a message.
pub fn read_slices(
    reader: &FileReaderSync,
    blob: &Blob,
    slice: u64,
    mut sink: impl FnMut(&[u8]),
) -> Result<(), String> {
    read_slices_while(reader, blob, slice, |bytes| {
        sink(bytes);
        true
    })
}

/// Like [`read_slices`], but stops reading as soon as `sink` returns `false`.
fn read_slices_while(
    reader: &FileReaderSync,
    blob: &Blob,
    slice: u64,
    mut sink: impl FnMut(&[u8]) -> bool,
) -> Result<(), String> {
    let size = blob.size() as u64;
    let slice = slice.max(1);
    let mut buffer = Vec::new();
    let mut start = 0;
    while start < size {
        let end = (start + slice).min(size);
        let part = blob
            .slice_with_f64_and_f64(start as f64, end as f64)
            .map_err(|e| describe(&e))?;
        let array_buffer = reader.read_as_array_buffer(&part).map_err(|e| describe(&e))?;
        let bytes = Uint8Array::new(&array_buffer);
        buffer.resize(bytes.length() as usize, 0);
        bytes.copy_to(&mut buffer);
        if !sink(&buffer) {
            break;
        }
        start = end;
    }
    Ok(())
}

/// Decodes `blob` as the engine would decode its bytes, reading it in slices (and no further than
/// the first error, such as a file over the cap). `on_slice` is told the size of each slice read,
/// for progress.
///
/// The outer error is a browser failure to read the file; the inner result is the engine's.
pub fn decode_blob(
    reader: &FileReaderSync,
    blob: &Blob,
    cap: u64,
    slice: u64,
    mut on_slice: impl FnMut(u64),
) -> Result<Result<Decoded, FileError>, String> {
    let mut decoder = Decoder::new(cap).with_input_size(blob.size() as u64);
    read_slices_while(reader, blob, slice, |bytes| {
        decoder.push(bytes);
        on_slice(bytes.len() as u64);
        !decoder.has_failed()
    })?;
    Ok(decoder.finish())
}

/// The bytes of `range` in `blob`, read at once (a zip archive's directory, or one of its parts).
pub fn read_range(reader: &FileReaderSync, blob: &Blob, range: Range<u64>) -> Result<Vec<u8>, String> {
    let part = blob
        .slice_with_f64_and_f64(range.start as f64, range.end as f64)
        .map_err(|e| describe(&e))?;
    let array_buffer = reader.read_as_array_buffer(&part).map_err(|e| describe(&e))?;
    let bytes = Uint8Array::new(&array_buffer).to_vec();
    if bytes.len() as u64 != range.end - range.start {
        return Err("the file is shorter than it was".to_string());
    }
    Ok(bytes)
}

/// The whole content of `blob`, read in slices (to re-read one event from its file).
pub fn read_all(reader: &FileReaderSync, blob: &Blob, slice: u64) -> Result<Vec<u8>, String> {
    let mut all = Vec::with_capacity(blob.size() as usize);
    read_slices(reader, blob, slice, |bytes| all.extend_from_slice(bytes))?;
    Ok(all)
}
