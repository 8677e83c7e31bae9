//! Whether an IAM call hands out administrator rights: attaching the `AdministratorAccess`
//! managed policy, or putting an inline policy with an `Allow` of action `*` on resource `*`.
//! These are the grants an attacker makes to keep full control of an account, and the ones an
//! engineer reviewing a trail wants singled out from routine policy edits.

use serde_json::Value;
use std::borrow::Cow;

/// The IAM operations whose request can grant a policy to a user, role or group.
pub const OPERATIONS: [&str; 6] = [
    "AttachUserPolicy",
    "AttachRolePolicy",
    "AttachGroupPolicy",
    "PutUserPolicy",
    "PutRolePolicy",
    "PutGroupPolicy",
];

/// The AWS managed policy that allows everything, after the partition (`arn:aws:`,
/// `arn:aws-us-gov:`, `arn:aws-cn:`).
const ADMINISTRATOR_ACCESS: &str = ":iam::aws:policy/AdministratorAccess";

/// Whether `policy_arn` (of an `Attach*Policy`) or `policy_document` (of a `Put*Policy`, JSON,
/// possibly URL-encoded as CloudTrail logs some of them) grants administrator rights.
pub fn grants_admin(policy_arn: &str, policy_document: &str) -> bool {
    (policy_arn.starts_with("arn:") && policy_arn.ends_with(ADMINISTRATOR_ACCESS)) || allows_everything(policy_document)
}

/// Whether a policy document has a statement allowing action `*` on resource `*`.
fn allows_everything(document: &str) -> bool {
    let document = document.trim();
    if document.is_empty() {
        return false;
    }
    let text = if document.starts_with('{') {
        Cow::Borrowed(document)
    } else {
        percent_decode(document)
    };
    let Ok(policy) = serde_json::from_str::<Value>(&text) else {
        return false;
    };
    let statements = match &policy["Statement"] {
        Value::Array(list) => list.iter().collect(),
        one @ Value::Object(_) => vec![one],
        _ => Vec::new(),
    };
    statements.iter().any(|s| {
        s["Effect"].as_str().is_some_and(|e| e.eq_ignore_ascii_case("Allow"))
            && has_star(&s["Action"])
            && has_star(&s["Resource"])
    })
}

/// Whether a policy element is `"*"` or a list holding `"*"`.
fn has_star(element: &Value) -> bool {
    match element {
        Value::String(s) => s == "*",
        Value::Array(list) => list.iter().any(|v| v.as_str() == Some("*")),
        _ => false,
    }
}

/// `%XX` escapes decoded (invalid escapes kept as they are, invalid UTF-8 replaced).
fn percent_decode(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).and_then(|&b| hex(b)),
            bytes.get(i + 2).and_then(|&b| hex(b)),
        ) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADMIN_DOC: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;

    #[test]
    fn administrator_access_in_any_partition_is_admin() {
        assert!(grants_admin("arn:aws:iam::aws:policy/AdministratorAccess", ""));
        assert!(grants_admin("arn:aws-us-gov:iam::aws:policy/AdministratorAccess", ""));
        assert!(!grants_admin("arn:aws:iam::aws:policy/ReadOnlyAccess", ""));
        assert!(!grants_admin(
            "arn:aws:iam::111122223333:policy/AdministratorAccessLookalike",
            ""
        ));
    }

    #[test]
    fn star_on_star_is_admin_in_every_spelling() {
        assert!(grants_admin("", ADMIN_DOC));
        assert!(grants_admin(
            "",
            r#"{"Statement":{"Effect":"Allow","Action":["s3:GetObject","*"],"Resource":["*"]}}"#
        ));
        let encoded = "%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22*%22%2C%22Resource%22%3A%22*%22%7D%5D%7D";
        assert!(grants_admin("", encoded));
    }

    #[test]
    fn narrower_or_denying_policies_are_not_admin() {
        let not = |doc: &str| assert!(!grants_admin("", doc), "{doc}");
        not(r#"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#);
        not(r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::bucket/*"}]}"#);
        not(r#"{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}"#);
        not("not json");
        not("%7Bbroken");
    }
}
