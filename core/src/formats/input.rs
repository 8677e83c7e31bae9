//! The text being read, as every shape sees it: where its JSON starts, its top-level value read
//! at most once however many shapes look at it, and the handing of its records to the sink with
//! their byte ranges in the decoded text.

use super::lenient::{List, Text as Scalar};
use super::one_pass;
use super::record::{an_event, parse_event, RawEvent};
use super::EventSink;
use crate::decode::text::Text;
use crate::error::FileError;
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::cell::OnceCell;
use std::ops::Range;

/// The top-level keys that tell the object shapes apart (and an NDJSON line's kind).
#[derive(Default, Deserialize)]
#[serde(default, expecting = "a JSON object")]
pub(super) struct Envelope<'a> {
    /// `Records`: a trail file's events.
    #[serde(rename = "Records", borrow)]
    pub records: List<'a>,
    /// `Events`: `lookup-events` output.
    #[serde(rename = "Events", borrow)]
    pub events: List<'a>,
    /// `logFiles`: a digest.
    #[serde(rename = "logFiles")]
    pub log_files: Option<IgnoredAny>,
    /// `digestStartTime`: a digest.
    #[serde(rename = "digestStartTime")]
    pub digest_start_time: Option<IgnoredAny>,
    /// `CloudTrailEvent`: one `lookup-events` item (a line of `jq -c '.Events[]'`).
    #[serde(rename = "CloudTrailEvent", borrow)]
    pub cloudtrail_event: Option<&'a RawValue>,
    /// `logEvents`: a CloudWatch Logs subscription envelope's log events.
    #[serde(rename = "logEvents", borrow)]
    pub log_events: List<'a>,
    /// `messageType`: a subscription envelope's kind, `DATA_MESSAGE` or `CONTROL_MESSAGE`.
    #[serde(rename = "messageType", borrow)]
    pub message_type: Scalar<'a>,
    /// `events`: `aws logs filter-log-events` or `get-log-events` output.
    #[serde(rename = "events", borrow)]
    pub log_output: List<'a>,
    /// `message`: one log event's (a line of `jq -c '.events[]'` over that output).
    #[serde(borrow)]
    pub message: Option<&'a RawValue>,
    /// `timestamp`: a log event's, which no CloudTrail event has at its top level.
    pub timestamp: Option<IgnoredAny>,
}

impl<'a> Envelope<'a> {
    /// The message of a CloudWatch Logs log event on its own (a `message` beside a `timestamp`).
    pub fn log_event_message(&self) -> Option<&'a RawValue> {
        self.message.filter(|_| self.timestamp.is_some())
    }

    /// Whether the object is a CloudWatch Logs envelope or `aws logs` output.
    pub fn is_cloudwatch(&self) -> bool {
        matches!(self.log_events, List::Items(_)) || matches!(self.log_output, List::Items(_))
    }
}

/// One decoded text offered to the shapes.
pub(super) struct Input<'t> {
    /// The whole text, BOM included: byte ranges are relative to it.
    all: &'t str,
    /// The text after the BOM.
    body: &'t str,
    /// The body without its leading white space.
    trimmed: &'t str,
    /// The body read as one object's top-level keys, once the first shape asks.
    envelope: OnceCell<Result<Envelope<'t>, serde_json::Error>>,
    /// The body read as one array of unparsed items, once the first shape asks.
    list: OnceCell<Result<List<'t>, serde_json::Error>>,
}

impl<'t> Input<'t> {
    /// The text as the shapes see it; nothing is parsed yet.
    pub fn new(text: &Text<'t>) -> Self {
        let body = text.body();
        Input {
            all: text.all,
            body,
            trimmed: body.trim_start(),
            envelope: OnceCell::new(),
            list: OnceCell::new(),
        }
    }

    /// The text after the BOM, leading white space included (it keeps NDJSON line numbers).
    pub fn body(&self) -> &'t str {
        self.body
    }

    /// The text from its first character that is not white space.
    pub fn trimmed(&self) -> &'t str {
        self.trimmed
    }

    /// Whether the first character that is not white space is `byte` (`{` or `[`).
    pub fn starts_with(&self, byte: u8) -> bool {
        self.trimmed.as_bytes().first() == Some(&byte)
    }

    /// The body read as a JSON object's top-level keys, or why it is not one JSON value.
    pub fn envelope(&self) -> Result<&Envelope<'t>, &serde_json::Error> {
        let body = self.body;
        self.envelope.get_or_init(|| serde_json::from_str(body)).as_ref()
    }

    /// The body read as a JSON array's items, or why it is not one JSON value.
    pub fn list(&self) -> Result<&List<'t>, &serde_json::Error> {
        let body = self.body;
        self.list.get_or_init(|| serde_json::from_str(body)).as_ref()
    }

    /// Byte range of `part` (a slice of the text) within the whole decoded text.
    pub fn range_of(&self, part: &str) -> Range<usize> {
        let start = part.as_ptr() as usize - self.all.as_ptr() as usize;
        start..start + part.len()
    }

    /// Reads each record of a list that serde has checked (`Records`, an array or an NDJSON
    /// line's `Records`, `line` set for the latter) and hands it to the sink, or its reason to
    /// fail.
    pub fn records(&self, sink: &mut impl EventSink, list: &'t RawValue, line: Option<usize>) {
        one_pass::each_item(list.get(), |index, json, event| {
            self.hand_over(sink, json, index, line, event);
            Some(())
        });
    }

    /// Hands over the records of a list read by [`one_pass`].
    pub fn read_records(&self, sink: &mut impl EventSink, records: one_pass::Records<'t>) {
        records.for_each(|index, json, event| {
            self.hand_over(sink, json, index, None, event);
        });
    }

    /// Hands over the records whole before the cut of a `{"Records":[…` the text ends inside;
    /// how many there were, or `None` when the text does not start as a trail file.
    pub fn records_before_cut(&self, sink: &mut impl EventSink) -> Option<usize> {
        one_pass::records_before_cut(self.body, |index, json, event| {
            self.hand_over(sink, json, index, None, event);
        })
    }

    /// Parses one record (the `index`th of its list) and hands it over; whether it was an event.
    pub fn record(&self, sink: &mut impl EventSink, json: &str, index: usize, line: Option<usize>) -> bool {
        self.hand_over(sink, json, index, line, None)
    }

    /// Reads an event held as a JSON string (`literal`, the `index`th record of its list or
    /// line) and hands it over with the string literal's range, or its reason to fail; whether
    /// it was an event.
    pub fn escaped(&self, sink: &mut impl EventSink, literal: &'t RawValue, index: usize, line: Option<usize>) -> bool {
        let read = serde_json::from_str::<String>(literal.get())
            .map_err(|e| e.to_string())
            .and_then(|json| parse_event(&json).map(|event| sink.event(self.range_of(literal.get()), &json, &event)));
        match read {
            Ok(()) => true,
            Err(reason) => {
                sink.failure(line, FileError::BadRecord { index, reason });
                false
            }
        }
    }

    /// Hands a record to the sink, or its reason to fail; whether it was an event. `read` is the
    /// record's fields when a list walker has read them; otherwise (and for the reason a record
    /// fails) its JSON is parsed here.
    fn hand_over(
        &self,
        sink: &mut impl EventSink,
        json: &str,
        index: usize,
        line: Option<usize>,
        read: Option<RawEvent<'_>>,
    ) -> bool {
        match read.map_or_else(|| parse_event(json), an_event) {
            Ok(event) => {
                sink.event(self.range_of(json), json, &event);
                true
            }
            Err(reason) => {
                sink.failure(line, FileError::BadRecord { index, reason });
                false
            }
        }
    }
}
