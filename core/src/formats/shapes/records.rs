//! `{"Records":[…]}`, the document CloudTrail writes to S3: read in one pass when laid out as
//! CloudTrail writes it (see [`one_pass`]), otherwise its records are collected as raw JSON and
//! parsed one by one. A document the text ends inside (a download or copy cut short) keeps the
//! records whole before the cut and reports the cut.

use crate::error::FileError;
use crate::formats::input::Input;
use crate::formats::lenient::List;
use crate::formats::one_pass;
use crate::formats::source::Shape;
use crate::formats::{Content, EventSink};

/// Reads an object with a `Records` key; `None` for any other text.
pub(super) fn read(input: &Input<'_>, sink: &mut impl EventSink) -> Option<Result<Content, FileError>> {
    if !input.starts_with(b'{') {
        return None;
    }
    if let Some(records) = one_pass::records_document(input.body()) {
        input.read_records(sink, records);
        return Some(Ok(Content::Events(Shape::Records)));
    }
    match input.envelope() {
        Ok(envelope) => match &envelope.records {
            List::Items(list) => {
                input.records(sink, list, None);
                Some(Ok(Content::Events(Shape::Records)))
            }
            List::NotAList => Some(Err(FileError::NotCloudTrail("\"Records\" is not a list".into()))),
            List::Missing => None,
        },
        Err(error) if error.is_eof() => {
            let records = input.records_before_cut(sink)?;
            sink.failure(None, FileError::CutShort { records });
            Some(Ok(Content::Events(Shape::Records)))
        }
        Err(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::read;
    use crate::formats::source::Shape;
    use crate::formats::testing::{ask, assert_ranges_hold_their_json, fixture, Answer};

    const ORG_TRAIL_FILE: &str = "shapes/AWSLogs/o-abc123def4/111122223333/CloudTrail/eu-west-1/2024/05/01/\
                                  111122223333_CloudTrail_eu-west-1_20240501T1910Z_Org0Trail0File01.json.gz";

    #[test]
    fn reads_trail_documents_pretty_compact_and_one_record_per_line() {
        for (rel, names) in [
            (
                "shapes/records.json",
                &["ListBuckets", "DescribeInstances", "GetBucketPolicy"][..],
            ),
            ("shapes/records-one-per-line.json", &["Decrypt", "Decrypt"]),
            (ORG_TRAIL_FILE, &["DescribeRegions", "DescribeRegions"]),
            (
                "seeds/transcribe-jobs.json",
                &["StartTranscriptionJob", "GetTranscriptionJob"],
            ),
        ] {
            let text = fixture(rel);
            let (answer, sink) = ask(read, &text);
            assert_eq!(answer, Answer::Events(Shape::Records), "{rel}");
            assert_eq!(sink.names(), names, "{rel}");
            assert!(sink.failures.is_empty(), "{rel}: {:?}", sink.failures);
            assert_ranges_hold_their_json(&text, &sink);
        }
    }

    #[test]
    fn ranges_count_the_bom() {
        let text = fixture("shapes/bom.json");
        assert!(text.starts_with('\u{feff}'));
        let (answer, sink) = ask(read, &text);
        assert_eq!(answer, Answer::Events(Shape::Records));
        assert_eq!(sink.names(), ["GetUser"]);
        assert!(sink.events[0].range.start > 3);
        assert_ranges_hold_their_json(&text, &sink);
    }

    #[test]
    fn a_document_with_other_keys_is_read_record_by_record_to_the_same_events() {
        let plain = fixture("shapes/records.json");
        let (_, one_pass) = ask(read, &plain);
        // Another key before `Records`: the one-pass reader gives up, the general one reads it.
        let keyed = plain.replacen('{', "{\"Other\": 1,", 1);
        let (answer, general) = ask(read, &keyed);
        assert_eq!(answer, Answer::Events(Shape::Records));
        let jsons =
            |sink: &crate::formats::testing::Collect| sink.events.iter().map(|e| e.json.clone()).collect::<Vec<_>>();
        assert_eq!(jsons(&general), jsons(&one_pass));
        assert_ranges_hold_their_json(&keyed, &general);
        let shift = "\"Other\": 1,".len();
        for (g, o) in general.events.iter().zip(&one_pass.events) {
            assert_eq!(g.range, o.range.start + shift..o.range.end + shift);
        }
    }

    #[test]
    fn records_that_are_no_events_are_skipped_by_index() {
        let text = r#"{"Records":[{"eventName":"GetObject"},1,{"n":1},{"eventSource":"s3.amazonaws.com"}]}"#;
        let (answer, sink) = ask(read, text);
        assert_eq!(answer, Answer::Events(Shape::Records));
        assert_eq!(sink.names(), ["GetObject", ""]);
        assert_eq!(
            sink.failures,
            [
                (None, "record 1 skipped: not a JSON object".to_string()),
                (
                    None,
                    "record 2 skipped: not a CloudTrail event (no eventName, eventSource or eventTime)".to_string()
                ),
            ]
        );
        assert_ranges_hold_their_json(text, &sink);
    }

    #[test]
    fn records_that_is_not_a_list_fails_the_file() {
        let (answer, sink) = ask(read, &fixture("bad/records-not-a-list.json"));
        assert_eq!(
            answer,
            Answer::Failed("not a CloudTrail file: \"Records\" is not a list".into())
        );
        assert!(sink.events.is_empty() && sink.failures.is_empty());
    }

    #[test]
    fn not_mine_without_a_records_key_or_as_broken_json() {
        for text in [
            fixture("shapes/array.json"),
            fixture("shapes/lookup-events.json"),
            fixture("shapes/mixed.ndjson"),
            fixture("seeds/lex-put-bot.json"),
            fixture("bad/not-cloudtrail.json"),
            r#"{"Records":[{"eventName":"GetObject"}}"#.to_string(),
            r#"{"Records":null}"#.to_string(),
            r#"{"Recor"#.to_string(),
        ] {
            let (answer, sink) = ask(read, &text);
            assert_eq!(answer, Answer::NotMine, "{text}");
            assert!(sink.events.is_empty() && sink.failures.is_empty(), "{text}");
        }
    }

    #[test]
    fn a_document_the_text_ends_inside_keeps_the_records_whole_before_the_cut() {
        let records = [
            r#"{"eventName":"ListBuckets","eventTime":"2024-05-01T10:00:00Z","note":"a, b } ]"}"#,
            r#"{"eventName":"DescribeInstances","requestParameters":{"filterSet":{"items":[{"name":"x"}]}}}"#,
            r#"{"eventName":"GetBucketPolicy","errorCode":"NoSuchBucketPolicy"}"#,
        ];
        let head = "{\"Records\": [\n  ";
        let text = format!("{head}{}\n]}}\n", records.join(",\n  "));
        // Where each record ends in the text, from how it was put together.
        let ends: Vec<usize> = (1..=records.len())
            .map(|n| head.len() + records[..n].join(",\n  ").len())
            .collect();
        let names = ["ListBuckets", "DescribeInstances", "GetBucketPolicy"];
        for cut in head.len()..text.trim_end().len() {
            let (answer, sink) = ask(read, &text[..cut]);
            let whole = ends.iter().filter(|&&end| end <= cut).count();
            assert_eq!(answer, Answer::Events(Shape::Records), "cut at {cut}");
            assert_eq!(sink.names(), names[..whole], "cut at {cut}");
            let message = format!(
                "cut short: the file ends inside its list of records; kept the {whole} record{} before the cut",
                if whole == 1 { "" } else { "s" }
            );
            assert_eq!(sink.failures, [(None, message)], "cut at {cut}");
            assert_ranges_hold_their_json(&text[..cut], &sink);
        }
        let (answer, sink) = ask(read, &text);
        assert_eq!((answer, sink.names().len()), (Answer::Events(Shape::Records), 3));
        assert!(sink.failures.is_empty());
    }
}
