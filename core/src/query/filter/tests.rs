//! Records that are not rows (jobs, Insights bands) under a filter; rows selected a block at a
//! time.

use super::*;
use crate::formats::testing::fixture;
use crate::{Ingest, IngestOptions};

#[test]
fn rows_selected_by_blocks_of_any_size_are_the_same_rows() {
    let mut ingest = Ingest::new(IngestOptions::default());
    let fixtures = [
        "ctgen/trail.json",
        "ctgen/events.ndjson.gz",
        "findings/root.json",
        "findings/iam.json",
    ];
    for (origin, rel) in fixtures.into_iter().enumerate() {
        ingest.add_bytes(origin as u32, rel, fixture(rel).as_bytes());
    }
    let data = Dataset::from_batches([ingest.finish()]);
    let first = data.store.columns.time[data.store.len() / 3];
    let finding = data.findings().list().next().map(|f| f.rule.clone());
    assert!(finding.is_some(), "the fixture has a finding");
    let filters = [
        Filter::default(),
        Filter {
            from: Some(first),
            ..Filter::default()
        },
        Filter {
            outcome: Some(Outcome::Success),
            read_only: Some(true),
            ..Filter::default()
        },
        Filter {
            from: Some(first),
            regions: vec!["us-east-1".into()],
            text: "-s3".into(),
            ..Filter::default()
        },
        Filter {
            finding,
            ..Filter::default()
        },
    ];
    for filter in filters {
        let compiled = filter.compile(&data);
        let whole = compiled.selected_by_blocks(&data.store, usize::MAX);
        let expected: Vec<u32> = compiled
            .candidates()
            .map(|i| i as u32)
            .filter(|&i| {
                let i = i as usize;
                Dimension::ALL.iter().all(|&d| compiled.admits_on(d, &data.store, i))
                    && compiled.admits_on_the_rest(&data.store, i)
            })
            .collect();
        assert_eq!(whole.rows().to_vec(), expected, "{filter:?}");
        assert!(!whole.rows().is_empty(), "{filter:?} selects rows");
        let narrowed = filter.finding.is_some() || !filter.text.is_empty() || filter.outcome.is_some();
        assert_eq!(
            matches!(whole, Selection::Span(_)),
            !narrowed,
            "{filter:?}: a span only when nothing but the time range narrows"
        );
        for block_rows in [1, 2, 7, 64] {
            assert_eq!(
                compiled.selected_by_blocks(&data.store, block_rows),
                whole,
                "{filter:?} by {block_rows}"
            );
        }
    }
}

#[test]
fn a_record_passes_on_its_span_and_the_dimensions_it_has() {
    let record = [(Dimension::Account, "111122223333"), (Dimension::Region, "us-east-1")];
    let admits = |filter: &Filter, span: (i64, i64)| filter.admits_record(span, &record);
    assert!(admits(&Filter::default(), (10, 20)));
    let range = Filter {
        from: Some(20),
        to: Some(30),
        ..Filter::default()
    };
    assert!(admits(&range, (10, 20)), "a record ending at the start overlaps");
    assert!(!admits(&range, (10, 19)));
    assert!(!admits(&range, (30, 40)), "the end is exclusive");
    let regions = |regions: &[&str]| Filter {
        regions: regions.iter().map(|r| r.to_string()).collect(),
        ..Filter::default()
    };
    assert!(admits(&regions(&["eu-west-1", "us-east-1"]), (0, 0)));
    assert!(!admits(&regions(&["eu-west-1"]), (0, 0)));
    let principal = Filter {
        principals: vec!["arn:a".into()],
        ..Filter::default()
    };
    assert!(
        admits(&principal, (0, 0)),
        "a record without a principal is not narrowed by one"
    );
}
