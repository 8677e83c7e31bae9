//! What unit tests share: fixture texts (read one by one; walking fixture folders is
//! `core/tests/common`'s), and a sink that keeps what a shape handed it.

use super::input::Input;
use super::record::RawEvent;
use super::source::Shape;
use super::{Content, EventSink};
use crate::decode::text::Text;
use crate::decode::{Decoded, Decoder};
use crate::error::FileError;
use std::ops::Range;

/// The decoded text of `core/tests/fixtures/{rel}` (gzip inflated).
pub fn fixture(rel: &str) -> String {
    let path = format!("{}/tests/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let Ok(Decoded::Text(text)) = Decoder::decode_all(&bytes, 1 << 30) else {
        panic!("{path}: not a text file");
    };
    String::from_utf8(text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// One event as the sink got it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Got {
    /// Its byte range in the text.
    pub range: Range<usize>,
    /// The JSON handed with it.
    pub json: String,
    /// Its `eventName` (or the one of its Insights details).
    pub name: String,
}

/// Everything a shape handed to the sink.
#[derive(Debug, Default)]
pub struct Collect {
    /// The events, in order.
    pub events: Vec<Got>,
    /// The failures as `(line, message)`.
    pub failures: Vec<(Option<usize>, String)>,
}

impl Collect {
    /// The events' names, in order.
    pub fn names(&self) -> Vec<&str> {
        self.events.iter().map(|e| e.name.as_str()).collect()
    }
}

impl EventSink for Collect {
    fn event(&mut self, range: Range<usize>, json: &str, event: &RawEvent<'_>) {
        self.events.push(Got {
            range,
            json: json.to_string(),
            name: event.name().to_string(),
        });
    }
    fn failure(&mut self, line: Option<usize>, error: FileError) {
        self.failures.push((line, error.to_string()));
    }
}

/// A shape's answer for a text, made comparable.
#[derive(Debug, PartialEq)]
pub enum Answer {
    /// `None`: not this shape's text.
    NotMine,
    /// Events laid out as this shape.
    Events(Shape),
    /// A digest, for `digest_start_time`.
    Digest(Option<String>),
    /// The text is this shape's but fails as a whole, with this message.
    Failed(String),
}

/// What `read` (one shape's reader) answers for `text`, and what it handed the sink.
pub(super) fn ask(
    read: fn(&Input<'_>, &mut Collect) -> Option<Result<Content, FileError>>,
    text: &str,
) -> (Answer, Collect) {
    let text = Text::new(text.as_bytes()).expect("a non-empty text");
    let mut sink = Collect::default();
    let answer = read(&Input::new(&text), &mut sink).map_or(Answer::NotMine, answer);
    (answer, sink)
}

/// A reader's result, made comparable.
pub fn answer(result: Result<Content, FileError>) -> Answer {
    match result {
        Ok(Content::Events(shape)) => Answer::Events(shape),
        Ok(Content::Digest(digest)) => Answer::Digest(digest.digest_start_time.clone()),
        Err(e) => Answer::Failed(e.to_string()),
    }
}

/// Checks that each event's range in `text` holds the JSON handed with it.
pub fn assert_ranges_hold_their_json(text: &str, sink: &Collect) {
    for got in &sink.events {
        assert_eq!(&text[got.range.clone()], got.json, "{got:?}");
    }
}
