//! Text from a log made safe to print to a terminal. Every name in a trail (an `s3Object`, a zip
//! entry's name, a file name) is chosen by whoever wrote the file: printed raw, a newline forges
//! a line of the report, an escape sequence clears the screen or rewrites what was printed, and a
//! bidirectional override reorders what a person reads. Such characters are printed as JSON-style
//! escapes (`\n`, `\u001b`, `\u202e`) instead, so a person sees them and a terminal runs none.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` changes what a terminal does or how it orders text, instead of showing a glyph:
/// the C0 controls, DEL, the C1 controls (`U+009B` starts an escape sequence like `ESC [`), and
/// the characters that control bidirectional text (Unicode's `Bidi_Control`: marks, embeddings,
/// overrides and isolates).
fn is_unsafe(c: char) -> bool {
    matches!(c, '\0'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Appends `c` escaped as JSON writes it.
fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        _ => {
            let _ = write!(out, "\\u{:04x}", c as u32);
        }
    }
}

/// `text` with every character that [`is_unsafe`] escaped: for text from a log printed as a
/// line of text. Text with none (nearly all) is returned as it is.
pub fn text(text: &str) -> Cow<'_, str> {
    escape_where(text, is_unsafe)
}

/// JSON made by serde_json made safe to print. serde_json escapes C0 controls inside strings
/// but writes DEL, the C1 controls and bidirectional controls raw; those can only occur inside
/// strings (JSON's own syntax is ASCII), where `\uXXXX` stands for the same character, so the
/// JSON parses to the same values and its layout (its own newlines) is kept.
pub fn json(json: String) -> String {
    match escape_where(&json, |c| c > '\u{7e}' && is_unsafe(c)) {
        Cow::Borrowed(_) => json,
        Cow::Owned(escaped) => escaped,
    }
}

fn escape_where(text: &str, unsafe_char: impl Fn(char) -> bool) -> Cow<'_, str> {
    let Some(first) = text.find(&unsafe_char) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        if unsafe_char(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_characters_are_escaped_and_the_rest_kept() {
        assert_eq!(text("AWSLogs/1/a.json.gz"), "AWSLogs/1/a.json.gz");
        assert!(matches!(text("é ü 中 ..\\x"), Cow::Borrowed(_)));
        assert_eq!(text("a\nb\rc\td"), "a\\nb\\rc\\td");
        assert_eq!(text("\u{1b}[2J\u{7}\0"), "\\u001b[2J\\u0007\\u0000");
        assert_eq!(
            text("\u{7f}\u{80}\u{9b}\u{9f}\u{a0}"),
            "\\u007f\\u0080\\u009b\\u009f\u{a0}"
        );
        assert_eq!(
            text("\u{202a}\u{202e}\u{2066}\u{2069}\u{200e}\u{200f}\u{61c}\u{2065}"),
            "\\u202a\\u202e\\u2066\\u2069\\u200e\\u200f\\u061c\u{2065}"
        );
    }

    #[test]
    fn json_keeps_its_layout_and_its_values() {
        let value = serde_json::json!({"name": "a\u{1b}[2J\u{9b}1m\u{7f}\u{202e}gpj.exe\nz"});
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        let safe = json(pretty.clone());
        assert_eq!(
            safe,
            "{\n  \"name\": \"a\\u001b[2J\\u009b1m\\u007f\\u202egpj.exe\\nz\"\n}"
        );
        assert_eq!(serde_json::from_str::<serde_json::Value>(&safe).unwrap(), value);
        let plain = "{\n  \"a\": 1\n}".to_string();
        assert_eq!(json(plain.clone()), plain);
    }
}
