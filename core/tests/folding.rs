//! A load folds the batches it reads into one as they come, growing the columns (and the records
//! read beside the rows) to the rows it expects in all rather than doubling them, holding a key
//! used from the console once, and the folded batch merges to the same events.

mod common;

use std::collections::BTreeMap;
use trailscope_core::query::filter::Filter;
use trailscope_core::{Batch, Dataset, Summary};

/// The ct-gen trail's files, one batch each.
fn batches() -> Vec<Batch> {
    common::files(&["ctgen/s3"]).chunks(1).map(common::batch).collect()
}

#[test]
fn folded_columns_grow_to_the_expected_rows_and_merge_to_the_same_events() {
    let apart = Summary::of(&Dataset::from_batches(batches()), &Filter::default());
    let all = batches();
    assert!(all.len() >= 3, "{} files", all.len());
    let total: usize = all.iter().map(|b| b.rows.columns.len()).sum();
    let expected = total + total / 10;
    let mut folded = Batch::default();
    for batch in all {
        folded.absorb(batch, expected);
    }
    let columns = &folded.rows.columns;
    assert_eq!(columns.len(), total);
    assert_eq!(columns.time.capacity(), expected, "grown to the rows expected");
    assert_eq!(columns.principal.capacity(), expected);
    assert_eq!(folded.rows.id_hashes.capacity(), expected);

    let merged = Summary::of(&Dataset::from_batches([folded]), &Filter::default());
    assert_eq!(merged.events, apart.events);
    assert_eq!(merged.by_operation, apart.by_operation);
    assert_eq!(merged.by_principal, apart.by_principal);
}

/// The batches folded in order, the columns grown to every row at once, as a load projects.
fn folded(batches: Vec<Batch>) -> Batch {
    let rows = batches.iter().map(|b| b.rows.columns.len()).sum();
    let mut folded = Batch::default();
    for batch in batches {
        folded.absorb(batch, rows);
    }
    folded
}

#[test]
fn a_key_used_from_the_console_in_many_batches_is_held_once_with_its_earliest_creation() {
    let batches = batches();
    let mut earliest: BTreeMap<String, i64> = BTreeMap::new();
    let mut uses = 0;
    for key in batches.iter().flat_map(|b| &b.console_keys) {
        uses += 1;
        let created = earliest.entry(key.access_key.clone()).or_insert(key.created);
        *created = (*created).min(key.created);
    }
    let folded = folded(batches);
    let held: BTreeMap<String, i64> = (folded.console_keys.iter())
        .map(|k| (k.access_key.clone(), k.created))
        .collect();
    assert!(uses > earliest.len(), "the trail uses some key in more than one file");
    assert_eq!(folded.console_keys.len(), earliest.len(), "each key once");
    assert_eq!(held, earliest);
}

#[test]
fn a_folded_load_merges_into_what_its_batches_merge_into() {
    let apart = Dataset::from_batches(batches());
    let together = Dataset::from_batches([folded(batches())]);
    assert_eq!(together.console_keys, apart.console_keys);
    assert_eq!(together.store.len(), apart.store.len());
    assert_eq!(together.lineage().issued_keys(), apart.lineage().issued_keys());
    assert_eq!(together.jobs.len(), apart.jobs.len());
    assert_eq!(together.signals().len(), apart.signals().len());
}

#[test]
fn side_records_grow_with_the_rows_rather_than_by_doubling() {
    // A load holds its side records whole until it ends, and a wasm heap keeps its peak.
    let folded = folded(batches());
    for (what, len, capacity) in [
        ("issuances", folded.issuances.len(), folded.issuances.capacity()),
        ("jobs", folded.jobs.len(), folded.jobs.capacity()),
        ("signals", folded.signals.len(), folded.signals.capacity()),
    ] {
        assert!(len > 0, "{what}: the trail has some");
        // Grown by doubling, 33 issuances would have room for 64.
        assert!(4 * capacity <= 5 * len, "{what}: {len} held, room for {capacity}");
    }
}
