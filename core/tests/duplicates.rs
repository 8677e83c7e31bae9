//! De-duplication by eventID: the same events loaded twice (same file twice, one folder in two
//! batches, merged in either order) count once, and every extra copy counts as a duplicate.

mod common;

use trailscope_core::{Dataset, Ingest, IngestOptions, Summary};

#[test]
fn a_file_holding_its_events_twice() {
    let s = common::summary(&["shapes/duplicates.json"]);
    assert_eq!((s.events, s.duplicates), (3, 3));
    assert_eq!(s.by_operation, common::counts(&[("dynamodb.amazonaws.com GetItem", 3)]));
}

#[test]
fn the_same_file_twice_in_one_batch() {
    let files = common::files(&["shapes/records.json", "shapes/records.json"]);
    assert_eq!(files.len(), 2);
    let s = Summary::of(&Dataset::from_batches([common::batch(&files)]));
    assert_eq!((s.files, s.events, s.duplicates), (2, 3, 3));
}

/// (events, duplicates) of `rels` loaded once, and loaded twice as two batches in three ways.
fn once_and_twice(rels: &[&str]) -> ((u64, u64), [(u64, u64); 3]) {
    let files = common::files(rels);
    let once = Summary::of(&Dataset::from_batches([common::batch(&files)]));
    let both = Summary::of(&Dataset::from_batches([common::batch(&files), common::batch(&files)]));
    let mut data = Dataset::from_batches([common::batch(&files)]);
    data.merge(common::batch(&files));
    let merged = Summary::of(&data);
    let mut data = Dataset::default();
    data.merge(common::batch(&files));
    data.merge(common::batch(&files));
    let merged_into_empty = Summary::of(&data);
    for twice in [&both, &merged, &merged_into_empty] {
        assert_eq!(twice.by_operation, once.by_operation);
        assert_eq!(twice.by_hour, once.by_hour);
        assert_eq!(twice.files, 2 * once.files);
    }
    (
        (once.events, once.duplicates),
        [&both, &merged, &merged_into_empty].map(|s| (s.events, s.duplicates)),
    )
}

#[test]
fn a_generated_folder_loaded_twice() {
    // 600 + 40 + 20 distinct events: the second copy is all duplicates.
    let (once, twice) = once_and_twice(&["ctgen"]);
    assert_eq!(once, (660, 0));
    assert_eq!(twice, [(660, 660); 3]);
}

#[test]
fn a_folder_with_duplicates_of_its_own_loaded_twice() {
    // shapes/ has 52 events plus 3 duplicates; its second copy brings 55 more rows, all duplicates.
    let (once, twice) = once_and_twice(&["shapes"]);
    assert_eq!(once, (52, 3));
    assert_eq!(twice, [(52, 3 + 55); 3]);
}

#[test]
fn events_without_an_event_id_are_never_merged() {
    let text = br#"[{"eventTime":"2024-05-01T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject"},
        {"eventTime":"2024-05-01T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject"}]"#;
    let batch = || {
        let mut ingest = Ingest::new(IngestOptions::default());
        ingest.add_bytes(0, "no-ids.json", text);
        ingest.finish()
    };
    let s = Summary::of(&Dataset::from_batches([batch(), batch()]));
    assert_eq!((s.events, s.duplicates), (4, 0));
}
