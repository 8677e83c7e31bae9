//! Athena's text for a struct column, `{key=value, key=value}` (and for an array, `[a, b]`),
//! read best-effort: no quoting tells a value's `, ` or `=` from the syntax's, so a part without
//! a `key=` of its own is taken as the rest of the value before it. `null` is left out; keys are
//! read back to CloudTrail's names ([`names::nested_field`]), as they are in such a struct cast
//! to JSON ([`logged_keys`]).

use super::names;
use serde_json::{Map, Value};

/// Deepest nesting read; deeper text is kept as a string (CloudTrail nests three levels).
const MAX_DEPTH: usize = 8;

/// The struct or array `text` renders, for the field `field` (as logged); `None` when `text`
/// is neither.
pub fn struct_value(field: &str, text: &str) -> Option<Value> {
    parse(field, text.trim(), 0)
}

/// `value`, a field's JSON text as read, with the keys of a field whose members CloudTrail names
/// (`userIdentity`, `resources`, `tlsDetails`) read back to CloudTrail's names: Athena's structs
/// cast to JSON spell them in lowercase. Other fields (a request's members) are kept as written.
pub fn logged_keys(field: &str, value: Value) -> Value {
    if matches!(field, "userIdentity" | "resources" | "tlsDetails") {
        renamed(field, value)
    } else {
        value
    }
}

fn renamed(parent: &str, value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, inner)| {
                    let key = names::nested_field(parent, &key);
                    let inner = renamed(&key, inner);
                    (key, inner)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(|item| renamed(parent, item)).collect()),
        other => other,
    }
}

fn parse(field: &str, text: &str, depth: usize) -> Option<Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    if let Some(inner) = text.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
        let mut map = Map::new();
        for (key, value) in entries(inner) {
            let key = names::nested_field(field, key);
            if let Some(value) = item(&key, value, depth) {
                map.insert(key, value);
            }
        }
        return Some(Value::Object(map));
    }
    let inner = text.strip_prefix('[')?.strip_suffix(']')?;
    let items = split_top(inner).filter_map(|part| item(field, part, depth));
    Some(Value::Array(items.collect()))
}

/// One value: left out when `null` or empty, a nested struct or array, or a string.
fn item(field: &str, text: &str, depth: usize) -> Option<Value> {
    let text = text.trim();
    if text.is_empty() || text == "null" {
        return None;
    }
    let nested = text.starts_with(['{', '[']).then(|| parse(field, text, depth + 1));
    Some(nested.flatten().unwrap_or_else(|| Value::String(text.to_string())))
}

/// The `key=value` entries of a struct's inside; a part that does not start with a key is glued
/// back onto the value before it.
fn entries(inner: &str) -> Vec<(&str, &str)> {
    let mut entries: Vec<(&str, &str)> = Vec::new();
    let start = inner.as_ptr() as usize;
    for part in split_top(inner) {
        match part.split_once('=').filter(|(key, _)| is_key(key)) {
            Some((key, value)) => entries.push((key.trim(), value)),
            None => {
                if let Some((_, value)) = entries.last_mut() {
                    let from = value.as_ptr() as usize - start;
                    let to = part.as_ptr() as usize - start + part.len();
                    *value = &inner[from..to];
                }
            }
        }
    }
    entries
}

fn is_key(key: &str) -> bool {
    let key = key.trim();
    !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The parts of `inner` between the `, ` that are not inside braces or brackets.
fn split_top(inner: &str) -> impl Iterator<Item = &str> {
    let mut depth = 0usize;
    let mut from = 0;
    let bytes = inner.as_bytes();
    let mut cuts = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b',' if depth == 0 && bytes.get(i + 1) == Some(&b' ') => {
                cuts.push(&inner[from..i]);
                from = i + 2;
            }
            _ => {}
        }
    }
    cuts.push(&inner[from..]);
    cuts.into_iter().filter(|part| !part.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::{logged_keys, struct_value};
    use serde_json::json;

    #[test]
    fn reads_an_athena_user_identity() {
        let text = "{type=AssumedRole, principalid=AROAEXAMPLE:alice, \
                    arn=arn:aws:sts::111122223333:assumed-role/Admin/alice, accountid=111122223333, \
                    invokedby=null, accesskeyid=ASIAEXAMPLE, username=null, \
                    sessioncontext={attributes={mfaauthenticated=false, creationdate=2024-05-01T10:00:00Z}, \
                    sessionissuer={type=Role, principalid=AROAEXAMPLE, arn=arn:aws:iam::111122223333:role/Admin, \
                    accountid=111122223333, username=Admin}, ec2roledelivery=null, webidfederationdata=null}, \
                    inscopeof=null, credentialid=null}";
        assert_eq!(
            struct_value("userIdentity", text),
            Some(json!({
                "type": "AssumedRole",
                "principalId": "AROAEXAMPLE:alice",
                "arn": "arn:aws:sts::111122223333:assumed-role/Admin/alice",
                "accountId": "111122223333",
                "accessKeyId": "ASIAEXAMPLE",
                "sessionContext": {
                    "attributes": {"mfaAuthenticated": "false", "creationDate": "2024-05-01T10:00:00Z"},
                    "sessionIssuer": {
                        "type": "Role",
                        "principalId": "AROAEXAMPLE",
                        "arn": "arn:aws:iam::111122223333:role/Admin",
                        "accountId": "111122223333",
                        "userName": "Admin"
                    }
                }
            }))
        );
    }

    #[test]
    fn json_of_an_athena_struct_reads_back_to_logged_names() {
        let identity = json!({"type": "AssumedRole", "principalid": "AROA1:s", "invokedby": null,
            "sessioncontext": {"sessionissuer": {"arn": "arn:aws:iam::1:role/R", "username": "R"}}});
        assert_eq!(
            logged_keys("userIdentity", identity),
            json!({"type": "AssumedRole", "principalId": "AROA1:s", "invokedBy": null,
                "sessionContext": {"sessionIssuer": {"arn": "arn:aws:iam::1:role/R", "userName": "R"}}})
        );
        assert_eq!(
            logged_keys(
                "resources",
                json!([{"arn": "arn:aws:s3:::b", "accountid": "1", "type": "AWS::S3::Bucket"}])
            ),
            json!([{"ARN": "arn:aws:s3:::b", "accountId": "1", "type": "AWS::S3::Bucket"}])
        );
        let request = json!({"username": "kept", "arn": "kept"});
        assert_eq!(logged_keys("requestParameters", request.clone()), request);
    }

    #[test]
    fn reads_lists_values_with_commas_and_refuses_other_text() {
        assert_eq!(
            struct_value(
                "resources",
                "[{arn=arn:aws:s3:::b, accountid=1, type=AWS::S3::Bucket}, {arn=x, type=y}]"
            ),
            Some(json!([
                {"ARN": "arn:aws:s3:::b", "accountId": "1", "type": "AWS::S3::Bucket"},
                {"ARN": "x", "type": "y"}
            ]))
        );
        assert_eq!(
            struct_value("userIdentity", "{type=IAMUser, username=Smith, John, arn=a=b}"),
            Some(json!({"type": "IAMUser", "userName": "Smith, John", "arn": "a=b"}))
        );
        assert_eq!(struct_value("userIdentity", "IAMUser"), None);
        let deep = format!("{}{}", "{a=".repeat(20), "}".repeat(20));
        assert!(struct_value("userIdentity", &deep).is_some());
    }
}
