//! A CSV text's first record read as a header, and the rule that tells a CloudTrail CSV from any
//! other text: a header naming `eventjson`, or naming at least two CloudTrail fields of which
//! one is `eventName`, `eventSource` or `eventTime`, in any of the spellings [`names`] reads.

use super::app_export;
use super::names;
use csv::{ByteRecord, Reader, ReaderBuilder};

/// The separators a header is tried with, commas first: Athena, Lake and DuckDB write commas,
/// spreadsheets in many locales semicolons, and exports tabs or pipes when asked.
const DELIMITERS: [u8; 4] = [b',', b'\t', b';', b'|'];

/// Longest header read: a real one is a few hundred bytes (Athena's whole table under 1 KiB),
/// and each event re-read parses the header again, so a longer first record is no header.
const MAX_HEADER_BYTES: usize = 16 << 10;

/// What one column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Column {
    /// The whole event as JSON text (CloudTrail Lake's `eventjson`).
    EventJson,
    /// A CloudTrail field at this path of names as logged: one name, or a dotted column's.
    Field(Vec<String>),
    /// This app's export: the principal its principal rule derived.
    Principal,
    /// This app's export: the role session or Identity Center user beside the principal.
    Session,
    /// Any other column, left out of the event.
    Other,
}

/// The header of a CloudTrail CSV text.
#[derive(Debug)]
pub(super) struct Header {
    /// One entry per header cell, in order.
    pub columns: Vec<Column>,
    /// The column holding the whole event, when there is one: the others are then left out.
    pub event_json: Option<usize>,
    /// Whether the text is this app's own export, whose cells come back un-neutralised.
    pub app_export: bool,
    /// The byte between cells.
    pub delimiter: u8,
}

/// A reader of CSV records from `bytes` whose cells `delimiter` separates: RFC 4180 quoting,
/// rows of any length.
pub(super) fn reader(bytes: &[u8], delimiter: u8) -> Reader<&[u8]> {
    ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes)
}

impl Header {
    /// The header that `body` (a text after its BOM) opens with, or `None` when its first record
    /// is no CloudTrail header with any of the [`DELIMITERS`] (or is longer than
    /// [`MAX_HEADER_BYTES`]).
    pub fn read(body: &[u8]) -> Option<Header> {
        DELIMITERS
            .iter()
            .find_map(|&delimiter| Header::read_with(body, delimiter))
    }

    fn read_with(body: &[u8], delimiter: u8) -> Option<Header> {
        let cut = body.len().min(MAX_HEADER_BYTES);
        let mut reader = reader(&body[..cut], delimiter);
        let mut record = ByteRecord::new();
        if !reader.read_byte_record(&mut record).ok()? || (reader.position().byte() == cut as u64 && cut < body.len()) {
            return None;
        }
        let cells: Vec<&str> = record.iter().map(std::str::from_utf8).collect::<Result<_, _>>().ok()?;
        let header = Header::of(&cells, delimiter);
        header.is_cloudtrail().then_some(header)
    }

    fn of(cells: &[&str], delimiter: u8) -> Header {
        let app_export = app_export::is_app_export(cells);
        let columns: Vec<Column> = cells.iter().map(|cell| column(cell, app_export)).collect();
        Header {
            event_json: columns.iter().position(|c| *c == Column::EventJson),
            columns,
            app_export,
            delimiter,
        }
    }

    /// Whether the header names the event's JSON, or two CloudTrail fields one of which every
    /// event has.
    fn is_cloudtrail(&self) -> bool {
        if self.event_json.is_some() {
            return true;
        }
        let mut fields: Vec<&str> = self
            .columns
            .iter()
            .filter_map(|c| match c {
                Column::Field(path) => Some(path[0].as_str()),
                _ => None,
            })
            .collect();
        fields.sort_unstable();
        fields.dedup();
        fields.len() >= 2 && fields.iter().any(|f| names::is_defining(f))
    }
}

/// What the header cell `cell` names.
fn column(cell: &str, app_export: bool) -> Column {
    match cell.trim() {
        c if c.eq_ignore_ascii_case("eventjson") || c.eq_ignore_ascii_case("event_json") => Column::EventJson,
        "principal" if app_export => Column::Principal,
        "session" if app_export => Column::Session,
        c => {
            let mut segments = c.split('.');
            let Some(top) = segments.next().and_then(names::event_field) else {
                return Column::Other;
            };
            let mut path = vec![top.to_string()];
            for segment in segments {
                let parent = path.last().map_or(top, String::as_str);
                path.push(names::nested_field(parent, segment));
            }
            Column::Field(path)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Column, Header};

    fn header(text: &str) -> Option<Header> {
        Header::read(text.as_bytes())
    }

    fn field(path: &[&str]) -> Column {
        Column::Field(path.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn names_in_every_spelling_and_dotted_columns_are_read() {
        let h =
            header("event_time,user_identity.arn,useridentity.sessioncontext.sessionissuer.arn,tp_index\n").unwrap();
        assert_eq!(
            h.columns,
            [
                field(&["eventTime"]),
                field(&["userIdentity", "arn"]),
                field(&["userIdentity", "sessionContext", "sessionIssuer", "arn"]),
                Column::Other,
            ]
        );
        assert!(!h.app_export && h.event_json.is_none());
        let lake = header("\"eventjson\",eventtime\r\n{}").unwrap();
        assert_eq!(lake.event_json, Some(0));
    }

    #[test]
    fn a_header_needs_two_cloudtrail_fields_one_every_event_has() {
        for text in [
            "eventName,awsRegion",
            "eventsource,useridentity",
            "\"event_time\",\"error_code\"\nx,y",
            "eventJson",
        ] {
            assert!(header(text).is_some(), "{text}");
        }
        for (text, delimiter) in [
            ("eventName,awsRegion,a;b", b','),
            ("eventName;awsRegion", b';'),
            ("eventName\tawsRegion", b'\t'),
            ("\"eventName\"|awsRegion", b'|'),
        ] {
            assert_eq!(header(text).map(|h| h.delimiter), Some(delimiter), "{text}");
        }
        for text in [
            "eventName",
            "eventName,event_name",
            "awsRegion,errorCode,userIdentity",
            "name,time,source",
            "useridentity.arn,useridentity.type",
            "plain text",
            "eventName:awsRegion",
        ] {
            assert!(header(text).is_none(), "{text}");
        }
    }

    #[test]
    fn a_first_record_past_the_limit_is_no_header() {
        let long = format!("eventName,awsRegion,{}\n", "x".repeat(super::MAX_HEADER_BYTES));
        assert!(header(&long).is_none());
        let unterminated = format!("eventName,awsRegion,\"{}", "x".repeat(super::MAX_HEADER_BYTES));
        assert!(header(&unterminated).is_none());
    }
}
