//! `aws logs create-export-task` objects: a log group exported to S3 as text (gzip), one log
//! event per line, `2023-11-14T22:13:20.000Z {…}`: its timestamp, a space and its message, here
//! an event's JSON as CloudTrail wrote it (read in place, like an NDJSON line). A bad line is
//! reported by its 1-based number and the others still load.

use crate::error::FileError;
use crate::formats::input::Input;
use crate::formats::source::Shape;
use crate::formats::{Content, EventSink};

/// Reads a text whose first line is a timestamp and a JSON object; `None` for any other text.
pub(super) fn read(input: &Input<'_>, sink: &mut impl EventSink) -> Option<Result<Content, FileError>> {
    let first = input.trimmed().lines().next()?;
    split(first).filter(|(_, message)| message.starts_with('{'))?;
    let mut good_lines = 0;
    let mut bad_lines = 0;
    for (n, line) in input.body().split('\n').enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let number = Some(n + 1);
        let read = match split(line) {
            Some((_, message)) => input.record(sink, message, 0, number),
            None => {
                let reason = "not a timestamp and a message".into();
                sink.failure(number, FileError::BadRecord { index: 0, reason });
                false
            }
        };
        if read {
            good_lines += 1;
        } else {
            bad_lines += 1;
        }
    }
    if good_lines == 0 {
        return Some(Err(FileError::NotCloudTrail(format!(
            "none of its {bad_lines} exported log lines is a CloudTrail event"
        ))));
    }
    Some(Ok(Content::Events(Shape::LogExport)))
}

/// A line's timestamp (`YYYY-MM-DDThh:mm:ss…`, up to the first space) and its message.
fn split(line: &str) -> Option<(&str, &str)> {
    let (stamp, message) = line.split_once(' ')?;
    let b = stamp.as_bytes();
    let digits = |range: std::ops::Range<usize>| b.get(range).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let dated = digits(0..4) && b.get(4) == Some(&b'-') && digits(5..7) && b.get(7) == Some(&b'-') && digits(8..10);
    let timed = b.get(10) == Some(&b'T') && digits(11..13) && b.get(13) == Some(&b':');
    (dated && timed).then_some((stamp, message.trim_start()))
}

#[cfg(test)]
mod tests {
    use super::read;
    use crate::formats::source::Shape;
    use crate::formats::testing::{ask, assert_ranges_hold_their_json, Answer};

    #[test]
    fn reads_the_json_after_each_timestamp_and_reports_a_bad_line_by_number() {
        let text = "2023-11-14T22:13:20.000Z {\"eventName\":\"A\"}\r\n\
                    2023-11-14T22:13:21.000Z {\"eventName\":\"B\",\"x\":\"a b\"}\n\
                    \n\
                    2023-11-14T22:13:22.000Z {\"eventName\":\n\
                    garbage\n\
                    2023-11-14T22:13:23.000Z {\"eventName\":\"C\"}\n";
        let (answer, sink) = ask(read, text);
        assert_eq!(answer, Answer::Events(Shape::LogExport));
        assert_eq!(sink.names(), ["A", "B", "C"]);
        assert_ranges_hold_their_json(text, &sink);
        assert_eq!(
            sink.failures,
            [
                (
                    Some(4),
                    "record 0 skipped: EOF while parsing a value at line 1 column 13".to_string()
                ),
                (Some(5), "record 0 skipped: not a timestamp and a message".to_string()),
            ]
        );
    }

    #[test]
    fn lines_of_other_messages_fail_the_file() {
        let (answer, sink) = ask(
            read,
            "2023-11-14T22:13:20.000Z {\"n\":1}\n2023-11-14T22:13:21.000Z {\"n\":2}\n",
        );
        let failed = "not a CloudTrail file: none of its 2 exported log lines is a CloudTrail event";
        assert_eq!(answer, Answer::Failed(failed.into()));
        assert_eq!(sink.failures.len(), 2);
    }

    #[test]
    fn not_mine_unless_the_first_line_is_a_timestamp_and_an_object() {
        for text in [
            "{\"eventName\":\"A\"}\n",
            "2023-11-14T22:13:20.000Z GET /health 200\n",
            "2023-11-14 22:13:20 {\"eventName\":\"A\"}\n",
            "2023-11-14T22:13:20.000Z\n",
            "plain text",
        ] {
            let (answer, sink) = ask(read, text);
            assert_eq!(answer, Answer::NotMine, "{text}");
            assert!(sink.events.is_empty() && sink.failures.is_empty(), "{text}");
        }
    }
}
