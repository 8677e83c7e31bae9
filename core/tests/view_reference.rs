//! Every view of the ct-gen fixture, under many filters and both stackings, agrees with counts
//! made the slow obvious way on plain records: the fixture's JSON read here with serde_json,
//! each event's fields taken as strings, and the filter decided on those strings. Nothing of
//! the expected side comes from the data's columns, dictionaries or filter code, so a filter
//! or view that counts wrong fails here.

mod common;

use common::plain::{attach_resources, passes, plain_records, Plain};
use std::collections::{BTreeMap, BTreeSet};
use trailscope_core::query::counts::Counts;
use trailscope_core::query::filter::{Filter, Outcome};
use trailscope_core::query::timeline::{SeriesKey, Stack};
use trailscope_core::query::view::{View, ViewRequest};
use trailscope_core::Dataset;

/// Counts per value, busiest first (ties by value).
fn ranked<S: AsRef<str>>(values: impl IntoIterator<Item = S>) -> Vec<(String, u64)> {
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for v in values {
        *counts.entry(v.as_ref().to_string()).or_default() += 1;
    }
    let mut out: Vec<(String, u64)> = counts.into_iter().collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

/// The ct-gen fixture (every file under `ctgen`) plus one undated event, as loaded files.
fn files() -> Vec<(String, Vec<u8>)> {
    let mut files = common::files(&["ctgen"]);
    let undated = r#"{"Records":[{"eventID":"undated-1","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1"}]}"#;
    files.push(("undated.json".into(), undated.as_bytes().to_vec()));
    files
}

/// A filter with only a typed query.
fn query(text: &str) -> Filter {
    Filter {
        text: text.into(),
        ..Filter::default()
    }
}

/// Filters over every dimension, with values picked from the plain records.
fn filters(records: &[Plain]) -> Vec<Filter> {
    let busiest =
        |field: fn(&Plain) -> &str, k: usize| ranked(records.iter().map(field).filter(|v| !v.is_empty()))[k].0.clone();
    let dated = records.iter().filter_map(|r| r.time);
    let (first, last) = (dated.clone().min().unwrap(), dated.max().unwrap());
    let third = (last - first) / 3;
    let source = busiest(|r| &r.source, 1);
    let op = ranked(records.iter().map(|r| format!("{} {}", r.source, r.operation)))[0]
        .0
        .clone();
    vec![
        Filter::default(),
        Filter {
            principals: vec![busiest(|r| &r.principal, 1)],
            ..Filter::default()
        },
        Filter {
            sources: vec![source.clone()],
            ..Filter::default()
        },
        Filter {
            operations: vec![op],
            ..Filter::default()
        },
        Filter {
            accounts: vec![busiest(|r| &r.account, 0)],
            regions: vec![busiest(|r| &r.region, 0)],
            ..Filter::default()
        },
        Filter {
            errors: vec![busiest(|r| &r.error, 0)],
            ..Filter::default()
        },
        Filter {
            from: Some(first + third),
            to: Some(last - third),
            ..Filter::default()
        },
        Filter {
            from: Some(first + third),
            ..Filter::default()
        },
        Filter {
            text: "get".into(),
            ..Filter::default()
        },
        Filter {
            text: " AKIA".into(),
            ..Filter::default()
        },
        query("terraform"),
        query("-Terraform"),
        query("get -s3 -\"us-east-1\""),
        query("static-site -resource:/"),
        query("resource:static-site-1694 -op:list"),
        query("-resource:arn:aws:s3 source:s3"),
        query("ua:boto3 -ip:10. key:ASIA session:etl"),
        query("principal:user/ account:3940 region:US-east -error:denied"),
        query("json:bucketname -json:\"\\\"readonly\\\":true\""),
        query("ip:"),
        Filter {
            outcome: Some(Outcome::Success),
            ..Filter::default()
        },
        Filter {
            outcome: Some(Outcome::Error),
            read_only: Some(false),
            ..Filter::default()
        },
        Filter {
            outcome: Some(Outcome::Success),
            read_only: Some(true),
            sources: vec![source],
            ..Filter::default()
        },
        Filter {
            principals: vec!["nobody".into()],
            ..Filter::default()
        },
        Filter {
            finding: Some("root-activity".into()),
            ..Filter::default()
        },
        Filter {
            finding: Some("root-activity".into()),
            from: Some(first + third),
            outcome: Some(Outcome::Success),
            ..Filter::default()
        },
        Filter {
            finding: Some("no-such-rule".into()),
            ..Filter::default()
        },
    ]
}

/// The overview and timeline of `v` against the passing records.
fn check_overview_and_timeline(v: &View, rows: &[&Plain], stack: Stack, filter: &Filter) {
    let dated: Vec<i64> = rows.iter().filter_map(|r| r.time).collect();
    let errors = rows.iter().filter(|r| !r.error.is_empty()).count() as u64;
    let o = &v.overview;
    assert_eq!((o.events, o.errors), (rows.len() as u64, errors), "{filter:?}");
    assert_eq!(o.undated, (rows.len() - dated.len()) as u64, "{filter:?}");
    assert_eq!(
        (o.first, o.last),
        (dated.iter().copied().min(), dated.iter().copied().max())
    );
    let accounts: BTreeSet<&str> = rows
        .iter()
        .map(|r| r.account.as_str())
        .filter(|a| !a.is_empty())
        .collect();
    assert_eq!(o.accounts, accounts.len() as u64, "{filter:?}");
    let on_timeline: u64 = v.timeline.series.iter().flat_map(|s| &s.counts).sum();
    assert_eq!(
        on_timeline + v.timeline.outside,
        dated.len() as u64,
        "every dated event is in one bucket or counted outside: {filter:?}"
    );
    if stack == Stack::ByOutcome && !dated.is_empty() {
        let failed: u64 = v.timeline.series[1].counts.iter().sum();
        let dated_errors = rows.iter().filter(|r| r.time.is_some() && !r.error.is_empty()).count();
        assert_eq!(failed, dated_errors as u64, "{filter:?}");
    }
}

/// The timeline of `v` stacked by principal or address, its errors and its finding marks against
/// the passing records drawn in its buckets: each named series holds its value's events, the
/// named values are the busiest, "other" holds the rest.
fn check_stacks_and_marks(v: &View, rows: &[&Plain], stack: Stack, filter: &Filter) {
    let t = &v.timeline;
    let end = t.start + t.bucket_ms * t.buckets() as i64;
    let drawn: Vec<&&Plain> = rows
        .iter()
        .filter(|r| r.time.is_some_and(|time| time >= t.start && time < end))
        .collect();
    let errors = drawn.iter().filter(|r| !r.error.is_empty()).count() as u64;
    assert_eq!(t.errors.iter().sum::<u64>(), errors, "{filter:?}");
    let root = drawn.iter().filter(|r| r.root).count() as u64;
    let marked: u64 = t
        .marks
        .iter()
        .filter(|m| m.rule == "root-activity")
        .flat_map(|m| m.buckets.iter().map(|&(_, n)| n))
        .sum();
    assert_eq!(marked, root, "root activity marked where it is drawn: {filter:?}");
    let value: fn(&Plain) -> &str = match stack {
        Stack::ByPrincipal => |r| &r.principal,
        Stack::ByIp => |r| &r.ip,
        _ => return,
    };
    let mut per: BTreeMap<&str, u64> = BTreeMap::new();
    for r in &drawn {
        *per.entry(value(r)).or_default() += 1;
    }
    let mut named: BTreeSet<&str> = BTreeSet::new();
    let mut other = 0;
    for s in &t.series {
        let total: u64 = s.counts.iter().sum();
        match &s.key {
            SeriesKey::Principal(name) | SeriesKey::Ip(name) => {
                assert_eq!(Some(&total), per.get(name.as_str()), "{name}: {filter:?}");
                named.insert(name);
            }
            SeriesKey::Other => other = total,
            key => panic!("{key:?} stacked {stack:?}"),
        }
    }
    assert_eq!(named.len(), per.len().min(8), "{filter:?}");
    let rest: Vec<u64> = per
        .iter()
        .filter(|(k, _)| !named.contains(*k))
        .map(|(_, &n)| n)
        .collect();
    assert_eq!(other, rest.iter().sum::<u64>(), "{filter:?}");
    let least_named = named.iter().map(|k| per[k]).min().unwrap_or(0);
    assert!(
        rest.iter().all(|&n| n <= least_named),
        "the busiest are named: {filter:?}"
    );
}

/// The services and identities of `v` against the passing records.
fn check_services_and_identities(v: &View, rows: &[&Plain], filter: &Filter) {
    let mut ops: BTreeMap<(String, String), (u64, u64)> = BTreeMap::new();
    for r in rows {
        let entry = ops.entry((r.source.clone(), r.operation.clone())).or_default();
        entry.0 += 1;
        entry.1 += u64::from(!r.error.is_empty());
    }
    let shown: BTreeMap<(String, String), (u64, u64)> = v
        .services
        .iter()
        .flat_map(|s| {
            s.operations
                .iter()
                .map(move |op| ((s.source.clone(), op.name.clone()), (op.events, op.errors)))
        })
        .collect();
    assert_eq!(shown, ops, "{filter:?}");

    let mut who: BTreeMap<&str, Vec<&Plain>> = BTreeMap::new();
    for r in rows {
        who.entry(&r.principal).or_default().push(r);
    }
    let identities = v.identities.as_deref().expect("asked for");
    assert_eq!(identities.len(), who.len(), "{filter:?}");
    for row in identities {
        let theirs = &who[row.principal.as_str()];
        let dated = theirs.iter().filter_map(|r| r.time);
        let errors = theirs.iter().filter(|r| !r.error.is_empty()).count() as u64;
        assert_eq!(
            (row.events, row.errors, row.first, row.last),
            (theirs.len() as u64, errors, dated.clone().min(), dated.max()),
            "{}",
            row.principal
        );
        let ips: BTreeSet<&str> = theirs
            .iter()
            .map(|r| r.ip.as_str())
            .filter(|ip| !ip.is_empty())
            .collect();
        let sessions: BTreeSet<&str> = theirs
            .iter()
            .map(|r| r.session.as_str())
            .filter(|s| !s.is_empty())
            .collect();
        assert_eq!(
            (row.distinct_ips, row.distinct_sessions),
            (ips.len() as u64, sessions.len() as u64),
            "{}",
            row.principal
        );
        // Every IP and access key with its count, busiest first, ties by value.
        assert_eq!(
            row.source_ips,
            ranked(theirs.iter().map(|r| r.ip.as_str()).filter(|ip| !ip.is_empty())),
            "{}",
            row.principal
        );
        let keys = theirs.iter().map(|r| r.access_key.as_str()).filter(|k| !k.is_empty());
        assert_eq!(row.access_keys, ranked(keys), "{}", row.principal);
        let mfa = theirs.iter().filter(|r| r.mfa).count() as u64;
        assert_eq!(row.mfa_events, mfa, "{}", row.principal);
    }
}

/// Keeps, for each `json:` text of the filters, the rows whose JSON (re-read from the files)
/// holds it, as the search in every field would find them.
fn search_every_field(data: &mut Dataset, files: &[(String, Vec<u8>)], filters: &[Filter]) {
    for text in filters.iter().flat_map(Filter::text_searches) {
        let rows = (0..data.store.len())
            .filter(|&row| {
                common::event_value(data, files, row)
                    .to_string()
                    .to_lowercase()
                    .contains(&text)
            })
            .map(|row| row as u32)
            .collect();
        data.set_text_hits(text, rows);
    }
}

#[test]
fn views_agree_with_counting_plain_records() {
    let files = files();
    let mut data = Dataset::from_batches([common::batch(&files)]);
    let mut records = plain_records(&files);
    attach_resources(&mut records, &data, &files);
    search_every_field(&mut data, &files, &filters(&records));
    assert_eq!(data.store.len(), records.len(), "every event loaded once");
    assert!(
        records.iter().filter(|r| r.root).count() > 1,
        "the finding filter has rows to pick"
    );
    for filter in filters(&records) {
        let rows: Vec<&Plain> = records.iter().filter(|r| passes(r, &filter)).collect();
        for stack in [Stack::BySource, Stack::ByOutcome, Stack::ByPrincipal, Stack::ByIp] {
            for max_buckets in [120, 7] {
                let request = ViewRequest {
                    filter: filter.clone(),
                    stack,
                    max_buckets,
                    identities: true,
                    resources: true,
                };
                let v = View::compute(&data, &request);
                check_overview_and_timeline(&v, &rows, stack, &filter);
                check_stacks_and_marks(&v, &rows, stack, &filter);
                check_services_and_identities(&v, &rows, &filter);
                let wider = Filter {
                    regions: Vec::new(),
                    ..filter.clone()
                };
                let in_wider = records.iter().filter(|r| passes(r, &wider) && !r.region.is_empty());
                assert_eq!(
                    v.facets.regions.values,
                    ranked(in_wider.map(|r| r.region.as_str())),
                    "a facet ignores its own filter part: {filter:?}"
                );
            }
        }
        let counts = Counts::compute(&data.store, &filter.compile(&data));
        let mut hours: BTreeMap<i64, u64> = BTreeMap::new();
        for t in rows.iter().filter_map(|r| r.time) {
            *hours.entry(t.div_euclid(3_600_000)).or_default() += 1;
        }
        assert_eq!(counts.by_hour, hours, "{filter:?}");
    }
}
