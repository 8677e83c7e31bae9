//! The "Query at scale" tab's SQL, written over the loaded events.

use super::*;
use crate::protocol::{SqlAnswer, SqlAsk};
use crate::test_support::{TRAIL, TRAIL_PATH};
use trailscope_core::query::filter::Filter;
use trailscope_core::sql::Engine;
use wasm_bindgen_test::wasm_bindgen_test;

/// The answer the worker gives to `ask`, which it sends back with it.
fn asked(w: &mut Worker<Memory>, ask: SqlAsk) -> Result<SqlAnswer, String> {
    match send(w, Request::Sql(ask.clone()), Vec::new()).as_slice() {
        [Response::Sql { ask: answered, answer }] => {
            assert_eq!(answered, &ask);
            answer.clone()
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn athena_sql_reads_the_accounts_regions_and_days_of_the_loaded_events() {
    let mut w = worker(1.0);
    let ask = SqlAsk {
        filter: Filter {
            errors: vec!["AccessDenied".into()],
            text: "alice".into(),
            ..Filter::default()
        },
        engine: Engine::Athena,
        location: "s3://trail-bucket/logs".into(),
        org_id: String::new(),
    };
    let empty = asked(&mut w, ask.clone()).unwrap_err();
    assert!(empty.contains("choose or load at least one account"), "{empty}");

    send(&mut w, load(&[TRAIL_PATH], 0), vec![file(gzip(TRAIL))]);
    let sql = asked(&mut w, ask.clone()).unwrap();
    for part in [
        "LOCATION 's3://trail-bucket/logs/AWSLogs/'",
        "'projection.account.values' = '111122223333'",
        "'projection.region.values' = 'eu-west-1,us-east-1'",
        "'projection.timestamp.range' = '2024/04/30,NOW'",
        "END) IN ('AccessDenied')",
    ] {
        assert!(sql.text.contains(part), "{part} in\n{}", sql.text);
    }
    assert_eq!(sql.left_out.len(), 1);
    assert!(sql.left_out[0].starts_with("query \"alice\": "), "{:?}", sql.left_out);

    let organisation = SqlAsk {
        org_id: "o-exampleorgid".into(),
        ..ask.clone()
    };
    let text = asked(&mut w, organisation).unwrap().text;
    assert!(text.contains("AWSLogs/o-exampleorgid/"), "{text}");
    let wrong = SqlAsk {
        org_id: "not an org".into(),
        ..ask
    };
    assert!(asked(&mut w, wrong).unwrap_err().contains("is not an organisation id"));
}

#[wasm_bindgen_test(unsupported = test)]
fn lake_and_duckdb_sql_need_their_own_locations() {
    let mut w = worker(1.0);
    send(&mut w, load(&[TRAIL_PATH], 0), vec![file(gzip(TRAIL))]);
    let ask = |engine, location: &str| SqlAsk {
        filter: Filter::default(),
        engine,
        location: location.into(),
        org_id: String::new(),
    };
    let lake = asked(&mut w, ask(Engine::Lake, "EXAMPLE-f852-4e8f")).unwrap();
    assert!(
        lake.text.starts_with("SELECT eventjson\nFROM EXAMPLE-f852-4e8f"),
        "{}",
        lake.text
    );
    let duckdb = asked(&mut w, ask(Engine::DuckDb, "/cases/trail")).unwrap();
    assert!(
        duckdb.text.contains("read_json('/cases/trail/**/*.json.gz'"),
        "{}",
        duckdb.text
    );
    let nowhere = asked(&mut w, ask(Engine::DuckDb, " ")).unwrap_err();
    assert!(
        nowhere.starts_with("No SQL yet: the location for DuckDB must be"),
        "{nowhere}"
    );
}
