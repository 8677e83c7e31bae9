//! Entity pages against references made from the plain JSON: for the busiest principal, role
//! session, access key and source IP of the ct-gen fixture, and for a bucket of the resource
//! fixtures, the page's counts and lists agree with the records that name the entity, read with
//! serde_json (see `common::plain`); the findings listed are those holding its events.

mod common;

use common::plain::{plain_records, Plain};
use serde_json::Value;
use std::collections::BTreeMap;
use trailscope_core::query::entity::page::{EntityPage, Ranked, CHANGES, TOP};
use trailscope_core::query::entity::Entity;
use trailscope_core::time::parse_rfc3339;
use trailscope_core::Dataset;

/// The ranking of `values` as a page lists it: busiest first, ties by value, empty values left
/// out, and `own` (the entity's own value) too.
fn ranking<'a>(values: impl Iterator<Item = &'a str>, own: Option<&str>) -> Ranked {
    let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
    for v in values.filter(|v| !v.is_empty() && Some(*v) != own) {
        *counts.entry(v).or_default() += 1;
    }
    let mut all: Vec<(String, u64)> = counts.into_iter().map(|(v, n)| (v.to_string(), n)).collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ranked {
        distinct: all.len() as u64,
        top: all.into_iter().take(TOP).collect(),
    }
}

/// The most frequent non-empty value of `field`.
fn busiest(records: &[Plain], field: fn(&Plain) -> &str) -> String {
    ranking(records.iter().map(field), None).top[0].0.clone()
}

/// Checks `entity`'s page against the records whose `field` is its value.
fn check(data: &Dataset, records: &[Plain], entity: Entity, field: fn(&Plain) -> &str) {
    let mine: Vec<&Plain> = records.iter().filter(|r| field(r) == entity.value()).collect();
    assert!(mine.len() > 1, "{entity:?} has {} events", mine.len());
    let page = EntityPage::compute(data, &entity, 60);
    assert_eq!(entity.rows(data).len(), mine.len(), "{entity:?}");
    let dated = mine.iter().filter_map(|r| r.time);
    let errors = mine.iter().filter(|r| !r.error.is_empty()).count() as u64;
    assert_eq!(
        (page.events, page.errors, page.first, page.last),
        (mine.len() as u64, errors, dated.clone().min(), dated.max()),
        "{entity:?}"
    );
    let timeline: u64 = page.timeline.series.iter().flat_map(|s| &s.counts).sum();
    assert_eq!(timeline, mine.iter().filter(|r| r.time.is_some()).count() as u64);
    let own = |kind: &str| (entity.word() == kind).then(|| entity.value());
    let operations: Vec<String> = mine.iter().map(|r| format!("{} {}", r.source, r.operation)).collect();
    assert_eq!(page.operations, ranking(operations.iter().map(String::as_str), None));
    assert_eq!(page.error_codes, ranking(mine.iter().map(|r| r.error.as_str()), None));
    assert_eq!(
        page.principals,
        ranking(mine.iter().map(|r| r.principal.as_str()), own("principal"))
    );
    assert_eq!(
        page.sessions,
        ranking(mine.iter().map(|r| r.session.as_str()), own("session"))
    );
    assert_eq!(
        page.access_keys,
        ranking(mine.iter().map(|r| r.access_key.as_str()), own("key"))
    );
    assert_eq!(page.ips, ranking(mine.iter().map(|r| r.ip.as_str()), own("ip")));
    assert_eq!(
        page.user_agents,
        ranking(mine.iter().map(|r| r.user_agent.as_str()), None)
    );
    let root = mine.iter().filter(|r| r.root).count() as u64;
    let listed = page
        .findings
        .iter()
        .find(|f| f.rule == "root-activity")
        .map(|f| f.events);
    assert_eq!(
        listed.unwrap_or(0),
        root,
        "{entity:?}: its root events are the finding's"
    );
    for f in &page.findings {
        let all = data.findings().rows(&f.rule).unwrap();
        assert!(f.events > 0 && f.events <= all.len() as u64);
    }
    let writes: Vec<&&Plain> = mine.iter().filter(|r| r.read_only == Some(false)).collect();
    let mut times: Vec<Option<i64>> = writes.iter().map(|r| r.time).collect();
    times.sort_by(|a, b| b.cmp(a));
    times.truncate(CHANGES);
    let got: Vec<Option<i64>> = page.changes.iter().map(|c| c.time).collect();
    assert_eq!(got, times, "{entity:?}: the latest writes, newest first");
    for change in &page.changes {
        assert!(
            writes.iter().any(|r| r.time == change.time
                && format!("{} {}", r.source, r.operation) == change.operation
                && r.principal == change.principal
                && r.error == change.error),
            "{change:?}"
        );
    }
}

#[test]
fn principal_session_key_and_ip_pages_agree_with_the_plain_records() {
    let files = common::files(&["ctgen"]);
    let data = common::load(&["ctgen"]);
    let records = plain_records(&files);
    let principal = busiest(&records, |r| &r.principal);
    check(&data, &records, Entity::Principal(principal), |r| &r.principal);
    let writes = records.iter().filter(|r| r.read_only == Some(false));
    let (writer, wrote) = ranking(writes.map(|r| r.principal.as_str()), None).top[0].clone();
    assert!(wrote as usize >= CHANGES, "{writer} wrote {wrote} times");
    check(&data, &records, Entity::Principal(writer), |r| &r.principal);
    let session = busiest(&records, |r| &r.session);
    check(&data, &records, Entity::Session(session), |r| &r.session);
    let key = busiest(&records, |r| &r.access_key);
    check(&data, &records, Entity::AccessKey(key), |r| &r.access_key);
    let ip = busiest(&records, |r| &r.ip);
    check(&data, &records, Entity::Ip(ip), |r| &r.ip);
    let root = records.iter().find(|r| r.root).map(|r| r.principal.clone());
    let root = root.expect("the fixture has root activity");
    check(&data, &records, Entity::Principal(root.clone()), |r| &r.principal);
    let page = EntityPage::compute(&data, &Entity::Principal(root), 60);
    assert!(page.findings.iter().any(|f| f.rule == "root-activity"));
}

#[test]
fn a_bucket_page_lists_who_touched_it_and_what_else() {
    let files = common::files(&["resources/s3.json"]);
    let data = common::load(&["resources/s3.json"]);
    let bucket = "arn:aws:s3:::amzn-s3-demo-bucket";
    let doc: Value = serde_json::from_slice(&files[0].1).unwrap();
    let events: Vec<&Value> = doc["Records"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["requestParameters"]["bucketName"] == "amzn-s3-demo-bucket"
                || e["resources"]
                    .as_array()
                    .is_some_and(|r| r.iter().any(|r| r["ARN"] == bucket))
        })
        .collect();
    let page = EntityPage::compute(&data, &Entity::Resource(bucket.into()), 60);
    assert_eq!(page.events, events.len() as u64);
    let principals = events.iter().map(|e| e["userIdentity"]["arn"].as_str().unwrap());
    assert_eq!(page.principals, ranking(principals, None));
    assert!(
        page.resources.top.iter().all(|(key, _)| key != bucket),
        "the bucket is not listed on its own page"
    );
    assert!(page
        .resources
        .top
        .iter()
        .any(|(key, _)| key.starts_with(&format!("{bucket}/"))));
}

#[test]
fn an_entity_the_store_does_not_hold_has_an_empty_page() {
    let data = common::load(&["ctgen"]);
    for entity in [
        Entity::Principal("arn:aws:iam::1:user/nobody".into()),
        Entity::Ip(String::new()),
        Entity::Session(String::new()),
        Entity::Resource("arn:aws:s3:::no-such-bucket".into()),
    ] {
        assert!(entity.rows(&data).is_empty(), "{entity:?}");
        let page = EntityPage::compute(&data, &entity, 60);
        assert_eq!((page.events, page.first, page.findings.len()), (0, None, 0));
        assert_eq!(page.operations, Ranked::default());
    }
}

#[test]
fn a_bucket_page_says_who_deleted_it_among_its_latest_changes() {
    let event = |k: usize, name: &str, who: &str, read_only: bool| {
        format!(
            r#"{{"eventID":"c{k}","eventTime":"2024-07-01T00:{k:02}:00Z","eventSource":"s3.amazonaws.com","eventName":"{name}","awsRegion":"us-east-1","recipientAccountId":"111122223333","readOnly":{read_only},"userIdentity":{{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/{who}"}},"requestParameters":{{"bucketName":"evidence"}}}}"#
        )
    };
    let mut events: Vec<String> = (0..12).map(|k| event(k, "PutBucketTagging", "alice", false)).collect();
    events.push(event(12, "GetBucketAcl", "bob", true));
    events.push(event(13, "DeleteBucket", "mallory", false));
    let trail = format!(r#"{{"Records":[{}]}}"#, events.join(","));
    let mut ingest = trailscope_core::Ingest::new(trailscope_core::IngestOptions::default());
    ingest.add_bytes(0, "trail.json", trail.as_bytes());
    let data = Dataset::from_batches([ingest.finish()]);
    let page = EntityPage::compute(&data, &Entity::Resource("arn:aws:s3:::evidence".into()), 60);
    assert_eq!(page.events, 14);
    assert_eq!(page.changes.len(), CHANGES, "the latest ten of thirteen writes");
    let latest = &page.changes[0];
    assert_eq!(
        (latest.operation.as_str(), latest.principal.as_str()),
        (
            "s3.amazonaws.com DeleteBucket",
            "arn:aws:iam::111122223333:user/mallory"
        )
    );
    assert!(page.changes[1..]
        .iter()
        .all(|c| c.operation.ends_with("PutBucketTagging")));
    assert_eq!(page.changes[9].time, parse_rfc3339("2024-07-01T00:03:00Z"));
}
