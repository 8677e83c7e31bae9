//! NDJSON of the filtered events, one full event per line, re-read from the files they came
//! from.
//!
//! An event's JSON is only in its file, so an export reads each file holding selected events
//! once. Files are visited in the order of their first selected event and, within a file,
//! events keep time order: the output is in time order file by file (CloudTrail files cover a
//! few minutes each), without holding more than one file's text at a time.

use crate::error::FileError;
use crate::formats::extract::event_value;
use crate::formats::source::SourceFile;
use crate::query::selection::{for_each_row, Rows};
use crate::store::EventStore;

/// The selected events of one file, as locators into its decoded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEvents {
    /// Index into the store's files.
    pub file: u32,
    /// `(offset, length)` of each selected event, in time order.
    pub events: Vec<(u32, u32)>,
}

/// Groups store rows `rows` (in time order) by file, files in the order of their first row.
pub fn plan(store: &EventStore, rows: Rows<'_>) -> Vec<FileEvents> {
    let c = &store.columns;
    let mut slot_of_file = vec![u32::MAX; store.files.len()];
    let mut plan: Vec<FileEvents> = Vec::new();
    for_each_row!(rows, |i| {
        let i = i as usize;
        let file = c.file.get(i);
        let slot = &mut slot_of_file[file as usize];
        if *slot == u32::MAX {
            *slot = plan.len() as u32;
            plan.push(FileEvents {
                file,
                events: Vec::new(),
            });
        }
        plan[*slot as usize].events.push((c.offset[i], c.len.get(i)));
    });
    plan
}

/// Appends one compact JSON line per event of `events` from the decoded text of `file`.
pub fn write_file(text: &[u8], file: &SourceFile, events: &[(u32, u32)], out: &mut Vec<u8>) -> Result<(), FileError> {
    for &(offset, len) in events {
        let value = event_value(text, file.shape, offset, len)?;
        serde_json::to_writer(&mut *out, &value).map_err(|e| FileError::from_json(&e))?;
        out.push(b'\n');
    }
    Ok(())
}
