//! NDJSON: one event, one `{"Records":[…]}` object, one `lookup-events` item (`jq -c
//! '.Events[]'`), one CloudWatch Logs envelope or log event (`jq -c '.events[]'`) per line (Logstash and SIEM exports, `jq -c`
//! output, Firehose objects with a newline after each record). A bad line is reported by its
//! 1-based number and the others still load. A text with items or envelopes holds its events as
//! JSON strings, and takes their shape.

use super::cloudwatch::{self, Tally};
use crate::error::FileError;
use crate::formats::input::{Envelope, Input};
use crate::formats::lenient::List;
use crate::formats::source::Shape;
use crate::formats::{Content, EventSink};
use serde::de::IgnoredAny;

/// Reads a text of JSON lines (see [`is_ndjson`]); `None` for any other text.
pub(super) fn read(input: &Input<'_>, sink: &mut impl EventSink) -> Option<Result<Content, FileError>> {
    if !is_ndjson(input.trimmed()) {
        return None;
    }
    let mut good_lines = 0;
    let mut bad_lines = 0;
    let mut shape = Shape::Ndjson;
    let mut log_events = Tally::default();
    for (n, line) in input.body().split('\n').enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let number = Some(n + 1);
        match serde_json::from_str::<Envelope>(line) {
            Err(e) => {
                bad_lines += 1;
                sink.failure(number, FileError::from_json(&e));
            }
            Ok(Envelope {
                records: List::Items(list),
                ..
            }) => {
                input.records(sink, list, number);
                good_lines += 1;
            }
            Ok(Envelope {
                cloudtrail_event: Some(literal),
                ..
            }) => {
                shape = Shape::LookupEvents;
                if input.escaped(sink, literal, 0, number) {
                    good_lines += 1;
                } else {
                    bad_lines += 1;
                }
            }
            Ok(envelope) if envelope.is_cloudwatch() => {
                shape = Shape::CloudWatchLogs;
                let (read, events) = (log_events.log_events, log_events.events);
                cloudwatch::messages(input, sink, &envelope, number, &mut log_events);
                // An envelope without log events (a control message) is good, not empty.
                if log_events.events > events || log_events.log_events == read {
                    good_lines += 1;
                } else {
                    bad_lines += 1;
                }
            }
            Ok(envelope) => {
                let read = match envelope.log_event_message() {
                    Some(literal) => {
                        shape = Shape::CloudWatchLogs;
                        input.escaped(sink, literal, 0, number)
                    }
                    None => input.record(sink, line, 0, number),
                };
                if read {
                    good_lines += 1;
                } else {
                    bad_lines += 1;
                }
            }
        }
    }
    if good_lines == 0 && bad_lines > 0 {
        return Some(Err(FileError::NotCloudTrail(format!(
            "none of its {bad_lines} lines is a CloudTrail event"
        ))));
    }
    Some(Ok(Content::Events(shape)))
}

/// NDJSON when the text is not one JSON value and one of its first two non-empty lines is a
/// whole JSON object, so that a bad first or second line (cut short, garbage, another kind of
/// value) fails alone. A single document is never taken for one: it is one JSON value, or when
/// broken its first two lines are no whole objects (pretty-printed, it opens with `{` or `[`
/// alone and then a key or `{` alone; laid out a record per line, `{"Records":[` is followed by
/// `{…},`), and on one line it has no second line.
fn is_ndjson(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let (Some(first), Some(second)) = (lines.next(), lines.next()) else {
        return false;
    };
    let whole_object = |line: &str| line.starts_with('{') && serde_json::from_str::<IgnoredAny>(line).is_ok();
    (whole_object(first) || whole_object(second)) && serde_json::from_str::<IgnoredAny>(text).is_err()
}

#[cfg(test)]
mod tests {
    use super::read;
    use crate::formats::source::Shape;
    use crate::formats::testing::{ask, assert_ranges_hold_their_json, fixture, Answer};

    #[test]
    fn reads_event_lines_and_records_lines_and_reports_a_bad_line_by_number() {
        let text = fixture("shapes/mixed.ndjson");
        let (answer, sink) = ask(read, &text);
        assert_eq!(answer, Answer::Events(Shape::Ndjson));
        assert_eq!(
            sink.names(),
            [
                "CreateLogStream",
                "PutRetentionPolicy",
                "SendMessage",
                "ReceiveMessage",
                "Publish"
            ]
        );
        assert_eq!(
            sink.failures,
            [(
                Some(3),
                "invalid JSON at line 1, column 42: EOF while parsing a value".to_string()
            )]
        );
        assert_ranges_hold_their_json(&text, &sink);
    }

    #[test]
    fn reads_generated_and_logstash_exports() {
        for (rel, events, name) in [
            ("ctgen/events.ndjson.gz", 40, None),
            ("shapes/logstash-export.ndjson", 3, Some("GetObject")),
        ] {
            let text = fixture(rel);
            let (answer, sink) = ask(read, &text);
            assert_eq!(answer, Answer::Events(Shape::Ndjson), "{rel}");
            assert_eq!(sink.events.len(), events, "{rel}");
            assert!(sink.failures.is_empty(), "{rel}: {:?}", sink.failures);
            if let Some(name) = name {
                assert!(sink.names().iter().all(|n| *n == name), "{rel}");
            }
            assert_ranges_hold_their_json(&text, &sink);
        }
    }

    #[test]
    fn line_numbers_count_blank_lines_and_a_text_of_bad_lines_fails() {
        let text = "\n{\"n\":1}\n\n  {\"eventName\":\"A\"}  \n{\"Records\":[{\"eventName\":\"B\"},[]]}\n";
        let (answer, sink) = ask(read, text);
        assert_eq!(answer, Answer::Events(Shape::Ndjson));
        assert_eq!(sink.names(), ["A", "B"]);
        let not_event = "record 0 skipped: not a CloudTrail event (no eventName, eventSource or eventTime)";
        assert_eq!(
            sink.failures,
            [
                (Some(2), not_event.to_string()),
                (Some(5), "record 1 skipped: not a JSON object".to_string()),
            ]
        );
        assert_ranges_hold_their_json(text, &sink);

        let (answer, sink) = ask(read, "{\"n\":1}\n{\"n\":2}\n");
        let failed = "not a CloudTrail file: none of its 2 lines is a CloudTrail event";
        assert_eq!(answer, Answer::Failed(failed.into()));
        assert_eq!(
            sink.failures.iter().map(|f| f.0).collect::<Vec<_>>(),
            [Some(1), Some(2)]
        );
    }

    #[test]
    fn a_bad_first_or_second_line_fails_alone() {
        let a = r#"{"eventName":"A"}"#;
        let c = r#"{"eventName":"C"}"#;
        let expected_value = "invalid JSON at line 1, column 1: expected value";
        for (text, names, failure) in [
            (format!("{a}\ngarbage\n{c}\n"), &["A", "C"][..], (2, expected_value)),
            (
                format!("{a}\n\"eventName\":\"B\"}}\n{c}"),
                &["A", "C"],
                (
                    2,
                    "invalid JSON at line 1, column 11: invalid type: string \"eventName\", expected a JSON object",
                ),
            ),
            (
                format!("{a}\n[{a}]\n{c}"),
                &["A", "C"],
                (2, "record 0 skipped: not a JSON object"),
            ),
            (
                format!("{a}\n{{\"eventName\":\n{c}"),
                &["A", "C"],
                (2, "invalid JSON at line 1, column 13: EOF while parsing a value"),
            ),
            (
                format!("\n\"us-east-1\",\"eventID\":\"1\"}}\n{a}\n{c}\n"),
                &["A", "C"],
                (
                    2,
                    "invalid JSON at line 1, column 11: invalid type: string \"us-east-1\", expected a JSON object",
                ),
            ),
            (
                format!("{{\"eventName\":\n\n{a}\n{c}"),
                &["A", "C"],
                (1, "invalid JSON at line 1, column 13: EOF while parsing a value"),
            ),
            (format!("{a}\n]"), &["A"], (2, expected_value)),
        ] {
            let (answer, sink) = ask(read, &text);
            assert_eq!(answer, Answer::Events(Shape::Ndjson), "{text}");
            assert_eq!(sink.names(), names, "{text}");
            assert_eq!(sink.failures, [(Some(failure.0), failure.1.to_string())], "{text}");
            assert_ranges_hold_their_json(&text, &sink);
        }
    }

    #[test]
    fn lookup_events_items_and_cloudwatch_envelopes_per_line_are_read_escaped() {
        let item = |name: &str| {
            format!(r#"{{"EventId":"1","EventName":"{name}","CloudTrailEvent":"{{\"eventName\":\"{name}\"}}"}}"#)
        };
        let text = format!(
            "{}\n{}\n{{\"EventName\":\"C\",\"CloudTrailEvent\":\"text\"}}\n",
            item("A"),
            item("B")
        );
        let (answer, sink) = ask(read, &text);
        assert_eq!(answer, Answer::Events(Shape::LookupEvents));
        assert_eq!(sink.names(), ["A", "B"]);
        assert_eq!(
            sink.failures,
            [(Some(3), "record 0 skipped: not a JSON object".to_string())]
        );
        for got in &sink.events {
            assert_eq!(
                serde_json::from_str::<String>(&text[got.range.clone()]).unwrap(),
                got.json
            );
        }

        let data =
            |messages: &str| format!(r#"{{"messageType":"DATA_MESSAGE","logStream":"s","logEvents":[{messages}]}}"#);
        let text = [
            data(r#"{"message":"{\"eventName\":\"A\"}"},{"message":"{\"eventName\":\"B\"}"}"#),
            r#"{"messageType":"CONTROL_MESSAGE","logEvents":[{"message":"CWL CONTROL MESSAGE"}]}"#.to_string(),
            data(r#"{"message":"GET / 200"}"#),
            data(r#"{"message":"{\"eventName\":\"C\"}"}"#),
        ]
        .join("\n");
        let (answer, sink) = ask(read, &text);
        assert_eq!(answer, Answer::Events(Shape::CloudWatchLogs));
        assert_eq!(sink.names(), ["A", "B", "C"]);
        assert_eq!(
            sink.failures,
            [(Some(3), "record 2 skipped: not a JSON object".to_string())]
        );
        for got in &sink.events {
            assert_eq!(
                serde_json::from_str::<String>(&text[got.range.clone()]).unwrap(),
                got.json
            );
        }
    }

    #[test]
    fn not_mine_unless_a_whole_object_opens_a_text_of_many_values() {
        let pretty = "{\n  \"Records\": [\n    {\n      \"eventName\": \"A\"\n    }\n  ]\n}\n";
        for text in [
            fixture("shapes/records-one-per-line.json"),
            fixture("shapes/records.json"),
            fixture("shapes/array.json"),
            fixture("seeds/lex-put-bot.json"),
            pretty.to_string(),
            pretty[..pretty.len() - 3].to_string(),
            "[\n  {\"eventName\": \"A\"},\n  {\"eventName\": \"B\"}\n]\n".to_string(),
            "{\"Records\":[\n{\"eventName\":\"A\"},\n{\"eventName\":\"B\"}\n]".to_string(),
            "{\"eventName\":\"A\"}\n".to_string(),
            "\n  {\"eventName\":\"A\"}  \n\n".to_string(),
            "[{\"eventName\":\"A\"}]\n[{\"eventName\":\"B\"}]\n".to_string(),
            "garbage\nmore garbage\n{\"eventName\":\"A\"}\n".to_string(),
        ] {
            let (answer, sink) = ask(read, &text);
            assert_eq!(answer, Answer::NotMine, "{text}");
            assert!(sink.events.is_empty() && sink.failures.is_empty(), "{text}");
        }
    }
}
