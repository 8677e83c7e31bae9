//! Exports of the filtered events, made in the worker (never on the UI thread) and sent to the
//! page in parts of a few MiB, so that neither side holds the whole file as one wasm value.

use super::source::{text_of, FileSource};
use crate::protocol::{ExportFormat, Exported, Response};
use std::collections::HashMap;
use trailscope_core::export::{csv, ndjson};
use trailscope_core::query::filter::Filter;
use trailscope_core::Dataset;

/// Bytes gathered before a part is sent.
const PART_BYTES: usize = 4 << 20;
/// CSV rows written between checks of the part size.
const CSV_ROWS_PER_STEP: usize = 10_000;

/// Writes the export of `filter`'s events as `format`, part by part through `out`, and ends with
/// [`Response::Exported`].
pub fn run<S: FileSource>(
    data: &Dataset,
    source: &S,
    handles: &HashMap<u32, S::Handle>,
    filter: &Filter,
    format: ExportFormat,
    out: &mut dyn FnMut(Response),
) {
    let store = &data.store;
    let selection = filter.compile(data).selected(store);
    let rows = selection.rows();
    let mut send = |bytes: Vec<u8>| {
        if !bytes.is_empty() {
            out(Response::ExportPart { bytes });
        }
    };
    let (events, problems) = match &format {
        ExportFormat::Csv(columns) => {
            let mut text = csv::header(columns);
            for at in (0..rows.len()).step_by(CSV_ROWS_PER_STEP) {
                csv::write_rows(store, rows.slice(at..at + CSV_ROWS_PER_STEP), columns, &mut text);
                if text.len() >= PART_BYTES {
                    send(std::mem::take(&mut text).into_bytes());
                }
            }
            send(text.into_bytes());
            (rows.len() as u64, Vec::new())
        }
        ExportFormat::Ndjson => {
            let mut bytes = Vec::new();
            let mut events = 0u64;
            let mut problems = Vec::new();
            for part in ndjson::plan(store, rows) {
                let file = &store.files[part.file as usize];
                let handle = handles.get(&file.origin).ok_or("the file is no longer held");
                let written = handle.map_err(str::to_string).and_then(|handle| {
                    let text = text_of(source, handle, file)?;
                    ndjson::write_file(&text, file, &part.events, &mut bytes).map_err(|e| e.to_string())
                });
                match written {
                    Ok(()) => events += part.events.len() as u64,
                    Err(reason) => problems.push(format!("{}: {reason}", file.path)),
                }
                if bytes.len() >= PART_BYTES {
                    send(std::mem::take(&mut bytes));
                }
            }
            send(bytes);
            (events, problems)
        }
    };
    out(Response::Exported(Exported {
        format,
        events,
        problems,
    }));
}

/// The origins of the files whose JSON an export of `filter`'s events as NDJSON reads.
pub fn files_of_ndjson(data: &Dataset, filter: &Filter) -> Vec<u32> {
    let rows = filter.compile(data).selected(&data.store);
    let plan = ndjson::plan(&data.store, rows.rows());
    plan.iter()
        .map(|part| data.store.files[part.file as usize].origin)
        .collect()
}
