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
    /// CSV query results: each event is a row, made into JSON by the file's header.
    Csv,
}

/// A decoded file that contributed events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceFile {
    /// The caller's index of the top-level file (a browser `File`, a command-line path).
    pub origin: u32,
    /// The path shown to users (`archive.zip/entry/path` for archive entries).
    pub path: String,
    /// Zip entry indices from the top-level file down to this one (empty for plain files).
    pub entries: Vec<u32>,
    /// The layout of its events.
    pub shape: Shape,
}
