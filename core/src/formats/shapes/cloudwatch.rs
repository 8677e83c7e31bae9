//! CloudWatch Logs, where a trail also delivers its events: each event is the `message` of a
//! log event, a JSON string unescaped before it is read, whose byte range is the string
//! literal's (as for `lookup-events` output). Three layouts hold log events:
//! - a subscription envelope, `{"messageType":"DATA_MESSAGE","logGroup":…,"logStream":…,
//!   "logEvents":[{"id":…,"timestamp":…,"message":"…"}]}`, as a Lambda or Kinesis consumer
//!   receives it (usually gzip); a `CONTROL_MESSAGE` envelope's log events are plain text, not
//!   events, and are skipped;
//! - Kinesis Data Firehose's S3 objects: envelopes concatenated with no separator (`{…}{…}`),
//!   read one after the other; an object cut short keeps the events of its whole envelopes and
//!   reports the one cut (envelopes one per line are NDJSON's, which reads them with
//!   [`messages`]);
//! - `aws logs filter-log-events` and `get-log-events` output, `{"events":[…]}` (lowercase,
//!   where `lookup-events` has `Events`).

use crate::error::FileError;
use crate::formats::input::{Envelope, Input};
use crate::formats::lenient::List;
use crate::formats::one_pass;
use crate::formats::source::Shape;
use crate::formats::{Content, EventSink};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Deserializer;

/// One log event; only its message is read.
#[derive(Deserialize)]
struct LogEvent<'a> {
    #[serde(borrow, default)]
    message: Option<&'a RawValue>,
}

/// What the log events of a file came to.
#[derive(Default)]
pub(super) struct Tally {
    /// Log events read so far (the index of the next one in failures).
    pub log_events: usize,
    /// Those that were CloudTrail events.
    pub events: usize,
}

impl Tally {
    /// The file's answer: its events, or that none of its log events was one.
    fn content(&self) -> Result<Content, FileError> {
        if self.events == 0 && self.log_events > 0 {
            return Err(FileError::NotCloudTrail(format!(
                "none of its {} CloudWatch Logs messages is a CloudTrail event",
                self.log_events
            )));
        }
        Ok(Content::Events(Shape::CloudWatchLogs))
    }
}

/// Reads one envelope or `aws logs` output, or concatenated envelopes; `None` for any other
/// text.
pub(super) fn read(input: &Input<'_>, sink: &mut impl EventSink) -> Option<Result<Content, FileError>> {
    if !input.starts_with(b'{') {
        return None;
    }
    let mut tally = Tally::default();
    match input.envelope() {
        Ok(envelope) if envelope.is_cloudwatch() => {
            messages(input, sink, envelope, None, &mut tally);
            Some(tally.content())
        }
        Ok(_) => None,
        // Only a text that is one value and more, or one cut inside an envelope, can be
        // envelopes concatenated: any other is not worth reading again.
        Err(e) if e.to_string().starts_with("trailing characters") || opens_an_envelope(input.trimmed()) => {
            concatenated(input, sink, &mut tally).map(|read| read.and_then(|()| tally.content()))
        }
        Err(_) => None,
    }
}

/// Hands over the events of one envelope or `aws logs` output (`line`: its NDJSON line), none
/// for a `CONTROL_MESSAGE`; whether it was one of these.
pub(super) fn messages<'t>(
    input: &Input<'t>,
    sink: &mut impl EventSink,
    envelope: &Envelope<'t>,
    line: Option<usize>,
    tally: &mut Tally,
) -> bool {
    let list = match (&envelope.log_events, &envelope.log_output) {
        (List::Items(list), _) | (_, List::Items(list)) => list,
        _ => return false,
    };
    if envelope.message_type.as_str() == "CONTROL_MESSAGE" {
        return true;
    }
    one_pass::each_item(list.get(), |_, _, log_event: Option<LogEvent>| {
        let index = tally.log_events;
        tally.log_events += 1;
        match log_event.and_then(|e| e.message) {
            Some(literal) => {
                if input.escaped(sink, literal, index, line) {
                    tally.events += 1;
                }
            }
            None => {
                let reason = "CloudWatch Logs log event without a message".into();
                sink.failure(line, FileError::BadRecord { index, reason });
            }
        }
        Some(())
    });
    true
}

/// Envelopes concatenated as Firehose writes them: `None` unless the first one is an envelope
/// (or, cut short, starts as CloudWatch Logs writes one); the error of a file cut inside its
/// first envelope.
fn concatenated(input: &Input<'_>, sink: &mut impl EventSink, tally: &mut Tally) -> Option<Result<(), FileError>> {
    let body = input.body();
    let mut stream = Deserializer::from_str(body).into_iter::<Envelope>();
    let mut index = 0;
    loop {
        let start = stream.byte_offset();
        match stream.next() {
            None => return Some(Ok(())),
            Some(Ok(envelope)) => {
                if !messages(input, sink, &envelope, None, tally) {
                    if index == 0 {
                        return None;
                    }
                    let reason = "not a CloudWatch Logs envelope".into();
                    sink.failure(None, FileError::BadRecord { index, reason });
                }
            }
            Some(Err(e)) => {
                let rest = &body[start..];
                if index == 0 && !opens_an_envelope(rest) {
                    return None;
                }
                let error = if e.is_eof() {
                    FileError::CutEnvelope {
                        index,
                        stream: log_stream(rest),
                    }
                } else {
                    FileError::from_json(&e)
                };
                if index == 0 {
                    return Some(Err(error));
                }
                sink.failure(None, error);
                return Some(Ok(()));
            }
        }
        index += 1;
    }
}

/// Whether `text` starts as CloudWatch Logs writes an envelope, `messageType` first.
fn opens_an_envelope(text: &str) -> bool {
    let text = text.trim_start();
    text.strip_prefix('{')
        .is_some_and(|rest| rest.trim_start().starts_with("\"messageType\""))
}

/// The `logStream` named in the start of a cut envelope, if it is there whole and plain.
fn log_stream(text: &str) -> Option<String> {
    const KEY: &str = "\"logStream\":\"";
    let from = text.find(KEY)? + KEY.len();
    let name = &text[from..from + text[from..].find('"')?];
    (!name.contains('\\')).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::read;
    use crate::formats::source::Shape;
    use crate::formats::testing::{ask, Answer, Collect};

    const A: &str = r#"{\"eventName\":\"A\",\"eventID\":\"1\"}"#;
    const B: &str = r#"{\"eventName\":\"B\",\"requestParameters\":{\"policy\":\"{\\\"Action\\\":\\\"s3:*\\\"}\"}}"#;

    fn envelope(kind: &str, stream: &str, messages: &[&str]) -> String {
        let events: Vec<String> = messages
            .iter()
            .enumerate()
            .map(|(n, m)| format!(r#"{{"id":"{n}","timestamp":1700000000000,"message":"{m}"}}"#))
            .collect();
        format!(
            r#"{{"messageType":"{kind}","owner":"111122223333","logGroup":"aws-cloudtrail-logs","logStream":"{stream}","subscriptionFilters":["ct"],"logEvents":[{}]}}"#,
            events.join(",")
        )
    }

    /// Each event's range is a string literal that unescapes to the JSON handed with it.
    fn assert_literals(text: &str, sink: &Collect) {
        for got in &sink.events {
            let literal = &text[got.range.clone()];
            assert_eq!(serde_json::from_str::<String>(literal).unwrap(), got.json, "{literal}");
        }
    }

    #[test]
    fn reads_an_envelope_and_skips_a_control_message() {
        let text = envelope("DATA_MESSAGE", "s", &[A, B]);
        let (answer, sink) = ask(read, &text);
        assert_eq!(answer, Answer::Events(Shape::CloudWatchLogs));
        assert_eq!(sink.names(), ["A", "B"]);
        assert!(sink.failures.is_empty(), "{:?}", sink.failures);
        assert_literals(&text, &sink);
        assert!(sink.events[1].json.contains(r#""{\"Action\":\"s3:*\"}""#));

        let control = envelope(
            "CONTROL_MESSAGE",
            "s",
            &["CWL CONTROL MESSAGE: Checking health of destination Firehose."],
        );
        let (answer, sink) = ask(read, &control);
        assert_eq!(answer, Answer::Events(Shape::CloudWatchLogs));
        assert!(sink.events.is_empty() && sink.failures.is_empty());
        let (answer, sink) = ask(read, &envelope("DATA_MESSAGE", "s", &[]));
        assert_eq!(answer, Answer::Events(Shape::CloudWatchLogs));
        assert!(sink.events.is_empty() && sink.failures.is_empty());
    }

    #[test]
    fn reads_concatenated_envelopes_and_reports_the_one_cut_short() {
        let whole = [
            envelope("DATA_MESSAGE", "one", &[A]),
            envelope("CONTROL_MESSAGE", "two", &["CWL CONTROL MESSAGE"]),
            envelope("DATA_MESSAGE", "three", &[B, A]),
        ]
        .concat();
        let (answer, sink) = ask(read, &whole);
        assert_eq!(answer, Answer::Events(Shape::CloudWatchLogs));
        assert_eq!(sink.names(), ["A", "B", "A"]);
        assert!(sink.failures.is_empty(), "{:?}", sink.failures);
        assert_literals(&whole, &sink);

        let spaced = format!(
            "{}\n\n{}",
            envelope("DATA_MESSAGE", "x", &[A]),
            envelope("DATA_MESSAGE", "y", &[B])
        );
        assert_eq!(ask(read, &spaced).1.names(), ["A", "B"]);

        let cut = &whole[..whole.len() - 30];
        let (answer, sink) = ask(read, cut);
        assert_eq!(answer, Answer::Events(Shape::CloudWatchLogs));
        assert_eq!(sink.names(), ["A"]);
        let message = "CloudWatch Logs envelope 2 (log stream three) is cut short: the file ends inside it, \
                       so its events were not read";
        assert_eq!(sink.failures, [(None, message.to_string())]);

        let (answer, sink) = ask(read, &whole[..40]);
        let message = "CloudWatch Logs envelope 0 is cut short: the file ends inside it, so its events were not read";
        assert_eq!(answer, Answer::Failed(message.into()));
        assert!(sink.events.is_empty() && sink.failures.is_empty());
    }

    #[test]
    fn reads_filter_and_get_log_events_output() {
        let text = format!(
            r#"{{"events":[{{"logStreamName":"s","timestamp":1,"message":"{A}","ingestionTime":2,"eventId":"9"}},
            {{"logStreamName":"s","timestamp":1,"message":"{B}","ingestionTime":2,"eventId":"10"}}],
            "searchedLogStreams":[{{"logStreamName":"s","searchedCompletely":true}}]}}"#
        );
        let (answer, sink) = ask(read, &text);
        assert_eq!(answer, Answer::Events(Shape::CloudWatchLogs));
        assert_eq!(sink.names(), ["A", "B"]);
        assert_literals(&text, &sink);
        let text = format!(r#"{{"events":[{{"message":"{A}"}}],"nextForwardToken":"f/1","nextBackwardToken":"b/1"}}"#);
        assert_eq!(ask(read, &text).1.names(), ["A"]);
    }

    #[test]
    fn messages_that_are_not_events_are_skipped_and_a_file_of_only_those_fails() {
        let text = format!(
            r#"{{"events":[{{"message":"{A}"}},{{"message":"plain text"}},{{"timestamp":1}},{{"message":"{{\"n\":1}}"}}]}}"#
        );
        let (answer, sink) = ask(read, &text);
        assert_eq!(answer, Answer::Events(Shape::CloudWatchLogs));
        assert_eq!(sink.names(), ["A"]);
        assert_eq!(
            sink.failures,
            [
                (None, "record 1 skipped: not a JSON object".to_string()),
                (
                    None,
                    "record 2 skipped: CloudWatch Logs log event without a message".to_string()
                ),
                (
                    None,
                    "record 3 skipped: not a CloudTrail event (no eventName, eventSource or eventTime)".to_string()
                ),
            ]
        );
        let (answer, _) = ask(
            read,
            &envelope("DATA_MESSAGE", "app", &["GET /health 200", "GET / 200"]),
        );
        let failed = "not a CloudTrail file: none of its 2 CloudWatch Logs messages is a CloudTrail event";
        assert_eq!(answer, Answer::Failed(failed.into()));
    }

    #[test]
    fn not_mine_without_log_events() {
        for text in [
            r#"{"Records":[]}"#,
            r#"{"Events":[]}"#,
            r#"{"eventName":"A"}"#,
            r#"{"eventName":"A"}{"eventName":"B"}"#,
            r#"{"logEvents":{}}"#,
            r#"{"name":"#,
            "[1]",
        ] {
            let (answer, sink) = ask(read, text);
            assert_eq!(answer, Answer::NotMine, "{text}");
            assert!(sink.events.is_empty() && sink.failures.is_empty(), "{text}");
        }
    }
}
