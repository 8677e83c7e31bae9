//! Views, pages and one event's JSON, and what a Clear forgets.

use super::*;
use crate::protocol::Request;
use crate::test_support::{TRAIL, TRAIL_PATH};
use trailscope_core::formats::redactions::RedactionKind;
use trailscope_core::query::entity::page::EntityPage;
use trailscope_core::query::entity::Entity;
use trailscope_core::query::events::{EventPage, TableSort};
use trailscope_core::query::filter::Filter;
use trailscope_core::query::timeline::Stack;
use trailscope_core::query::view::{View, ViewRequest};
use wasm_bindgen_test::wasm_bindgen_test;

/// The view a query gets.
fn query(w: &mut Worker<Memory>, request: &ViewRequest) -> Rc<View> {
    let Response::View { view, .. } = answer(w, Request::Query(request.clone())) else {
        panic!("a query is answered with a view")
    };
    view
}

#[wasm_bindgen_test(unsupported = test)]
fn a_repeated_query_gets_the_same_view_until_the_store_changes() {
    let mut w = worker(1.0);
    send(&mut w, load(&["a.json"], 0), vec![file(TRAIL.as_bytes().to_vec())]);
    let all = ViewRequest::default();
    let by_outcome = ViewRequest {
        stack: Stack::ByOutcome,
        ..ViewRequest::default()
    };
    let first = query(&mut w, &all);
    assert_ne!(query(&mut w, &by_outcome), first);
    assert_eq!(query(&mut w, &all), first, "a cached view is the view");
    let other_ids = TRAIL.replace("\"eventID\":\"", "\"eventID\":\"x");
    send(&mut w, load(&["b.json.gz"], 1), vec![file(gzip(&other_ids))]);
    let again = query(&mut w, &all);
    assert_eq!(
        again.overview.events,
        2 * first.overview.events,
        "a load drops the cached views"
    );
}

/// The page of `filter` a page request gets.
fn page_of(w: &mut Worker<Memory>, filter: &Filter, offset: u64, limit: u32) -> EventPage {
    let filter = filter.clone();
    let sort = TableSort::default();
    let request = Request::Page {
        filter,
        sort,
        offset,
        limit,
    };
    let Response::Page { page, .. } = answer(w, request) else {
        panic!("a page request is answered with a page")
    };
    page
}

#[wasm_bindgen_test(unsupported = test)]
fn pages_slice_the_last_filters_rows_until_the_store_changes() {
    let mut w = worker(1.0);
    send(&mut w, load(&["a.json"], 0), vec![file(TRAIL.as_bytes().to_vec())]);
    let polly = Filter {
        sources: vec!["polly.amazonaws.com".into()],
        ..Filter::default()
    };
    let all = page_of(&mut w, &Filter::default(), 0, 10);
    assert_eq!(all.total, 3);
    // A view of another filter, then pages of both: each page is its own filter's.
    query(
        &mut w,
        &ViewRequest {
            filter: polly.clone(),
            ..ViewRequest::default()
        },
    );
    let first = page_of(&mut w, &polly, 0, 10);
    assert_eq!(first.total, 1);
    assert!(first.rows.iter().all(|r| r.source == "polly.amazonaws.com"));
    assert_eq!(page_of(&mut w, &Filter::default(), 1, 1).rows, all.rows[1..2]);

    let other_ids = TRAIL.replace("\"eventID\":\"", "\"eventID\":\"x");
    send(&mut w, load(&["b.json.gz"], 1), vec![file(gzip(&other_ids))]);
    assert_eq!(
        page_of(&mut w, &Filter::default(), 0, 10).total,
        6,
        "a load drops the kept rows"
    );
    assert_eq!(page_of(&mut w, &polly, 0, 10).total, 2);
}

#[wasm_bindgen_test(unsupported = test)]
fn queries_pages_and_event_json_are_answered() {
    let mut w = worker(1.0);
    send(&mut w, load(&[TRAIL_PATH], 0), vec![file(gzip(TRAIL))]);
    let out = send(&mut w, Request::Query(ViewRequest::default()), Vec::new());
    let Some(Response::View {
        generation: 1, view, ..
    }) = out.first()
    else {
        panic!("a view: {out:?}")
    };
    assert_eq!(view.overview.events, 3);

    let out = send(
        &mut w,
        Request::Page {
            filter: Filter::default(),
            sort: TableSort::default(),
            offset: 1,
            limit: 5,
        },
        Vec::new(),
    );
    let Some(Response::Page { page, .. }) = out.first() else {
        panic!("a page: {out:?}")
    };
    assert_eq!((page.total, page.offset, page.rows.len()), (3, 1, 2));
    let polly = &page.rows[0];
    assert_eq!(polly.operation, "SynthesizeSpeech");

    let out = send(
        &mut w,
        Request::Event {
            generation: 1,
            row: polly.row,
        },
        Vec::new(),
    );
    let Some(Response::EventJson { result: Ok(detail), .. }) = out.first() else {
        panic!("an event: {out:?}")
    };
    assert!(detail.json.contains("\"voiceId\": \"Joanna\""), "{}", detail.json);
    let kinds: Vec<(&str, RedactionKind)> = detail.redactions.iter().map(|r| (r.path.as_str(), r.kind)).collect();
    assert_eq!(
        kinds,
        [
            ("requestParameters.text", RedactionKind::Masked),
            ("responseElements", RedactionKind::NotLogged)
        ]
    );
}

/// The page an entity request gets, with its generation.
fn entity_page(w: &mut Worker<Memory>, entity: &Entity) -> (u32, Rc<EntityPage>) {
    let request = Request::Entity {
        entity: entity.clone(),
        max_buckets: 60,
    };
    let Response::Entity { generation, page } = answer(w, request) else {
        panic!("an entity request is answered with its page")
    };
    (generation, page)
}

#[wasm_bindgen_test(unsupported = test)]
fn entity_pages_cover_every_event_and_are_kept_until_the_store_changes() {
    let mut w = worker(1.0);
    send(&mut w, load(&[TRAIL_PATH], 0), vec![file(TRAIL.as_bytes().to_vec())]);
    let alice = Entity::Principal("arn:aws:iam::111122223333:user/alice".into());
    let polly = ViewRequest {
        filter: Filter {
            sources: vec!["polly.amazonaws.com".into()],
            ..Filter::default()
        },
        ..ViewRequest::default()
    };
    query(&mut w, &polly);
    let (generation, page) = entity_page(&mut w, &alice);
    assert_eq!(generation, 1);
    assert_eq!(
        (page.entity.clone(), page.events),
        (alice.clone(), 2),
        "every event, not the filter's"
    );
    let ips: Vec<&str> = page.ips.top.iter().map(|(ip, _)| ip.as_str()).collect();
    assert_eq!(ips, ["198.51.100.1", "198.51.100.2"]);
    assert_eq!(page.resources.top, [("arn:aws:s3:::b".to_string(), 1)]);
    assert!(
        Rc::ptr_eq(&entity_page(&mut w, &alice).1, &page),
        "asked again, the page kept"
    );
    let bucket = Entity::Resource("arn:aws:s3:::b".into());
    let (_, bucket_page) = entity_page(&mut w, &bucket);
    assert_eq!(
        bucket_page.principals.top,
        [("arn:aws:iam::111122223333:user/alice".to_string(), 1)]
    );
    let root = Entity::Principal("arn:aws:iam::111122223333:root".into());
    let (_, root_page) = entity_page(&mut w, &root);
    assert_eq!(root_page.error_codes.top, [("AccessDenied".to_string(), 1)]);
    let other_ids = TRAIL.replace("\"eventID\":\"", "\"eventID\":\"x");
    send(&mut w, load(&["b.json.gz"], 1), vec![file(gzip(&other_ids))]);
    let (generation, again) = entity_page(&mut w, &alice);
    assert_eq!((generation, again.events), (2, 4), "a load drops the kept page");
}

#[wasm_bindgen_test(unsupported = test)]
fn clear_forgets_everything_and_stale_rows_are_refused() {
    let mut w = worker(1.0);
    send(&mut w, load(&[TRAIL_PATH], 0), vec![file(gzip(TRAIL))]);
    let out = send(&mut w, Request::Clear, Vec::new());
    assert_eq!(out, [Response::Cleared { generation: 2 }]);
    let out = send(&mut w, Request::Event { generation: 1, row: 0 }, Vec::new());
    assert!(matches!(&out[0], Response::EventJson { result: Err(_), .. }));
    let out = send(&mut w, Request::Query(ViewRequest::default()), Vec::new());
    let Some(Response::View { view, .. }) = out.first() else {
        panic!("a view")
    };
    assert_eq!(view.overview.loaded_events, 0);
}

/// A trail where alice's key assumed Deployer, whose key assumed Admin, whose key deleted a bucket.
const CHAIN: &str = include_str!("../../../core/tests/fixtures/lineage/same-account.json");

#[wasm_bindgen_test(unsupported = test)]
fn an_events_detail_and_a_keys_page_say_where_its_credentials_came_from() {
    let mut w = worker(1.0);
    send(&mut w, load(&["chain.json"], 0), vec![file(CHAIN.as_bytes().to_vec())]);
    let rows = page_of(&mut w, &Filter::default(), 0, 20).rows;
    let delete = rows
        .iter()
        .find(|r| r.operation == "DeleteBucket")
        .expect("the trail's DeleteBucket");
    let Response::EventJson { result: Ok(detail), .. } = answer(
        &mut w,
        Request::Event {
            generation: 1,
            row: delete.row,
        },
    ) else {
        panic!("the event's detail")
    };
    assert_eq!(
        detail.credentials,
        "key ASIAADMINEXAMPLE0001 ← role/Admin ← role/Deployer ← user/alice"
    );

    let (_, page) = entity_page(&mut w, &Entity::AccessKey("ASIAADMINEXAMPLE0001".into()));
    let trace = page.credentials.as_ref().expect("a key's page traces it");
    let holders: Vec<&str> = trace.chain.iter().map(|h| h.principal.as_str()).collect();
    assert_eq!(
        holders,
        [
            "arn:aws:iam::111122223333:user/alice",
            "arn:aws:iam::111122223333:role/Deployer",
            "arn:aws:iam::111122223333:role/Admin"
        ]
    );
    let (_, ip_page) = entity_page(&mut w, &Entity::Ip("198.51.100.10".into()));
    assert_eq!(ip_page.credentials, None, "only keys and sessions have a lineage");
}
