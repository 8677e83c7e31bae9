//! `export`: NDJSON re-read from the files (plain, pretty-printed, lookup-events, gzip, zip) and
//! CSV from the columns, for a filter's rows.

mod common;

use serde_json::Value;
use trailscope_core::export::csv::{self, CsvColumn};
use trailscope_core::export::ndjson;
use trailscope_core::formats::extract::file_text;
use trailscope_core::query::filter::{Filter, Outcome};
use trailscope_core::query::selection::Rows;
use trailscope_core::{Dataset, IngestOptions};

type Files = Vec<(String, Vec<u8>)>;

fn load(rels: &[&str]) -> (Dataset, Files) {
    let files = common::files(rels);
    (Dataset::from_batches([common::batch(&files)]), files)
}

/// The NDJSON export of the rows `filter` selects, made the way the worker makes it.
fn export_ndjson(data: &Dataset, files: &Files, filter: &Filter) -> String {
    let rows = filter.compile(data).selected(&data.store);
    let mut out = Vec::new();
    for part in ndjson::plan(&data.store, rows.rows()) {
        let file = &data.store.files[part.file as usize];
        let text = file_text(
            &files[file.origin as usize].1,
            file,
            IngestOptions::default().max_decompressed,
        )
        .unwrap();
        ndjson::write_file(&text, file, &part.events, &mut out).unwrap();
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn ndjson_holds_every_selected_event_in_full_one_per_line() {
    let rels = [
        "shapes/records.json",
        "shapes/lookup-events.json",
        "gzip/multi-member.json.gz",
        "zip/archive.zip",
    ];
    let (data, files) = load(&rels);
    let text = export_ndjson(&data, &files, &Filter::default());
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), data.store.len());
    for (row, line) in lines.iter().enumerate() {
        assert!(
            !line.is_empty() && !line.contains('\r'),
            "line {row} is one compact line"
        );
        let exported: Value = serde_json::from_str(line).unwrap();
        assert!(exported["eventID"].is_string(), "a whole event, not a fragment: {line}");
    }
    let mut exported: Vec<Value> = lines.iter().map(|l| serde_json::from_str(l).unwrap()).collect();
    let mut reread: Vec<Value> = (0..data.store.len())
        .map(|r| common::event_value(&data, &files, r))
        .collect();
    let by_id = |v: &Value| v["eventID"].as_str().unwrap().to_string();
    exported.sort_by_key(by_id);
    reread.sort_by_key(by_id);
    assert_eq!(
        exported, reread,
        "the export is the events as the detail view shows them"
    );
}

#[test]
fn ndjson_keeps_the_filter_and_time_order_within_a_file() {
    let (data, files) = load(&["ctgen/s3"]);
    let filter = Filter {
        outcome: Some(Outcome::Error),
        ..Filter::default()
    };
    let errors = filter.compile(&data).selected(&data.store).rows().len();
    assert!(errors > 0, "the ct-gen trail has failed calls");
    let text = export_ndjson(&data, &files, &filter);
    let events: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(events.len(), errors);
    assert!(events.iter().all(|e| e["errorCode"].is_string()), "only failed calls");
    let plan = ndjson::plan(&data.store, filter.compile(&data).selected(&data.store).rows());
    let mut start = 0;
    for part in &plan {
        let times: Vec<&str> = events[start..start + part.events.len()]
            .iter()
            .map(|e| e["eventTime"].as_str().unwrap())
            .collect();
        assert!(
            times.windows(2).all(|w| w[0] <= w[1]),
            "time order within a file: {times:?}"
        );
        start += part.events.len();
    }
    let empty = Filter {
        text: "no event has this".into(),
        ..Filter::default()
    };
    assert_eq!(export_ndjson(&data, &files, &empty), "");
}

#[test]
fn plan_reads_each_file_once_in_order_of_its_first_event() {
    let (data, _) = load(&["ctgen/s3"]);
    let rows: Vec<u32> = (0..data.store.len() as u32).collect();
    let plan = ndjson::plan(&data.store, (&rows).into());
    let mut files: Vec<u32> = plan.iter().map(|p| p.file).collect();
    let firsts: Vec<i64> = plan
        .iter()
        .map(|p| {
            let first = rows
                .iter()
                .find(|&&r| data.store.columns.file.get(r as usize) == p.file)
                .unwrap();
            data.store.columns.time[*first as usize]
        })
        .collect();
    assert!(firsts.windows(2).all(|w| w[0] <= w[1]), "files by their first event");
    assert_eq!(plan.iter().map(|p| p.events.len()).sum::<usize>(), data.store.len());
    files.sort_unstable();
    files.dedup();
    assert_eq!(files.len(), plan.len(), "each file once");
}

#[test]
fn csv_has_a_header_a_line_per_row_and_neutralised_cells() {
    let (data, _) = load(&["shapes/records.json"]);
    let rows: Vec<u32> = (0..data.store.len() as u32).collect();
    let columns = [
        CsvColumn::Time,
        CsvColumn::Operation,
        CsvColumn::Principal,
        CsvColumn::UserAgent,
    ];
    let mut out = csv::header(&columns);
    csv::write_rows(&data.store, (&rows).into(), &columns, &mut out);
    let lines: Vec<&str> = out.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], "eventTime,eventName,principal,userAgent");
    assert_eq!(lines.len(), data.store.len() + 1);
    assert!(
        lines[1].starts_with("2024-05-01T10:00:00Z,ListBuckets,arn:aws:iam::111122223333:user/alice,aws-cli/2.15.0"),
        "{}",
        lines[1]
    );
}

#[test]
fn csv_neutralises_a_formula_planted_in_a_log_field() {
    let log = br#"{"Records":[{"eventTime":"2024-05-01T10:00:00Z","eventSource":"s3.amazonaws.com",
      "eventName":"GetObject","eventID":"e1","userAgent":"=HYPERLINK(\"http://evil.example\",\"x\")",
      "userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/@mallory","userName":"@mallory"}}]}"#;
    let files = vec![("planted.json".to_string(), log.to_vec())];
    let data = Dataset::from_batches([common::batch(&files)]);
    let columns = [CsvColumn::Principal, CsvColumn::UserAgent];
    let mut out = String::new();
    csv::write_rows(&data.store, Rows::Span(0, 1), &columns, &mut out);
    assert_eq!(
        out,
        "arn:aws:iam::111122223333:user/@mallory,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"\r\n"
    );
}

#[test]
fn ndjson_exports_a_huge_event_whole_though_the_detail_shows_it_cut() {
    use trailscope_core::formats::extract::Shown;
    let resources: Vec<Value> = (0..5_000)
        .map(|n| Value::from(format!("arn:aws:s3:::bucket/key-{n}")))
        .collect();
    let long = "y".repeat(3 * Shown::EVENT_DETAIL.string_chars);
    let text = serde_json::json!({"Records": [{
        "eventName": "Huge", "eventSource": "s3.amazonaws.com", "eventTime": "2025-01-06T10:00:00Z",
        "eventID": "huge", "userAgent": long, "resources": resources,
    }]})
    .to_string();
    let files: Files = vec![("huge.json".to_string(), text.into_bytes())];
    let data = Dataset::from_batches([common::batch(&files)]);
    let shown = common::event_value(&data, &files, 0);
    assert_eq!(
        shown["resources"].as_array().unwrap().len(),
        Shown::EVENT_DETAIL.items + 1,
        "the detail is cut"
    );
    let exported: Value = serde_json::from_str(export_ndjson(&data, &files, &Filter::default()).trim_end()).unwrap();
    assert_eq!(exported["resources"], Value::from(resources));
    assert_eq!(exported["userAgent"], Value::from(long));
}
