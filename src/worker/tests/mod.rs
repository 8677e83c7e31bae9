//! The worker's state machine with files in memory and a clock that moves as files are read, by
//! topic: loading, queries, exports, searches and the helpers' jobs.

mod export;
mod helper_jobs;
mod loading;
mod queries;
mod rereads;
mod search;
mod sorted_pages;
mod sql;
mod staging;
mod tar_reads;
mod zip_parts;

use super::loading::{HeldMemory, HELD_LIMIT};
use super::source::{DecodeResult, FileSource};
use super::*;
use flate2::write::GzEncoder;
use flate2::Compression;
use std::cell::Cell;
use std::io::Write;
use std::rc::Rc;
use trailscope_core::decode::{Decoded, Decoder};
use trailscope_core::FileError;

/// Files as bytes (`None` cannot be read), cut in 64-byte slices that each take `ms_per_slice`.
struct Memory {
    clock: Rc<Cell<f64>>,
    ms_per_slice: f64,
}

/// A file as [`Memory`] holds it.
type Held = Option<Rc<Vec<u8>>>;

impl Memory {
    /// Files read in no time, on a clock of their own.
    fn instant() -> Self {
        Memory {
            clock: Rc::new(Cell::new(0.0)),
            ms_per_slice: 0.0,
        }
    }
}

impl FileSource for Memory {
    type Handle = Held;

    fn size(&self, file: &Self::Handle) -> u64 {
        file.as_ref().map_or(0, |b| b.len() as u64)
    }

    fn decode(
        &self,
        file: &Self::Handle,
        cap: u64,
        on_slice: &mut dyn FnMut(u64),
    ) -> Result<Result<Decoded, FileError>, String> {
        let bytes = file.as_ref().ok_or("NotFoundError: gone")?;
        let mut decoder = Decoder::new(cap);
        for slice in bytes.chunks(64) {
            self.clock.set(self.clock.get() + self.ms_per_slice);
            decoder.push(slice);
            on_slice(slice.len() as u64);
        }
        Ok(decoder.finish())
    }

    fn read_all(&self, file: &Self::Handle) -> Result<Vec<u8>, String> {
        file.as_ref()
            .map(|b| b.to_vec())
            .ok_or_else(|| "NotFoundError: gone".to_string())
    }

    fn read_range(&self, file: &Self::Handle, range: std::ops::Range<u64>) -> Result<Vec<u8>, String> {
        let bytes = file.as_ref().ok_or("NotFoundError: gone")?;
        let range = range.start as usize..range.end as usize;
        bytes
            .get(range)
            .map(<[u8]>::to_vec)
            .ok_or_else(|| "NotReadableError: past the end".to_string())
    }
}

fn gzip(text: &str) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(text.as_bytes()).expect("in memory");
    encoder.finish().expect("in memory")
}

fn worker(ms_per_slice: f64) -> Worker<Memory> {
    let clock = Rc::new(Cell::new(0.0));
    let now = clock.clone();
    Worker::new(
        Memory { clock, ms_per_slice },
        Box::new(move || now.get()),
        never_full(),
    )
}

/// A heap that never fills.
fn never_full() -> HeldMemory {
    HeldMemory {
        held: Box::new(|| 0),
        limit: HELD_LIMIT,
    }
}

fn file(bytes: Vec<u8>) -> Held {
    Some(Rc::new(bytes))
}

/// Sends a request and runs the load to its end; returns every response.
fn send(worker: &mut Worker<Memory>, request: Request, files: Vec<Held>) -> Vec<Response> {
    let mut out = Vec::new();
    worker.handle(request, files, &mut |r| out.push(r));
    while worker.step(&mut |r| out.push(r)) {}
    out
}

fn load(paths: &[&str], base_origin: u32) -> Request {
    Request::Load {
        base_origin,
        paths: paths.iter().map(|p| p.to_string()).collect(),
        more: false,
        choose: Choose::Never,
    }
}

/// A load that may be followed by `more` parts, or held for the person to `choose` from.
fn load_choosing(paths: &[String], base_origin: u32, more: bool, choose: Choose) -> Request {
    Request::Load {
        base_origin,
        paths: paths.to_vec(),
        more,
        choose,
    }
}

fn loaded(responses: &[Response]) -> &Loaded {
    responses
        .iter()
        .find_map(|r| match r {
            Response::Loaded(l) => Some(l),
            _ => None,
        })
        .expect("the load ends")
}

/// The one answer to a request that carries no files.
fn answer(w: &mut Worker<Memory>, request: Request) -> Response {
    let mut out = send(w, request, Vec::new());
    assert_eq!(out.len(), 1, "one answer: {out:?}");
    out.remove(0)
}
