//! The columns of dictionary ids, file indexes and lengths are held as narrow as their values
//! allow and widen as a merge brings more: every row still reads back the values its event holds.

mod common;

use serde_json::{json, Value};
use trailscope_core::{Batch, Dataset};

/// One event, its own second, by user `user` from the address numbered `address`.
fn record(second: u32, user: u32, address: u32) -> Value {
    json!({
        "eventVersion": "1.09",
        "userIdentity": {"type": "IAMUser", "accountId": "111122223333",
                         "arn": format!("arn:aws:iam::111122223333:user/u{user}")},
        "eventTime": format!("2026-11-{:02}T{:02}:{:02}:{:02}Z", 1 + second / 86_400, second / 3600 % 24, second / 60 % 60, second % 60),
        "eventSource": "s3.amazonaws.com",
        "eventName": "GetObject",
        "awsRegion": "us-east-1",
        "sourceIPAddress": format!("10.{}.{}.{}", address >> 16, (address >> 8) & 255, address & 255),
        "eventID": format!("e-{second}"),
        "recipientAccountId": "111122223333",
    })
}

fn batch(name: &str, records: &[Value]) -> Batch {
    let bytes = serde_json::to_vec(&json!({ "Records": records })).expect("written");
    common::batch(&[(name.to_string(), bytes)])
}

#[test]
fn columns_widen_as_a_merge_brings_more_values_and_every_row_keeps_its_own() {
    // The first file: 200 users, 200 addresses (a byte an id). The second, its events between
    // the first's: 300 users, 70,000 addresses and one event's JSON, all past two bytes.
    let first: Vec<Value> = (0..200).map(|i| record(i * 400, i, i)).collect();
    let mut second: Vec<Value> = (0..70_000)
        .map(|i| record(i + i / 399 + 1, i % 300, 1_000 + i))
        .collect();
    second[5]["requestParameters"] = json!({ "key": "k".repeat(70_000) });
    let (one, two) = (batch("a.json", &first), batch("b.json", &second));
    let c = &one.rows.columns;
    assert_eq!((c.principal.width(), c.ip.width(), c.region.width()), (1, 1, 1));
    assert_eq!((c.file.width(), c.len.width()), (1, 2));
    let data = Dataset::from_batches([one, two]);

    let c = &data.store.columns;
    assert_eq!((c.principal.width(), c.ip.width(), c.region.width()), (2, 4, 1));
    assert_eq!((c.file.width(), c.len.width()), (1, 4));
    let mut expected: Vec<(&str, &Value)> = (first.iter().map(|r| ("a.json", r)))
        .chain(second.iter().map(|r| ("b.json", r)))
        .collect();
    expected.sort_by_key(|(_, r)| r["eventTime"].as_str().expect("a time").to_string());
    assert_eq!(c.len(), expected.len());
    let d = &data.store.dict;
    for (i, (file, record)) in expected.iter().enumerate() {
        assert_eq!(data.store.files[c.file.get(i) as usize].path, *file, "row {i}");
        let json = serde_json::to_string(record).expect("written");
        assert_eq!(c.len.get(i) as usize, json.len(), "row {i}");
        assert_eq!(
            d.principals.get(c.principal.get(i)),
            record["userIdentity"]["arn"],
            "row {i}"
        );
        assert_eq!(d.ips.get(c.ip.get(i)), record["sourceIPAddress"], "row {i}");
        assert_eq!(d.regions.get(u32::from(c.region.get(i))), "us-east-1");
    }
}
