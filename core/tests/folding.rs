//! A load folds the batches it reads into one as they come, growing the columns to the rows it
//! expects in all rather than doubling them, and the folded batch merges to the same events.

mod common;

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
