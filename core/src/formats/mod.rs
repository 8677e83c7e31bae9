//! Recognising the CloudTrail file shapes by content and reading their events. Each shape has
//! its own module under `shapes/` and [`read`] asks them in turn (see `shapes/mod.rs` for the
//! order): `{"Records":[…]}`, a JSON array of events, a bare event, NDJSON (events, Records
//! objects, `lookup-events` items or CloudWatch Logs envelopes per line), `aws cloudtrail
//! lookup-events` output, digest files, CloudWatch Logs (subscription envelopes, Kinesis Data
//! Firehose objects of them, `aws logs filter-log-events` / `get-log-events` output) and
//! `aws logs create-export-task` lines. Logstash/ELK
//! exports that keep only `@timestamp` are no shape of their own but one of these (NDJSON
//! mostly): [`record::RawEvent`] reads `@timestamp` beside `eventTime`, and the loader dates an
//! event by it when `eventTime` is missing. Unknown JSON is "not a CloudTrail file", never a
//! guess.

pub mod extract;
mod input;
pub mod lenient;
mod one_pass;
pub mod parts;
pub mod record;
pub mod redactions;
mod shapes;
pub mod source;
#[cfg(test)]
pub(crate) mod testing;

use crate::error::FileError;
use crate::integrity::digest::Digest;
use record::RawEvent;
pub use shapes::read;
use source::Shape;
use std::ops::Range;

/// Receives what a file holds while it is read.
pub trait EventSink {
    /// One event; `range` is its JSON's byte range in the decoded text and `json` the event's
    /// own JSON (unescaped for `lookup-events` output), for the few events whose request or
    /// response a sink reads beyond the fields of [`RawEvent`].
    fn event(&mut self, range: Range<usize>, json: &str, event: &RawEvent<'_>);
    /// A line (1-based, NDJSON) or record that could not be read; the rest of the file goes on.
    fn failure(&mut self, line: Option<usize>, error: FileError);
}

/// What a file turned out to be.
#[derive(Debug)]
pub enum Content {
    /// Events, laid out as the shape says.
    Events(Shape),
    /// A digest file.
    Digest(Box<Digest>),
}
