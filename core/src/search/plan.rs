//! A search over the loaded events: the store's rows grouped by file in the order of their
//! locators, so that each file is re-read once, and the hits of each file turned back into rows.

use super::{Needle, Searchable};
use crate::error::{FileError, CHANGED};
use crate::export::ndjson::{self, FileEvents};
use crate::formats::extract::file_text;
use crate::formats::source::SourceFile;
use crate::store::EventStore;

/// Every row of a store, file by file.
pub struct Plan {
    /// The events of each file that holds any, in offset order.
    pub files: Vec<FileEvents>,
    /// The rows, in the order of `files` and their events.
    rows: Vec<u32>,
    /// Where each file's rows start in `rows`.
    starts: Vec<usize>,
}

impl Plan {
    /// The plan of a search over every row of `store`.
    pub fn of(store: &EventStore) -> Self {
        let c = &store.columns;
        let mut rows: Vec<u32> = (0..c.len() as u32).collect();
        rows.sort_unstable_by_key(|&i| (c.file[i as usize], c.offset[i as usize]));
        let files = ndjson::plan(store, &rows);
        let starts = files
            .iter()
            .scan(0, |start, part| {
                let this = *start;
                *start += part.events.len();
                Some(this)
            })
            .collect();
        Plan { files, rows, starts }
    }

    /// The rows (sorted) of the hits of each part of `files`: `hits` holds, per part (by its
    /// index in `files`), the indexes of its events found; an index out of range is ignored.
    pub fn rows<'h>(&self, hits: impl IntoIterator<Item = (usize, &'h [u32])>) -> Vec<u32> {
        let mut rows: Vec<u32> = hits
            .into_iter()
            .flat_map(|(part, events)| {
                let rows = self
                    .starts
                    .get(part)
                    .and_then(|&s| self.rows.get(s..))
                    .unwrap_or_default();
                let count = self.files.get(part).map_or(0, |f| f.events.len());
                events
                    .iter()
                    .filter_map(move |&e| rows[..count.min(rows.len())].get(e as usize).copied())
            })
            .collect();
        rows.sort_unstable();
        rows.dedup();
        rows
    }
}

/// The indexes of `events` (one file's part of a [`Plan`]) that hold the needle, re-read from
/// the bytes of its top-level file (`top`) as an export re-reads them (within `cap`).
pub fn search_file(
    top: &[u8],
    file: &SourceFile,
    events: &[(u32, u32)],
    needle: &Needle,
    cap: u64,
) -> Result<Vec<u32>, FileError> {
    let text = file_text(top, file, cap)?;
    if events
        .last()
        .is_some_and(|&(offset, len)| offset as usize + len as usize > text.len())
    {
        return Err(FileError::NotCloudTrail(CHANGED.into()));
    }
    Ok(Searchable::of_shape(text, file.shape).events(needle, events))
}
