//! After a reload the URL brings the filter (and an open entity) back but not the files: the
//! state says so until a load starts or nothing restored is left.

use super::*;
use crate::protocol::Loaded;
use trailscope_core::query::entity::Entity;
use wasm_bindgen_test::wasm_bindgen_test;

fn polly() -> Filter {
    Filter {
        text: "polly".into(),
        ..Filter::default()
    }
}

fn alice() -> Entity {
    Entity::Principal("arn:aws:iam::111122223333:user/alice".into())
}

#[wasm_bindgen_test(unsupported = test)]
fn a_filter_or_an_entity_from_the_url_at_start_is_restored_an_empty_link_is_not() {
    let s = AppState::from_link(polly(), None);
    assert!(s.restored);
    assert_eq!(s.request.filter, polly());
    assert_eq!(s.table.filter, polly(), "the table follows the filter");
    let s = AppState::from_link(Filter::default(), Some(alice()));
    assert!(s.restored);
    assert_eq!(s.entity, Some(alice()));
    assert!(!AppState::from_link(Filter::default(), None).restored);
}

#[wasm_bindgen_test(unsupported = test)]
fn a_load_starting_ends_it_and_it_does_not_come_back_when_the_load_ends() {
    let mut s = AppState::from_link(polly(), Some(alice()));
    s.apply(Action::Notice("a file could not be picked".into()));
    assert!(s.restored, "a notice changes nothing");
    s.apply(Action::LoadStarted { files: 1, bytes: 0 });
    assert!(!s.restored);
    s.apply(Action::Worker(Response::Loaded(Loaded {
        generation: 1,
        ..Loaded::default()
    })));
    assert_eq!(s.generation, Some(1));
    assert_eq!(s.request.filter, polly(), "the filter applies to the data loaded");
    assert!(!s.restored);
}

#[wasm_bindgen_test(unsupported = test)]
fn clearing_the_filter_ends_it_unless_an_entity_is_still_open() {
    let mut s = AppState::from_link(polly(), Some(alice()));
    s.apply(Action::EditFilter(FilterEdit::ClearAll));
    assert!(s.request.filter.is_empty());
    assert!(s.restored, "the entity's page is still what came back");
    s.apply(Action::ShowEntity(None));
    assert!(!s.restored);
    s.apply(Action::Link(polly(), None));
    assert!(!s.restored, "a link followed later is not what a reload restored");

    let mut s = AppState::from_link(polly(), None);
    s.apply(Action::Link(Filter::default(), None));
    assert!(!s.restored, "Back to an empty URL");

    let mut s = AppState::from_link(polly(), None);
    s.apply(Action::ClearRequested);
    assert!(!s.restored, "Clear forgets the filter");
}
