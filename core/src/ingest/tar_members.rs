//! Loading a top-level tar or tar.gz file as it is read: its bytes (inflated first, for a
//! tar.gz, which can only be inflated in order) go through a [`TarSplitter`], whose members come
//! out in batches that any loader decodes into its own [`Ingest`], so that the archive is never
//! held whole and its members are decoded on every core. They are recorded as loading the
//! archive whole records them.

use super::Ingest;
use crate::decode::archive::{ArchiveCap, Read};
use crate::decode::gzip::{Ending, GzipDecoder, MAGIC};
use crate::decode::tar_split::{TarFile, TarSplitter, BLOCK};
use crate::decode::{is_tar, MAX_CAP};
use crate::error::FileError;
use crate::integrity::key::is_digest_path;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::sync::Arc;

/// Most bytes inflated from one slice of a tar.gz before they are handed on: deflate inflates
/// at most about 1,032 times, so a slice is pushed in pieces of 64 KiB.
const PIECE: usize = 64 << 10;
/// What the inflater may hold between two pieces.
const INFLATER_HOLDS: u64 = 128 << 20;

/// A tar file being read in order.
pub struct TarLoad {
    origin: u32,
    path: String,
    inflater: Option<GzipDecoder>,
    splitter: TarSplitter,
    /// What the archive's members may read in all, shared with every loader.
    cap: Arc<ArchiveCap>,
    /// Whether log files are hashed: from the first digest among the members on, as in a
    /// dropped folder whose digests come after some of its files.
    hash_files: bool,
    /// Members read and not yet handed out, and their bytes.
    batch: Vec<TarMember>,
    batch_bytes: u64,
    /// About the most stored bytes in a batch.
    max_batch_bytes: u64,
    /// Bytes of tar read (inflated, for a tar.gz), counted against the cap.
    read: u64,
    /// Why reading stopped early, if it did.
    failed: Option<FileError>,
}

/// One member and its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct TarMember {
    index: u32,
    name: String,
    bytes: Result<Vec<u8>, FileError>,
}

/// Some members of a tar file read in order, with what a loader needs to record them: any
/// loader, in this worker or another (they cross as they are).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TarMembers {
    /// The tar file's origin, as the caller numbers its files.
    pub origin: u32,
    path: String,
    hash_files: bool,
    /// The per-file cap of the archive's allowance.
    cap: u64,
    members: Vec<TarMember>,
}

/// How reading a tar file ended, for [`Ingest::finish_tar`] once every batch is loaded.
pub struct TarEnd {
    path: String,
    files: u32,
    failed: Option<FileError>,
    cap: Arc<ArchiveCap>,
}

impl Ingest {
    /// Opens the file `path` (the caller's file `origin`, `len` bytes) as a tar read in order
    /// when its first bytes `head` (some KiB of it) are a tar's, or a gzip's whose text starts
    /// with a tar header; `None` for any other file. Members come out in batches of about
    /// `batch_bytes`.
    pub fn open_tar(&self, origin: u32, path: &str, len: u64, head: &[u8], batch_bytes: u64) -> Option<TarLoad> {
        let gzip = head.starts_with(&MAGIC);
        let starts_a_tar = if gzip {
            // Only a header's worth is inflated: the sniff stops there, at that cap.
            let mut inflater = GzipDecoder::new(BLOCK as u64, BLOCK);
            let _ = inflater.push(&head[..head.len().min(PIECE)]);
            is_tar(inflater.held_text())
        } else {
            is_tar(head)
        };
        let cap = self.options.max_decompressed.min(MAX_CAP);
        starts_a_tar.then(|| TarLoad {
            origin,
            path: path.to_string(),
            inflater: gzip.then(|| GzipDecoder::new(INFLATER_HOLDS, 0)),
            splitter: TarSplitter::new(cap),
            cap: Arc::new(ArchiveCap::new(cap, len)),
            hash_files: self.options.hash_files,
            batch: Vec::new(),
            batch_bytes: 0,
            max_batch_bytes: batch_bytes,
            read: 0,
            failed: None,
        })
    }

    /// Loads a batch of a tar file's members within `cap`, the archive's allowance.
    pub fn add_tar_members(&mut self, batch: &TarMembers, cap: &ArchiveCap) {
        let hashing = self.options.hash_files;
        self.options.hash_files = batch.hash_files;
        for member in &batch.members {
            if cap.exceeded() {
                break;
            }
            let decoded = match &member.bytes {
                Err(error) => Some(Err(error.clone())),
                Ok(bytes) => cap.read(bytes.len() as u64, |_| Read::Bytes(Cow::Borrowed(bytes))),
            };
            let Some(decoded) = decoded else { break };
            let path = format!("{}/{}", batch.path, member.name);
            self.add_at_depth(batch.origin, &path, &[member.index], decoded, cap);
        }
        self.options.hash_files = hashing;
    }

    /// Ends a tar file once every batch of it was loaded (by any of the loaders): records why
    /// reading stopped early, an archive that held no file, or one whose members went past the
    /// cap in all.
    pub fn finish_tar(&mut self, end: &TarEnd) {
        if let Some(error) = &end.failed {
            self.fail(&end.path, error.clone());
        } else if end.files == 0 {
            self.fail(&end.path, FileError::EmptyArchive);
        }
        if end.cap.exceeded() {
            self.fail(&end.path, FileError::ArchiveTooLarge { cap: end.cap.total() });
        }
    }
}

impl TarMembers {
    /// The stored bytes of its members.
    pub fn stored_bytes(&self) -> u64 {
        let bytes = |member: &TarMember| member.bytes.as_ref().map_or(0, |b| b.len() as u64);
        self.members.iter().map(bytes).sum()
    }

    /// The allowance `left` of its archive, lent to a loader elsewhere.
    pub fn lent_cap(&self, left: u64) -> ArchiveCap {
        ArchiveCap::lent(self.cap, left)
    }
}

impl TarLoad {
    /// The archive's allowance, shared by the loaders of its batches.
    pub fn cap(&self) -> Arc<ArchiveCap> {
        self.cap.clone()
    }

    /// Reads the next slice of the file; gives the batches of members it completed.
    pub fn push(&mut self, slice: &[u8]) -> Vec<TarMembers> {
        let mut batches = Vec::new();
        for piece in slice.chunks(PIECE) {
            match &mut self.inflater {
                _ if self.failed.is_some() => break,
                Some(inflater) => {
                    let text = inflater.push(piece).map(|()| inflater.take_text());
                    match text {
                        Ok(text) => self.split(&text, &mut batches),
                        Err(error) => self.failed = Some(error),
                    }
                }
                None => self.split(piece, &mut batches),
            }
        }
        batches
    }

    /// Ends the file: the last batch, and how reading ended.
    pub fn end(mut self) -> (Vec<TarMembers>, TarEnd) {
        let mut batches = Vec::new();
        if let Some(inflater) = self.inflater.take() {
            // The members whole in the text inflated before a cut are loaded all the same.
            let rest = inflater.held_text().to_vec();
            let finished = inflater.finish();
            self.split(&rest, &mut batches);
            if let Ending::Cut(_) = finished {
                self.failed.get_or_insert(FileError::TruncatedGzip);
            }
        }
        let splitter = std::mem::replace(&mut self.splitter, TarSplitter::new(0));
        let mut members = Vec::new();
        // After a failure the rest is not read: nothing is cut short, and the failure is said.
        let files = match self.failed {
            Some(_) => 0,
            None => splitter
                .finish(&mut |file| members.push(owned(file)))
                .unwrap_or_else(|error| {
                    self.failed = Some(error);
                    0
                }),
        };
        self.batch.extend(members);
        self.hand_out(&mut batches);
        let end = TarEnd {
            path: self.path,
            files,
            failed: self.failed,
            cap: self.cap,
        };
        (batches, end)
    }

    /// Splits tar bytes into members, handing out a batch whenever one is full.
    fn split(&mut self, tar: &[u8], batches: &mut Vec<TarMembers>) {
        if self.failed.is_some() {
            return;
        }
        self.read += tar.len() as u64;
        if self.read > self.cap.total() {
            self.failed = Some(FileError::ArchiveTooLarge { cap: self.cap.total() });
            return;
        }
        let mut members = Vec::new();
        if let Err(error) = self.splitter.push(tar, &mut |file| members.push(owned(file))) {
            self.failed = Some(error);
        }
        for member in members {
            self.hash_files = self.hash_files || is_digest_path(&member.name);
            self.batch_bytes += member.bytes.as_ref().map_or(0, |b| b.len() as u64);
            self.batch.push(member);
            if self.batch_bytes >= self.max_batch_bytes {
                self.hand_out(batches);
            }
        }
    }

    fn hand_out(&mut self, batches: &mut Vec<TarMembers>) {
        if self.batch.is_empty() {
            return;
        }
        self.batch_bytes = 0;
        batches.push(TarMembers {
            origin: self.origin,
            path: self.path.clone(),
            hash_files: self.hash_files,
            cap: self.cap.cap(),
            members: std::mem::take(&mut self.batch),
        });
    }
}

/// A member with bytes of its own.
fn owned(file: TarFile<'_>) -> TarMember {
    TarMember {
        index: file.index,
        name: file.name,
        bytes: file.bytes.map(Cow::into_owned),
    }
}
