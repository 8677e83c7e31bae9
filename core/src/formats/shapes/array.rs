//! A JSON array of events, as exports and hand-made files hold them: read in one pass when
//! every item is an event object (see [`one_pass`]), otherwise item by item.

use crate::error::FileError;
use crate::formats::input::Input;
use crate::formats::lenient::List;
use crate::formats::one_pass;
use crate::formats::source::Shape;
use crate::formats::{Content, EventSink};
use serde::de::IgnoredAny;

/// Reads an array that is empty or holds at least one object; `None` for any other text.
pub(super) fn read(input: &Input<'_>, sink: &mut impl EventSink) -> Option<Result<Content, FileError>> {
    if !input.starts_with(b'[') {
        return None;
    }
    if let Some(records) = one_pass::array(input.body()) {
        input.read_records(sink, records);
        return Some(Ok(Content::Events(Shape::Array)));
    }
    let Ok(List::Items(list)) = input.list() else {
        return None;
    };
    let mut items = 0;
    let object_found = one_pass::each_item(list.get(), |_, json, _: Option<IgnoredAny>| {
        items += 1;
        (!json.starts_with('{')).then_some(())
    })
    .is_none();
    if items > 0 && !object_found {
        return None;
    }
    input.records(sink, list, None);
    Some(Ok(Content::Events(Shape::Array)))
}

#[cfg(test)]
mod tests {
    use super::read;
    use crate::formats::source::Shape;
    use crate::formats::testing::{ask, assert_ranges_hold_their_json, fixture, Answer};

    #[test]
    fn reads_an_array_of_events() {
        let text = fixture("shapes/array.json");
        let (answer, sink) = ask(read, &text);
        assert_eq!(answer, Answer::Events(Shape::Array));
        assert_eq!(sink.names(), ["GetCallerIdentity", "GetCallerIdentity"]);
        assert!(sink.failures.is_empty(), "{:?}", sink.failures);
        assert_ranges_hold_their_json(&text, &sink);
    }

    #[test]
    fn reads_an_empty_array_and_skips_items_that_are_no_objects() {
        assert_eq!(ask(read, " [ ]\n").0, Answer::Events(Shape::Array));
        let text = r#"[2, {"eventSource":"kms.amazonaws.com","eventName":"Decrypt"}]"#;
        let (answer, sink) = ask(read, text);
        assert_eq!(answer, Answer::Events(Shape::Array));
        assert_eq!(sink.names(), ["Decrypt"]);
        assert_eq!(
            sink.failures,
            [(None, "record 0 skipped: not a JSON object".to_string())]
        );
        assert_ranges_hold_their_json(text, &sink);
    }

    #[test]
    fn not_mine_without_an_object_or_as_broken_json() {
        for text in [
            fixture("bad/numbers.json"),
            fixture("shapes/records.json"),
            fixture("seeds/lex-put-bot.json"),
            "[[{\"eventName\":\"GetObject\"}]]".to_string(),
            "[{\"eventName\":\"GetObject\"}".to_string(),
        ] {
            let (answer, sink) = ask(read, &text);
            assert_eq!(answer, Answer::NotMine, "{text}");
            assert!(sink.events.is_empty() && sink.failures.is_empty(), "{text}");
        }
    }
}
