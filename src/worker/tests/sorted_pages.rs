//! The event table's pages in an order other than time: sorted over the filter's rows, kept
//! for the filter and order last asked, and sorted again when either changes or the store does.

use super::*;
use crate::protocol::Request;
use crate::test_support::TRAIL;
use trailscope_core::query::events::{TableColumn, TableSort};
use trailscope_core::query::filter::Filter;
use wasm_bindgen_test::wasm_bindgen_test;

/// The operations of the page a request for `filter` sorted by `sort` gets, and its total.
fn operations(w: &mut Worker<Memory>, filter: &Filter, sort: TableSort, offset: u64, limit: u32) -> (u64, Vec<String>) {
    let request = Request::Page {
        filter: filter.clone(),
        sort,
        offset,
        limit,
    };
    let Response::Page {
        sort: answered, page, ..
    } = answer(w, request)
    else {
        panic!("a page request is answered with a page")
    };
    assert_eq!(answered, sort, "the answer names its order");
    (page.total, page.rows.into_iter().map(|r| r.operation).collect())
}

fn by(column: TableColumn, descending: bool) -> TableSort {
    TableSort { column, descending }
}

#[wasm_bindgen_test(unsupported = test)]
fn pages_come_in_the_order_asked() {
    let mut w = worker(1.0);
    send(&mut w, load(&["a.json"], 0), vec![file(TRAIL.as_bytes().to_vec())]);
    let all = Filter::default();
    let ops = |w: &mut Worker<Memory>, sort, offset, limit| operations(w, &all, sort, offset, limit).1;
    assert_eq!(
        ops(&mut w, TableSort::default(), 0, 10),
        ["GetObject", "SynthesizeSpeech", "DeleteUser"],
        "time order by default"
    );
    assert_eq!(
        ops(&mut w, by(TableColumn::Time, true), 0, 10),
        ["DeleteUser", "SynthesizeSpeech", "GetObject"]
    );
    assert_eq!(
        ops(&mut w, by(TableColumn::Operation, false), 0, 10),
        ["DeleteUser", "GetObject", "SynthesizeSpeech"]
    );
    assert_eq!(
        ops(&mut w, by(TableColumn::Operation, false), 1, 1),
        ["GetObject"],
        "a page is a slice of the order"
    );
    // `…:root` sorts before `…:user/alice`; alice's two events keep their time order either way.
    assert_eq!(
        ops(&mut w, by(TableColumn::Principal, false), 0, 10),
        ["DeleteUser", "GetObject", "SynthesizeSpeech"]
    );
    assert_eq!(
        ops(&mut w, by(TableColumn::Principal, true), 0, 10),
        ["GetObject", "SynthesizeSpeech", "DeleteUser"]
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn the_sorted_rows_are_replaced_when_the_filter_sort_or_store_changes() {
    let mut w = worker(1.0);
    send(&mut w, load(&["a.json"], 0), vec![file(TRAIL.as_bytes().to_vec())]);
    let all = Filter::default();
    let by_operation = by(TableColumn::Operation, true);
    assert_eq!(
        operations(&mut w, &all, by_operation, 0, 10).1,
        ["SynthesizeSpeech", "GetObject", "DeleteUser"]
    );
    assert_eq!(
        operations(&mut w, &all, by(TableColumn::Source, false), 0, 10).1,
        ["DeleteUser", "SynthesizeSpeech", "GetObject"],
        "iam, polly, s3: another order is sorted again"
    );
    let s3 = Filter {
        sources: vec!["s3.amazonaws.com".into()],
        ..Filter::default()
    };
    assert_eq!(
        operations(&mut w, &s3, by_operation, 0, 10),
        (1, vec!["GetObject".to_string()])
    );
    assert_eq!(
        operations(&mut w, &all, by_operation, 0, 10).0,
        3,
        "another filter's rows are sorted again"
    );

    let other_ids = TRAIL.replace("\"eventID\":\"", "\"eventID\":\"x");
    send(&mut w, load(&["b.json.gz"], 1), vec![file(gzip(&other_ids))]);
    assert_eq!(
        operations(&mut w, &all, by_operation, 0, 10),
        (
            6,
            [
                "SynthesizeSpeech",
                "SynthesizeSpeech",
                "GetObject",
                "GetObject",
                "DeleteUser",
                "DeleteUser"
            ]
            .map(String::from)
            .to_vec()
        ),
        "a load drops the sorted rows"
    );
}
