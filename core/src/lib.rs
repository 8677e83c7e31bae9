//! The engine of Trailscope: turns whatever a user drops (CloudTrail log files, gzip, zip archives,
//! console exports, CLI output, digest and Insights files) into a compact, queryable event store.
//!
//! It has no browser, UI or file-system types: callers hand in bytes and get back a store they can
//! aggregate under any filter without re-parsing JSON. The browser worker and the `trailscope`
//! command are both thin shells around it.
//!
//! ```
//! use trailscope_core::query::filter::Filter;
//! use trailscope_core::{Dataset, Ingest, IngestOptions, Summary};
//!
//! let mut ingest = Ingest::new(IngestOptions::default());
//! let log = br#"{"Records":[{"eventTime":"2024-05-01T10:00:00Z","eventSource":"s3.amazonaws.com",
//!   "eventName":"GetObject","eventID":"e1","userIdentity":{"type":"Root",
//!   "arn":"arn:aws:iam::111122223333:root"}}]}"#;
//! ingest.add_bytes(0, "AWSLogs/111122223333/CloudTrail/us-east-1/log.json", log);
//! let data = Dataset::from_batches([ingest.finish()]);
//! let summary = Summary::of(&data, &Filter::default());
//! assert_eq!(summary.events, 1);
//! assert_eq!(summary.by_principal["arn:aws:iam::111122223333:root"], 1);
//! ```
#![deny(missing_docs)]

pub mod catalog;
pub mod dataset;
pub mod decode;
pub mod error;
pub mod export;
pub mod findings;
pub mod formats;
pub mod ingest;
pub mod insights;
pub mod integrity;
pub mod lifecycles;
pub mod lineage;
pub mod normalize;
pub mod query;
pub mod resources;
pub mod search;
pub mod sql;
pub mod store;
pub mod summary;
pub mod time;

pub use dataset::{Batch, Dataset};
pub use error::{Failure, FileError};
pub use ingest::{Ingest, IngestOptions};
pub use store::EventStore;
pub use summary::Summary;
