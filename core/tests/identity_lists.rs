//! The identities table hides nothing: on the generated multi-account folder the browser tests
//! load, each principal's row lists every source IP and access key with its count, counts its
//! MFA calls, and gives each session the keys its events used, all agreeing with counts made on
//! the files' JSON read here with serde_json (see `common::plain`). A principal with more IPs
//! than the cap lists the busiest thousand and still says how many there are.

mod common;

use common::plain::{passes, plain_records, Plain};
use std::collections::BTreeMap;
use trailscope_core::query::filter::Filter;
use trailscope_core::query::identities::{IdentityRow, MAX_LISTED};
use trailscope_core::Dataset;

/// Every non-empty value with its count, busiest first, ties by value.
fn ranked<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<(String, u64)> {
    let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
    for v in values.into_iter().filter(|v| !v.is_empty()) {
        *counts.entry(v).or_default() += 1;
    }
    let mut out: Vec<(String, u64)> = counts.into_iter().map(|(v, n)| (v.to_string(), n)).collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

/// Checks every row of `rows` against the records it was counted from.
fn check(rows: &[IdentityRow], records: &[&Plain]) {
    for row in rows {
        let theirs: Vec<&Plain> = records
            .iter()
            .copied()
            .filter(|r| r.principal == row.principal)
            .collect();
        let who = &row.principal;
        let ips = ranked(theirs.iter().map(|r| r.ip.as_str()));
        assert_eq!(row.source_ips, ips, "{who}");
        assert_eq!(row.distinct_ips, ips.len() as u64, "{who}");
        assert_eq!(
            row.access_keys,
            ranked(theirs.iter().map(|r| r.access_key.as_str())),
            "{who}"
        );
        assert_eq!(row.mfa_events, theirs.iter().filter(|r| r.mfa).count() as u64, "{who}");
        for session in &row.sessions {
            let used = theirs.iter().filter(|r| r.session == session.session);
            let keys: Vec<String> = ranked(used.map(|r| r.access_key.as_str()))
                .into_iter()
                .map(|(k, _)| k)
                .collect();
            assert_eq!(session.access_keys, keys, "{}", session.session);
        }
    }
}

#[test]
fn identity_rows_list_every_ip_key_and_mfa_call() {
    let files = common::e2e_files("multi");
    let data = Dataset::from_batches([common::batch(&files)]);
    let records = plain_records(&files);
    assert_eq!(data.store.len(), records.len());
    let all = common::view(&data, Filter::default());
    let everything: Vec<&Plain> = records.iter().collect();
    let rows = all.identities.as_deref().expect("asked for by default");
    check(rows, &everything);

    // The fixture has what the table must not hide: a principal with more IPs than the five the
    // table used to list, one with several keys, MFA on some calls only, sessions with keys.
    assert!(rows.iter().any(|r| r.source_ips.len() > 5), "many IPs");
    assert!(
        rows.iter().any(|r| r.source_ips.last().is_some_and(|l| l.1 == 1)),
        "a rare IP"
    );
    assert!(rows.iter().any(|r| r.access_keys.len() > 1), "several keys");
    assert!(rows.iter().any(|r| r.mfa_events > 0), "MFA calls");
    assert!(
        rows.iter().any(|r| r.mfa_events > 0 && r.mfa_events < r.events),
        "MFA on some calls only"
    );
    assert!(
        rows.iter().flat_map(|r| &r.sessions).any(|s| !s.access_keys.is_empty()),
        "sessions with keys"
    );
    // A principal's busiest sessions are listed; the view, which the worker caches, keeps room
    // for those alone, not for every session counted.
    let many = rows
        .iter()
        .find(|r| r.distinct_sessions > 5)
        .expect("a principal with many sessions");
    assert_eq!(many.sessions.len(), 5);
    assert!(many.sessions.capacity() <= 5, "{}", many.sessions.capacity());

    // Narrowed to the busiest principal's busiest IP, its row lists that IP alone.
    let busiest = &rows[0];
    let filter = Filter {
        text: format!("ip:{}", busiest.source_ips[0].0),
        ..Filter::default()
    };
    let narrowed = common::view(&data, filter.clone());
    let passing: Vec<&Plain> = records.iter().filter(|r| passes(r, &filter)).collect();
    check(narrowed.identities.as_deref().expect("asked for"), &passing);
}

#[test]
fn a_principal_with_more_ips_than_the_cap_lists_the_busiest_and_counts_them_all() {
    let ips = MAX_LISTED + 203;
    let records: Vec<String> = (0..ips + 2)
        .map(|n| {
            // IP 0 is used three times, the others once each (in a scrambled order).
            let ip = if n < 3 { 0 } else { (n - 2) * 7919 % ips };
            format!(
                r#"{{"eventID":"e{n}","eventTime":"2025-01-06T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"10.0.{}.{}","userIdentity":{{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/many","accessKeyId":"AKIA{n:016}"}}}}"#,
                ip / 256,
                ip % 256
            )
        })
        .collect();
    let trail = format!(r#"{{"Records":[{}]}}"#, records.join(","));
    let data = Dataset::from_batches([common::batch(&[("many.json".into(), trail.into_bytes())])]);
    let view = common::view(&data, Filter::default());
    let row = &view.identities.as_deref().expect("asked for")[0];
    assert_eq!(row.distinct_ips, ips as u64);
    assert_eq!(row.source_ips.len(), MAX_LISTED);
    assert_eq!(row.source_ips[0], ("10.0.0.0".to_string(), 3));
    assert!(
        row.source_ips[1..].windows(2).all(|w| w[0].1 == 1 && w[0].0 < w[1].0),
        "ties by IP"
    );
    assert_eq!(row.access_keys.len(), MAX_LISTED, "keys are capped alike");
}
