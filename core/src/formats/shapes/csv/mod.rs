//! Query results as CSV: CloudTrail Lake's saved results (an `eventjson` column holding each
//! event's JSON), Athena's `SELECT *` over the CloudTrail table (lowercase names, structs as
//! `{key=value}`, NULL as an empty cell), Tailpipe and DuckDB exports (snake_case names, nested
//! fields as JSON text or dotted columns) and this app's own export, their cells separated by
//! commas, tabs, semicolons or pipes. A text is CSV when its first record is a CloudTrail header
//! ([`header`]); each row becomes the event it carries ([`row`]),
//! whose byte range is the row's, so that re-reading it ([`event_at`]) builds the same JSON.
//!
//! Search in every field looks in a row's text as written in the file (ASCII case folded and
//! JSON escapes decoded, as in every file): words and values are found, but a needle holding a
//! `"` does not match the doubled `""` of a quoted cell.

mod app_export;
mod athena;
mod header;
mod names;
mod row;

use crate::error::{FileError, CHANGED};
use crate::formats::input::Input;
use crate::formats::record::parse_event;
use crate::formats::source::Shape;
use crate::formats::{Content, EventSink};
use csv::ByteRecord;
use header::Header;
use serde_json::Value;
use std::ops::Range;

/// Reads a text whose first record is a CloudTrail header; `None` for any other text (JSON
/// included: it never reaches a header).
pub(super) fn read(input: &Input<'_>, sink: &mut impl EventSink) -> Option<Result<Content, FileError>> {
    if input.starts_with(b'{') || input.starts_with(b'[') {
        return None;
    }
    let body = input.body();
    let header = Header::read(body.as_bytes())?;
    let base = input.range_of(body).start;
    let mut reader = header::reader(body.as_bytes(), header.delimiter);
    let mut row = ByteRecord::new();
    // The first record is the header, read already.
    let _ = reader.read_byte_record(&mut row);
    let (mut good_rows, mut bad_rows) = (0, 0);
    while let Ok(true) = reader.read_byte_record(&mut row) {
        let (start, line) = row
            .position()
            .map_or((0, 1), |p| (p.byte() as usize, p.line() as usize));
        let (range, line) = row_span(body.as_bytes(), start..reader.position().byte() as usize, line);
        let handed = row::event_of(&header, &row).and_then(|event| {
            let json = event.to_string();
            parse_event(&json).map(|parsed| sink.event(base + range.start..base + range.end, &json, &parsed))
        });
        if let Err(reason) = handed {
            let index = good_rows + bad_rows;
            sink.failure(Some(line), FileError::BadRecord { index, reason });
            bad_rows += 1;
        } else {
            good_rows += 1;
        }
    }
    if good_rows == 0 && bad_rows > 0 {
        return Some(Err(FileError::NotCloudTrail(format!(
            "none of its {bad_rows} CSV rows is a CloudTrail event"
        ))));
    }
    Some(Ok(Content::Events(Shape::Csv)))
}

/// A record's text within `read` (the bytes the reader went through for it, from line `line`
/// on) without the line breaks around it, and the line it starts on.
fn row_span(body: &[u8], read: Range<usize>, line: usize) -> (Range<usize>, usize) {
    let is_break = |b: &&u8| matches!(b, b'\n' | b'\r');
    let record = &body[read.clone()];
    let lead = record.iter().take_while(is_break).count();
    let trail = record[lead..].iter().rev().take_while(is_break).count();
    let line = line + record[..lead].iter().filter(|&&b| b == b'\n').count();
    (read.start + lead..read.end - trail, line)
}

/// The event of the row at `range` of a CSV file's decoded `text` (BOM included), built again
/// from the file's header and that row alone.
pub(in crate::formats) fn event_at(text: &[u8], range: Range<usize>) -> Result<Value, FileError> {
    let changed = || FileError::NotCloudTrail(CHANGED.into());
    let body = text.strip_prefix(crate::decode::text::BOM).unwrap_or(text);
    let header = Header::read(body).ok_or_else(changed)?;
    let mut reader = header::reader(text.get(range).ok_or_else(changed)?, header.delimiter);
    let mut row = ByteRecord::new();
    if !reader.read_byte_record(&mut row).map_err(|_| changed())? {
        return Err(changed());
    }
    row::event_of(&header, &row).map_err(|_| changed())
}

#[cfg(test)]
mod tests;
