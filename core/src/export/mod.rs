//! Exporting the filtered events: CSV from the columns (no re-read), and NDJSON with each
//! event's full JSON re-read from its file. The caller (the browser worker, a command) owns the
//! files and the download; this module only turns rows and decoded texts into bytes.

pub mod csv;
pub mod ndjson;
