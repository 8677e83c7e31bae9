//! De-duplication by eventID: the same events loaded twice (same file twice, one folder in two
//! batches, merged in either order) count once, and every extra copy counts as a duplicate.

mod common;

use trailscope_core::query::filter::Filter;
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
    let s = Summary::of(&Dataset::from_batches([common::batch(&files)]), &Filter::default());
    assert_eq!((s.files, s.events, s.duplicates), (2, 3, 3));
}

/// (events, duplicates) of `rels` loaded once, and loaded twice as two batches in three ways.
fn once_and_twice(rels: &[&str]) -> ((u64, u64), [(u64, u64); 3]) {
    let files = common::files(rels);
    let once = Summary::of(&Dataset::from_batches([common::batch(&files)]), &Filter::default());
    let both = Summary::of(
        &Dataset::from_batches([common::batch(&files), common::batch(&files)]),
        &Filter::default(),
    );
    let mut data = Dataset::from_batches([common::batch(&files)]);
    data.merge(common::batch(&files));
    let merged = Summary::of(&data, &Filter::default());
    let mut data = Dataset::default();
    data.merge(common::batch(&files));
    data.merge(common::batch(&files));
    let merged_into_empty = Summary::of(&data, &Filter::default());
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
    let s = Summary::of(&Dataset::from_batches([batch(), batch()]), &Filter::default());
    assert_eq!((s.events, s.duplicates), (4, 0));
}

/// (events, duplicates) of one batch of events at one time whose `eventID`s are these JSON
/// literals, one event each, in one file.
fn with_ids(ids: &[&str]) -> (u64, u64) {
    let events: Vec<String> = ids
        .iter()
        .map(|id| format!(r#"{{"eventTime":"2024-05-01T10:00:00Z","eventName":"GetItem","eventID":{id}}}"#))
        .collect();
    let text = format!("{{\"Records\":[{}]}}", events.join(","));
    let mut ingest = Ingest::new(IngestOptions::default());
    ingest.add_bytes(0, "ids.json", text.as_bytes());
    let s = Summary::of(&Dataset::from_batches([ingest.finish()]), &Filter::default());
    (s.events, s.duplicates)
}

#[test]
fn event_ids_are_the_same_only_as_the_same_json_value_written_the_same_way() {
    for (ids, want) in [
        // Distinct integers that a float cannot tell apart.
        (&["123456789012345678901", "123456789012345678902"][..], (2, 0)),
        (&["-123456789012345678901", "-123456789012345678902"], (2, 0)),
        (&["9007199254740993", "9007199254740992"], (2, 0)),
        (&["1e400", "2e400"], (2, 0)),
        // The same number written two ways, and a number beside the string of its digits.
        (&["1", "1.0"], (2, 0)),
        (&["100", "1e2"], (2, 0)),
        (&["100", "\"100\""], (2, 0)),
        (&["true", "\"true\""], (2, 0)),
        // The same id twice is still a duplicate, however it is written.
        (&["\"e1\"", "\"e1\""], (1, 1)),
        (&["\"ab\"", "\"a\\u0062\""], (1, 1)),
        (&["123456789012345678901", "123456789012345678901"], (1, 1)),
        (&["1.0", "1.0", "1"], (2, 1)),
        // No id: never merged.
        (&["\"\"", "\"\"", "null", "null", "{}", "[]"], (6, 0)),
    ] {
        assert_eq!(with_ids(ids), want, "{ids:?}");
    }
}

#[test]
fn a_copy_is_the_same_event_id_at_the_same_time() {
    let text = br#"{"Records":[
        {"eventTime":"2024-05-01T10:00:00Z","eventName":"GetItem","eventID":"e1"},
        {"eventTime":"2024-05-01T10:00:05Z","eventName":"GetItem","eventID":"e2"},
        {"eventTime":"2024-05-01T10:00:00Z","eventName":"GetItem","eventID":"e1"},
        {"eventTime":"2024-05-01T10:00:07Z","eventName":"PutItem","eventID":"e1"}]}"#;
    let mut ingest = Ingest::new(IngestOptions::default());
    ingest.add_bytes(0, "ids.json", text);
    let s = Summary::of(&Dataset::from_batches([ingest.finish()]), &Filter::default());
    assert_eq!(
        (s.events, s.duplicates),
        (3, 1),
        "the copy at 10:00:00 is dropped; e1 again at 10:00:07 is another record, kept"
    );
}

/// `count` events of one second with ids `0..count`, then the same again.
fn one_second_twice(count: usize) -> String {
    let events: Vec<String> = (0..count)
        .chain(0..count)
        .map(|id| format!(r#"{{"eventTime":"2024-05-01T10:00:00Z","eventName":"GetItem","eventID":"id-{id}"}}"#))
        .collect();
    format!("{{\"Records\":[{}]}}", events.join(","))
}

#[test]
fn copies_are_found_among_many_events_of_one_second() {
    for count in [3, 8, 9, 40] {
        let mut ingest = Ingest::new(IngestOptions::default());
        ingest.add_bytes(0, "second.json", one_second_twice(count).as_bytes());
        let s = Summary::of(&Dataset::from_batches([ingest.finish()]), &Filter::default());
        assert_eq!(
            (s.events, s.duplicates),
            (count as u64, count as u64),
            "{count} events twice"
        );
    }
}
