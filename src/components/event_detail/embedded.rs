//! JSON documents logged as strings (IAM, KMS and S3 policies, sometimes URL-encoded), decoded so
//! that a person reads a policy's statements instead of one long escaped line.

use serde_json::Value;

/// How a decoded document was written in its string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// The JSON text itself.
    Plain,
    /// URL-encoded (`%7B%22Version%22…`), as IAM returns policy documents.
    Url,
}

/// The object or array `s` holds, and how it was written; `None` for any other string (a
/// number or a word in a string stays a string).
pub fn decoded(s: &str) -> Option<(Value, Encoding)> {
    let text = s.trim();
    let (text, encoding) = if text.starts_with(['{', '[']) {
        (text.to_string(), Encoding::Plain)
    } else if text
        .get(..3)
        .is_some_and(|p| p.eq_ignore_ascii_case("%7B") || p.eq_ignore_ascii_case("%5B"))
    {
        (percent_decoded(text)?, Encoding::Url)
    } else {
        return None;
    };
    let value: Value = serde_json::from_str(&text).ok()?;
    (value.is_object() || value.is_array()).then_some((value, encoding))
}

/// `s` with each `%XX` replaced by its byte; `None` when that is not UTF-8 or a `%` is not
/// followed by two hex digits.
fn percent_decoded(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn policies_are_decoded_plain_or_url_encoded() {
        let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
        let expected = json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]});
        assert_eq!(decoded(policy), Some((expected.clone(), Encoding::Plain)));
        let url = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C\
                   %22Action%22%3A%22s3%3A%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D";
        assert_eq!(decoded(url), Some((expected, Encoding::Url)));
        assert_eq!(decoded(" [1, 2] "), Some((json!([1, 2]), Encoding::Plain)));
    }

    #[test]
    fn other_strings_stay_strings() {
        for s in [
            "",
            "42",
            "\"quoted\"",
            "true",
            "{not json",
            "%7Bbroken",
            "%7B%ZZ",
            "%7B%22",
            "arn:aws:s3:::b",
            "%FF%FE",
        ] {
            assert_eq!(decoded(s), None, "{s}");
        }
    }
}
