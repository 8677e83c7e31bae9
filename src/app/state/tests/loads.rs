//! How a load ends, as the page tells it.

use super::*;

#[wasm_bindgen_test(unsupported = test)]
fn a_load_stopped_by_full_memory_says_so_and_what_to_do() {
    let mut state = AppState::default();
    let Response::Loaded(mut stopped) = loaded(1) else {
        unreachable!()
    };
    stopped.memory_full = true;
    stopped.events = 2_345_678;
    apply(
        &mut state,
        [
            Action::LoadStarted { files: 2, bytes: 10 },
            Action::Worker(Response::Loaded(stopped)),
        ],
    );
    assert!(state.last_load.as_ref().is_some_and(|l| l.memory_full && !l.cancelled));
    assert_eq!(state.notices.len(), 1);
    assert!(state.notices[0].starts_with("Memory full at 2,345,678 events: the files read so far are loaded"));
    assert!(state.notices[0].contains("Query at scale"));
    assert!(state.notices[0].contains("choose fewer accounts, regions or days before reading"));
}

#[wasm_bindgen_test(unsupported = test)]
fn a_drop_shown_as_its_keys_waits_for_the_choice_and_the_preference_outlives_a_clear() {
    let mut state = AppState::default();
    let catalog = Catalog::of([("AWSLogs/111122223333/CloudTrail/eu-west-1/2025/01/06/a.json.gz", 1_000)]);
    apply(
        &mut state,
        [
            Action::ChooseFirst(true),
            Action::LoadStarted { files: 1, bytes: 0 },
            Action::Worker(Response::Catalog(catalog.clone())),
        ],
    );
    assert_eq!(state.catalog.as_deref(), Some(&catalog));
    assert!(state.is_loading(), "the load goes on once the user has chosen");
    apply(&mut state, [Action::Chose]);
    assert_eq!(state.catalog, None);
    apply(
        &mut state,
        [
            Action::Worker(Response::Catalog(catalog.clone())),
            Action::Worker(loaded(1)),
        ],
    );
    assert_eq!(state.catalog, None, "a load's end closes the choice");
    apply(&mut state, [Action::Worker(Response::Catalog(catalog))]);
    assert_eq!(
        state.catalog, None,
        "a catalog with no load under way (cleared) is dropped"
    );
    apply(&mut state, [Action::ClearRequested]);
    assert!(
        state.choose_first,
        "choosing first is the user's preference, not the data's"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn identities_and_resources_are_asked_for_only_while_their_tab_shows() {
    let mut state = AppState::with_filter(Filter::default());
    assert!(
        !state.request.identities && !state.request.resources,
        "the events tab shows first"
    );
    apply(&mut state, [Action::ShowTab(Tab::Identities)]);
    assert!(state.request.identities);
    apply(&mut state, [Action::ShowTab(Tab::Resources)]);
    assert!(!state.request.identities && state.request.resources);
    apply(&mut state, [Action::ShowTab(Tab::Services)]);
    assert!(!state.request.identities && !state.request.resources);
    apply(&mut state, [Action::ShowTab(Tab::Identities), Action::ClearRequested]);
    assert_eq!((state.tab, state.request.identities), (Tab::Events, false));
}
