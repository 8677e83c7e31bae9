//! Recognising the CloudTrail file shapes by content and reading their events:
//! `{"Records":[…]}`, a bare event, a JSON array of events, NDJSON (events or Records objects per
//! line), `aws cloudtrail lookup-events` output, digest files, and exports that keep only
//! `@timestamp`. Unknown JSON is "not a CloudTrail file", never a guess.

pub mod extract;
pub mod lenient;
mod one_pass;
pub mod record;
pub mod redactions;
pub mod source;

use crate::decode::text::Text;
use crate::error::FileError;
use crate::integrity::digest::Digest;
use lenient::List;
use record::RawEvent;
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::value::RawValue;
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

/// The top-level keys that tell the object shapes apart.
#[derive(Default, Deserialize)]
#[serde(default)]
struct Envelope<'a> {
    #[serde(rename = "Records", borrow)]
    records: List<'a>,
    #[serde(rename = "Events", borrow)]
    events: List<'a>,
    #[serde(rename = "logFiles")]
    log_files: Option<IgnoredAny>,
    #[serde(rename = "digestStartTime")]
    digest_start_time: Option<IgnoredAny>,
}

/// One item of lookup-events output.
#[derive(Deserialize)]
struct LookupItem<'a> {
    #[serde(rename = "CloudTrailEvent", borrow, default)]
    cloudtrail_event: Option<&'a RawValue>,
}

/// Reads the events (or the digest) of one decoded text.
pub fn read(text: &Text<'_>, sink: &mut impl EventSink) -> Result<Content, FileError> {
    let body = text.body();
    let trimmed = body.trim_start();
    let mut reader = Reader { all: text.all, sink };
    match trimmed.as_bytes().first() {
        Some(b'[') => reader.array(body),
        Some(b'{') if is_ndjson(trimmed) => reader.ndjson(body),
        Some(b'{') => reader.document(body),
        _ => Err(FileError::NotJson),
    }
}

/// NDJSON when the first two non-empty lines both start an object: a pretty-printed document's
/// second line is a key or a closing brace, never an object. A document laid out one record per
/// line (`{"Records":[` then `{…},`) also has two such lines, but its first line is not a whole
/// JSON value and the whole text is.
fn is_ndjson(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let (Some(first), Some(second)) = (lines.next(), lines.next()) else {
        return false;
    };
    first.starts_with('{')
        && second.starts_with('{')
        && (serde_json::from_str::<IgnoredAny>(first).is_ok() || serde_json::from_str::<IgnoredAny>(text).is_err())
}

/// Reads one record: a JSON object with at least one event field. (Serde would read a JSON
/// array into the struct field by field, so arrays are refused before parsing.)
fn parse_event(json: &str) -> Result<RawEvent<'_>, String> {
    if !json.trim_start().starts_with('{') {
        return Err("not a JSON object".into());
    }
    let event: RawEvent = serde_json::from_str(json).map_err(|e| e.to_string())?;
    an_event(event)
}

/// The record if it has an event field; an object without one is some other JSON.
fn an_event(event: RawEvent<'_>) -> Result<RawEvent<'_>, String> {
    if !event.looks_like_event() {
        return Err("not a CloudTrail event (no eventName, eventSource or eventTime)".into());
    }
    Ok(event)
}

struct Reader<'t, 's, S> {
    all: &'t str,
    sink: &'s mut S,
}

impl<S: EventSink> Reader<'_, '_, S> {
    /// Byte range of `part` (a slice of the text) within the whole decoded text.
    fn range_of(&self, part: &str) -> Range<usize> {
        let start = part.as_ptr() as usize - self.all.as_ptr() as usize;
        start..start + part.len()
    }

    fn document(&mut self, body: &str) -> Result<Content, FileError> {
        if let Some(items) = one_pass::records_document(body) {
            self.parsed_records(items);
            return Ok(Content::Events(Shape::Records));
        }
        let envelope: Envelope = serde_json::from_str(body).map_err(|e| FileError::from_json(&e))?;
        match envelope.records {
            List::Items(items) => return Ok(self.records(&items, None)),
            List::NotAList => return Err(FileError::NotCloudTrail("\"Records\" is not a list".into())),
            List::Missing => {}
        }
        if envelope.digest_start_time.is_some() || envelope.log_files.is_some() {
            let mut digest: Digest = serde_json::from_str(body)
                .map_err(|e| FileError::NotCloudTrail(format!("a digest file with unexpected fields ({e})")))?;
            digest.path.clear();
            return Ok(Content::Digest(Box::new(digest)));
        }
        if let List::Items(items) = envelope.events {
            return self.lookup_events(&items);
        }
        let event: RawEvent = serde_json::from_str(body).map_err(|e| FileError::from_json(&e))?;
        if !event.looks_like_event() {
            return Err(FileError::NotCloudTrail(
                "a JSON object without Records, Events, logFiles or any event field".into(),
            ));
        }
        let range = self.range_of(body.trim());
        self.sink.event(range, body.trim(), &event);
        Ok(Content::Events(Shape::BareEvent))
    }

    /// Reads records (from `Records` or an array); `line` is set for NDJSON lines.
    fn records(&mut self, items: &[&RawValue], line: Option<usize>) -> Content {
        for (index, item) in items.iter().enumerate() {
            self.one_event(item.get(), index, line);
        }
        Content::Events(Shape::Records)
    }

    /// Records already parsed by [`one_pass`].
    fn parsed_records(&mut self, items: Vec<one_pass::Item<'_>>) {
        for (index, item) in items.into_iter().enumerate() {
            self.emit(item.json, index, None, an_event(item.event));
        }
    }

    fn one_event(&mut self, json: &str, index: usize, line: Option<usize>) -> bool {
        self.emit(json, index, line, parse_event(json))
    }

    /// Hands a record to the sink, or its reason to fail.
    fn emit(&mut self, json: &str, index: usize, line: Option<usize>, parsed: Result<RawEvent<'_>, String>) -> bool {
        match parsed {
            Ok(event) => {
                let range = self.range_of(json);
                self.sink.event(range, json, &event);
                true
            }
            Err(reason) => {
                self.sink.failure(line, FileError::BadRecord { index, reason });
                false
            }
        }
    }

    fn array(&mut self, body: &str) -> Result<Content, FileError> {
        if let Some(items) = one_pass::array(body) {
            self.parsed_records(items);
            return Ok(Content::Events(Shape::Array));
        }
        let list: List = serde_json::from_str(body).map_err(|e| FileError::from_json(&e))?;
        let List::Items(items) = list else {
            return Err(FileError::NotJson);
        };
        let objects = items.iter().filter(|i| i.get().starts_with('{')).count();
        if !items.is_empty() && objects == 0 {
            return Err(FileError::NotCloudTrail(
                "a JSON array that holds no event objects".into(),
            ));
        }
        self.records(&items, None);
        Ok(Content::Events(Shape::Array))
    }

    fn lookup_events(&mut self, items: &[&RawValue]) -> Result<Content, FileError> {
        let mut found = 0;
        for (index, item) in items.iter().enumerate() {
            let literal = serde_json::from_str::<LookupItem>(item.get())
                .ok()
                .filter(|_| item.get().starts_with('{'))
                .and_then(|i| i.cloudtrail_event);
            let Some(literal) = literal else {
                let reason = "lookup-events item without a CloudTrailEvent string".into();
                self.sink.failure(None, FileError::BadRecord { index, reason });
                continue;
            };
            found += 1;
            let parsed = serde_json::from_str::<String>(literal.get())
                .map_err(|e| e.to_string())
                .and_then(|json| {
                    parse_event(&json).map(|event| self.sink.event(self.range_of(literal.get()), &json, &event))
                });
            if let Err(reason) = parsed {
                self.sink.failure(None, FileError::BadRecord { index, reason });
            }
        }
        if found == 0 && !items.is_empty() {
            return Err(FileError::NotCloudTrail(
                "an \"Events\" list without CloudTrailEvent strings".into(),
            ));
        }
        Ok(Content::Events(Shape::LookupEvents))
    }

    fn ndjson(&mut self, body: &str) -> Result<Content, FileError> {
        let mut good_lines = 0;
        let mut bad_lines = 0;
        for (n, line) in body.split('\n').enumerate() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let number = Some(n + 1);
            match serde_json::from_str::<Envelope>(line) {
                Err(e) => {
                    bad_lines += 1;
                    self.sink.failure(number, FileError::from_json(&e));
                }
                Ok(Envelope {
                    records: List::Items(items),
                    ..
                }) => {
                    self.records(&items, number);
                    good_lines += 1;
                }
                Ok(_) => {
                    if self.one_event(line, 0, number) {
                        good_lines += 1;
                    } else {
                        bad_lines += 1;
                    }
                }
            }
        }
        if good_lines == 0 && bad_lines > 0 {
            return Err(FileError::NotCloudTrail(format!(
                "none of its {bad_lines} lines is a CloudTrail event"
            )));
        }
        Ok(Content::Events(Shape::Ndjson))
    }
}
