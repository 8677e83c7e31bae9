//! CSV of chosen columns of the filtered events, written from the columns alone.
//!
//! Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` (and some with a tab or
//! carriage return) as a formula, some after leading white space and some with the full-width
//! forms `＝ ＋ － ＠` too, and every field of a log is attacker-controlled (a user agent, a user
//! name, an error message); such cells get a leading `'` (OWASP's advice), so opening an export
//! can never run anything.

use crate::query::events::EventRow;
use crate::query::selection::Rows;
use crate::store::EventStore;
use crate::time::format_utc;
use serde::{Deserialize, Serialize};

/// A column a user may export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CsvColumn {
    /// `eventTime` in UTC.
    Time,
    /// The account.
    Account,
    /// `awsRegion`.
    Region,
    /// `eventSource`.
    Source,
    /// The folded `eventName`.
    Operation,
    /// The principal (see the principal rule).
    Principal,
    /// The role session or Identity Center user.
    Session,
    /// `userIdentity.type`.
    IdentityType,
    /// The credential kind.
    Credential,
    /// `sourceIPAddress`.
    SourceIp,
    /// `userAgent`.
    UserAgent,
    /// `errorCode`.
    Error,
    /// `readOnly`.
    ReadOnly,
}

impl CsvColumn {
    /// Every column, in the order offered to users.
    pub const ALL: [CsvColumn; 13] = [
        CsvColumn::Time,
        CsvColumn::Account,
        CsvColumn::Region,
        CsvColumn::Source,
        CsvColumn::Operation,
        CsvColumn::Principal,
        CsvColumn::Session,
        CsvColumn::IdentityType,
        CsvColumn::Credential,
        CsvColumn::SourceIp,
        CsvColumn::UserAgent,
        CsvColumn::Error,
        CsvColumn::ReadOnly,
    ];

    /// The header cell: CloudTrail's own field name where there is one, so an export reads like
    /// the logs.
    pub fn header(self) -> &'static str {
        match self {
            CsvColumn::Time => "eventTime",
            CsvColumn::Account => "recipientAccountId",
            CsvColumn::Region => "awsRegion",
            CsvColumn::Source => "eventSource",
            CsvColumn::Operation => "eventName",
            CsvColumn::Principal => "principal",
            CsvColumn::Session => "session",
            CsvColumn::IdentityType => "userIdentity.type",
            CsvColumn::Credential => "credential",
            CsvColumn::SourceIp => "sourceIPAddress",
            CsvColumn::UserAgent => "userAgent",
            CsvColumn::Error => "errorCode",
            CsvColumn::ReadOnly => "readOnly",
        }
    }

    fn value(self, row: &EventRow) -> String {
        match self {
            CsvColumn::Time => row.time.map(format_utc).unwrap_or_default(),
            CsvColumn::Account => row.account.clone(),
            CsvColumn::Region => row.region.clone(),
            CsvColumn::Source => row.source.clone(),
            CsvColumn::Operation => row.operation.clone(),
            CsvColumn::Principal => row.principal.clone(),
            CsvColumn::Session => row.session.clone(),
            CsvColumn::IdentityType => row.identity_type.clone(),
            CsvColumn::Credential => row.credential.clone(),
            CsvColumn::SourceIp => row.ip.clone(),
            CsvColumn::UserAgent => row.user_agent.clone(),
            CsvColumn::Error => row.error.clone(),
            CsvColumn::ReadOnly => row.read_only.map(|r| r.to_string()).unwrap_or_default(),
        }
    }
}

/// What a formula starts with, in ASCII and full width.
const FORMULA_STARTS: [char; 8] = ['=', '+', '-', '@', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}'];

/// Whether a spreadsheet might run `value` as a formula: it starts with a tab or carriage
/// return, or with a formula's first character after any white space or invisible characters.
pub(crate) fn may_run(value: &str) -> bool {
    let blank = |c: char| c.is_whitespace() || matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}');
    value.starts_with(['\t', '\r']) || value.trim_start_matches(blank).starts_with(FORMULA_STARTS)
}

/// Appends one cell, neutralised against formula injection and quoted when it must be.
fn push_cell(out: &mut String, value: &str) {
    let formula = may_run(value);
    let quoted = formula || value.contains([',', '"', '\n', '\r']);
    if quoted {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    for c in value.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if quoted {
        out.push('"');
    }
}

/// Appends one line of cells and its CRLF (RFC 4180).
fn push_line<'v>(out: &mut String, cells: impl Iterator<Item = &'v str>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_cell(out, cell);
    }
    out.push_str("\r\n");
}

/// The header line for `columns`.
pub fn header(columns: &[CsvColumn]) -> String {
    let mut out = String::new();
    push_line(&mut out, columns.iter().map(|c| c.header()));
    out
}

/// Appends the lines of store rows `rows` (indices, as a filter selected them).
pub fn write_rows(store: &EventStore, rows: Rows<'_>, columns: &[CsvColumn], out: &mut String) {
    for i in rows.iter() {
        let row = EventRow::of(store, i as usize);
        let values: Vec<String> = columns.iter().map(|c| c.value(&row)).collect();
        push_line(out, values.iter().map(String::as_str));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(value: &str) -> String {
        let mut out = String::new();
        push_cell(&mut out, value);
        out
    }

    #[test]
    fn formula_cells_are_neutralised_and_quoted() {
        assert_eq!(cell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
        assert_eq!(cell("+1"), "\"'+1\"");
        assert_eq!(cell("-2+3"), "\"'-2+3\"");
        assert_eq!(cell("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(cell("\tcmd"), "\"'\tcmd\"");
        assert_eq!(cell("\rcmd"), "\"'\rcmd\"");
    }

    #[test]
    fn formulas_after_white_space_and_in_full_width_are_neutralised() {
        for value in [
            " =1+1",
            "\n=cmd|' /C calc'!A0",
            "\r\n+1",
            " \t -2",
            "\u{a0}@SUM(A1)",
            "\u{3000}=1",
            "\u{2003}=1",
            "\u{feff}=1",
            "\u{200b}=1",
            "\u{ff1d}1+1",
            "\u{ff0b}1",
            "\u{ff0d}1",
            "\u{ff20}SUM(A1)",
            "  \u{ff1d}1",
        ] {
            let escaped = value.replace('"', "\"\"");
            assert_eq!(cell(value), format!("\"'{escaped}\""), "{value:?}");
        }
        assert_eq!(cell(" plain"), " plain");
        assert_eq!(cell("a=b"), "a=b");
        assert_eq!(cell("\nline"), "\"\nline\"");
    }

    #[test]
    fn ordinary_cells_are_left_alone_or_quoted_only_when_needed() {
        assert_eq!(cell("s3.amazonaws.com"), "s3.amazonaws.com");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(cell(""), "");
    }

    #[test]
    fn header_uses_cloudtrail_names() {
        assert_eq!(
            header(&[CsvColumn::Time, CsvColumn::Operation, CsvColumn::Error]),
            "eventTime,eventName,errorCode\r\n"
        );
    }
}
