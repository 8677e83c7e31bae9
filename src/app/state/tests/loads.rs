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
}
