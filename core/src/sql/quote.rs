//! The one way a value (from a log, a URL or a command line) enters SQL text: as a standard
//! string literal, its single quotes doubled. Athena (Trino), CloudTrail Lake (Presto) and
//! DuckDB read no backslash escapes in such a literal, so a quote is the only character that
//! could end it early; a NUL, which no SQL text can carry, is refused.

use crate::error::SqlError;

/// `value` as a string literal.
pub fn literal(value: &str) -> Result<String, SqlError> {
    if value.contains('\0') {
        return Err(SqlError::Nul(value.to_string()));
    }
    Ok(format!("'{}'", value.replace('\'', "''")))
}

/// `values` as a parenthesised list of string literals, for `IN`.
pub fn list(values: &[String]) -> Result<String, SqlError> {
    let literals: Vec<String> = values.iter().map(|v| literal(v)).collect::<Result<_, _>>()?;
    Ok(format!("({})", literals.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads a literal back as a SQL engine does: the text between the outer quotes, each `''`
    /// one quote; `None` when a lone quote would end the literal before its last character.
    fn read_back(literal: &str) -> Option<String> {
        let inner = literal.strip_prefix('\'')?.strip_suffix('\'')?;
        let mut out = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c == '\'' && chars.next() != Some('\'') {
                return None;
            }
            out.push(c);
        }
        Some(out)
    }

    #[test]
    fn hostile_values_stay_inside_their_literal() {
        for value in [
            "it's",
            "'; DROP TABLE cloudtrail_logs; --",
            "''",
            "'",
            "back\\slash\\",
            "\\'; SELECT 1; --",
            "line\nbreak\r\n",
            "tab\tand /* comment */ -- dash",
            "arn:aws:iam::111122223333:user/Zoë",
            "$1 \\1 ${timestamp}",
        ] {
            let quoted = literal(value).unwrap();
            assert_eq!(read_back(&quoted).as_deref(), Some(value), "{quoted}");
        }
        assert_eq!(literal("'; DROP").unwrap(), "'''; DROP'");
    }

    #[test]
    fn a_nul_is_refused_and_lists_are_comma_separated() {
        assert_eq!(literal("a\0b"), Err(SqlError::Nul("a\0b".into())));
        assert_eq!(list(&["a".into(), "b'c".into()]).unwrap(), "('a', 'b''c')");
        assert!(list(&["ok".into(), "\0".into()]).is_err());
    }
}
