//! Past a dictionary's capacity (65,535 ids for accounts or operation names, far beyond any real
//! trail), later values share one labelled value: every row stays, the counts stay true, and the
//! calls recognised by their name (credentials issued) are still recognised.

mod common;

use serde_json::{json, Value};
use trailscope_core::query::filter::Filter;
use trailscope_core::store::interner::OVERFLOW_VALUE;
use trailscope_core::Summary;

/// Distinct accounts and operation names put before the real records.
const FLOOD: usize = 70_000;
/// Distinct values a 16-bit dictionary names on their own: its 65,535 ids less the empty value
/// and the shared one.
const NAMED: usize = 65_533;

fn flood_record(i: usize) -> Value {
    let account = format!("{i:012}");
    json!({
        "eventVersion": "1.09",
        "userIdentity": {"type": "IAMUser", "accountId": account, "arn": format!("arn:aws:iam::{account}:user/u")},
        "eventTime": "2026-11-01T00:00:00Z",
        "eventSource": "example.amazonaws.com",
        "eventName": format!("Flood{i}"),
        "awsRegion": "us-east-1",
        "eventID": format!("flood-{i}"),
        "recipientAccountId": account,
    })
}

#[test]
fn values_past_a_dictionarys_capacity_share_one_label_and_calls_are_still_recognised() {
    let alone = common::load(&["lineage/same-account.json"]);
    let fixture: Value = serde_json::from_slice(&common::read("lineage/same-account.json")).unwrap();
    let real = fixture["Records"].as_array().unwrap();
    let mut records: Vec<Value> = (0..FLOOD).map(flood_record).collect();
    records.extend(real.iter().cloned());
    let bytes = serde_json::to_vec(&json!({ "Records": records })).unwrap();
    let data = trailscope_core::Dataset::from_batches([common::batch(&[("flood.json".into(), bytes)])]);

    let total = FLOOD + real.len();
    assert_eq!(data.store.len(), total, "every row is kept");
    let summary = Summary::of(&data, &Filter::default());
    assert_eq!(summary.by_operation.values().sum::<u64>(), total as u64);
    let shared: u64 = (summary.by_operation.iter())
        .filter(|(operation, _)| operation.ends_with(OVERFLOW_VALUE))
        .map(|(_, n)| n)
        .sum();
    assert_eq!(
        shared,
        (total - NAMED) as u64,
        "every name after the first {NAMED} is counted under the shared label"
    );
    assert_eq!(
        summary.by_operation.get("example.amazonaws.com Flood0").copied(),
        Some(1)
    );
    let view = common::view(&data, Filter::default());
    let overflowed = view
        .facets
        .accounts
        .values
        .iter()
        .find(|(value, _)| value == OVERFLOW_VALUE);
    assert_eq!(overflowed.map(|(_, n)| *n), Some((total - NAMED) as u64));

    // The issuing calls came after the flood, under the shared name, and are still read.
    assert_eq!(data.lineage().issued_keys(), alone.lineage().issued_keys());
    for record in alone.lineage().records() {
        let key = record.access_key();
        let found = data.lineage().issuance_of_key(key).map(|r| r.event_id());
        assert_eq!(
            found,
            alone.lineage().issuance_of_key(key).map(|r| r.event_id()),
            "{key}"
        );
    }
    assert!(alone.lineage().issued_keys() >= 2);
}
