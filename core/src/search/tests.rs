use super::*;

/// The indexes of the events of a text (each given as its JSON) that hold `needle`.
fn search(text: &str, shape: Shape, needle: &str) -> Vec<u32> {
    let events = locators(text);
    Searchable::of_shape(text.as_bytes().to_vec(), shape).events(&Needle::new(needle), &events)
}

/// The locators of the items of a JSON array: each object at depth 2, found by counting
/// brackets outside strings.
fn locators(text: &str) -> Vec<(u32, u32)> {
    let (mut depth, mut start, mut in_string, mut escaped) = (0, 0, false, false);
    let mut out = Vec::new();
    for (i, b) in text.bytes().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth == 2 {
                    start = i;
                }
            }
            b'}' | b']' => {
                if depth == 2 {
                    out.push((start as u32, (i + 1 - start) as u32));
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    out
}

#[test]
fn finds_each_event_once_whatever_the_case() {
    let text = r#"[{"a":"Needle needle"},{"b":"none"},{"c":"NEEDLE"}]"#;
    assert_eq!(search(text, Shape::Array, "neEdle"), [0, 2]);
    assert_eq!(search(text, Shape::Array, "none"), [1]);
    assert_eq!(search(text, Shape::Array, ""), [] as [u32; 0]);
}

#[test]
fn text_between_or_across_events_finds_nothing() {
    let text = r#"[{"a":"xy"},{"b":"zw"}]"#;
    assert_eq!(search(text, Shape::Array, r#""},{""#), [] as [u32; 0]);
    assert_eq!(search(text, Shape::Array, "[{"), [] as [u32; 0]);
    assert_eq!(search(text, Shape::Array, r#"{"b"#), [1]);
}

#[test]
fn escapes_are_searched_as_what_they_stand_for() {
    let text =
        r#"[{"a":"arn\/x"},{"b":"caf\u00c9 \u0041B"},{"c":"say \"hi\""},{"d":"\ud83d\ude00 \ud800"},{"e":"CRÈME"}]"#;
    assert_eq!(search(text, Shape::Array, "arn/x"), [0]);
    assert_eq!(search(text, Shape::Array, "café ab"), [1]);
    assert_eq!(search(text, Shape::Array, r#"say "hi""#), [2]);
    assert_eq!(search(text, Shape::Array, "\u{1F600} \u{FFFD}"), [3]);
    assert_eq!(search(text, Shape::Array, "CAFÉ"), [1]);
    assert_eq!(search(text, Shape::Array, "crème"), [4]);
}

#[test]
fn lookup_events_strings_are_decoded_twice() {
    let inner = r#"{"requestParameters":{"policy":"{\"Action\":\"s3:Get*\"}","path":"a\/b"}}"#;
    let literal = serde_json::to_string(inner).unwrap();
    let text = format!(r#"{{"Events":[{{"EventName":"Get","CloudTrailEvent":{literal}}}]}}"#);
    let start = text.find(&literal).unwrap();
    let events = [(start as u32, literal.len() as u32)];
    let find = |needle: &str| {
        Searchable::of_shape(text.as_bytes().to_vec(), Shape::LookupEvents).events(&Needle::new(needle), &events)
    };
    assert_eq!(find(r#""action":"s3:get*""#), [0]);
    assert_eq!(find("a/b"), [0]);
    assert_eq!(find(r#""requestParameters":{"#), [0]);
    assert_eq!(
        find("EventName"),
        [] as [u32; 0],
        "the item's own keys are not the event"
    );
}

#[test]
fn cloudwatch_messages_are_decoded_twice() {
    let inner = r#"{"requestParameters":{"policy":"{\"Action\":\"s3:Get*\"}","path":"a\/b"}}"#;
    let literal = serde_json::to_string(inner).unwrap();
    let text = format!(
        r#"{{"messageType":"DATA_MESSAGE","logStream":"stream-x","logEvents":[{{"id":"1","timestamp":1,"message":{literal}}}]}}"#
    );
    let start = text.find(&literal).unwrap();
    let events = [(start as u32, literal.len() as u32)];
    let find = |needle: &str| {
        Searchable::of_shape(text.as_bytes().to_vec(), Shape::CloudWatchLogs).events(&Needle::new(needle), &events)
    };
    assert_eq!(find(r#""action":"s3:get*""#), [0]);
    assert_eq!(find("a/b"), [0]);
    assert_eq!(find(r#""requestParameters":{"#), [0]);
    assert_eq!(find("stream-x"), [] as [u32; 0], "the envelope is not the event");
}

#[test]
fn a_text_without_escapes_is_left_as_it_is_and_a_stray_backslash_stays() {
    let mut text = br#"{"a":"x\qy"}"#.to_vec();
    assert!(unescape(&mut text).is_empty());
    assert_eq!(text, br#"{"a":"x\qy"}"#);
    let mut text = br#"\\n\u00"#.to_vec();
    let shifts = unescape(&mut text);
    assert_eq!(text, br#"\n\u00"#);
    assert_eq!(shifts, [Shift { at: 2, shrunk: 1 }]);
}
