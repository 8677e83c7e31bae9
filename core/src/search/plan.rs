//! A search over the loaded events: the store's rows grouped by file in the order of their
//! locators, so that each file is re-read once, and the hits of each file turned back into rows.

use super::{Needle, Searchable};
use crate::error::{FileError, CHANGED};
use crate::formats::extract::TopFile;
use crate::formats::source::SourceFile;
use crate::store::EventStore;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Every row of a store, file by file: the rows alone, as each part's locators are read from the
/// columns when its part is searched (a list of them beside the rows was 8 bytes an event more,
/// in an allocation per file, for as long as a search ran).
pub struct Plan {
    /// The rows, by file and, within a file, by offset.
    rows: Vec<u32>,
    /// Each part (the rows of one of the store's files): its file, and where its rows start in
    /// `rows` (the next part's start, or the end, ends them).
    parts: Vec<(u32, u32)>,
}

impl Plan {
    /// The plan of a search over every row of `store`.
    pub fn of(store: &EventStore) -> Self {
        let c = &store.columns;
        let mut rows: Vec<u32> = (0..c.len() as u32).collect();
        rows.sort_unstable_by_key(|&i| (c.file.get(i as usize), c.offset[i as usize]));
        let mut parts: Vec<(u32, u32)> = Vec::new();
        for (at, &row) in rows.iter().enumerate() {
            let file = c.file.get(row as usize);
            if parts.last().is_none_or(|&(last, _)| last != file) {
                parts.push((file, at as u32));
            }
        }
        Plan { rows, parts }
    }

    /// The rows of part `part`, by offset (none for a part out of range).
    fn rows_of(&self, part: usize) -> &[u32] {
        let Some(&(_, start)) = self.parts.get(part) else {
            return &[];
        };
        let end = self
            .parts
            .get(part + 1)
            .map_or(self.rows.len(), |&(_, end)| end as usize);
        &self.rows[start as usize..end]
    }

    /// The origin (the top-level file read) of part `part`.
    pub fn origin_of(&self, store: &EventStore, part: usize) -> Option<u32> {
        let &(file, _) = self.parts.get(part)?;
        Some(store.files[file as usize].origin)
    }

    /// The parts, grouped by top-level file (each group is one file to read), in plan order.
    pub fn by_origin(&self, store: &EventStore) -> Vec<Vec<usize>> {
        let mut groups: Vec<(u32, Vec<usize>)> = Vec::new();
        for (i, &(file, _)) in self.parts.iter().enumerate() {
            let origin = store.files[file as usize].origin;
            match groups.last_mut() {
                Some((o, parts)) if *o == origin => parts.push(i),
                _ => groups.push((origin, vec![i])),
            }
        }
        groups.into_iter().map(|(_, parts)| parts).collect()
    }

    /// The parts `indexes`, each with its file and its events' locators, to search where the
    /// store is not.
    pub fn parts(&self, store: &EventStore, indexes: &[usize]) -> Vec<Part> {
        let c = &store.columns;
        (indexes.iter().filter_map(|&i| Some((i, self.parts.get(i)?.0))))
            .map(|(i, file)| Part {
                part: i as u32,
                file: store.files[file as usize].clone(),
                events: (self.rows_of(i).iter())
                    .map(|&row| (c.offset[row as usize], c.len.get(row as usize)))
                    .collect(),
            })
            .collect()
    }

    /// The rows (sorted) of the hits of each part: `hits` holds, per part (by its index), the
    /// indexes of its events found; an index out of range is ignored. The rows are collected into
    /// room made once for every hit, as a search's rows are kept (growing by doubling held up to
    /// twice their bytes, and left the smaller rooms it outgrew free in the heap).
    pub fn rows<'h>(&self, hits: impl IntoIterator<Item = (usize, &'h [u32])>) -> Vec<u32> {
        let hits: Vec<(usize, &[u32])> = hits.into_iter().collect();
        let mut rows = Vec::with_capacity(hits.iter().map(|(_, events)| events.len()).sum());
        for (part, events) in hits {
            let part_rows = self.rows_of(part);
            rows.extend(events.iter().filter_map(|&e| part_rows.get(e as usize).copied()));
        }
        rows.sort_unstable();
        rows.dedup();
        rows
    }
}

/// The indexes of `events` (one file's part of a [`Plan`]) that hold the needle, re-read from
/// its top-level file `top` as an export re-reads them.
fn search_file(
    top: &mut TopFile,
    file: &SourceFile,
    events: &[(u32, u32)],
    needle: &Needle,
) -> Result<Vec<u32>, FileError> {
    let text = top.text(file)?;
    if events
        .last()
        .is_some_and(|&(offset, len)| offset as usize + len as usize > text.len())
    {
        return Err(FileError::NotCloudTrail(CHANGED.into()));
    }
    Ok(Searchable::of_shape(text, file.shape).events(needle, events))
}

/// Where a search re-reads the top-level files from, by origin: in ranges, so that a zip
/// archive's entries are read alone and the archive is never held whole.
pub trait TopFiles {
    /// The size of the file of `origin`, or why it cannot be read.
    fn len(&mut self, origin: u32) -> Result<u64, String>;
    /// Bytes `range` of the file of `origin`.
    fn read(&mut self, origin: u32, range: Range<u64>) -> Result<Vec<u8>, String>;
}

/// One file's events to search: its part of the [`Plan`], the file, and its events' locators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    /// Index of the part in the plan, by which its hits come back.
    pub part: u32,
    /// The file (an archive's entry names its top-level file by origin).
    pub file: SourceFile,
    /// Its events' (offset, length), sorted by offset.
    pub events: Vec<(u32, u32)>,
}

/// What searching some parts found: per part searched, the indexes of its events found, and the
/// files that could not be re-read, with why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hits {
    /// `(part, event indexes)` of each part with hits.
    pub hits: Vec<(u32, Vec<u32>)>,
    /// `path: reason` of each file that could not be searched.
    pub problems: Vec<String>,
}

impl Hits {
    /// Searches `parts` for `needle`, re-reading their top-level files from `files` and decoding
    /// them within `cap`.
    pub fn search(&mut self, parts: &[Part], needle: &Needle, files: &mut dyn TopFiles, cap: u64) {
        for file in parts.chunk_by(|a, b| a.file.origin == b.file.origin) {
            let origin = file[0].file.origin;
            let len = files.len(origin);
            let mut read = |range| files.read(origin, range).map_err(FileError::Unreadable);
            let mut top = len.map(|len| TopFile::new(len, &mut read, cap));
            for part in file {
                let found = match &mut top {
                    Ok(top) => search_file(top, &part.file, &part.events, needle).map_err(|e| e.to_string()),
                    Err(reason) => Err(reason.clone()),
                };
                match found {
                    Ok(events) if events.is_empty() => {}
                    Ok(events) => self.hits.push((part.part, events)),
                    Err(reason) => self.problems.push(format!("{}: {reason}", part.file.path)),
                }
            }
        }
    }
}
