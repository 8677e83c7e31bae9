//! One bare event object, as the AWS documentation shows events and as a user saves one from
//! the console.

use crate::error::FileError;
use crate::formats::input::Input;
use crate::formats::record::RawEvent;
use crate::formats::source::Shape;
use crate::formats::{Content, EventSink};

/// Reads one JSON object with an event field; `None` for any other text.
pub(super) fn read(input: &Input<'_>, sink: &mut impl EventSink) -> Option<Result<Content, FileError>> {
    // The envelope read first: a text that is not one JSON object is worded by its error.
    if !input.starts_with(b'{') || input.envelope().is_err() {
        return None;
    }
    let json = input.body().trim();
    let event: RawEvent = match serde_json::from_str(input.body()) {
        Ok(event) => event,
        Err(e) => return Some(Err(FileError::from_json(&e))),
    };
    if !event.looks_like_event() {
        return None;
    }
    sink.event(input.range_of(json), json, &event);
    Some(Ok(Content::Events(Shape::BareEvent)))
}

#[cfg(test)]
mod tests {
    use super::read;
    use crate::formats::source::Shape;
    use crate::formats::testing::{ask, assert_ranges_hold_their_json, fixture, Answer};

    #[test]
    fn reads_one_event_without_the_white_space_around_it() {
        let text = fixture("seeds/lex-put-bot.json");
        let (answer, sink) = ask(read, &text);
        assert_eq!(answer, Answer::Events(Shape::BareEvent));
        assert_eq!(sink.names(), ["PutBot"]);
        assert_eq!(sink.events[0].json, text.trim());
        assert_ranges_hold_their_json(&text, &sink);

        let (answer, sink) = ask(read, "\n  {\"@timestamp\":\"2024-05-01T17:01:00.000Z\"} \n");
        assert_eq!(answer, Answer::Events(Shape::BareEvent));
        assert_eq!(sink.events[0].range, 3..44);
    }

    #[test]
    fn an_event_with_a_field_twice_fails_the_file() {
        let (answer, sink) = ask(read, r#"{"eventName":"A","eventName":"B"}"#);
        let failed = "invalid JSON at line 1, column 28: duplicate field `eventName`";
        assert_eq!(answer, Answer::Failed(failed.into()));
        assert!(sink.events.is_empty());
    }

    #[test]
    fn not_mine_without_an_event_field_or_as_broken_json() {
        for text in [
            fixture("bad/not-cloudtrail.json"),
            fixture("shapes/records.json"),
            fixture("shapes/mixed.ndjson"),
            fixture("shapes/array.json"),
            r#"{"eventName":"A""#.to_string(),
            r#"{"Records":[],"Records":[],"eventName":"A"}"#.to_string(),
        ] {
            let (answer, sink) = ask(read, &text);
            assert_eq!(answer, Answer::NotMine, "{text}");
            assert!(sink.events.is_empty() && sink.failures.is_empty(), "{text}");
        }
    }
}
