//! Where a file's events came from and how they are laid out: what re-reading one of them needs.

use serde::{Deserialize, Serialize};

/// How the events of a file are laid out, which decides how one is re-read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Shape {
    /// `{"Records":[…]}`.
    Records,
    /// A JSON array of events.
    Array,
    /// One bare event object.
    BareEvent,
    /// One event or Records object per line.
    Ndjson,
    /// `aws cloudtrail lookup-events` output: each event is a JSON string to unescape.
    LookupEvents,
    /// CloudWatch Logs: subscription envelopes (one, concatenated as Kinesis Data Firehose
    /// writes them, or one per line) and `aws logs filter-log-events` / `get-log-events` output;
    /// each event is a log event's `message`, a JSON string to unescape.
    CloudWatchLogs,
    /// `aws logs create-export-task` output: a timestamp and an event's JSON per line.
    LogExport,
    /// CSV query results: each event is a row, made into JSON by the file's header.
    Csv,
}

impl Shape {
    /// Whether the file holds its events as JSON strings (each locator is a string literal to
    /// unescape before the event is read, and search decodes the text once more).
    pub fn escaped(self) -> bool {
        matches!(self, Shape::LookupEvents | Shape::CloudWatchLogs)
    }
}

/// A decoded file that contributed events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceFile {
    /// The caller's index of the top-level file (a browser `File`, a command-line path).
    pub origin: u32,
    /// The path shown to users (`archive.zip/entry/path` for archive entries).
    pub path: String,
    /// Archive entry indices (zip directory or tar header order) from the top-level file down to
    /// this one (empty for plain files).
    pub entries: Vec<u32>,
    /// The layout of its events.
    pub shape: Shape,
}
