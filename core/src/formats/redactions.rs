//! Finding what CloudTrail did not log as it happened in one event: values masked as `"****"`,
//! values replaced by `"HIDDEN_DUE_TO_SECURITY_REASONS"`, and `requestParameters` or
//! `responseElements` left `null`. The app's detail pane lists them above the JSON so a reader
//! does not mistake them for what was sent.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Why part of an event is not shown as it happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RedactionKind {
    /// The value is `"****"`: masked by CloudTrail.
    Masked,
    /// The value is `"HIDDEN_DUE_TO_SECURITY_REASONS"`.
    Hidden,
    /// `requestParameters` or `responseElements` is `null`: not logged for this call.
    NotLogged,
}

/// One redacted or not-logged field of an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redaction {
    /// Where the field is, as `a.b[2].c`.
    pub path: String,
    /// What happened to it.
    pub kind: RedactionKind,
}

/// The value CloudTrail writes in place of a sensitive field.
const MASK: &str = "****";
/// The value CloudTrail writes in place of a field hidden for security reasons.
const HIDDEN: &str = "HIDDEN_DUE_TO_SECURITY_REASONS";
/// Top-level fields whose `null` means "not logged for this call".
const NOT_LOGGED_WHEN_NULL: [&str; 2] = ["requestParameters", "responseElements"];

/// The redactions of one event, in document order.
pub fn find(event: &Value) -> Vec<Redaction> {
    let mut found = Vec::new();
    walk(event, &mut String::new(), true, &mut found);
    found
}

fn walk(value: &Value, path: &mut String, top: bool, found: &mut Vec<Redaction>) {
    match value {
        Value::String(s) if s == MASK => found.push(Redaction {
            path: path.clone(),
            kind: RedactionKind::Masked,
        }),
        Value::String(s) if s == HIDDEN => found.push(Redaction {
            path: path.clone(),
            kind: RedactionKind::Hidden,
        }),
        Value::Object(fields) => {
            for (key, child) in fields {
                let len = path.len();
                if !top {
                    path.push('.');
                }
                path.push_str(key);
                if top && child.is_null() && NOT_LOGGED_WHEN_NULL.contains(&key.as_str()) {
                    found.push(Redaction {
                        path: path.clone(),
                        kind: RedactionKind::NotLogged,
                    });
                }
                walk(child, path, false, found);
                path.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                walk(child, path, false, found);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(json: &str) -> Vec<(String, RedactionKind)> {
        let event: Value = serde_json::from_str(json).expect("test events are JSON");
        find(&event).into_iter().map(|r| (r.path, r.kind)).collect()
    }

    #[test]
    fn masked_hidden_and_not_logged_fields_are_found_in_order() {
        let json = r#"{"requestParameters":{"text":"****","list":[{"k":"HIDDEN_DUE_TO_SECURITY_REASONS"}]},
            "responseElements":null,"userAgent":"****x"}"#;
        assert_eq!(
            kinds(json),
            vec![
                ("requestParameters.text".to_string(), RedactionKind::Masked),
                ("requestParameters.list[0].k".to_string(), RedactionKind::Hidden),
                ("responseElements".to_string(), RedactionKind::NotLogged),
            ]
        );
    }

    #[test]
    fn nested_nulls_and_plain_events_are_not_redactions() {
        assert!(kinds(r#"{"requestParameters":{"responseElements":null},"additionalEventData":null}"#).is_empty());
        assert!(kinds(r#"{"eventName":"GetObject","requestParameters":{"bucketName":"b"}}"#).is_empty());
    }
}
