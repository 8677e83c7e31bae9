//! The results do not depend on how input arrives: the whole summary is the same whatever slice
//! size the decoder is fed, whatever the files are named (detection is by content), and however
//! the files are split into batches and in which order the batches are merged.

mod common;

use trailscope_core::query::filter::Filter;
use trailscope_core::Failure;
use trailscope_core::{Dataset, IngestOptions, Summary};

const ALL: &[&str] = &["seeds", "shapes", "gzip", "zip", "bad", "ctgen"];

fn summary_of(batches: Vec<trailscope_core::Batch>) -> Summary {
    Summary::of(&Dataset::from_batches(batches), &Filter::default())
}

#[test]
fn any_slice_size_gives_the_same_summary() {
    let files = common::files(ALL);
    let whole = summary_of(vec![common::batch(&files)]);
    assert_eq!(whole.events, 52 + 6 + 10 + 51 + 660, "shapes, seeds, gzip, zip, ctgen");
    for chunk in [1, 7, 4096, 0] {
        let chunked = summary_of(vec![common::batch_in_chunks(&files, chunk, IngestOptions::default())]);
        assert_eq!(chunked, whole, "slices of {chunk} bytes");
    }
}

#[test]
fn any_slice_size_gives_the_same_summary_under_a_small_cap() {
    // Under a cap, files (zip archives too) fail as too large the same way however they are fed.
    let files = common::files(ALL);
    for cap in [1000, 3000] {
        let options = IngestOptions {
            max_decompressed: cap,
            ..IngestOptions::default()
        };
        let whole = summary_of(vec![common::batch_with(&files, options)]);
        assert!(whole.failed.iter().any(|f| f.error.starts_with("too large")));
        for chunk in [1, 7, 4096] {
            let chunked = summary_of(vec![common::batch_in_chunks(&files, chunk, options)]);
            assert_eq!(chunked, whole, "cap {cap}, slices of {chunk} bytes");
        }
    }
}

#[test]
fn names_do_not_matter() {
    let files = common::files(ALL);
    let original = summary_of(vec![common::batch(&files)]);
    // Meaningless or misleading names: a gzip file may be called .json and a zip .txt.
    let suffixes = ["", ".bin", ".json", ".gz", ".txt", ".zip"];
    let names: Vec<String> = (0..files.len())
        .map(|i| format!("x{i:04}{}", suffixes[i % suffixes.len()]))
        .collect();
    let renamed: Vec<(String, Vec<u8>)> = files
        .iter()
        .zip(&names)
        .map(|((_, b), n)| (n.clone(), b.clone()))
        .collect();
    let mut got = summary_of(vec![common::batch(&renamed)]);
    assert_ne!(got.failed, original.failed, "failures name the renamed files");
    // Map the failure paths back to the original names, then everything must match.
    for failure in &mut got.failed {
        let (i, name) = names
            .iter()
            .enumerate()
            .find(|(_, n)| {
                failure.path == **n
                    || failure
                        .path
                        .strip_prefix(n.as_str())
                        .is_some_and(|r| r.starts_with('/') || r.starts_with(':'))
            })
            .unwrap_or_else(|| panic!("{failure:?} names no file"));
        failure.path = format!("{}{}", files[i].0, &failure.path[name.len()..]);
    }
    got.failed.sort();
    assert_eq!(got, original);
    let blob = vec![("blob.bin".to_string(), common::read("gzip/multi-member.json.gz"))];
    assert_eq!(summary_of(vec![common::batch(&blob)]).events, 4);
}

#[test]
fn batches_and_merge_order_do_not_matter() {
    let files = common::files(ALL);
    let one = summary_of(vec![common::batch(&files)]);
    let (even, odd): (Vec<_>, Vec<_>) = files.iter().cloned().enumerate().partition(|(i, _)| i % 2 == 0);
    let strip = |v: Vec<(usize, (String, Vec<u8>))>| v.into_iter().map(|(_, f)| f).collect::<Vec<_>>();
    let (a, b) = (strip(even), strip(odd));
    assert_eq!(summary_of(vec![common::batch(&a), common::batch(&b)]), one);
    assert_eq!(summary_of(vec![common::batch(&b), common::batch(&a)]), one);
    let mut data = Dataset::from_batches([common::batch(&b)]);
    data.merge(common::batch(&a));
    assert_eq!(Summary::of(&data, &Filter::default()), one);
    // Every file in its own batch, merged last to first.
    let mut data = Dataset::default();
    for file in files.iter().rev() {
        data.merge(common::batch(std::slice::from_ref(file)));
    }
    assert_eq!(Summary::of(&data, &Filter::default()), one);
}

#[test]
fn failures_are_the_same_set_in_every_arrangement() {
    // A guard on the comparisons above: the summary holds a non-trivial failure list.
    let s = common::summary(ALL);
    assert_eq!(s.failed.len(), 14, "{:#?}", s.failed);
    assert!(s.failed.contains(&Failure {
        path: "zip/deep.zip/l1.zip/l2.zip/l3.zip/l4.zip".into(),
        error: "archives nested too deeply".into(),
    }));
    assert!(s.failed.contains(&Failure {
        path: "zip/empty.zip".into(),
        error: "empty archive: it holds no files".into(),
    }));
}

#[test]
fn batches_folded_as_they_come_equal_the_batches_merged() {
    // The worker folds each batch into one as it arrives and merges once: rows, dictionaries,
    // resources, failures, jobs, Insights, lineage and findings must be what merging the
    // batches one by one gives, duplicates across batches included.
    let files = common::files(ALL);
    let ctgen = common::files(&["ctgen"]);
    let parts: Vec<Vec<(String, Vec<u8>)>> = files.chunks(5).map(<[_]>::to_vec).chain([ctgen]).collect();
    let batches = || parts.iter().map(|p| common::batch(p));
    let merged = Dataset::from_batches(batches());
    let rows: usize = batches().map(|b| b.rows.columns.len()).sum();
    let mut folded = trailscope_core::Batch::default();
    for batch in batches() {
        folded.absorb(batch, rows);
    }
    let folded = Dataset::from_batches([folded]);
    assert_eq!(
        folded.store.len(),
        52 + 6 + 10 + 51 + 660,
        "the repeated trail is dropped"
    );
    assert_eq!(
        Summary::of(&folded, &Filter::default()),
        Summary::of(&merged, &Filter::default())
    );
    assert!(!merged.findings().is_empty() && !merged.lifecycles().is_empty());
    assert_eq!(folded.findings().len(), merged.findings().len());
    assert_eq!(format!("{folded:?}"), format!("{merged:?}"));
}
