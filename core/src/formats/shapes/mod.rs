//! Telling the file shapes apart. Each shape has its own module, which reads the texts that are
//! its own and answers "not mine" (`None`) for every other, handing nothing to the sink before it
//! is sure; [`read`] asks the shapes one by one in the order of [`shapes`] and takes the first
//! answer. A new shape is a module here and a line in that list.
//!
//! When no shape claims a text, [`unrecognised`] says what it is instead: not JSON (a CSV
//! without a CloudTrail header too), broken JSON, or JSON of no CloudTrail shape.

mod array;
mod bare_event;
mod cloudwatch;
pub(super) mod csv;
mod digest;
mod export_lines;
mod lookup_events;
mod ndjson;
mod records;

use super::input::Input;
use super::{Content, EventSink};
use crate::decode::text::Text;
use crate::error::FileError;

/// One shape's reader: the text's events handed to the sink and what the text was, or `None`
/// when the text is not this shape's (then it has handed nothing to the sink).
type ReadShape<S> = fn(&Input<'_>, &mut S) -> Option<Result<Content, FileError>>;

/// The shapes in the order they are asked. Only the order of shapes that can claim the same
/// text matters, and it is this:
/// - NDJSON first: it decides on the first two lines, and a text it claims is never one JSON
///   value, so no later shape would read it;
/// - `{"Records":[…]}` before the digest and `lookup-events` shapes: an object with `Records`
///   is a trail file whatever else it holds;
/// - a digest before `lookup-events`: an object with digest keys is a digest even beside an
///   `Events` list;
/// - CloudWatch Logs (`logEvents` or `events` objects, or envelopes concatenated) after
///   `Records`, digests and `lookup-events`, whose keys are CloudTrail's own, and before a bare
///   event;
/// - a bare event last of the objects: any object with an event field is one, so the shapes
///   known by a top-level key go before it;
/// - an array, alone in starting with `[`;
/// - exported log lines, alone in starting with a timestamp;
/// - CSV query results last: a text no JSON shape claims, known by its header.
///
/// NDJSON lines of `lookup-events` items or CloudWatch Logs envelopes are NDJSON's to read (it
/// claims the text first), and a one-line text of concatenated envelopes is never NDJSON.
fn shapes<S: EventSink>() -> [ReadShape<S>; 9] {
    [
        ndjson::read,
        records::read,
        digest::read,
        lookup_events::read,
        cloudwatch::read,
        bare_event::read,
        array::read,
        export_lines::read,
        csv::read,
    ]
}

/// Reads the events (or the digest) of one decoded text.
pub fn read(text: &Text<'_>, sink: &mut impl EventSink) -> Result<Content, FileError> {
    let input = Input::new(text);
    for read_shape in shapes() {
        if let Some(content) = read_shape(&input, sink) {
            return content;
        }
    }
    Err(unrecognised(&input))
}

/// Why no shape claimed the text: the JSON error if it does not parse, or what the JSON is.
fn unrecognised(input: &Input<'_>) -> FileError {
    if input.starts_with(b'{') {
        return match input.envelope() {
            Err(e) => FileError::from_json(e),
            Ok(_) => {
                FileError::NotCloudTrail("a JSON object without Records, Events, logFiles or any event field".into())
            }
        };
    }
    if input.starts_with(b'[') {
        return match input.list() {
            Err(e) => FileError::from_json(e),
            Ok(_) => FileError::NotCloudTrail("a JSON array that holds no event objects".into()),
        };
    }
    FileError::NotJson
}

#[cfg(test)]
mod tests {
    use super::read;
    use crate::decode::text::Text;
    use crate::formats::source::Shape;
    use crate::formats::testing::{answer, fixture, Answer, Collect};

    const FIREHOSE: &str = "cloudwatch/firehose/2023/11/14/22/ct-to-s3-1-2023-11-14-22-13-20-5f1c0a6e";
    const EXPORT: &str = "cloudwatch/export/0b1e7d1c/111122223333_CloudTrail_us-east-1/000000.gz";

    fn detect(text: &str) -> Answer {
        answer(read(&Text::new(text.as_bytes()).unwrap(), &mut Collect::default()))
    }

    #[test]
    fn each_shape_is_told_by_content() {
        let digest = "shapes/AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/05/01/\
                      111122223333_CloudTrail-Digest_us-east-1_management-events_us-east-1_20240501T110000Z.json.gz";
        for (rel, want) in [
            ("shapes/records.json", Answer::Events(Shape::Records)),
            ("shapes/records-one-per-line.json", Answer::Events(Shape::Records)),
            ("shapes/array.json", Answer::Events(Shape::Array)),
            ("seeds/lex-put-bot.json", Answer::Events(Shape::BareEvent)),
            ("shapes/mixed.ndjson", Answer::Events(Shape::Ndjson)),
            ("shapes/logstash-export.ndjson", Answer::Events(Shape::Ndjson)),
            ("shapes/lookup-events.json", Answer::Events(Shape::LookupEvents)),
            (digest, Answer::Digest(Some("2024-05-01T10:00:00Z".into()))),
            ("cloudwatch/subscription.json.gz", Answer::Events(Shape::CloudWatchLogs)),
            (
                "cloudwatch/control-message.json.gz",
                Answer::Events(Shape::CloudWatchLogs),
            ),
            ("cloudwatch/empty-envelope.json", Answer::Events(Shape::CloudWatchLogs)),
            (FIREHOSE, Answer::Events(Shape::CloudWatchLogs)),
            ("cloudwatch/firehose-newlines", Answer::Events(Shape::CloudWatchLogs)),
            (
                "cloudwatch/filter-log-events.json",
                Answer::Events(Shape::CloudWatchLogs),
            ),
            ("cloudwatch/get-log-events.json", Answer::Events(Shape::CloudWatchLogs)),
            (EXPORT, Answer::Events(Shape::LogExport)),
            ("cloudwatch/lookup-events.jsonl", Answer::Events(Shape::LookupEvents)),
        ] {
            assert_eq!(detect(&fixture(rel)), want, "{rel}");
        }
    }

    #[test]
    fn the_order_decides_between_shapes_that_could_both_read_a_text() {
        let start = r#""digestStartTime":"2024-05-01T10:00:00Z""#;
        for (text, want) in [
            (format!(r#"{{"Records":[],{start}}}"#), Answer::Events(Shape::Records)),
            (
                format!(r#"{{"Events":[],{start}}}"#),
                Answer::Digest(Some("2024-05-01T10:00:00Z".into())),
            ),
            (
                r#"{"Events":[],"eventName":"A"}"#.into(),
                Answer::Events(Shape::LookupEvents),
            ),
            (
                r#"{"Records":[],"eventName":"A"}"#.into(),
                Answer::Events(Shape::Records),
            ),
            (
                r#"{"Events":[],"events":[]}"#.into(),
                Answer::Events(Shape::LookupEvents),
            ),
            (
                r#"{"logEvents":[],"eventName":"A"}"#.into(),
                Answer::Events(Shape::CloudWatchLogs),
            ),
        ] {
            assert_eq!(detect(&text), want, "{text}");
        }
    }

    #[test]
    fn a_text_no_shape_reads_says_what_it_is() {
        let failed = |m: &str| Answer::Failed(m.to_string());
        for (text, want) in [
            (
                "plain text",
                failed("not JSON: the content does not start with '{' or '['"),
            ),
            (
                r#"{"name":"app"}"#,
                failed("not a CloudTrail file: a JSON object without Records, Events, logFiles or any event field"),
            ),
            (
                "[1, 2]",
                failed("not a CloudTrail file: a JSON array that holds no event objects"),
            ),
            (
                r#"{"eventName":"#,
                failed("invalid JSON at line 1, column 13: EOF while parsing a value"),
            ),
            (
                "[{\"eventName\":1},",
                failed("invalid JSON at line 1, column 17: EOF while parsing a value"),
            ),
            (
                r#"{"Records":[],"Records":[]}"#,
                failed("invalid JSON at line 1, column 23: duplicate field `Records`"),
            ),
        ] {
            assert_eq!(detect(text), want, "{text}");
        }
    }
}
