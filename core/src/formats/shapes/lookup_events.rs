//! `aws cloudtrail lookup-events` output: `{"Events":[…]}` whose items carry each event as a
//! JSON string in `CloudTrailEvent`, unescaped before it is read. The event's byte range is the
//! string literal's, which [`crate::formats::extract`] unescapes again to re-read it. One item
//! alone (a file of one `jq -c '.Events[]'` line) reads the same; items one per line are NDJSON's.

use crate::error::FileError;
use crate::formats::input::Input;
use crate::formats::lenient::List;
use crate::formats::one_pass;
use crate::formats::source::Shape;
use crate::formats::{Content, EventSink};
use serde::Deserialize;
use serde_json::value::RawValue;

/// One item of lookup-events output.
#[derive(Deserialize)]
struct LookupItem<'a> {
    #[serde(rename = "CloudTrailEvent", borrow, default)]
    cloudtrail_event: Option<&'a RawValue>,
}

/// Reads an object with an `Events` list, or one item; `None` for any other text.
pub(super) fn read(input: &Input<'_>, sink: &mut impl EventSink) -> Option<Result<Content, FileError>> {
    if !input.starts_with(b'{') {
        return None;
    }
    let envelope = input.envelope().ok()?;
    if let (List::Missing, Some(literal)) = (&envelope.events, envelope.cloudtrail_event) {
        // One item alone, as `jq -c '.Events[]'` writes a single event.
        input.escaped(sink, literal, 0, None);
        return Some(Ok(Content::Events(Shape::LookupEvents)));
    }
    let List::Items(list) = &envelope.events else {
        return None;
    };
    let mut items = 0;
    let mut found = 0;
    one_pass::each_item(list.get(), |index, _, item: Option<LookupItem>| {
        items += 1;
        let Some(literal) = item.and_then(|i| i.cloudtrail_event) else {
            let reason = "lookup-events item without a CloudTrailEvent string".into();
            sink.failure(None, FileError::BadRecord { index, reason });
            return Some(());
        };
        found += 1;
        input.escaped(sink, literal, index, None);
        Some(())
    });
    if found == 0 && items > 0 {
        return Some(Err(FileError::NotCloudTrail(
            "an \"Events\" list without CloudTrailEvent strings".into(),
        )));
    }
    Some(Ok(Content::Events(Shape::LookupEvents)))
}

#[cfg(test)]
mod tests {
    use super::read;
    use crate::formats::source::Shape;
    use crate::formats::testing::{ask, fixture, Answer};

    #[test]
    fn reads_the_escaped_events_and_points_at_their_strings() {
        let text = fixture("shapes/lookup-events.json");
        let (answer, sink) = ask(read, &text);
        assert_eq!(answer, Answer::Events(Shape::LookupEvents));
        assert_eq!(sink.names(), ["ConsoleLogin", "CreateUser", "RunInstances"]);
        assert!(sink.failures.is_empty(), "{:?}", sink.failures);
        for got in &sink.events {
            let literal = &text[got.range.clone()];
            assert!(literal.starts_with("\"{\\\""), "{literal}");
            assert_eq!(serde_json::from_str::<String>(literal).unwrap(), got.json);
        }
    }

    #[test]
    fn items_without_an_event_are_skipped_by_index() {
        let text = r#"{"Events":[{"CloudTrailEvent":"{\"eventName\":\"A\"}"},{"CloudTrailEvent":"[1]"},
            {"EventName":"B"},{"CloudTrailEvent":"not json"},"text"]}"#;
        let (answer, sink) = ask(read, text);
        assert_eq!(answer, Answer::Events(Shape::LookupEvents));
        assert_eq!(sink.names(), ["A"]);
        let without = "lookup-events item without a CloudTrailEvent string";
        assert_eq!(
            sink.failures,
            [
                (None, "record 1 skipped: not a JSON object".to_string()),
                (None, format!("record 2 skipped: {without}")),
                (None, "record 3 skipped: not a JSON object".to_string()),
                (None, format!("record 4 skipped: {without}")),
            ]
        );
    }

    #[test]
    fn an_events_list_without_any_event_string_fails_the_file() {
        let (answer, sink) = ask(read, r#"{"Events":[{"EventName":"A"},"text"]}"#);
        let failed = "not a CloudTrail file: an \"Events\" list without CloudTrailEvent strings";
        assert_eq!(answer, Answer::Failed(failed.into()));
        assert_eq!(sink.failures.len(), 2);
        assert_eq!(ask(read, r#"{"Events":[]}"#).0, Answer::Events(Shape::LookupEvents));
    }

    #[test]
    fn one_item_alone_is_read() {
        let text = r#"{"EventId":"1","EventName":"A","CloudTrailEvent":"{\"eventName\":\"A\"}"}"#;
        let (answer, sink) = ask(read, text);
        assert_eq!(answer, Answer::Events(Shape::LookupEvents));
        assert_eq!(sink.names(), ["A"]);
        assert_eq!(&text[sink.events[0].range.clone()], r#""{\"eventName\":\"A\"}""#);
        let (answer, sink) = ask(read, r#"{"EventName":"A","CloudTrailEvent":"text"}"#);
        assert_eq!(answer, Answer::Events(Shape::LookupEvents));
        assert_eq!(
            sink.failures,
            [(None, "record 0 skipped: not a JSON object".to_string())]
        );
    }

    #[test]
    fn not_mine_without_an_events_list() {
        for text in [
            fixture("shapes/records.json"),
            fixture("seeds/lex-put-bot.json"),
            fixture("shapes/array.json"),
            r#"{"Events":{"CloudTrailEvent":"{}"},"eventName":"A"}"#.to_string(),
            r#"{"Events":[{"CloudTrailEvent":"{}"}"#.to_string(),
        ] {
            let (answer, sink) = ask(read, &text);
            assert_eq!(answer, Answer::NotMine, "{text}");
            assert!(sink.events.is_empty() && sink.failures.is_empty(), "{text}");
        }
    }
}
