//! The event table's sort, checked against an independent sort of the same rows' strings: the
//! generated multi-account folder the browser tests load (800 events, 3 accounts).

mod common;

use std::cmp::Ordering;
use std::time::Instant;
use trailscope_core::query::events::{read_write_label, sort_rows, EventRow, TableColumn, TableSort};
use trailscope_core::query::filter::Filter;
use trailscope_core::Dataset;

const MULTI: &str = "../../../tests/e2e/fixtures/multi";

/// What the table shows in `column` for `row`, read from the row's strings.
fn shown(row: &EventRow, column: TableColumn) -> String {
    match column {
        TableColumn::Time => unreachable!("time is compared as a number"),
        TableColumn::Principal => row.principal.clone(),
        TableColumn::Session => row.session.clone(),
        TableColumn::AccessKey => row.access_key.clone(),
        TableColumn::Account => row.account.clone(),
        TableColumn::Region => row.region.clone(),
        TableColumn::Source => row.source.clone(),
        TableColumn::Operation => row.operation.clone(),
        TableColumn::Target => row.target.clone(),
        TableColumn::Ip => row.ip.clone(),
        TableColumn::UserAgent => row.user_agent.clone(),
        TableColumn::ReadWrite => read_write_label(row.read_only).to_string(),
        TableColumn::Error => row.error.clone(),
        TableColumn::IdentityType => row.identity_type.clone(),
        TableColumn::Credential => row.credential.clone(),
    }
}

/// `rows` ordered by comparing full `EventRow`s: the column's value (reversed when descending),
/// then time, then row index.
fn expected(data: &Dataset, rows: &[u32], sort: TableSort) -> Vec<u32> {
    let mut events: Vec<EventRow> = rows.iter().map(|&r| EventRow::of(&data.store, r as usize)).collect();
    events.sort_by(|a, b| {
        let by = match sort.column {
            TableColumn::Time => a.time.cmp(&b.time),
            column => shown(a, column).cmp(&shown(b, column)),
        };
        let by = if sort.descending { by.reverse() } else { by };
        by.then(a.time.cmp(&b.time)).then(a.row.cmp(&b.row))
    });
    events.iter().map(|e| e.row).collect()
}

fn sorted(data: &Dataset, rows: &[u32], sort: TableSort) -> Vec<u32> {
    let mut rows = rows.to_vec();
    sort_rows(&data.store, &mut rows, sort);
    rows
}

#[test]
fn every_column_sorts_like_its_strings_both_ways() {
    let data = common::load(&[MULTI]);
    let all: Vec<u32> = (0..data.store.len() as u32).collect();
    assert_eq!(all.len(), 800);
    let account = EventRow::of(&data.store, 0).account;
    let one_account = Filter {
        accounts: vec![account],
        ..Filter::default()
    }
    .compile(&data)
    .selected(&data.store)
    .rows()
    .to_vec();
    assert!(
        one_account.len() > 100 && one_account.len() < 800,
        "{}",
        one_account.len()
    );
    for rows in [&all, &one_account] {
        for column in TableColumn::ALL {
            for descending in [false, true] {
                let sort = TableSort { column, descending };
                assert_eq!(sorted(&data, rows, sort), expected(&data, rows, sort), "{sort:?}");
            }
        }
    }
}

#[test]
fn sorting_changes_the_order_and_reverses_it() {
    let data = common::load(&[MULTI]);
    let all: Vec<u32> = (0..data.store.len() as u32).collect();
    let by = |column, descending| sorted(&data, &all, TableSort { column, descending });
    assert_eq!(by(TableColumn::Time, false), all, "time ascending is the store's order");
    let principals = by(TableColumn::Principal, false);
    assert_ne!(principals, all);
    let first = EventRow::of(&data.store, principals[0] as usize).principal;
    let last = EventRow::of(&data.store, principals[799] as usize).principal;
    assert!(first < last, "{first} < {last}");
    let reversed = by(TableColumn::Principal, true);
    assert_eq!(EventRow::of(&data.store, reversed[0] as usize).principal, last);
    let targets: Vec<String> = by(TableColumn::Target, true)
        .iter()
        .map(|&r| EventRow::of(&data.store, r as usize).target)
        .collect();
    assert!(!targets[0].is_empty(), "the fixture's events name resources");
    assert!(
        targets.last().is_some_and(String::is_empty),
        "events without one come last"
    );
}

/// Times the principal sort on a corpus: `TRAILSCOPE_SORT_CORPUS=DIR cargo test --release
/// --test table_sort -- --ignored --nocapture` (see docs/decisions/0031).
#[test]
#[ignore = "needs a generated corpus"]
fn sorting_a_corpus_by_principal_is_timed() {
    let dir = std::env::var("TRAILSCOPE_SORT_CORPUS").expect("TRAILSCOPE_SORT_CORPUS names a folder");
    let data = common::load(&[&dir]);
    let rows: Vec<u32> = (0..data.store.len() as u32).collect();
    let start = Instant::now();
    let by_principal = sorted(
        &data,
        &rows,
        TableSort {
            column: TableColumn::Principal,
            descending: false,
        },
    );
    let elapsed = start.elapsed();
    println!("{} rows sorted by principal in {elapsed:?}", rows.len());
    let principal = |r: u32| {
        data.store
            .dict
            .principals
            .get(data.store.columns.principal.get(r as usize))
    };
    assert!(by_principal
        .windows(2)
        .all(|w| principal(w[0]).cmp(principal(w[1])) != Ordering::Greater));
}
