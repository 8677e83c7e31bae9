//! Why one input file could not be (fully) read. Every variant names a reason a user can act on;
//! the file's path is attached where the failure is reported, not here.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The reason a file (or one line or record of it) failed to load (it crosses to a helper worker
/// with a tar member that could not be read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileError {
    /// Zero bytes, or only white space after decompression.
    Empty,
    /// The gzip stream ended before its end-of-stream marker and trailer, with no event whole
    /// before the cut.
    TruncatedGzip,
    /// The gzip stream ended before its end, after `events` events whole, which were read.
    CutGzip {
        /// The events read from the text inflated before the cut.
        events: usize,
    },
    /// The text ends inside its `Records` list, after `records` whole records, which were read.
    CutShort {
        /// The records whole before the cut.
        records: usize,
    },
    /// The gzip stream is damaged (bad header, bad deflate data, CRC32 or length mismatch).
    CorruptGzip(String),
    /// The zip archive could not be read.
    CorruptZip(String),
    /// The tar archive (or one member of it) could not be read.
    CorruptTar(String),
    /// The decompressed content is larger than the configured cap.
    TooLarge {
        /// The cap in bytes.
        cap: u64,
    },
    /// An archive's entries (with the archives inside it) together inflate past the cap;
    /// the entries read before are kept.
    ArchiveTooLarge {
        /// The cap in bytes.
        cap: u64,
    },
    /// A zip or tar archive that holds no file: nothing, or only folders.
    EmptyArchive,
    /// Archives nested deeper than the reader follows.
    TooDeep,
    /// The text is not valid UTF-8; `offset` is the first bad byte.
    NotUtf8 {
        /// Byte offset of the first invalid byte in the decompressed text.
        offset: usize,
    },
    /// The text does not start like JSON at all.
    NotJson,
    /// JSON that fails to parse, with serde_json's 1-based line and column.
    InvalidJson {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// serde_json's description of what it expected.
        reason: String,
    },
    /// Valid JSON that is not any CloudTrail shape; says what was found instead.
    NotCloudTrail(String),
    /// One record inside an otherwise valid file has the wrong shape.
    BadRecord {
        /// 0-based index of the record in its file (or line).
        index: usize,
        /// What was wrong with it.
        reason: String,
    },
    /// A CloudWatch Logs envelope that the file ends inside (a Kinesis Data Firehose object cut
    /// short); the envelopes before it were read.
    CutEnvelope {
        /// 0-based index of the envelope in its file.
        index: usize,
        /// Its `logStream`, when the part that was kept names it.
        stream: Option<String>,
    },
    /// The file itself could not be read (moved, deleted, no permission); says the reader's
    /// reason. The browser worker, its helpers and the command all report it in these words.
    Unreadable(String),
}

/// Why an event cannot be re-read from a file that no longer holds what was loaded from it.
pub const CHANGED: &str = "the file changed since it was loaded";

impl FileError {
    /// Converts a serde_json error met while parsing a whole text, keeping line and column.
    pub fn from_json(err: &serde_json::Error) -> Self {
        FileError::InvalidJson {
            line: err.line(),
            column: err.column(),
            reason: json_reason(err),
        }
    }
}

/// serde_json's message without its trailing " at line L column C", which we format ourselves;
/// its recursion limit (128 nested arrays or objects) said in words a reader of the list knows.
fn json_reason(err: &serde_json::Error) -> String {
    let text = err.to_string();
    let reason = match text.rfind(" at line ") {
        Some(cut) => &text[..cut],
        None => &text,
    };
    if reason == "recursion limit exceeded" {
        return "nested more than 128 levels deep".to_string();
    }
    reason.to_string()
}

/// What a gzip stream cut short is called, whether or not events were read before the cut.
const TRUNCATED_GZIP: &str = "truncated gzip: the file ends before the end of the compressed stream";

/// `n` and the noun, plural but for one.
fn counted(n: usize, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}

fn human_bytes(n: u64) -> String {
    const GIB: u64 = 1 << 30;
    const MIB: u64 = 1 << 20;
    if n >= GIB && n.is_multiple_of(GIB) {
        format!("{} GiB", n / GIB)
    } else if n >= MIB && n.is_multiple_of(MIB) {
        format!("{} MiB", n / MIB)
    } else {
        format!("{n} bytes")
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::Empty => write!(f, "empty file"),
            FileError::TruncatedGzip => write!(f, "{TRUNCATED_GZIP}"),
            FileError::CutGzip { events } => {
                write!(
                    f,
                    "{TRUNCATED_GZIP}; kept the {} whole before the cut",
                    counted(*events, "event")
                )
            }
            FileError::CutShort { records } => write!(
                f,
                "cut short: the file ends inside its list of records; kept the {} before the cut",
                counted(*records, "record")
            ),
            FileError::CorruptGzip(why) => write!(f, "corrupt gzip: {why}"),
            FileError::CorruptZip(why) => write!(f, "corrupt zip archive: {why}"),
            FileError::CorruptTar(why) => write!(f, "corrupt tar archive: {why}"),
            FileError::TooLarge { cap } => {
                write!(f, "too large: decompresses to more than the {} cap", human_bytes(*cap))
            }
            FileError::ArchiveTooLarge { cap } => write!(
                f,
                "too large: its entries together decompress to more than the {} cap, so the rest were not read",
                human_bytes(*cap)
            ),
            FileError::EmptyArchive => write!(f, "empty archive: it holds no files"),
            FileError::TooDeep => write!(f, "archives nested too deeply"),
            FileError::NotUtf8 { offset } => {
                write!(f, "not UTF-8 text (invalid byte at offset {offset})")
            }
            FileError::NotJson => {
                write!(f, "not JSON: the content does not start with '{{' or '['")
            }
            FileError::InvalidJson { line, column, reason } => {
                write!(f, "invalid JSON at line {line}, column {column}: {reason}")
            }
            FileError::NotCloudTrail(what) => write!(f, "not a CloudTrail file: {what}"),
            FileError::BadRecord { index, reason } => write!(f, "record {index} skipped: {reason}"),
            FileError::CutEnvelope { index, stream } => {
                write!(f, "CloudWatch Logs envelope {index}")?;
                if let Some(stream) = stream {
                    write!(f, " (log stream {stream})")?;
                }
                write!(f, " is cut short: the file ends inside it, so its events were not read")
            }
            FileError::Unreadable(why) => write!(f, "cannot be read: {why}"),
        }
    }
}

impl std::error::Error for FileError {}

/// A file (or line, or record) that failed to load, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Failure {
    /// The file's path (`path:LINE` for an NDJSON line).
    pub path: String,
    /// The specific reason.
    pub error: String,
}

impl Failure {
    /// The file it belongs to: its path without an NDJSON line's `:LINE`.
    pub fn file(&self) -> &str {
        match self.path.rsplit_once(':') {
            Some((file, line)) if !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit()) => file,
            _ => &self.path,
        }
    }

    /// How many files the failures belong to, so that one file whose records or lines failed
    /// counts as one failed file, not as one per failure.
    pub fn files_among(failures: &[Failure]) -> usize {
        failures
            .iter()
            .map(Failure::file)
            .collect::<std::collections::HashSet<_>>()
            .len()
    }
}

/// Why a filter could not be written as SQL for an engine ([`crate::sql`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SqlError {
    /// The location is not what the engine reads from.
    Location {
        /// The engine's name.
        engine: &'static str,
        /// What the location must look like.
        expected: &'static str,
    },
    /// Athena's table lists the account folders it reads, and none is known.
    NoAccounts,
    /// Athena's table lists the region folders it reads, and none is known.
    NoRegions,
    /// An organisation id that is not `o-` and 10 to 32 lowercase letters or digits.
    OrgId(String),
    /// A value holding a NUL character, which no SQL text can carry.
    Nul(String),
}

impl fmt::Display for SqlError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            SqlError::Location { engine, expected } => write!(f, "the location for {engine} must be {expected}"),
            SqlError::NoAccounts => write!(
                f,
                "the Athena table reads one folder per account under AWSLogs/: choose or load at least one account"
            ),
            SqlError::NoRegions => write!(
                f,
                "the Athena table reads one folder per region under each account: choose or load at least one region"
            ),
            SqlError::OrgId(id) => write!(
                f,
                "{id:?} is not an organisation id (o- and 10 to 32 letters or digits)"
            ),
            SqlError::Nul(value) => write!(f, "{value:?} holds a NUL character, which SQL text cannot carry"),
        }
    }
}

impl std::error::Error for SqlError {}
