//! Which files a request reads again, and whether the worker reads any now: the browser lets go
//! of a folder's files while nothing reads them and finds them again before a request that does
//! (`browser::folder_files`), since holding a file costs its browser process memory.

use super::export::files_of_ndjson;
use super::source::FileSource;
use super::Worker;
use crate::protocol::{ExportFormat, Request};
use trailscope_core::search::Needle;

impl<S: FileSource> Worker<S> {
    /// Whether no load, drop held for a choice or search is under way or waiting, so that no
    /// file is read until the next request.
    pub fn is_idle(&self) -> bool {
        self.load.is_none() && self.staging.is_none() && self.search.is_none() && self.queued_searches.is_empty()
    }

    /// The files `request` will read again, if it is handled now: one event's file, every file
    /// for a search in every field not answered already, the files of the exported events.
    pub fn files_read_by(&self, request: &Request) -> Vec<&S::Handle> {
        let origins: Vec<u32> = match request {
            Request::Event { generation, row } if *generation == self.generation => {
                let (store, row) = (&self.data.store, *row as usize);
                let file = (row < store.len()).then(|| store.columns.file.get(row));
                file.and_then(|f| store.files.get(f as usize))
                    .map(|f| f.origin)
                    .into_iter()
                    .collect()
            }
            Request::Search { text } => {
                let answered = self.load.is_none() && self.data.text_hits(&Needle::new(text).key()).is_some();
                return if answered {
                    Vec::new()
                } else {
                    self.handles.values().collect()
                };
            }
            Request::Export {
                filter,
                format: ExportFormat::Ndjson,
            } => files_of_ndjson(&self.data, filter),
            _ => Vec::new(),
        };
        origins.iter().filter_map(|origin| self.handles.get(origin)).collect()
    }
}
