//! Loading a top-level zip archive entry by entry, each read by the caller from its own byte
//! range (see [`ZipIndex`]), so that the entries can be loaded on several threads, each into
//! its own [`Ingest`], and are recorded exactly as loading the archive whole records them.

use super::Ingest;
use crate::decode::zip::{DirectorySpan, ZipIndex};
use crate::error::FileError;
use crate::integrity;

/// A zip archive opened from its central directory, whose entries are still to be loaded.
pub struct ZipLoad {
    origin: u32,
    path: String,
    index: ZipIndex,
    /// Whether its log files are hashed: always when the archive holds digests.
    hash_files: bool,
}

impl ZipLoad {
    /// The archive's central directory: which entries to read, and where.
    pub fn index(&self) -> &ZipIndex {
        &self.index
    }
}

impl Ingest {
    /// Opens the zip archive `path` (the caller's file `origin`, `archive_len` bytes) from its
    /// central directory (the bytes of `span`); `None` when the directory is damaged or lists no
    /// file, which is recorded as loading the archive whole records it.
    pub fn open_zip(
        &mut self,
        origin: u32,
        path: &str,
        directory: &[u8],
        span: &DirectorySpan,
        archive_len: u64,
    ) -> Option<ZipLoad> {
        match ZipIndex::new(directory, span, archive_len, self.options.max_decompressed) {
            Ok(index) => Some(ZipLoad {
                origin,
                path: path.to_string(),
                hash_files: self.options.hash_files || integrity::wants_file_hashes(index.names()),
                index,
            }),
            Err(error) => {
                self.fail(path, error);
                None
            }
        }
    }

    /// Loads entry `index` of the archive from its stored bytes, or records why they could not
    /// be read; nothing once the archive's allowance is spent.
    pub fn add_zip_entry(&mut self, zip: &ZipLoad, index: u32, data: Result<&[u8], FileError>) {
        let Some((name, decoded)) = zip.index.decode(index, data) else {
            return;
        };
        let hashing = self.options.hash_files;
        self.options.hash_files = zip.hash_files;
        let path = format!("{}/{name}", zip.path);
        self.add_at_depth(zip.origin, &path, &[index], decoded, zip.index.cap());
        self.options.hash_files = hashing;
    }

    /// Ends the archive once every entry was handed to [`Ingest::add_zip_entry`] (on any of the
    /// loaders): records it as too large if its entries together passed the cap.
    pub fn finish_zip(&mut self, zip: &ZipLoad) {
        let cap = zip.index.cap();
        if cap.exceeded() {
            self.fail(&zip.path, FileError::ArchiveTooLarge { cap: cap.cap() });
        }
    }
}
