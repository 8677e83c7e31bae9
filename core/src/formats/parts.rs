//! The two parts of an event that say what a call asked and got (`requestParameters` and
//! `responseElements`), parsed again at load time for the few events whose facts the row does not
//! keep (job keys and statuses); the rest of the event is skipped unparsed.

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// The two parts, left unparsed.
#[derive(Deserialize)]
struct Parts<'a> {
    #[serde(rename = "requestParameters", borrow, default)]
    request: Option<&'a RawValue>,
    #[serde(rename = "responseElements", borrow, default)]
    response: Option<&'a RawValue>,
}

/// `requestParameters` and `responseElements` of the event in `json`, under their own names (so
/// that paths from the event's root apply); `None` when the JSON does not parse.
pub fn request_and_response(json: &str) -> Option<Value> {
    let parts = serde_json::from_str::<Parts>(json).ok()?;
    let mut root = Map::new();
    for (name, raw) in [
        ("requestParameters", parts.request),
        ("responseElements", parts.response),
    ] {
        if let Some(value) = raw.and_then(|r| serde_json::from_str(r.get()).ok()) {
            root.insert(name.to_string(), value);
        }
    }
    Some(Value::Object(root))
}

/// The scalar at a dotted `path` as text (`*` matches any member of an object); `None` when
/// absent, empty, or not a string or number.
pub fn text_at(value: &Value, path: &str) -> Option<String> {
    let found = match path.split_once('.') {
        None => value.get(path)?,
        Some(("*", rest)) => return value.as_object()?.values().find_map(|v| text_at(v, rest)),
        Some((head, rest)) => return text_at(value.get(head)?, rest),
    };
    match found {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{request_and_response, text_at};
    use serde_json::json;

    #[test]
    fn paths_step_into_objects_and_any_member() {
        let v = json!({"responseElements": {"entitiesDetectionJobProperties": {"jobStatus": "COMPLETED"}, "n": 3}});
        assert_eq!(
            text_at(&v, "responseElements.*.jobStatus").as_deref(),
            Some("COMPLETED")
        );
        assert_eq!(text_at(&v, "responseElements.n").as_deref(), Some("3"));
        assert_eq!(text_at(&v, "responseElements.jobStatus"), None);
        assert_eq!(
            text_at(&json!({"responseElements": null}), "responseElements.jobId"),
            None
        );
    }

    #[test]
    fn only_the_two_parts_are_kept() {
        let v =
            request_and_response(r#"{"eventName":"X","requestParameters":{"a":1},"responseElements":null}"#).unwrap();
        assert_eq!(v, json!({"requestParameters": {"a": 1}}), "a null part is no part");
        assert_eq!(request_and_response("not json"), None);
    }
}
