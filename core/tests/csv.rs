//! Query results as CSV load with the counts of the events they were made from: CloudTrail
//! Lake's saved results, Athena's `SELECT *`, Tailpipe's snake_case and DuckDB's dotted exports
//! (with commas, and with tabs or semicolons between cells; fixtures made by `fixtures/csv/make_csv_fixtures.py` from `shapes/identities.json`,
//! `shapes/records.json` and `ctgen/events.ndjson.gz`), and this app's own export written here
//! and loaded back. The reference is the same events loaded from their JSON files.

mod common;

use std::collections::BTreeMap;
use trailscope_core::decode::{Decoder, DEFAULT_MAX_DECOMPRESSED};
use trailscope_core::export::csv::{header, write_rows, CsvColumn};
use trailscope_core::formats::source::Shape;
use trailscope_core::query::events::EventRow;
use trailscope_core::query::selection::Rows;
use trailscope_core::search::files::search_decoded;
use trailscope_core::search::Needle;
use trailscope_core::{Dataset, IngestOptions};

const ORIGINALS: [&str; 3] = [
    "shapes/identities.json",
    "shapes/records.json",
    "ctgen/events.ndjson.gz",
];

const EXPORTS: [&str; 6] = [
    "csv/lake/result_1.csv.gz",
    "csv/athena-select-star.csv",
    "csv/tailpipe-export.csv",
    "csv/duckdb-dotted.csv",
    "csv/tailpipe-export.tsv",
    "csv/duckdb-dotted-semicolons.csv",
];

/// What is counted per event: each column a CSV may carry, as the store resolved it.
type Tally = BTreeMap<(&'static str, String), u64>;

fn tally(data: &Dataset, credential: bool) -> Tally {
    let mut out = Tally::new();
    for i in 0..data.store.len() {
        let row = EventRow::of(&data.store, i);
        let mut facts = vec![
            ("source", row.source),
            ("operation", row.operation),
            ("principal", row.principal),
            ("session", row.session),
            ("region", row.region),
            ("error", row.error),
            ("identity type", row.identity_type),
            ("account", row.account),
            ("ip", row.ip),
            ("user agent", row.user_agent),
            ("read only", format!("{:?}", row.read_only)),
            ("time", format!("{:?}", row.time)),
        ];
        if credential {
            facts.push(("credential", row.credential));
        }
        for fact in facts {
            *out.entry(fact).or_default() += 1;
        }
    }
    out
}

fn from_files(files: &[(String, Vec<u8>)], chunk: usize) -> Dataset {
    Dataset::from_batches([common::batch_in_chunks(files, chunk, IngestOptions::default())])
}

#[test]
fn each_export_loads_with_the_counts_of_its_events_whole_and_in_slices_under_any_name() {
    let reference = common::load(&ORIGINALS);
    assert_eq!(reference.store.len(), 58);
    for rel in EXPORTS {
        let bytes = common::read(rel);
        // DuckDB's columns hold no session attributes or web-identity data, which the credential
        // kind reads; every other column carries what the counts need.
        let credential = !rel.contains("duckdb");
        for name in [rel, "result.json", "logs/no-extension", "AWSLogs/x.json.gz"] {
            for chunk in [0, 2] {
                let data = from_files(&[(name.to_string(), bytes.clone())], chunk);
                assert!(data.failures.is_empty(), "{rel} as {name}: {:?}", data.failures);
                assert_eq!(data.store.files[0].shape, Shape::Csv, "{rel}");
                assert_eq!(
                    tally(&data, credential),
                    tally(&reference, credential),
                    "{rel} as {name}, chunk {chunk}"
                );
            }
        }
    }
}

#[test]
fn an_event_reread_from_its_row_is_the_event_it_loaded_as() {
    for rel in EXPORTS.into_iter().chain(["csv/quoted-newline.csv"]) {
        let files = common::files(&[rel]);
        let data = from_files(&files, 0);
        for row in 0..data.store.len() {
            let event = common::event_value(&data, &files, row);
            let stored = EventRow::of(&data.store, row);
            assert_eq!(event["eventName"], stored.operation.as_str(), "{rel} row {row}");
        }
    }
    // Lake keeps each whole event: re-read, it is the event re-read from its JSON file.
    let json_files = common::files(&ORIGINALS);
    let reference = from_files(&json_files, 0);
    let by_id: std::collections::HashMap<String, serde_json::Value> = (0..reference.store.len())
        .map(|row| common::event_value(&reference, &json_files, row))
        .map(|event| (event["eventID"].as_str().unwrap().to_string(), event))
        .collect();
    let files = common::files(&["csv/lake/result_1.csv.gz"]);
    let data = from_files(&files, 2);
    assert_eq!(data.store.len(), by_id.len());
    for row in 0..data.store.len() {
        let event = common::event_value(&data, &files, row);
        assert_eq!(event, by_id[event["eventID"].as_str().unwrap()], "row {row}");
    }
}

#[test]
fn the_apps_own_export_loads_back_with_the_counts_it_was_written_from() {
    let mut files = common::files(&ORIGINALS);
    // Cells a spreadsheet would run: the export neutralises them, the loader gives them back.
    let formulas = r#"{"Records":[{"eventTime":"2024-05-02T08:00:00Z","eventSource":"s3.amazonaws.com",
        "eventName":"GetObject","awsRegion":"eu-west-1","userAgent":"=HYPERLINK(\"http://x\")",
        "errorCode":"-1","sourceIPAddress":"@evil","eventID":"formula-1",
        "userIdentity":{"type":"IAMUser","arn":"+arn:aws:iam::1:user/a, b","accountId":"1"}}]}"#;
    files.push(("formulas.json".into(), formulas.as_bytes().to_vec()));
    let original = from_files(&files, 0);
    let mut csv = header(&CsvColumn::ALL);
    write_rows(
        &original.store,
        Rows::Span(0, original.store.len() as u32),
        &CsvColumn::ALL,
        &mut csv,
    );
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""),
        "the export neutralised the formula"
    );
    for chunk in [0, 2] {
        let loaded = from_files(&[("export.csv".into(), csv.clone().into_bytes())], chunk);
        assert!(loaded.failures.is_empty(), "{:?}", loaded.failures);
        assert_eq!(loaded.store.len(), original.store.len());
        assert_eq!(tally(&loaded, false), tally(&original, false), "chunk {chunk}");
    }
}

#[test]
fn search_finds_text_in_a_rows_cells() {
    for (rel, needle, want) in [
        (
            "csv/quoted-newline.csv",
            "CORE-45da0c2c",
            "3133dd55-f6c2-4fef-a80a-cf21afc1f41b",
        ),
        (
            "csv/quoted-newline.csv",
            "no policy allows",
            "c64a2e43-ee64-4fc9-b959-20bdb764499d",
        ),
        (
            "csv/athena-select-star.csv",
            "ASIAROOTEXAMPLE",
            "a96d5aab-f29a-412d-969d-be65d89b15ce",
        ),
    ] {
        let decoded = Decoder::decode_all(&common::read(rel), DEFAULT_MAX_DECOMPRESSED);
        let found = search_decoded(decoded, &Needle::new(needle), DEFAULT_MAX_DECOMPRESSED);
        let ids: Vec<_> = found.iter().filter_map(|f| f.id.as_deref()).collect();
        assert_eq!(ids, [want], "{rel}: {needle}");
    }
}

#[test]
fn a_bad_row_or_a_csv_of_no_cloudtrail_header_is_reported_and_the_rest_loads() {
    let rows = "eventTime,eventName,awsRegion\n2024-05-01T10:00:00Z,GetObject,us-east-1\n,,eu-west-1\n";
    let files = vec![
        ("rows.csv".to_string(), rows.as_bytes().to_vec()),
        ("people.csv".to_string(), b"name,age\nalice,3\n".to_vec()),
        ("good.json".to_string(), common::read("shapes/records.json")),
    ];
    let data = from_files(&files, 0);
    assert_eq!(data.store.len(), 4);
    let failed = &data.failures;
    assert_eq!(
        common::error_of(failed, "rows.csv:3"),
        "record 1 skipped: not a CloudTrail event (no eventName, eventSource or eventTime)"
    );
    assert_eq!(
        common::error_of(failed, "people.csv"),
        "not JSON: the content does not start with '{' or '['"
    );
}
