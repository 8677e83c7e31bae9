//! The parts of archives a load queues in place of whole files (a zip's entries, a tar's members
//! with their bytes), loaded by the owner or lent to a helper with what is left of their
//! archive's allowance, and the archive ended after its last part.

use super::{Load, Queued};
use crate::worker::source::FileSource;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use trailscope_core::decode::archive::ArchiveCap;
use trailscope_core::ingest::{TarMembers, ZipEntries};
use trailscope_core::FileError;

/// What a part of an archive holds.
pub enum ArchivePart {
    /// Entries of a zip archive, read from the archive by whoever loads them.
    Zip(ZipEntries),
    /// Members of a tar file read in order by the owner, their bytes held.
    Tar(TarMembers),
}

/// A part of an archive queued in place of a whole file.
pub struct QueuedPart {
    /// What it holds.
    pub part: ArchivePart,
    /// What it was lent of the archive's allowance when handed to a helper.
    pub lent: u64,
}

/// What a helper spent of the allowance lent with a part of an archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveSpent {
    /// The archive's origin.
    pub origin: u32,
    /// Bytes read.
    pub spent: u64,
    /// Whether it stopped at the allowance.
    pub exceeded: bool,
}

impl ArchiveSpent {
    /// What reading a part of the archive of `origin`, lent `lent` bytes within `cap`, spent.
    pub fn of(origin: u32, lent: u64, cap: &ArchiveCap) -> Self {
        ArchiveSpent {
            origin,
            spent: lent.saturating_sub(cap.left()),
            exceeded: cap.exceeded(),
        }
    }
}

impl<H: Clone> Load<H> {
    /// The allowance of the archive of `origin`, whose parts are queued.
    fn archive_cap(&self, origin: u32) -> Option<&ArchiveCap> {
        self.zips.cap(origin).or_else(|| self.tars.cap(origin))
    }

    /// What to lend a part of the archive of `origin` handed to a helper: `None` once its
    /// allowance is spent, and the part is not read.
    pub(super) fn lend(&self, origin: u32) -> Option<u64> {
        self.archive_cap(origin)
            .filter(|cap| !cap.exceeded())
            .map(ArchiveCap::left)
    }

    /// Counts what a helper spent of the allowances lent with its parts, and ends those parts.
    pub(super) fn settle(&mut self, spent: &[ArchiveSpent]) {
        for spent in spent {
            self.zips.settle(spent);
            self.tars.settle(spent);
            self.part_done(spent.origin, 0);
        }
    }

    /// A part of the archive of `origin` is over (for a zip, `stored` bytes of it not yet counted
    /// read; a tar's are counted as its slices are read); after its last, the archive is ended
    /// and counted read.
    pub(super) fn part_done(&mut self, origin: u32, stored: u64) {
        if self.tars.cap(origin).is_some() {
            self.progress.files_done += u64::from(self.tars.batch_done(&mut self.ingest, origin));
            return;
        }
        self.progress.bytes_read += stored;
        if let Some(rest) = self.zips.part_done(&mut self.ingest, origin) {
            self.progress.files_done += 1;
            self.progress.bytes_read += rest;
        }
    }

    /// Loads a part here, keeping its archive's handle in `handles`.
    pub(super) fn load_part<S: FileSource<Handle = H>>(
        &mut self,
        source: &S,
        mut file: Queued<H>,
        handles: &mut HashMap<u32, H>,
    ) {
        match file.part.take().map(|queued| queued.part) {
            Some(ArchivePart::Zip(entries)) => {
                if let Some(cap) = self.zips.cap(file.origin) {
                    let mut read = |range| source.read_range(&file.handle, range).map_err(FileError::Unreadable);
                    self.ingest.add_zip_entries(&entries, cap, &mut read);
                }
            }
            Some(ArchivePart::Tar(members)) => {
                if let Some(cap) = self.tars.cap(file.origin) {
                    self.ingest.add_tar_members(&members, cap);
                }
            }
            None => {}
        }
        self.part_done(file.origin, file.size);
        handles.insert(file.origin, file.handle);
    }

    /// Reads a slice of a tar file being read, queuing the batches of members it completed;
    /// `false` when none is being read.
    pub(super) fn read_tar<S: FileSource<Handle = H>>(&mut self, source: &S, handles: &mut HashMap<u32, H>) -> bool {
        let Some(read) = self.tars.step(&mut self.ingest, source, handles) else {
            return false;
        };
        self.progress.bytes_read += read.bytes;
        self.progress.files_done += u64::from(read.ended);
        self.tar_batches.extend(read.batches);
        true
    }
}
