//! The reducer's transitions, one user story at a time.

use super::*;
use crate::protocol::Loaded;
use crate::test_support::{self, page};
use trailscope_core::catalog::Catalog;
use trailscope_core::query::entity::page::EntityPage;
use trailscope_core::query::entity::Entity;
use trailscope_core::query::events::TableSort;
use trailscope_core::query::filter::Dimension;
use wasm_bindgen_test::wasm_bindgen_test;

mod loads;
mod table;

fn loaded(generation: u32) -> Response {
    Response::Loaded(Loaded {
        generation,
        progress: Progress {
            files_done: 2,
            files_total: 2,
            ..Progress::default()
        },
        events: 3,
        failures: vec![Failure {
            path: "bad.json".into(),
            error: "not JSON".into(),
        }],
        elapsed_ms: 20,
        ..Loaded::default()
    })
}

fn view_response(state: &AppState, generation: u32) -> Response {
    Response::View {
        generation,
        request: state.request.clone(),
        view: Rc::new(View::compute(&test_support::data(), &state.request)),
    }
}

fn apply(state: &mut AppState, actions: impl IntoIterator<Item = Action>) {
    for action in actions {
        state.apply(action);
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn a_load_goes_from_progress_to_done_once_its_view_arrives() {
    let mut s = AppState::default();
    apply(
        &mut s,
        [
            Action::Worker(Response::Ready),
            Action::LoadStarted { files: 2, bytes: 10 },
        ],
    );
    assert!(s.is_loading());
    let progress = Progress {
        files_done: 1,
        files_total: 2,
        bytes_read: 5,
        bytes_total: 10,
        events: 3,
        mb_per_s: 1.0,
    };
    s.apply(Action::Worker(Response::Progress(progress.clone())));
    assert_eq!(s.loading, Some(progress));
    s.apply(Action::Worker(loaded(1)));
    assert!(!s.is_loading());
    assert_eq!(s.generation, Some(1));
    assert_eq!(s.failures.len(), 1);
    assert!(!s.load_done(), "not done before the view");
    let view = view_response(&s, 1);
    s.apply(Action::Worker(view));
    assert!(s.load_done());
    assert_eq!(s.current_view().map(|v| v.overview.events), Some(3));
}

#[wasm_bindgen_test(unsupported = test)]
fn answers_for_another_generation_or_filter_are_dropped() {
    let mut s = AppState::default();
    apply(
        &mut s,
        [Action::LoadStarted { files: 1, bytes: 1 }, Action::Worker(loaded(2))],
    );
    let stale = view_response(&s, 1);
    s.apply(Action::Worker(stale));
    assert!(s.current_view().is_none());

    let store = test_support::data();
    let old_filter = s.request.filter.clone();
    s.apply(Action::Link(
        Filter {
            text: "polly".into(),
            ..Filter::default()
        },
        None,
    ));
    s.apply(Action::Worker(Response::Page {
        generation: 2,
        filter: old_filter,
        sort: TableSort::default(),
        page: page(&store, &Filter::default(), 0, 100),
    }));
    assert!(s.table.pages.is_empty(), "a page for the old filter is dropped");
    let filter = s.request.filter.clone();
    s.apply(Action::Worker(Response::Page {
        generation: 2,
        filter: filter.clone(),
        sort: TableSort::default(),
        page: page(&store, &filter, 0, 100),
    }));
    assert_eq!(s.table.total, Some(1));
    assert_eq!(s.table.row(0).map(|r| r.operation.as_str()), Some("SynthesizeSpeech"));
}

#[wasm_bindgen_test(unsupported = test)]
fn edits_apply_to_the_filter_held_and_keep_its_pages_when_nothing_changes() {
    let mut s = AppState::with_filter(Filter {
        text: "polly".into(),
        ..Filter::default()
    });
    apply(
        &mut s,
        [
            Action::EditFilter(FilterEdit::Toggle(Dimension::Principal, "arn:a".into())),
            Action::EditFilter(FilterEdit::SetTime(10, 20)),
        ],
    );
    let edited = Filter {
        from: Some(10),
        to: Some(20),
        principals: vec!["arn:a".into()],
        text: "polly".into(),
        ..Filter::default()
    };
    assert_eq!(s.request.filter, edited, "the second edit kept the first");
    assert_eq!(s.table.filter, edited, "the table follows the filter");
    s.apply(Action::PagesRequested(vec![0]));
    s.apply(Action::EditFilter(FilterEdit::Add(
        Dimension::Principal,
        "arn:a".into(),
    )));
    assert_eq!(
        s.table.missing(0..1),
        Vec::<u64>::new(),
        "an edit that changes nothing keeps the pages"
    );
    s.apply(Action::EditFilter(FilterEdit::ClearAll));
    assert_eq!(
        (s.request.filter.clone(), s.table.missing(0..1)),
        (Filter::default(), vec![0])
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn progress_after_the_load_ended_is_ignored() {
    let mut s = AppState::default();
    apply(
        &mut s,
        [Action::LoadStarted { files: 1, bytes: 1 }, Action::Worker(loaded(1))],
    );
    s.apply(Action::Worker(Response::Progress(Progress::default())));
    assert!(!s.is_loading());
}

#[wasm_bindgen_test(unsupported = test)]
fn selecting_an_event_waits_for_its_json() {
    let mut s = AppState::default();
    apply(
        &mut s,
        [Action::LoadStarted { files: 1, bytes: 1 }, Action::Worker(loaded(1))],
    );
    s.apply(Action::Select(Some(7)));
    assert_eq!(s.selected, Some((7, Detail::Loading)));
    s.apply(Action::Worker(Response::EventJson {
        generation: 1,
        row: 6,
        result: Err("other row".into()),
    }));
    assert_eq!(s.selected, Some((7, Detail::Loading)));
    s.apply(Action::Worker(Response::EventJson {
        generation: 1,
        row: 7,
        result: Err("gone".into()),
    }));
    assert_eq!(s.selected, Some((7, Detail::Failed("gone".into()))));
    apply(
        &mut s,
        [Action::LoadStarted { files: 1, bytes: 1 }, Action::Worker(loaded(2))],
    );
    assert_eq!(s.selected, None, "a new store forgets the selection");
}

#[wasm_bindgen_test(unsupported = test)]
fn clear_resets_everything_but_a_fatal_error() {
    let mut s = AppState::default();
    apply(
        &mut s,
        [
            Action::Worker(Response::Ready),
            Action::LoadStarted { files: 3, bytes: 1 },
            Action::Worker(loaded(1)),
            Action::Notice("x".into()),
            Action::Worker(Response::Panic { message: "boom".into() }),
            Action::Worker(Response::Panic {
                message: "later".into(),
            }),
            Action::ClearRequested,
        ],
    );
    assert_eq!(s.fatal.as_deref(), Some("boom"), "the first fatal error is kept");
    assert_eq!((s.generation, s.notices.len()), (None, 0));
    assert!(s.failures.is_empty() && s.last_load.is_none());
}

#[wasm_bindgen_test(unsupported = test)]
fn a_load_that_ends_after_clear_is_ignored() {
    let mut s = AppState::default();
    apply(
        &mut s,
        [Action::LoadStarted { files: 1, bytes: 1 }, Action::ClearRequested],
    );
    s.apply(Action::Worker(loaded(1)));
    assert_eq!((s.generation, s.last_load.clone()), (None, None));
}

#[wasm_bindgen_test(unsupported = test)]
fn cancel_is_only_pending_while_loading() {
    let mut s = AppState::default();
    s.apply(Action::CancelRequested);
    assert!(!s.cancelling);
    apply(
        &mut s,
        [Action::LoadStarted { files: 1, bytes: 1 }, Action::CancelRequested],
    );
    assert!(s.cancelling);
    s.apply(Action::Worker(loaded(1)));
    assert!(!s.cancelling);
}

#[wasm_bindgen_test(unsupported = test)]
fn an_export_runs_until_the_worker_says_it_is_done_and_reports_lost_files() {
    let mut state = AppState::default();
    apply(&mut state, [Action::ExportRequested(ExportFormat::Ndjson)]);
    assert_eq!(state.exporting, Some(ExportFormat::Ndjson));
    let done = Exported {
        format: ExportFormat::Ndjson,
        events: 41,
        problems: vec!["AWSLogs/x.json.gz: the file is no longer held".into()],
    };
    apply(&mut state, [Action::Worker(Response::Exported(done.clone()))]);
    assert_eq!(state.exporting, None);
    assert_eq!(state.last_export, Some(done));
    assert_eq!(state.notices.len(), 1);
    assert!(state.notices[0].contains("1 file(s)") && state.notices[0].contains("AWSLogs/x.json.gz"));
}

#[wasm_bindgen_test(unsupported = test)]
fn a_search_shows_its_progress_then_its_count_and_asks_for_views_and_pages_again() {
    let mut s = AppState::default();
    apply(
        &mut s,
        [Action::LoadStarted { files: 2, bytes: 10 }, Action::Worker(loaded(1))],
    );
    s.apply(Action::PagesRequested(vec![0]));
    s.apply(Action::SearchRequested("Bucket".into()));
    assert_eq!(s.searching.as_ref().map(|p| p.text.as_str()), Some("Bucket"));
    let progress = |text: &str| SearchProgress {
        text: text.into(),
        files_done: 1,
        files_total: 2,
    };
    s.apply(Action::Worker(Response::SearchProgress(progress("other"))));
    assert_eq!(
        s.searching.as_ref().map(|p| p.files_done),
        Some(0),
        "another search's progress"
    );
    s.apply(Action::Worker(Response::SearchProgress(progress("Bucket"))));
    assert_eq!(s.searching, Some(progress("Bucket")));
    let done = Searched {
        generation: 1,
        text: "Bucket".into(),
        key: "bucket".into(),
        events: Some(2),
        problems: vec!["gone.json: cannot be read".into()],
    };
    let resets = s.table.resets;
    s.apply(Action::Worker(Response::Searched(done.clone())));
    assert_eq!((s.searching.as_ref(), s.last_search.as_ref()), (None, Some(&done)));
    assert_eq!(s.searches_kept, 1, "views are asked for again");
    assert!(s.table.pending.is_empty(), "pages are asked for again");
    assert_eq!(
        s.table.resets,
        resets + 1,
        "even the pages that were missing before, which the table asks for when it is reset"
    );
    assert_eq!(s.notices.len(), 1, "{:?}", s.notices);
}

#[wasm_bindgen_test(unsupported = test)]
fn a_cancelled_search_keeps_nothing() {
    let mut s = AppState::default();
    s.apply(Action::SearchRequested("x".into()));
    s.apply(Action::CancelSearchRequested);
    assert!(s.search_cancelling);
    s.apply(Action::Worker(Response::Searched(Searched {
        text: "x".into(),
        key: "x".into(),
        ..Searched::default()
    })));
    assert!(s.searching.is_none() && !s.search_cancelling);
    assert_eq!(s.searches_kept, 0);
    assert_eq!(s.last_search.as_ref().map(|l| l.events), Some(None));
}

#[wasm_bindgen_test(unsupported = test)]
fn another_terms_search_ending_refreshes_the_views_and_leaves_the_shown_one_running() {
    let mut s = AppState::default();
    apply(
        &mut s,
        [Action::LoadStarted { files: 1, bytes: 1 }, Action::Worker(loaded(1))],
    );
    s.apply(Action::SearchRequested("first".into()));
    s.apply(Action::SearchRequested("second".into()));
    s.apply(Action::Worker(Response::Searched(Searched {
        generation: 1,
        text: "first".into(),
        key: "first".into(),
        events: Some(3),
        problems: Vec::new(),
    })));
    assert_eq!(s.searching.as_ref().map(|p| p.text.as_str()), Some("second"));
    assert_eq!(s.searches_kept, 1, "the first term's rows change the views");
    assert_eq!(s.last_search, None, "the running search is what the page shows");
}

#[wasm_bindgen_test(unsupported = test)]
fn an_entity_page_opens_shows_its_own_answer_and_closes() {
    let mut s = AppState::default();
    apply(
        &mut s,
        [Action::LoadStarted { files: 1, bytes: 1 }, Action::Worker(loaded(2))],
    );
    let alice = Entity::Principal("arn:aws:iam::111122223333:user/alice".into());
    let root = Entity::Principal("arn:aws:iam::111122223333:root".into());
    let answer = |generation: u32, entity: &Entity| {
        Action::Worker(Response::Entity {
            generation,
            page: Rc::new(EntityPage::compute(&test_support::data(), entity, 60)),
        })
    };
    s.apply(Action::ShowEntity(Some(alice.clone())));
    apply(&mut s, [answer(1, &alice), answer(2, &root)]);
    assert!(
        s.current_entity_page().is_none(),
        "another generation's or another entity's page is dropped"
    );
    s.apply(answer(2, &alice));
    assert_eq!(s.current_entity_page().map(|p| p.events), Some(2));
    s.apply(Action::ShowEntity(Some(root.clone())));
    assert!(
        s.current_entity_page().is_none(),
        "the last page is not the new entity's"
    );
    let polly = Filter {
        text: "polly".into(),
        ..Filter::default()
    };
    s.apply(Action::Link(polly.clone(), None));
    assert_eq!(
        (s.request.filter.clone(), s.entity.clone()),
        (polly.clone(), None),
        "Back to the analysis"
    );
    s.apply(Action::Link(polly.clone(), Some(alice.clone())));
    assert_eq!(s.entity, Some(alice), "Forward to the page, the filter kept");
    assert_eq!(s.request.filter, polly);
    s.apply(Action::ClearRequested);
    assert_eq!(s.entity, None, "a Clear closes the page");
}
