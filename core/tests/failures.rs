//! Every failure names its file (or `file:LINE`, or `archive.zip/entry`) and says specifically
//! what is wrong; failures are listed sorted by path; other files still load.

mod common;

use common::{error_of, summary, summary_capped};
use trailscope_core::query::filter::Filter;
use trailscope_core::Failure;
use trailscope_core::{Dataset, Ingest, IngestOptions, Summary};

#[test]
fn each_cause_has_its_own_message() {
    let latin1 = common::read("bad/latin1.json");
    assert_eq!(latin1[227], 0xEB, "the Latin-1 ë of Zoë");
    assert!(latin1[..227].is_ascii());
    let cases = [
        ("bad/empty.json", "empty file"),
        ("bad/whitespace.json", "empty file"),
        ("bad/latin1.json", "not UTF-8 text (invalid byte at offset 227)"),
        ("bad/notes.txt", "not JSON: the content does not start with '{' or '['"),
        (
            "bad/not-cloudtrail.json",
            "not a CloudTrail file: a JSON object without Records, Events, logFiles or any event field",
        ),
        (
            "bad/numbers.json",
            "not a CloudTrail file: a JSON array that holds no event objects",
        ),
        (
            "bad/records-not-a-list.json",
            "not a CloudTrail file: \"Records\" is not a list",
        ),
        (
            "gzip/truncated.json.gz",
            "truncated gzip: the file ends before the end of the compressed stream",
        ),
        ("gzip/bad-crc.json.gz", "corrupt gzip: CRC32 mismatch"),
    ];
    for (rel, message) in cases {
        let s = summary(&[rel]);
        assert_eq!((s.files, s.events), (1, 0), "{rel}");
        assert_eq!(
            s.failed,
            [Failure {
                path: rel.into(),
                error: message.into()
            }],
            "{rel}"
        );
    }
}

/// Every file of `bad/`, each failing for its own reason, in path order.
const BAD_FOLDER: [&str; 7] = [
    "bad/empty.json",
    "bad/latin1.json",
    "bad/not-cloudtrail.json",
    "bad/notes.txt",
    "bad/numbers.json",
    "bad/records-not-a-list.json",
    "bad/whitespace.json",
];

#[test]
fn the_bad_folder_fails_file_by_file_sorted_by_path() {
    let s = summary(&["bad"]);
    let paths: Vec<&str> = s.failed.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, BAD_FOLDER);
    assert_eq!((s.files, s.events, s.digests), (7, 0, 0));
}

#[test]
fn failures_are_sorted_whatever_order_files_come_in() {
    let mut files = common::files(&["bad", "gzip", "zip", "shapes/mixed.ndjson", "seeds"]);
    files.reverse();
    let s = Summary::of(&Dataset::from_batches([common::batch(&files)]), &Filter::default());
    let paths: Vec<&str> = s.failed.iter().map(|f| f.path.as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert_eq!(paths[..BAD_FOLDER.len()], BAD_FOLDER);
    assert_eq!(
        paths[BAD_FOLDER.len()..],
        [
            "gzip/bad-crc.json.gz",
            "gzip/truncated.json.gz",
            "seeds/personalize-list-dataset-groups.json",
            "shapes/mixed.ndjson:3",
            "zip/archive.zip/broken/truncated.json.gz",
            "zip/deep.zip/l1.zip/l2.zip/l3.zip/l4.zip",
            "zip/empty.zip",
        ]
    );
}

#[test]
fn good_files_still_load_next_to_bad_ones() {
    let s = summary(&["bad", "seeds/polly-synthesize-speech.json", "gzip"]);
    // polly 1 + multi-member 4 + padded 2 + fname 2 + header-fields 2
    assert_eq!(s.events, 11);
    assert_eq!(s.files, 7 + 1 + 6);
    assert_eq!(s.failed.len(), 7 + 2);
}

#[test]
fn too_large_names_the_cap() {
    // records.json is 2,927 bytes as is; fname.json.gz is 570 bytes that inflate past 1,000.
    assert!(common::read("gzip/fname.json.gz").len() < 1000);
    for rel in ["shapes/records.json", "gzip/fname.json.gz"] {
        let s = summary_capped(&[rel], 1000);
        assert_eq!(s.events, 0, "{rel}");
        assert_eq!(
            error_of(&s.failed, rel),
            "too large: decompresses to more than the 1000 bytes cap",
            "{rel}"
        );
    }
    // The same files load under a cap they fit in.
    assert_eq!(summary_capped(&["shapes/records.json"], 2927).events, 3);
    // Caps in whole MiB are written as such.
    let mut big = b"{\"Records\":[".to_vec();
    big.resize((1 << 20) + 1, b' ');
    let mut ingest = Ingest::new(IngestOptions {
        max_decompressed: 1 << 20,
        ..IngestOptions::default()
    });
    ingest.add_bytes(0, "big.json", &big);
    let batch = ingest.finish();
    assert_eq!(
        batch.failures[0].error,
        "too large: decompresses to more than the 1 MiB cap"
    );
}

#[test]
fn too_large_archives_and_archive_entries() {
    // The archive's own bytes count against the cap (3,387 bytes), like any file's.
    let s = summary_capped(&["zip/archive.zip"], 1000);
    assert_eq!(
        s.failed,
        [Failure {
            path: "zip/archive.zip".into(),
            error: "too large: decompresses to more than the 1000 bytes cap".into()
        }]
    );
    // big-entry.zip is 3,291 bytes; its big.json inflates to 29,013 and small.json to 740. Under
    // a cap the archive fits in, the entry that inflates past it fails on its own.
    let s = summary_capped(&["zip/big-entry.zip"], 10_000);
    assert_eq!(s.events, 1);
    assert_eq!(
        s.failed,
        [Failure {
            path: "zip/big-entry.zip/big.json".into(),
            error: "too large: decompresses to more than the 10000 bytes cap".into()
        }]
    );
    assert_eq!(summary(&["zip/big-entry.zip"]).events, 41);
}

#[test]
fn bad_records_are_reported_by_line_and_capped_per_file() {
    // Six lines that are JSON objects but not events, then one event.
    let mut text = String::new();
    for n in 0..6 {
        text.push_str(&format!("{{\"n\":{n}}}\n"));
    }
    text.push_str(r#"{"eventTime":"2024-05-01T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject"}"#);
    let mut ingest = Ingest::new(IngestOptions::default());
    ingest.add_bytes(0, "odd.ndjson", text.as_bytes());
    let data = Dataset::from_batches([ingest.finish()]);
    let s = Summary::of(&data, &Filter::default());
    assert_eq!(s.events, 1);
    let not_event = "record 0 skipped: not a CloudTrail event (no eventName, eventSource or eventTime)";
    assert_eq!(
        s.failed,
        [
            Failure {
                path: "odd.ndjson".into(),
                error: "3 more records skipped".into()
            },
            Failure {
                path: "odd.ndjson:1".into(),
                error: not_event.into()
            },
            Failure {
                path: "odd.ndjson:2".into(),
                error: not_event.into()
            },
            Failure {
                path: "odd.ndjson:3".into(),
                error: not_event.into()
            },
        ]
    );
}

#[test]
fn the_overview_counts_a_file_whose_lines_or_records_failed_once() {
    // Five failures of one NDJSON file (its lines, and the file), four of one Records file's
    // records, a whole file that failed, and a file named like a line (`b.json:x` is not
    // `b.json` line x).
    let not_event = |n: usize| format!("{{\"n\":{n}}}");
    let lines: Vec<String> = (0..6).map(not_event).collect();
    let records = format!("{{\"Records\":[{}]}}", lines.join(","));
    let mut ingest = Ingest::new(IngestOptions::default());
    ingest.add_bytes(0, "odd.ndjson", lines.join("\n").as_bytes());
    ingest.add_bytes(1, "odd.json", records.as_bytes());
    ingest.add_bytes(2, "empty.json", b"");
    ingest.add_bytes(3, "b.json:x", b"");
    let data = Dataset::from_batches([ingest.finish()]);
    assert_eq!(data.failures.len(), 5 + 4 + 1 + 1, "{:#?}", data.failures);
    assert_eq!(Failure::files_among(&data.failures), 4);
    let view = common::view(&data, trailscope_core::query::filter::Filter::default());
    assert_eq!(view.overview.failed_files, 4);
}

#[test]
fn a_bad_second_line_of_ndjson_fails_alone_as_the_third_does() {
    let event = |name: &str| format!(r#"{{"eventTime":"2024-05-01T10:00:00Z","eventName":"{name}"}}"#);
    for bad in [2, 3] {
        let mut lines: Vec<String> = ["A", "B", "C", "D"].into_iter().map(event).collect();
        lines[bad - 1] = "garbage".into();
        let mut ingest = Ingest::new(IngestOptions::default());
        ingest.add_bytes(0, "events.ndjson", lines.join("\n").as_bytes());
        let s = Summary::of(&Dataset::from_batches([ingest.finish()]), &Filter::default());
        assert_eq!(s.events, 3, "bad line {bad}");
        assert_eq!(
            s.failed,
            [Failure {
                path: format!("events.ndjson:{bad}"),
                error: "invalid JSON at line 1, column 1: expected value".into()
            }],
            "bad line {bad}"
        );
    }
}

#[test]
fn every_failure_names_a_loaded_file() {
    let files = common::files(&["bad", "gzip", "zip", "seeds", "shapes"]);
    let s = Summary::of(&Dataset::from_batches([common::batch(&files)]), &Filter::default());
    assert_eq!(s.failed.len(), 14, "{:#?}", s.failed);
    for failure in &s.failed {
        assert!(!failure.error.is_empty());
        let named = files.iter().any(|(path, _)| {
            failure.path == *path
                || failure
                    .path
                    .strip_prefix(path.as_str())
                    .is_some_and(|rest| rest.starts_with('/') || rest.starts_with(':'))
        });
        assert!(named, "{failure:?} names no loaded file");
    }
}

/// A trail file whose JSON breaks inside, after good records, fails as a whole (its records are
/// read in one pass, which must not keep the ones before the break); one the text ends inside (a
/// download cut short) keeps the records whole before the cut and says so; an object that is not
/// an event is skipped by its index while the others load.
#[test]
fn a_broken_trail_file_keeps_none_of_its_records_and_one_cut_short_those_before_the_cut() {
    let good = r#"{"eventTime":"2024-05-01T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","eventID":"a"}"#;
    let other = r#"{"eventTime":"2024-05-01T10:00:01Z","eventSource":"s3.amazonaws.com","eventName":"PutObject","eventID":"b"}"#;
    let load = |text: String| {
        let mut ingest = Ingest::new(IngestOptions::default());
        ingest.add_bytes(0, "trail.json", text.as_bytes());
        Summary::of(&Dataset::from_batches([ingest.finish()]), &Filter::default())
    };
    let cases = [
        (
            format!(r#"{{"Records":[{good},{other},{{"eventName":"Get"}}}}]}}"#),
            0,
            "invalid JSON at line 1, column 248: expected `,` or `]`",
        ),
        (
            format!(r#"{{"Records":[{good},{other},{{"eventName":"Get"#),
            2,
            "cut short: the file ends inside its list of records; kept the 2 records before the cut",
        ),
        (
            format!(r#"{{"Records":[{good},{{"n":1}},{other}]}}"#),
            2,
            "record 1 skipped: not a CloudTrail event (no eventName, eventSource or eventTime)",
        ),
    ];
    for (text, events, error) in cases {
        let loaded = load(text.clone());
        let failure = Failure {
            path: "trail.json".into(),
            error: error.into(),
        };
        assert_eq!((loaded.events, loaded.failed), (events, vec![failure]), "{text}");
    }
}
