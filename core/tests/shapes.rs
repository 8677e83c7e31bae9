//! Every CloudTrail file shape is recognised by content and loads with the right counts:
//! `{"Records":[…]}` (pretty, compact, one record per line), arrays, bare events, NDJSON (events
//! and Records objects per line), lookup-events output, `@timestamp` exports, Insights files,
//! digests, organization-trail layouts and BOM-prefixed files.

mod common;

use common::{counts, error_of, summary};
use trailscope_core::formats::source::Shape;
use trailscope_core::query::filter::Filter;
use trailscope_core::Summary;

const INSIGHT: &str = "shapes/AWSLogs/111122223333/CloudTrail-Insight/us-east-1/2024/05/01/\
                       111122223333_CloudTrail-Insight_us-east-1_20240501T1825Z_Ab12Cd34Ef56Gh78.json.gz";
const DIGEST: &str = "shapes/AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/05/01/\
                      111122223333_CloudTrail-Digest_us-east-1_management-events_us-east-1_20240501T110000Z.json.gz";

/// (events, shape) of one file loaded alone, checking it had no failure.
fn events_and_shape(rel: &str) -> (usize, Shape) {
    let data = common::load(&[rel]);
    assert!(data.failures.is_empty(), "{rel}: {:?}", data.failures);
    assert_eq!(data.store.files.len(), 1, "{rel}");
    (data.store.len(), data.store.files[0].shape)
}

#[test]
fn each_shape_loads_with_its_event_count() {
    for (rel, want) in [
        ("shapes/records.json", (3, Shape::Records)),
        ("shapes/records-one-per-line.json", (2, Shape::Records)),
        ("shapes/array.json", (2, Shape::Array)),
        ("shapes/bom.json", (1, Shape::Records)),
        ("shapes/lookup-events.json", (3, Shape::LookupEvents)),
        ("shapes/logstash-export.ndjson", (3, Shape::Ndjson)),
        ("shapes/event-names.json", (7, Shape::Records)),
        ("shapes/time-offsets.json", (3, Shape::Records)),
        ("shapes/identities.json", (15, Shape::Records)),
        ("seeds/lex-put-bot.json", (1, Shape::BareEvent)),
        (INSIGHT, (2, Shape::Records)),
    ] {
        assert_eq!(events_and_shape(rel), want, "{rel}");
    }
}

#[test]
fn a_document_with_one_record_per_line_is_not_ndjson() {
    // `{"Records":[` then one record per line: both first lines start with `{`, but the first one
    // is not a whole JSON value. Read as NDJSON, lines 1, 2 and 4 failed and only 1 of 2 events loaded.
    let s = summary(&["shapes/records-one-per-line.json"]);
    assert!(s.failed.is_empty(), "{:?}", s.failed);
    assert_eq!(s.events, 2);
    assert_eq!(s.by_operation, counts(&[("kms.amazonaws.com Decrypt", 2)]));
}

#[test]
fn ndjson_keeps_good_lines_reads_records_lines_and_reports_the_bad_line() {
    let data = common::load(&["shapes/mixed.ndjson"]);
    let s = Summary::of(&data, &Filter::default());
    // Lines 1, 2 and 5 are events, line 4 a Records object with two; line 3 is cut short.
    assert_eq!((s.files, s.events), (1, 5));
    assert_eq!(
        s.by_operation,
        counts(&[
            ("logs.amazonaws.com CreateLogStream", 1),
            ("logs.amazonaws.com PutRetentionPolicy", 1),
            ("sns.amazonaws.com Publish", 1),
            ("sqs.amazonaws.com ReceiveMessage", 1),
            ("sqs.amazonaws.com SendMessage", 1),
        ])
    );
    assert_eq!(s.failed.len(), 1);
    assert_eq!(
        error_of(&s.failed, "shapes/mixed.ndjson:3"),
        "invalid JSON at line 1, column 42: EOF while parsing a value"
    );
    assert_eq!(data.store.files[0].shape, Shape::Ndjson);
}

#[test]
fn lookup_events_output_reads_the_escaped_events() {
    let s = summary(&["shapes/lookup-events.json"]);
    assert_eq!(s.events, 3);
    assert_eq!(
        s.by_operation,
        counts(&[
            ("ec2.amazonaws.com RunInstances", 1),
            ("iam.amazonaws.com CreateUser", 1),
            ("signin.amazonaws.com ConsoleLogin", 1),
        ])
    );
    assert_eq!(
        s.by_principal,
        counts(&[
            ("arn:aws:iam::111122223333:user/alice", 2),
            ("arn:aws:iam::111122223333:user/bob", 1)
        ])
    );
    assert_eq!(s.by_hour, counts(&[("2024-05-01T16", 3)]));
}

#[test]
fn logstash_exports_are_dated_by_at_timestamp() {
    let s = summary(&["shapes/logstash-export.ndjson"]);
    assert_eq!((s.events, s.undated), (3, 0));
    assert_eq!(s.by_hour, counts(&[("2024-05-01T17", 3)]));
    assert_eq!(s.by_operation, counts(&[("s3.amazonaws.com GetObject", 3)]));
}

#[test]
fn a_bom_is_skipped() {
    let s = summary(&["shapes/bom.json"]);
    assert!(s.failed.is_empty(), "{:?}", s.failed);
    assert_eq!(s.by_operation, counts(&[("iam.amazonaws.com GetUser", 1)]));
}

#[test]
fn digests_are_counted_as_digests_not_events_or_failures() {
    let data = common::load(&[DIGEST]);
    let s = Summary::of(&data, &Filter::default());
    assert_eq!((s.files, s.digests, s.events), (1, 1, 0));
    assert!(s.failed.is_empty(), "{:?}", s.failed);
    assert!(data.store.files.is_empty(), "a digest contributes no event file");
    let digest = &data.digests[0];
    assert_eq!(digest.path, DIGEST);
    assert_eq!(digest.aws_account_id.as_deref(), Some("111122223333"));
    assert_eq!(digest.digest_start_time.as_deref(), Some("2024-05-01T10:00:00Z"));
    assert_eq!(digest.previous_digest_s3_object, None);
    assert_eq!(digest.log_files.len(), 1);
    assert_eq!(
        digest.log_files[0].s3_object.as_deref(),
        Some("AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/111122223333_CloudTrail_us-east-1_20240501T1025Z_Xy12Ab34Cd56Ef78.json.gz")
    );
}

#[test]
fn organization_trail_layout_loads_both_member_accounts() {
    let data = common::load(&["shapes/AWSLogs/o-abc123def4"]);
    let s = Summary::of(&data, &Filter::default());
    assert_eq!((s.files, s.events), (2, 3));
    assert!(s.failed.is_empty(), "{:?}", s.failed);
    let accounts: Vec<&str> = data.store.dict.accounts.iter().filter(|a| !a.is_empty()).collect();
    assert_eq!(accounts, ["111122223333", "444455556666"]);
    assert_eq!(
        s.by_principal,
        counts(&[
            ("arn:aws:iam::111122223333:user/ops", 2),
            ("arn:aws:iam::444455556666:user/ops", 1)
        ])
    );
    let paths: Vec<&str> = data.store.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "shapes/AWSLogs/o-abc123def4/111122223333/CloudTrail/eu-west-1/2024/05/01/111122223333_CloudTrail_eu-west-1_20240501T1910Z_Org0Trail0File01.json.gz",
            "shapes/AWSLogs/o-abc123def4/444455556666/CloudTrail/eu-west-1/2024/05/01/444455556666_CloudTrail_eu-west-1_20240501T1910Z_Org0Trail0File01.json.gz",
        ]
    );
}

#[test]
fn the_whole_shapes_folder() {
    let s = summary(&["shapes"]);
    // 15 files: 14 with events (the NDJSON one with its bad line) and the digest.
    assert_eq!(s.files, 15);
    assert_eq!(s.digests, 1);
    // records 3, one-per-line 2, array 2, bom 1, mixed 5, lookup 3, logstash 3, insights 2,
    // org 2+1, event names 7, duplicates 3 (+3 dropped), time offsets 3, identities 15.
    assert_eq!(s.events, 52);
    assert_eq!(s.duplicates, 3);
    assert_eq!(s.undated, 0);
    assert_eq!(s.errors, 1, "records.json has one AccessDenied");
    assert_eq!(s.failed.len(), 1, "{:?}", s.failed);
    assert_eq!(s.failed[0].path, "shapes/mixed.ndjson:3");
    assert_eq!(s.by_principal["(none)"], 2, "the Insights events");
}

#[test]
fn records_that_are_not_objects_are_skipped_not_read_field_by_field() {
    // Serde reads a JSON array into a struct positionally; a record must be an object.
    let text = br#"{"Records":[["2024-05-01T10:00:00Z","s3.amazonaws.com","GetObject"],
        {"eventTime":"2024-05-01T11:00:00Z","eventSource":"s3.amazonaws.com","eventName":"PutObject"}]}"#;
    let mut ingest = trailscope_core::Ingest::new(trailscope_core::IngestOptions::default());
    ingest.add_bytes(0, "odd.json", text);
    let s = Summary::of(
        &trailscope_core::Dataset::from_batches([ingest.finish()]),
        &Filter::default(),
    );
    assert_eq!(s.events, 1);
    assert_eq!(s.by_operation, counts(&[("s3.amazonaws.com PutObject", 1)]));
    assert_eq!(error_of(&s.failed, "odd.json"), "record 0 skipped: not a JSON object");
}
