//! The catalog of a drop's S3 keys and the choice made from it, over the committed ct-gen trees.
//! The expected figures were counted with `find -printf '%p %s'` and awk over the fixtures,
//! splitting each path at `AWSLogs/` (see fixtures/README.md for how the trees were made):
//!
//! ```text
//! sql/:      434177192288 21 files 313,623 B; 557508437185 39 files 565,983 B;
//!            111122223333 1 file 1,046 B; 61 log files, 880,652 B;
//!            eu-west-1 on 2025-03-02 and 03: 13 files, 191,309 B
//! ctgen/s3/: 14 log files 174,455 B, 100 digests 47,044 B
//! ```

mod common;

use trailscope_core::catalog::choice::Choice;
use trailscope_core::catalog::{Catalog, KeyKind, Tally, TrailKey};
use trailscope_core::time::parse_rfc3339;
use trailscope_core::Summary;

fn day(date: &str) -> i64 {
    parse_rfc3339(&format!("{date}T00:00:00Z")).expect("a date")
}

/// The (path, bytes) of every file of a fixture tree, as a drop names them.
fn dropped(tree: &str) -> Vec<(String, u64)> {
    common::files(&[tree])
        .into_iter()
        .map(|(path, bytes)| (path, bytes.len() as u64))
        .collect()
}

fn catalog_of(files: &[(String, u64)]) -> Catalog {
    Catalog::of(files.iter().map(|(p, b)| (p.as_str(), *b)))
}

#[test]
fn a_trail_tree_is_counted_by_account_region_day_and_kind() {
    let files = dropped("sql");
    let catalog = catalog_of(&files);
    let accounts: Vec<&str> = catalog.accounts.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(accounts, ["111122223333", "434177192288", "557508437185"]);
    assert_eq!(catalog.regions, ["eu-west-1", "us-east-1"]);
    let days = ["2025-03-01", "2025-03-02", "2025-03-03", "2025-03-04"].map(day);
    assert_eq!(catalog.days, days);
    let by_account = catalog.totals_by(3, |c| c.account as usize, |_| true);
    let files_bytes: Vec<(u64, u64)> = by_account.iter().map(|t| (t.files, t.bytes)).collect();
    assert_eq!(files_bytes, [(1, 1_046), (21, 313_623), (39, 565_983)]);
    let all = catalog.total(|_| true);
    assert_eq!((all.files, all.bytes), (61, 880_652));
    assert_eq!(catalog.keyless, Tally::default());
    assert!(catalog.cells.iter().all(|c| c.kind == KeyKind::Log));

    let events = Summary::of(&common::load(&["sql"]), &Default::default()).events;
    let (low, high) = (events * 3 / 4, events * 5 / 4);
    assert!(
        (low..=high).contains(&all.events),
        "estimated {} events from the bytes, loaded {events}",
        all.events
    );
}

#[test]
fn a_choice_keeps_its_accounts_regions_and_the_day_after_its_range() {
    let files = dropped("sql");
    let catalog = catalog_of(&files);
    let choice = Choice {
        regions: vec!["eu-west-1".into()],
        from_day_ms: Some(day("2025-03-02")),
        to_day_ms: Some(day("2025-03-02")),
        ..Choice::default()
    };
    let chosen = catalog.total(|c| choice.keeps_cell(&catalog, c));
    assert_eq!(
        (chosen.files, chosen.bytes),
        (13, 191_309),
        "03-02 and the day after, 03-03"
    );
    let kept: Vec<&(String, u64)> = files.iter().filter(|(path, _)| choice.keeps(path)).collect();
    assert_eq!(kept.len(), 13, "the paths the worker keeps are the catalog's cells");
    assert_eq!(kept.iter().map(|(_, b)| b).sum::<u64>(), 191_309);

    let one_account = Choice {
        accounts: vec!["111122223333".into()],
        ..Choice::default()
    };
    assert_eq!(files.iter().filter(|(p, _)| one_account.keeps(p)).count(), 1);
    assert!(
        Choice::default().keeps("export.json"),
        "a file without a key is always read"
    );
    assert!(one_account.keeps("notes/lookup-events.json"));
}

#[test]
fn digests_and_insights_are_kinds_of_their_own_and_other_paths_are_keyless() {
    let mut files = dropped("ctgen/s3");
    files.push(("export.json".into(), 5));
    files.push((
        "copy/AWSLogs/111122223333/CloudTrail/us-east-1/2025/13/01/bad-month.json.gz".into(),
        7,
    ));
    files.push((
        "AWSLogs/111122223333/CloudTrail/us-east-1/2025/01/06/extra/deeper.json.gz".into(),
        11,
    ));
    let catalog = catalog_of(&files);
    let by_kind = |kind| catalog.total(|c| c.kind == kind);
    assert_eq!(
        (by_kind(KeyKind::Log).files, by_kind(KeyKind::Log).bytes),
        (14, 174_455)
    );
    assert_eq!(
        (by_kind(KeyKind::Digest).files, by_kind(KeyKind::Digest).bytes),
        (100, 47_044)
    );
    assert_eq!(by_kind(KeyKind::Insight), Tally::default());
    assert_eq!(
        by_kind(KeyKind::Digest).events,
        0,
        "a digest holds no event of the trail"
    );
    assert_eq!((catalog.keyless.files, catalog.keyless.bytes), (3, 23));
}

#[test]
fn organisation_trails_and_insights_keys_are_read() {
    let org = "bucket/AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail-Insight/eu-west-1/2025/01/31/x.json.gz";
    let key = TrailKey::of(org).expect("an organisation trail's Insights key");
    assert_eq!(
        (key.org, key.account, key.kind, key.region, key.day_ms),
        (
            "o-a1b2c3d4e5",
            "111122223333",
            KeyKind::Insight,
            "eu-west-1",
            day("2025-01-31")
        )
    );
    let log = "AWSLogs/222233334444/CloudTrail/eu-west-1/2025/02/01/y.json.gz";
    let catalog = Catalog::of([(org, 280), (log, 560), ("export.json", 1570)]);
    assert_eq!(
        catalog.accounts,
        [
            ("111122223333".to_string(), "o-a1b2c3d4e5".to_string()),
            ("222233334444".to_string(), String::new())
        ]
    );
    assert_eq!(
        catalog.total(|_| true).events,
        2,
        "two events of gzip; an Insights file's are not the trail's"
    );
    assert_eq!(catalog.keyless.events, 1, "one event of plain JSON");
    assert_eq!(
        TrailKey::of("AWSLogs/111122223333/CloudTrail/eu-west-1/2025/02/30/z.json.gz"),
        None
    );
}
