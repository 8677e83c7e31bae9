//! The event table's pages: asked once, bounded, and kept per filter and order.

use super::{apply, loaded};
use crate::app::state::{Action, AppState, MAX_CACHED_PAGES, PAGE_ROWS};
use crate::protocol::Response;
use crate::test_support::{self, page};
use trailscope_core::query::events::{TableColumn, TableSort};
use trailscope_core::query::filter::Filter;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test(unsupported = test)]
fn table_pages_are_asked_once_and_the_cache_stays_bounded() {
    let mut s = AppState::default();
    apply(
        &mut s,
        [Action::LoadStarted { files: 1, bytes: 1 }, Action::Worker(loaded(1))],
    );
    assert_eq!(s.table.missing(0..3), [0, 1, 2]);
    s.apply(Action::PagesRequested(vec![0, 1]));
    assert_eq!(s.table.missing(0..3), [2]);
    let store = test_support::data();
    for index in 0..(MAX_CACHED_PAGES as u64 + 5) {
        let mut p = page(&store, &Filter::default(), 0, 1);
        p.offset = index * PAGE_ROWS;
        s.apply(Action::Worker(Response::Page {
            generation: 1,
            filter: Filter::default(),
            sort: TableSort::default(),
            page: p,
        }));
    }
    assert_eq!(s.table.pages.len(), MAX_CACHED_PAGES);
    assert!(!s.table.pages.contains_key(&0), "the farthest page went first");
    assert!(s.table.pending.is_empty());
}

#[wasm_bindgen_test(unsupported = test)]
fn a_new_sort_empties_the_pages_and_drops_those_of_the_old_one() {
    let mut s = AppState::default();
    apply(
        &mut s,
        [Action::LoadStarted { files: 1, bytes: 1 }, Action::Worker(loaded(1))],
    );
    let store = test_support::data();
    let answer = |sort| {
        Action::Worker(Response::Page {
            generation: 1,
            filter: Filter::default(),
            sort,
            page: page(&store, &Filter::default(), 0, 100),
        })
    };
    s.apply(Action::PagesRequested(vec![0]));
    s.apply(answer(TableSort::default()));
    assert_eq!(s.table.total, Some(3));
    let resets = s.table.resets;

    let by_principal = TableSort {
        column: TableColumn::Principal,
        descending: false,
    };
    s.apply(Action::SortTable(by_principal));
    assert_eq!(s.table.sort, by_principal);
    assert_eq!((s.table.total, s.table.resets), (None, resets + 1));
    assert_eq!(s.table.missing([0]), [0], "the first page is asked again");
    s.apply(answer(TableSort::default()));
    assert!(s.table.pages.is_empty(), "a page in the old order is dropped");
    s.apply(answer(by_principal));
    assert_eq!(s.table.total, Some(3));

    s.apply(Action::SortTable(by_principal));
    assert_eq!(s.table.resets, resets + 1, "the same order keeps its pages");
    s.apply(Action::Link(
        Filter {
            text: "polly".into(),
            ..Filter::default()
        },
        None,
    ));
    assert_eq!(s.table.sort, by_principal, "a new filter keeps the order");
}
