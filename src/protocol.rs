//! The messages between the UI and the worker, and their wire format.
//!
//! Every message is one postcard-encoded value: compact, and with no JSON parsing of our own
//! messages on either side. Dropped `File` objects cannot be serialised; they travel next to the
//! bytes of a [`Request::Load`] as a JS array in the same order as its `paths` (see
//! `browser::worker_bridge`). Loading is described per file (each file carries its own origin
//! index) so that a pool of workers can later split one load between them.
//!
//! The worker's store changes only when a load ends or on [`Request::Clear`]; each state has a
//! `generation`. Answers carry the generation they were computed from, so the UI can drop answers
//! that belong to data it no longer shows.

use serde::{Deserialize, Serialize};
use std::rc::Rc;
use trailscope_core::catalog::choice::Choice;
use trailscope_core::catalog::Catalog;
use trailscope_core::export::csv::CsvColumn;
use trailscope_core::formats::extract::EventDetail;
use trailscope_core::integrity::key::s3_key;
use trailscope_core::integrity::IntegrityReport;
use trailscope_core::query::entity::page::EntityPage;
use trailscope_core::query::entity::Entity;
use trailscope_core::query::events::{EventPage, TableSort};
use trailscope_core::query::filter::Filter;
use trailscope_core::query::view::{View, ViewRequest};
use trailscope_core::sql::Engine;
use trailscope_core::Failure;

/// What the UI asks of the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Read these files and add their events to the store. The `File` objects travel alongside,
    /// file `i` getting origin `base_origin + i`.
    Load {
        /// Origin index of the first file; the UI numbers files across loads.
        base_origin: u32,
        /// The path shown for each file (relative path inside a dropped folder, or its name).
        paths: Vec<String>,
        /// More files of the same load follow in further `Load` requests, so the load must not
        /// end before them. The UI hands thousands of files over in parts, because posting a
        /// `File` costs the UI thread a synchronous call to the browser (see `worker_client`).
        more: bool,
        /// Whether the user first chooses what to read from what the files' S3 keys say.
        choose: Choose,
    },
    /// Read what was chosen of the files held for a choice (see [`Response::Catalog`]), or,
    /// for `None`, none of them.
    Choose(Option<Choice>),
    /// Stop loading after the file being read; what was read so far is kept.
    Cancel,
    /// Forget every event and file.
    Clear,
    /// Compute every view for a filter.
    Query(ViewRequest),
    /// A window of the filtered events, for the event table.
    Page {
        /// The table's filter.
        filter: Filter,
        /// The table's order.
        sort: TableSort,
        /// Position of the first row wanted.
        offset: u64,
        /// Number of rows wanted.
        limit: u32,
    },
    /// The filtered events as a file to download, sent back in [`Response::ExportPart`]s and
    /// one [`Response::Exported`].
    Export {
        /// Which events.
        filter: Filter,
        /// As what.
        format: ExportFormat,
    },
    /// Search every field of every event for a text (case folded; see
    /// `trailscope_core::search`), re-reading the files: answered by [`Response::SearchProgress`]
    /// and one [`Response::Searched`]. A search asked for during another runs after it; one whose rows are kept is answered at once.
    Search {
        /// The text, as typed.
        text: String,
    },
    /// Stop the search under way after the files being read; nothing it found is kept.
    CancelSearch,
    /// The page of one entity, over every loaded event.
    Entity {
        /// Whose page.
        entity: Entity,
        /// The timeline's largest number of buckets.
        max_buckets: u32,
    },
    /// The full JSON of one event, re-read from its file.
    Event {
        /// The generation the row index was listed in.
        generation: u32,
        /// The row index from an [`EventPage`].
        row: u32,
    },
    /// The SQL selecting the filter's events in an engine that scales, answered by
    /// [`Response::Sql`].
    Sql(SqlAsk),
}

/// When a load is first shown as what its files' S3 keys say, for the user to narrow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Choose {
    /// Read the files as they come: none has a trail's S3 key.
    Never,
    /// When the files hold more than about this many events, from their bytes.
    AboveEvents(u64),
    /// Whenever a file has a trail's S3 key.
    Always,
}

/// Events past which a drop is first shown as its keys: a tab holds a few million at most.
pub const CHOOSE_ABOVE_EVENTS: u64 = 1_000_000;

impl Choose {
    /// How a drop of files at `paths` is read: with a choice first only when a path has a
    /// trail's S3 key; then always when the user asked for it, else when the drop is large.
    pub fn for_drop<'p>(mut paths: impl Iterator<Item = &'p str>, always: bool) -> Choose {
        if !paths.any(|path| s3_key(path).is_some()) {
            Choose::Never
        } else if always {
            Choose::Always
        } else {
            Choose::AboveEvents(CHOOSE_ABOVE_EVENTS)
        }
    }
}

/// What the "Query at scale" tab asks SQL for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SqlAsk {
    /// The filter whose events the SQL selects.
    pub filter: Filter,
    /// The engine it is written for.
    pub engine: Engine,
    /// Where the trail is: a folder or `s3://` URL above `AWSLogs/` (Athena, DuckDB), or an event
    /// data store's id or ARN (Lake).
    pub location: String,
    /// The organisation id of an organisation trail (Athena), empty for none.
    pub org_id: String,
}

/// The SQL written for a [`SqlAsk`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SqlAnswer {
    /// The statements, to copy into the engine.
    pub text: String,
    /// Each part of the filter the SQL does not carry, with why, in one line.
    pub left_out: Vec<String>,
}

/// The form of an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportFormat {
    /// One full event per line, re-read from the files.
    Ndjson,
    /// The chosen columns, from the store.
    Csv(Vec<CsvColumn>),
}

impl ExportFormat {
    /// The download's file name (without a path: browsers save it where the user says).
    pub fn file_name(&self) -> &'static str {
        match self {
            ExportFormat::Ndjson => "trailscope-events.ndjson",
            ExportFormat::Csv(_) => "trailscope-events.csv",
        }
    }

    /// The download's media type.
    pub fn mime(&self) -> &'static str {
        match self {
            ExportFormat::Ndjson => "application/x-ndjson",
            ExportFormat::Csv(_) => "text/csv;charset=utf-8",
        }
    }
}

/// How an export ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exported {
    /// What was exported.
    pub format: ExportFormat,
    /// Events written.
    pub events: u64,
    /// Files whose events could not be re-read, with why (their events are missing).
    pub problems: Vec<String>,
}

/// How far a load has got.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// Files read (including failed ones).
    pub files_done: u64,
    /// Files in the load.
    pub files_total: u64,
    /// Bytes read from the files.
    pub bytes_read: u64,
    /// Bytes of all files in the load.
    pub bytes_total: u64,
    /// Events parsed so far in this load (before de-duplication).
    pub events: u64,
    /// Reading speed since the load started, in MB (10^6 bytes) per second.
    pub mb_per_s: f64,
}

/// How far a search in every field has got.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchProgress {
    /// The text searched for, as the page sent it.
    pub text: String,
    /// Files searched (an archive counts once).
    pub files_done: u64,
    /// Files to search.
    pub files_total: u64,
}

/// How a search in every field ended.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Searched {
    /// The generation its rows belong to.
    pub generation: u32,
    /// The text searched for, as the page sent it.
    pub text: String,
    /// The key its rows are kept under in the dataset (the text lowercased), for filters.
    pub key: String,
    /// Events found; `None` when the search was cancelled (nothing is kept).
    pub events: Option<u64>,
    /// Files that could not be re-read, with why (their events could not be searched).
    pub problems: Vec<String>,
}

/// What a finished (or cancelled) load did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Loaded {
    /// The store's new generation.
    pub generation: u32,
    /// The load's final progress.
    pub progress: Progress,
    /// Events now in the store.
    pub events: u64,
    /// Duplicate events skipped so far.
    pub duplicates: u64,
    /// Every failure in the store, sorted by path.
    pub failures: Vec<Failure>,
    /// Milliseconds from the first file to the merged store.
    pub elapsed_ms: u64,
    /// Whether the load was cancelled before its last file.
    pub cancelled: bool,
    /// Whether it stopped before its last file because the worker's memory was full.
    pub memory_full: bool,
    /// The log files checked against the digests in the store, when it holds any (verified
    /// files left out: see [`IntegrityReport::problems_only`]).
    pub integrity: Option<IntegrityReport>,
}

/// What the worker tells the UI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// The worker is listening; requests sent before this may be lost, so the UI holds them.
    Ready,
    /// A load's files are held unread until the user chooses from what their keys say, with
    /// [`Request::Choose`].
    Catalog(Catalog),
    /// A load is under way.
    Progress(Progress),
    /// A load has ended and its events are merged into the store.
    Loaded(Loaded),
    /// A search in every field is under way.
    SearchProgress(SearchProgress),
    /// A search in every field has ended; when it was not cancelled its rows are kept in the
    /// worker, so that views asked for from now on can use them.
    Searched(Searched),
    /// The store was emptied.
    Cleared {
        /// The store's new generation.
        generation: u32,
    },
    /// Every view for a filter.
    View {
        /// The generation it was computed from.
        generation: u32,
        /// The request it answers.
        request: ViewRequest,
        /// The views, shared with the worker's cache of recent views (sent as the view itself).
        view: Rc<View>,
    },
    /// A window of filtered events.
    Page {
        /// The generation it was computed from.
        generation: u32,
        /// The filter it was computed for.
        filter: Filter,
        /// The order it was computed in.
        sort: TableSort,
        /// The rows.
        page: EventPage,
    },
    /// One entity's page.
    Entity {
        /// The generation it was computed from.
        generation: u32,
        /// The page (with the entity it is about), shared with the worker's copy of the last one.
        page: Rc<EntityPage>,
    },
    /// One event's JSON, or why it could not be re-read.
    EventJson {
        /// The generation of the row index.
        generation: u32,
        /// The row asked for.
        row: u32,
        /// The event, or a message for the user.
        result: Result<EventDetail, String>,
    },
    /// The next bytes of the export under way, in order.
    ExportPart {
        /// The bytes.
        bytes: Vec<u8>,
    },
    /// The export is complete: every part has been sent.
    Exported(Exported),
    /// The SQL for an ask, or why it cannot be written (no location, say).
    Sql {
        /// What was asked.
        ask: SqlAsk,
        /// The SQL, or a message for the user.
        answer: Result<SqlAnswer, String>,
    },
    /// A request could not be carried out (a malformed message, a browser API failing).
    Failed {
        /// What went wrong.
        message: String,
    },
    /// The worker panicked and is no longer usable.
    Panic {
        /// The panic message with its location.
        message: String,
    },
}

/// Encodes a message for the wire.
pub fn encode<T: Serialize>(message: &T) -> Result<Vec<u8>, String> {
    postcard::to_allocvec(message).map_err(|e| format!("cannot encode a message: {e}"))
}

/// Decodes a message from the wire.
pub fn decode<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Result<T, String> {
    postcard::from_bytes(bytes).map_err(|e| format!("cannot decode a message: {e}"))
}

#[cfg(test)]
mod tests;
