//! What a load hands to the helpers and takes back: jobs of files and parts, their batches, and
//! the files of a job lost with its helper.

use super::archives::{ArchivePart, QueuedPart};
use super::{report, Load, Queued, JOB_BYTES, JOB_FILES};
use crate::protocol::Progress;
use crate::worker::helpers::JobResult;
use std::collections::HashMap;

impl<H: Clone> Load<H> {
    /// Takes the next files for a helper (see [`JOB_BYTES`]); their handles are kept in
    /// `handles`, and the clones returned travel to the helper.
    pub fn take_job(&mut self, handles: &mut HashMap<u32, H>) -> Vec<Queued<H>> {
        let mut job = Vec::new();
        let mut bytes = 0;
        while !self.cancelled && job.len() < JOB_FILES && bytes < JOB_BYTES {
            // A tar's batches first: their bytes are held until they are loaded.
            let Some(mut file) = self.tar_batches.pop_front().or_else(|| self.queue.pop_front()) else {
                break;
            };
            if let Some(part) = &mut file.part {
                match self.lend(file.origin) {
                    Some(left) => part.lent = left,
                    None => {
                        // The archive's allowance is spent: the part is not read.
                        self.part_done(file.origin, file.size);
                        continue;
                    }
                }
            }
            bytes += file.size;
            handles.insert(file.origin, file.handle.clone());
            job.push(file);
        }
        if !job.is_empty() {
            self.outstanding += 1;
        }
        job
    }

    /// A helper's job came back, read into its batch.
    pub fn job_done(&mut self, result: JobResult, now: f64, out: &mut dyn FnMut(Progress)) {
        self.outstanding = self.outstanding.saturating_sub(1);
        self.progress.files_done += result.files;
        self.progress.bytes_read += result.bytes;
        self.progress.events += result.batch.rows.columns.len() as u64;
        self.read.absorb(result.batch, self.expected_events());
        self.settle(&result.archives);
        report(&mut self.progress, &mut self.last_progress, self.started, now, out);
    }

    /// A helper was lost with a job: its files go back to the queue.
    pub fn job_lost(&mut self, files: Vec<Queued<H>>) {
        self.outstanding = self.outstanding.saturating_sub(1);
        for file in files.into_iter().rev() {
            match &file.part {
                Some(QueuedPart {
                    part: ArchivePart::Tar(_),
                    ..
                }) => self.tar_batches.push_front(file),
                _ => self.queue.push_front(file),
            }
        }
    }
}
