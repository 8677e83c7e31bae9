//! One component per file. Components get data and callbacks as props and never talk to the
//! worker themselves; `app` wires them to the state and the worker. Everything from a log is
//! rendered as text nodes (or plain attribute values), never as HTML.

pub mod analysis;
pub mod chart_export;
pub mod credentials;
pub mod dashboards;
pub mod drop_zone;
pub mod entity_page;
pub mod error_panel;
pub mod event_detail;
pub mod event_export;
pub mod event_table;
pub mod failed_files;
pub mod filter_scope;
pub mod findings_panel;
pub mod integrity_panel;
pub mod jobs_panel;
pub mod key_picker;
pub mod notices;
pub mod overview;
pub mod progress;
pub mod query_at_scale;
pub mod remembered_folder;
pub mod search_progress;
pub mod skip_links;
pub mod tabs;
pub mod views;
pub mod workspace;
