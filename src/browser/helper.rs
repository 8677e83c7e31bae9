//! A helper of the pool (see `helper_pool` for the owner's side): reads each job it is sent, in
//! order, from reads started as soon as the job arrives, and answers with its batch or its
//! search's hits.

use super::describe;
use super::file_source::{start_group, start_slice, BrowserFiles, GroupRead, GROUP_FILES, WHOLE_FILE_MAX};
use super::held_file::HeldFile;
use super::wire::{self, pack_response, unpack_job};
use crate::worker::helpers::{
    HelperAnswer, HelperRequest, ItemRead, JobIngest, JobItem, JobRequest, JobResult, SearchJobRequest, SearchJobResult,
};
use crate::worker::source::FileSource;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::ops::Range;
use std::rc::Rc;
use trailscope_core::decode::Decoder;
use trailscope_core::search::plan::TopFiles;
use trailscope_core::FileError;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent};

/// A job as a helper holds it: the request, its files, and the reads started for them as soon as
/// it arrived (so that the browser reads the next job while the helper parses this one).
struct HelperJob {
    request: HelperRequest,
    files: Vec<HeldFile>,
    reads: Vec<(Range<usize>, Option<GroupRead>)>,
}

/// Starts reading `files` in groups of up to [`GROUP_FILES`]: each entry is a range of files and
/// their group read, or none for a file read alone (larger than [`WHOLE_FILE_MAX`]) or not read
/// here. A zip archive's part stored in one span (its item in `items`) is read alone, that span
/// at once; a file whose item is missing is read whole.
fn start_reads(files: &[HeldFile], items: &[ItemRead]) -> Vec<(Range<usize>, Option<GroupRead>)> {
    let mut reads = Vec::new();
    let mut start = 0;
    let flush = |reads: &mut Vec<_>, range: Range<usize>| {
        if !range.is_empty() {
            let group: Vec<&HeldFile> = files[range.clone()].iter().collect();
            reads.push((range, start_group(&group).ok()));
        }
    };
    for (i, file) in files.iter().enumerate() {
        let read = items.get(i).unwrap_or(&ItemRead::Whole);
        if let ItemRead::Span(span) = read {
            flush(&mut reads, start..i);
            reads.push((i..i + 1, start_slice(file, span.clone()).ok()));
            start = i + 1;
        } else if *read == ItemRead::Nothing || file.size() as u64 > WHOLE_FILE_MAX {
            flush(&mut reads, start..i);
            reads.push((i..i + 1, None));
            start = i + 1;
        } else if i + 1 - start == GROUP_FILES {
            flush(&mut reads, start..i + 1);
            start = i + 1;
        }
    }
    flush(&mut reads, start..files.len());
    reads
}

/// Runs a helper: reads each job it is sent, in order, and answers with its batch.
pub fn run_helper(scope: DedicatedWorkerGlobalScope) -> Result<(), String> {
    let source = Rc::new(BrowserFiles::new(FileReaderSync::new().map_err(|e| describe(&e))?));
    let jobs: Rc<RefCell<VecDeque<HelperJob>>> = Rc::default();
    let running = Rc::new(Cell::new(false));
    let on_message = {
        let scope = scope.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            // The owner only sends jobs.
            let Ok((request, parts, sizes)) = unpack_job::<HelperRequest>(&event.data()) else {
                return;
            };
            let files = HeldFile::split(parts, &sizes);
            let reads = match &request {
                HelperRequest::Load(job) => start_reads(&files, &job.reads()),
                HelperRequest::Search(_) => start_reads(&files, &[]),
            };
            jobs.borrow_mut().push_back(HelperJob { request, files, reads });
            if running.replace(true) {
                return;
            }
            let (jobs, running, source, scope) = (jobs.clone(), running.clone(), source.clone(), scope.clone());
            wasm_bindgen_futures::spawn_local(async move {
                loop {
                    let Some(job) = jobs.borrow_mut().pop_front() else {
                        break;
                    };
                    let result = match job.request {
                        HelperRequest::Load(request) => {
                            HelperAnswer::Load(Box::new(read_job_async(&source, request, &job.files, job.reads).await))
                        }
                        HelperRequest::Search(request) => {
                            HelperAnswer::Search(search_job_async(&source, request, &job.files, job.reads).await)
                        }
                    };
                    // A batch always encodes; if it did not, the owner would see a non-batch and
                    // re-read the job itself.
                    let packed = pack_response(&result).unwrap_or_else(|_| wire::bytes(&[]));
                    let _ = scope.post_message_with_transfer(&packed.value, &packed.transfer);
                }
                running.set(false);
            });
        })
    };
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Listening: tell the owner (anything but bytes).
    scope.post_message(&JsValue::NULL).map_err(|e| describe(&e))
}

/// A group's bytes with each file's range in them (`None`: files read alone, or the read failed).
type GroupBytes = Option<(Vec<u8>, Vec<Range<usize>>)>;

/// The bytes of a group read.
async fn group_bytes(read: Option<GroupRead>) -> GroupBytes {
    let read = read?;
    let ranges = read.ranges.clone();
    read.bytes().await.ok().map(|bytes| (bytes, ranges))
}

/// Reads a job into its batch with [`JobIngest`], as the owner reads its own files, from the group
/// reads started when it arrived. The files of a group whose read failed, and large files, are
/// read alone in slices; a zip archive's part from its span's read, else entry by entry.
async fn read_job_async(
    source: &BrowserFiles,
    request: JobRequest,
    files: &[HeldFile],
    reads: Vec<(Range<usize>, Option<GroupRead>)>,
) -> JobResult {
    let mut ingest = JobIngest::new(request.options());
    let cap = ingest.cap();
    for (range, read) in reads {
        // Each group is parsed as soon as it is in, while the next ones are still read.
        let mut group = group_bytes(read).await;
        for i in range.clone() {
            let (Some(item), Some(file)) = (request.items.get(i), files.get(i)) else {
                break;
            };
            match item {
                JobItem::File { origin, path, size } => {
                    let decoded = match &group {
                        Some((bytes, ranges)) => Ok(Decoder::decode_all(&bytes[ranges[i - range.start].clone()], cap)),
                        None => source.decode(file, cap, &mut |_| {}),
                    };
                    ingest.add(*origin, path, *size, decoded);
                }
                JobItem::ZipEntries { entries, lent } => {
                    // A part is read alone: its span's bytes are the group's, and are asked first.
                    let (span, mut bytes) = (entries.part.span(), group.take().map(|(bytes, _)| bytes));
                    let mut read = |asked: Range<u64>| match bytes.take() {
                        Some(bytes) if span.as_ref() == Some(&asked) => Ok(bytes),
                        _ => source.read_range(file, asked).map_err(FileError::Unreadable),
                    };
                    ingest.add_zip_entries(entries, *lent, &mut read);
                }
                JobItem::TarMembers { members, lent } => ingest.add_tar_members(members, *lent),
            }
        }
    }
    ingest.finish(request.load)
}

/// Searches a job's files from the group reads started when it arrived (files of a failed group
/// read, and large ones, are read alone).
async fn search_job_async(
    source: &BrowserFiles,
    request: SearchJobRequest,
    files: &[HeldFile],
    reads: Vec<(Range<usize>, Option<GroupRead>)>,
) -> SearchJobResult {
    let mut groups = Vec::new();
    for (range, read) in reads {
        groups.push((range, group_bytes(read).await));
    }
    request.run(&mut JobFiles { source, files, groups })
}

/// A search job's files by position: from their group reads, else read alone in ranges (a large
/// zip archive's entries each from its own bytes).
struct JobFiles<'a> {
    source: &'a BrowserFiles,
    files: &'a [HeldFile],
    groups: Vec<(Range<usize>, GroupBytes)>,
}

impl JobFiles<'_> {
    fn file(&self, i: u32) -> Result<&HeldFile, String> {
        self.files
            .get(i as usize)
            .ok_or_else(|| "a file of the job is missing".to_string())
    }
}

impl TopFiles for JobFiles<'_> {
    fn len(&mut self, i: u32) -> Result<u64, String> {
        self.file(i).map(|file| self.source.size(file))
    }

    fn read(&mut self, i: u32, range: Range<u64>) -> Result<Vec<u8>, String> {
        let at = i as usize;
        match self.groups.iter().find(|(files, _)| files.contains(&at)) {
            Some((files, Some((bytes, ranges)))) => {
                let file = &bytes[ranges[at - files.start].clone()];
                let asked = usize::try_from(range.start).unwrap_or(usize::MAX)
                    ..usize::try_from(range.end).unwrap_or(usize::MAX);
                file.get(asked)
                    .map(<[u8]>::to_vec)
                    .ok_or_else(|| "the range is past the file's end".to_string())
            }
            _ => self.source.read_range(self.file(i)?, range),
        }
    }
}
