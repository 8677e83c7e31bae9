//! The filter as text: the URL fragment a person can read and edit, so a view can be bookmarked, shared
//! with a colleague during an incident, or restored on reload:
//! `from=2025-01-06T00:00:00Z&to=2025-01-07T00:00:00Z&src=s3.amazonaws.com&p=arn:aws:iam::1:role/Admin&q=delete`.
//!
//! Keys and words are those of [`super::words`]; lists repeat their key; `finding=<rule id>` keeps a
//! picked finding; `q=` holds the typed query ([`super::query`]) as written. Values are
//! percent-encoded except letters, digits and `-._~:/@`, so ARNs stay legible. Decoding never
//! fails: unknown keys, bad escapes, unparsable times and empty values are skipped, duplicates are
//! kept once, and `+` reads as a space. A query that cannot be parsed (a hand-written link) is kept
//! as written: it selects no row and the search box says where it is wrong, so the link is fixed
//! rather than silently widened.

use super::words::{
    read_only_from_word, read_only_word, FINDING_KEY, FROM_KEY, OUTCOME_KEY, READ_ONLY_KEY, TEXT_KEY, TO_KEY,
};
use super::{Dimension, Filter, FilterEdit, Outcome};
use crate::time::{format_utc, parse_rfc3339};

/// Times from 1970 up to the end of year 9999 are written as RFC 3339; others as plain
/// milliseconds, since RFC 3339 cannot spell them.
const RFC3339_RANGE: std::ops::Range<i64> = 0..253_402_300_800_000;

fn encode_time(ms: i64) -> String {
    if !RFC3339_RANGE.contains(&ms) {
        return ms.to_string();
    }
    let seconds = format_utc(ms);
    match ms % 1000 {
        0 => seconds,
        millis => format!("{}.{millis:03}Z", seconds.trim_end_matches('Z')),
    }
}

fn decode_time(value: &str) -> Option<i64> {
    parse_rfc3339(value).or_else(|| value.parse().ok())
}

/// Appends `value` percent-encoded, except letters, digits and `-._~:/@` (so ARNs stay legible).
pub(crate) fn escape(value: &str, out: &mut String) {
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~:/@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
}

/// `value` with its escapes decoded and `+` as a space; a bad escape is kept as written.
pub(crate) fn unescape(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    let hex = |at: usize| bytes.get(at).and_then(|&b| char::from(b).to_digit(16));
    while i < bytes.len() {
        match (bytes[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b'+', _, _) => {
                out.push(b' ');
                i += 1;
            }
            (byte, _, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The fragment for `filter`, without the leading `#` (what `Location::set_hash` takes); empty
/// for an empty filter.
pub fn encode(filter: &Filter) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    pairs.extend(filter.from.map(|ms| (FROM_KEY, encode_time(ms))));
    pairs.extend(filter.to.map(|ms| (TO_KEY, encode_time(ms))));
    for dimension in Dimension::ALL {
        pairs.extend(filter.values(dimension).iter().map(|v| (dimension.key(), v.clone())));
    }
    pairs.extend(filter.outcome.map(|o| (OUTCOME_KEY, o.word().to_string())));
    pairs.extend(filter.read_only.map(|r| (READ_ONLY_KEY, read_only_word(r).to_string())));
    if !filter.text.is_empty() {
        pairs.push((TEXT_KEY, filter.text.clone()));
    }
    pairs.extend(filter.finding.clone().map(|rule| (FINDING_KEY, rule)));
    let mut out = String::new();
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(key);
        out.push('=');
        escape(value, &mut out);
    }
    out
}

/// The filter a fragment (with or without its leading `#`) describes; anything it cannot read is
/// left out, so garbage decodes to a smaller filter, never to an error.
pub fn decode(fragment: &str) -> Filter {
    let mut filter = Filter::default();
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    for pair in fragment.split('&') {
        let Some((key, raw)) = pair.split_once('=') else {
            continue;
        };
        let value = unescape(raw);
        if value.is_empty() {
            continue;
        }
        match unescape(key).as_str() {
            FROM_KEY => filter.from = decode_time(&value).or(filter.from),
            TO_KEY => filter.to = decode_time(&value).or(filter.to),
            OUTCOME_KEY => filter.outcome = Outcome::from_word(&value).or(filter.outcome),
            READ_ONLY_KEY => filter.read_only = read_only_from_word(&value).or(filter.read_only),
            TEXT_KEY => filter.text = value,
            FINDING_KEY => filter.finding = Some(value),
            key => {
                if let Some(dimension) = Dimension::from_key(key) {
                    filter = FilterEdit::Add(dimension, value).apply(&filter);
                }
            }
        }
    }
    filter
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> i64 {
        parse_rfc3339(s).unwrap()
    }

    fn full() -> Filter {
        Filter {
            from: Some(t("2025-01-06T00:00:00Z")),
            to: Some(t("2025-01-07T00:00:00.250Z")),
            accounts: vec!["111122223333".into(), "444455556666".into()],
            regions: vec!["us-east-1".into()],
            sources: vec!["s3.amazonaws.com".into()],
            operations: vec!["s3.amazonaws.com GetObject".into()],
            principals: vec!["arn:aws:iam::111122223333:role/Admin".into(), "SAMLUser:p:Zoë".into()],
            errors: vec!["AccessDenied".into()],
            resources: vec![
                "arn:aws:s3:::b/k?x=1&y#2".into(),
                "AWS::SecretsManager::Secret a b".into(),
            ],
            outcome: Some(Outcome::Error),
            read_only: Some(false),
            text: "a&b=c %41 + # ? é 🙂 <img src=x onerror=alert(1)>".into(),
            finding: Some("access-denied-burst".into()),
        }
    }

    #[test]
    fn reads_like_a_query_string() {
        let filter = Filter {
            from: Some(t("2025-01-06T00:00:00Z")),
            sources: vec!["s3.amazonaws.com".into()],
            principals: vec!["arn:aws:iam::1:role/Admin".into()],
            text: "delete bucket".into(),
            finding: Some("root-activity".into()),
            ..Filter::default()
        };
        assert_eq!(
            encode(&filter),
            "from=2025-01-06T00:00:00Z&src=s3.amazonaws.com&p=arn:aws:iam::1:role/Admin&q=delete%20bucket\
             &finding=root-activity"
        );
        assert_eq!(encode(&Filter::default()), "");
    }

    #[test]
    fn round_trips() {
        for filter in [Filter::default(), full()] {
            let encoded = encode(&filter);
            assert_eq!(decode(&encoded), filter, "{encoded}");
            assert_eq!(decode(&format!("#{encoded}")), filter);
        }
        let odd_times = Filter {
            from: Some(-1),
            to: Some(i64::MAX),
            outcome: Some(Outcome::Success),
            read_only: Some(true),
            ..Filter::default()
        };
        assert_eq!(decode(&encode(&odd_times)), odd_times);
        assert!(!encode(&full()).contains(' '));
        assert!(!encode(&full()).contains('#'));
    }

    #[test]
    fn a_query_travels_as_written_even_one_that_cannot_be_parsed() {
        for text in [
            "-Terraform ip:\"192.168.10.20\" json:\"a \\\" b\" arn:aws:iam::1:root",
            "\"unclosed",
            "foo:bar",
        ] {
            let filter = Filter {
                text: text.into(),
                ..Filter::default()
            };
            assert_eq!(decode(&encode(&filter)), filter, "{text}");
        }
        assert_eq!(
            decode("q=-op:Delete+%22access+denied%22").text,
            "-op:Delete \"access denied\""
        );
    }

    #[test]
    fn accepts_hand_written_fragments() {
        let filter = decode("#q=access+denied&from=1736121600000&src=ec2.amazonaws.com&src=ec2.amazonaws.com&x=1");
        assert_eq!(filter.text, "access denied");
        assert_eq!(filter.from, Some(t("2025-01-06T00:00:00Z")));
        assert_eq!(filter.sources, vec!["ec2.amazonaws.com".to_string()]);
        assert_eq!(
            decode("p=arn%3Aaws%3Aiam%3A%3A1%3Aroot").principals,
            vec!["arn:aws:iam::1:root".to_string()]
        );
    }

    #[test]
    fn garbage_decodes_to_what_can_be_read() {
        for junk in [
            "",
            "#",
            "&&&",
            "=",
            "==",
            "from=",
            "from=yesterday",
            "outcome=maybe&ro=sometimes",
            "%",
            "q=%",
            "q=%4",
            "q=%zz",
            "q=%E9",
            "q=%F0%9F",
            "src=%C3%A9&src=%",
            "é=é&ü",
            "q=50%+off",
        ] {
            let filter = decode(junk);
            assert!(
                filter.from.is_none() && filter.outcome.is_none() && filter.read_only.is_none(),
                "{junk}"
            );
        }
        assert_eq!(decode("q=%").text, "%");
        assert_eq!(decode("q=%4").text, "%4");
        assert_eq!(decode("q=%zz").text, "%zz");
        assert_eq!(decode("q=%E9").text, "\u{FFFD}");
        assert_eq!(decode("q=50%+off").text, "50% off");
        assert_eq!(
            decode("src=%C3%A9&src=%").sources,
            vec!["é".to_string(), "%".to_string()]
        );
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let alphabet: Vec<char> = "%&=+#?abcfromtoqsrcp0123456789AF:é🙂 ".chars().collect();
        for _ in 0..2000 {
            let text: String = (0..(seed % 40))
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    alphabet[(seed % alphabet.len() as u64) as usize]
                })
                .collect();
            let filter = decode(&text);
            assert_eq!(decode(&encode(&filter)), filter, "{text}");
        }
    }
}
