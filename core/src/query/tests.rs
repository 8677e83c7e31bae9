//! Query tests on a small hand-made trail whose answers can be counted by eye.

use super::events::page;
use super::filter::{Filter, Outcome};
use super::timeline::{SeriesKey, Stack, Timeline};
use super::view::{View, ViewRequest};
use crate::normalize::time::parse_rfc3339;
use crate::{EventStore, Ingest, IngestOptions};

const ADMIN_ROLE: &str = "arn:aws:iam::111122223333:role/Admin";
const ALICE: &str = "arn:aws:iam::111122223333:user/alice";

fn event(id: usize, time: &str, source: &str, name: &str, who: &str, error: &str, read_only: bool) -> String {
    let identity = match who {
        "alice" => {
            format!(r#"{{"type":"IAMUser","arn":"{ALICE}","accessKeyId":"AKIAEXAMPLE","accountId":"111122223333"}}"#)
        }
        "admin" => format!(
            r#"{{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/Admin/s{}","accessKeyId":"ASIAEXAMPLE",
            "sessionContext":{{"sessionIssuer":{{"type":"Role","arn":"{ADMIN_ROLE}","userName":"Admin"}},
            "attributes":{{"mfaAuthenticated":"true"}}}}}}"#,
            id % 2
        ),
        _ => r#"{"type":"AWSService","invokedBy":"lambda.amazonaws.com"}"#.to_string(),
    };
    let error = if error.is_empty() {
        String::new()
    } else {
        format!(r#""errorCode":"{error}","#)
    };
    format!(
        r#"{{"eventID":"e{id}","eventTime":"{time}","eventSource":"{source}","eventName":"{name}","awsRegion":"us-east-1",
        "sourceIPAddress":"198.51.100.{ip}","recipientAccountId":"111122223333",{error}"readOnly":{read_only},"userIdentity":{identity}}}"#,
        ip = id % 3
    )
}

/// 8 events over two hours: alice (3, one AccessDenied), the Admin role (4, two sessions), a
/// service (1); plus one undated event.
fn store() -> EventStore {
    let records = [
        event(
            0,
            "2024-05-01T10:00:00Z",
            "s3.amazonaws.com",
            "GetObject",
            "alice",
            "",
            true,
        ),
        event(
            1,
            "2024-05-01T10:10:00Z",
            "s3.amazonaws.com",
            "PutObject",
            "alice",
            "AccessDenied",
            false,
        ),
        event(
            2,
            "2024-05-01T10:20:00Z",
            "iam.amazonaws.com",
            "CreateUser",
            "admin",
            "",
            false,
        ),
        event(
            3,
            "2024-05-01T10:30:00Z",
            "iam.amazonaws.com",
            "ListUsers",
            "admin",
            "",
            true,
        ),
        event(
            4,
            "2024-05-01T11:00:00Z",
            "s3.amazonaws.com",
            "GetObject",
            "admin",
            "",
            true,
        ),
        event(
            5,
            "2024-05-01T11:05:00Z",
            "kms.amazonaws.com",
            "Decrypt",
            "service",
            "",
            true,
        ),
        event(
            6,
            "2024-05-01T11:30:00Z",
            "s3.amazonaws.com",
            "GetObject",
            "admin",
            "",
            true,
        ),
        event(
            7,
            "2024-05-01T11:59:59Z",
            "lambda.amazonaws.com",
            "GetFunction20150331v2",
            "alice",
            "",
            true,
        ),
        event(8, "timestamp", "s3.amazonaws.com", "GetObject", "alice", "", true),
    ];
    let log = format!(r#"{{"Records":[{}]}}"#, records.join(","));
    let mut ingest = Ingest::new(IngestOptions::default());
    ingest.add_bytes(0, "log.json", log.as_bytes());
    EventStore::from_batches([ingest.finish()])
}

fn view(filter: Filter) -> View {
    View::compute(
        &store(),
        &ViewRequest {
            filter,
            ..ViewRequest::default()
        },
    )
}

#[test]
fn overview_counts_everything_once() {
    let v = view(Filter::default());
    assert_eq!((v.overview.events, v.overview.errors, v.overview.undated), (9, 1, 1));
    assert_eq!((v.overview.accounts, v.overview.regions), (1, 1));
    assert_eq!(v.overview.first, parse_rfc3339("2024-05-01T10:00:00Z"));
    assert_eq!(v.overview.last, parse_rfc3339("2024-05-01T11:59:59Z"));
    assert_eq!(v.facets.sources[0], ("s3.amazonaws.com".to_string(), 5));
}

#[test]
fn filters_combine_and_text_searches_every_dimension() {
    let by = |f: Filter| view(f).overview.events;
    assert_eq!(
        by(Filter {
            principals: vec![ALICE.into()],
            ..Filter::default()
        }),
        4
    );
    assert_eq!(
        by(Filter {
            outcome: Some(Outcome::Error),
            ..Filter::default()
        }),
        1
    );
    assert_eq!(
        by(Filter {
            read_only: Some(false),
            ..Filter::default()
        }),
        2
    );
    assert_eq!(
        by(Filter {
            sources: vec!["s3.amazonaws.com".into()],
            principals: vec![ADMIN_ROLE.into()],
            ..Filter::default()
        }),
        2
    );
    assert_eq!(
        by(Filter {
            operations: vec!["lambda.amazonaws.com GetFunction".into()],
            ..Filter::default()
        }),
        1
    );
    assert_eq!(
        by(Filter {
            text: "DECRYPT".into(),
            ..Filter::default()
        }),
        1
    );
    assert_eq!(
        by(Filter {
            text: "198.51.100.2".into(),
            ..Filter::default()
        }),
        3
    );
    assert_eq!(
        by(Filter {
            sources: vec!["no-such-service".into()],
            ..Filter::default()
        }),
        0
    );
    let from = parse_rfc3339("2024-05-01T10:10:00Z");
    let to = parse_rfc3339("2024-05-01T11:00:00Z");
    assert_eq!(
        by(Filter {
            from,
            to,
            ..Filter::default()
        }),
        3,
        "a time range excludes undated events and its end"
    );
}

#[test]
fn timeline_buckets_and_stacks() {
    let store = store();
    let all = Filter::default().compile(&store);
    let by_source = Timeline::compute(&store, &all, None, Stack::BySource, 120);
    assert_eq!(by_source.bucket_ms, 60_000, "two hours fit in 120 one-minute buckets");
    assert_eq!(by_source.buckets(), 120);
    assert_eq!(by_source.series[0].key, SeriesKey::Source("s3.amazonaws.com".into()));
    let total: u64 = by_source.series.iter().flat_map(|s| &s.counts).sum();
    assert_eq!(total, 8, "the undated event is not on the timeline");
    let by_outcome = Timeline::compute(&store, &all, None, Stack::ByOutcome, 4);
    assert_eq!(by_outcome.bucket_ms, 3_600_000);
    let keys: Vec<&SeriesKey> = by_outcome.series.iter().map(|s| &s.key).collect();
    assert_eq!(keys, [&SeriesKey::Success, &SeriesKey::Error]);
    assert_eq!(by_outcome.series[0].counts, vec![3, 4]);
    assert_eq!(by_outcome.series[1].counts, vec![1, 0]);
}

#[test]
fn a_timeline_leaves_out_a_few_far_events_and_says_so() {
    let mut records: Vec<String> = (0..300)
        .map(|k| {
            let time = format!("2025-01-06T{:02}:{:02}:00Z", k / 60, k % 60);
            event(k, &time, "s3.amazonaws.com", "GetObject", "alice", "", true)
        })
        .collect();
    records.push(event(
        300,
        "2016-11-02T03:49:39Z",
        "kms.amazonaws.com",
        "Decrypt",
        "admin",
        "",
        true,
    ));
    let log = format!(r#"{{"Records":[{}]}}"#, records.join(","));
    let mut ingest = Ingest::new(IngestOptions::default());
    ingest.add_bytes(0, "log.json", log.as_bytes());
    let store = EventStore::from_batches([ingest.finish()]);
    let all = Filter::default().compile(&store);
    let old = parse_rfc3339("2016-11-02T03:49:39Z").unwrap();
    let first = parse_rfc3339("2025-01-06T00:00:00Z").unwrap();
    let last = parse_rfc3339("2025-01-06T04:59:00Z").unwrap();

    let focused = Timeline::compute(&store, &all, None, Stack::BySource, 120);
    assert_eq!((focused.outside, focused.whole), (1, Some((old, last + 1))));
    assert_eq!(focused.bucket_ms, 300_000, "five busy hours in five-minute buckets");
    assert!(focused.start <= first && focused.start > first - focused.bucket_ms);
    let drawn: u64 = focused.series.iter().flat_map(|s| &s.counts).sum();
    assert_eq!(drawn, 300);
    assert!(
        focused
            .series
            .iter()
            .all(|s| s.key != SeriesKey::Source("kms.amazonaws.com".into())),
        "{:?}",
        focused.series
    );

    let asked = Timeline::compute(&store, &all, Some((old, last + 1)), Stack::BySource, 120);
    assert_eq!(
        (asked.outside, asked.whole),
        (0, None),
        "a range asked for is drawn as it is"
    );
    let drawn: u64 = asked.series.iter().flat_map(|s| &s.counts).sum();
    assert_eq!(drawn, 301);
}

#[test]
fn identities_group_roles_with_their_sessions() {
    let v = view(Filter::default());
    let admin = v
        .identities
        .iter()
        .find(|r| r.principal == ADMIN_ROLE)
        .expect("admin row");
    assert_eq!((admin.events, admin.errors, admin.services, admin.mfa), (4, 0, 2, true));
    assert_eq!(admin.identity_type, "AssumedRole");
    assert_eq!(admin.credentials, vec!["temporary key"]);
    assert_eq!(admin.distinct_sessions, 2);
    assert_eq!(admin.sessions.iter().map(|s| s.events).sum::<u64>(), 4);
    assert_eq!(
        v.identities[0].principal, ADMIN_ROLE,
        "ties on events are ordered by principal"
    );
    let alice = v.identities.iter().find(|r| r.principal == ALICE).expect("alice row");
    assert_eq!((alice.principal.as_str(), alice.events, alice.errors), (ALICE, 4, 1));
    assert_eq!(alice.credentials, vec!["long-term key"]);
    assert_eq!(
        alice.first,
        parse_rfc3339("2024-05-01T10:00:00Z"),
        "undated events do not set first/last"
    );
    let service = v
        .identities
        .iter()
        .find(|r| r.principal == "lambda.amazonaws.com")
        .expect("service row");
    assert_eq!(service.credentials, vec!["AWS service"]);
}

#[test]
fn services_list_folded_operations_with_errors_and_kind() {
    let v = view(Filter::default());
    let s3 = &v.services[0];
    assert_eq!((s3.source.as_str(), s3.events, s3.errors), ("s3.amazonaws.com", 5, 1));
    assert_eq!(
        (
            s3.operations[0].name.as_str(),
            s3.operations[0].events,
            s3.operations[0].read_only
        ),
        ("GetObject", 4, Some(true))
    );
    let put = &s3.operations[1];
    assert_eq!(
        (put.name.as_str(), put.errors, put.read_only),
        ("PutObject", 1, Some(false))
    );
    let lambda = v
        .services
        .iter()
        .find(|s| s.source == "lambda.amazonaws.com")
        .expect("lambda");
    assert_eq!(lambda.operations[0].name, "GetFunction");
}

#[test]
fn pages_are_windows_of_the_time_ordered_filtered_events() {
    let store = store();
    let first = page(&store, &Filter::default(), 0, 3);
    assert_eq!((first.total, first.rows.len()), (9, 3));
    assert_eq!(first.rows[0].time, None, "undated events come first");
    assert!(first.rows[1].time < first.rows[2].time);
    let errors = page(
        &store,
        &Filter {
            outcome: Some(Outcome::Error),
            ..Filter::default()
        },
        0,
        10,
    );
    assert_eq!(errors.rows.len(), 1);
    assert_eq!(
        (errors.rows[0].operation.as_str(), errors.rows[0].error.as_str()),
        ("PutObject", "AccessDenied")
    );
    let tail = page(&store, &Filter::default(), 8, 10);
    assert_eq!((tail.total, tail.rows.len(), tail.offset), (9, 1, 8));
}

#[test]
fn facets_ignore_their_own_dimension_but_not_the_others() {
    let v = view(Filter {
        sources: vec!["iam.amazonaws.com".into()],
        principals: vec![ALICE.into()],
        ..Filter::default()
    });
    assert_eq!(v.overview.events, 0, "alice made no IAM call");
    let sources: Vec<&str> = v.facets.sources.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(
        sources,
        ["s3.amazonaws.com", "lambda.amazonaws.com"],
        "alice's services stay pickable"
    );
    assert!(v.facets.regions.is_empty(), "other facets keep the source filter");
}

/// The ct-gen fixture (every file under `tests/fixtures/ctgen`), plus the hand-made trail's
/// undated event so that undated rows are exercised too.
fn ctgen_store() -> EventStore {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ctgen"),
        &mut files,
    );
    let mut ingest = Ingest::new(IngestOptions::default());
    for (i, path) in files.iter().enumerate() {
        ingest.add_bytes(i as u32, &path.display().to_string(), &std::fs::read(path).unwrap());
    }
    let undated = r#"{"Records":[{"eventID":"undated-1","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1"}]}"#;
    ingest.add_bytes(files.len() as u32, "undated.json", undated.as_bytes());
    EventStore::from_batches([ingest.finish()])
}

/// The rows passing `filter`, found the slow obvious way: every row tested on its own.
fn brute_rows(store: &EventStore, filter: &Filter) -> Vec<usize> {
    use crate::normalize::time::UNDATED;
    let compiled = filter.compile(store);
    let timed = filter.from.is_some() || filter.to.is_some();
    (0..store.len())
        .filter(|&i| {
            let t = store.columns.time[i];
            let in_time =
                !timed || (t != UNDATED && t >= filter.from.unwrap_or(i64::MIN) && t < filter.to.unwrap_or(i64::MAX));
            in_time && compiled.matches(store, i)
        })
        .collect()
}

/// One principal counted row by row: events, errors, first, last, events per IP and its sessions.
type Tally = (
    u64,
    u64,
    Option<i64>,
    Option<i64>,
    std::collections::BTreeMap<u32, u64>,
    std::collections::BTreeSet<u32>,
);

/// The optimised views (one shared filter pass, dense counters) agree with counts made the slow
/// obvious way, row by row, under many filters and both stackings.
#[test]
fn views_agree_with_counting_row_by_row() {
    use super::counts::Counts;
    use crate::normalize::time::UNDATED;
    use std::collections::{BTreeMap, BTreeSet};
    let store = ctgen_store();
    assert!(store.len() > 100);
    let all = View::compute(&store, &ViewRequest::default());
    let (first, last) = (all.overview.first.unwrap(), all.overview.last.unwrap());
    let third = (last - first) / 3;
    let principal = all.identities[1].principal.clone();
    let source = all.services[1].source.clone();
    let op = format!("{} {}", all.services[0].source, all.services[0].operations[0].name);
    let account = all.facets.accounts[0].0.clone();
    let region = all.facets.regions[0].0.clone();
    let error = all.facets.errors.first().map(|e| e.0.clone()).unwrap_or_default();
    let filters = vec![
        Filter::default(),
        Filter {
            principals: vec![principal],
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
            accounts: vec![account],
            regions: vec![region],
            ..Filter::default()
        },
        Filter {
            errors: vec![error],
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
    ];
    assert!(store.findings().rows("root-activity").is_some_and(|r| r.len() > 1));
    let c = &store.columns;
    let d = &store.dict;
    for filter in filters {
        let rows = brute_rows(&store, &filter);
        let dated: Vec<usize> = rows.iter().copied().filter(|&i| c.time[i] != UNDATED).collect();
        let errors = rows.iter().filter(|&&i| c.error[i] != 0).count() as u64;
        for stack in [Stack::BySource, Stack::ByOutcome] {
            for max_buckets in [120, 7] {
                let v = View::compute(
                    &store,
                    &ViewRequest {
                        filter: filter.clone(),
                        stack,
                        max_buckets,
                    },
                );
                let o = &v.overview;
                assert_eq!((o.events, o.errors), (rows.len() as u64, errors), "{filter:?}");
                assert_eq!(o.undated, (rows.len() - dated.len()) as u64);
                assert_eq!(
                    (o.first, o.last),
                    (
                        dated.iter().map(|&i| c.time[i]).min(),
                        dated.iter().map(|&i| c.time[i]).max()
                    )
                );
                assert_eq!(
                    o.accounts,
                    rows.iter()
                        .map(|&i| c.account[i])
                        .filter(|&a| a != 0)
                        .collect::<BTreeSet<_>>()
                        .len() as u64
                );
                let on_timeline: u64 = v.timeline.series.iter().flat_map(|s| &s.counts).sum();
                assert_eq!(
                    on_timeline + v.timeline.outside,
                    dated.len() as u64,
                    "every dated event is in one bucket or counted outside"
                );
                if stack == Stack::ByOutcome && !dated.is_empty() {
                    let failed: u64 = v.timeline.series[1].counts.iter().sum();
                    assert_eq!(failed, dated.iter().filter(|&&i| c.error[i] != 0).count() as u64);
                }
                let mut ops: BTreeMap<(String, String), (u64, u64)> = BTreeMap::new();
                for &i in &rows {
                    let key = (
                        d.sources.get(u32::from(c.source[i])).to_string(),
                        d.operations.get(c.operation[i]).to_string(),
                    );
                    let entry = ops.entry(key).or_default();
                    entry.0 += 1;
                    entry.1 += u64::from(c.error[i] != 0);
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
                let mut who: BTreeMap<String, Tally> = BTreeMap::new();
                for &i in &rows {
                    let e = who.entry(d.principals.get(c.principal[i]).to_string()).or_default();
                    e.0 += 1;
                    e.1 += u64::from(c.error[i] != 0);
                    if c.time[i] != UNDATED {
                        e.2 = Some(e.2.map_or(c.time[i], |f: i64| f.min(c.time[i])));
                        e.3 = Some(e.3.map_or(c.time[i], |l: i64| l.max(c.time[i])));
                    }
                    *e.4.entry(c.ip[i]).or_default() += 1;
                    if c.session[i] != 0 {
                        e.5.insert(c.session[i]);
                    }
                }
                assert_eq!(v.identities.len(), who.len());
                for row in &v.identities {
                    let e = &who[&row.principal];
                    assert_eq!(
                        (row.events, row.errors, row.first, row.last),
                        (e.0, e.1, e.2, e.3),
                        "{}",
                        row.principal
                    );
                    assert_eq!(
                        (row.distinct_ips, row.distinct_sessions),
                        (e.4.len() as u64, e.5.len() as u64)
                    );
                    let mut ips: Vec<(u32, u64)> = e.4.iter().map(|(&ip, &n)| (ip, n)).collect();
                    ips.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                    let top: Vec<(String, u64)> = ips
                        .iter()
                        .take(5)
                        .map(|&(ip, n)| (d.ips.get(ip).to_string(), n))
                        .collect();
                    assert_eq!(row.source_ips, top, "{}", row.principal);
                }
                let wider = Filter {
                    regions: Vec::new(),
                    ..filter.clone()
                };
                let mut regions: Vec<(String, u64)> = brute_rows(&store, &wider)
                    .iter()
                    .filter(|&&i| c.region[i] != 0)
                    .fold(BTreeMap::new(), |mut m: BTreeMap<String, u64>, &i| {
                        *m.entry(d.regions.get(u32::from(c.region[i])).to_string()).or_default() += 1;
                        m
                    })
                    .into_iter()
                    .collect();
                regions.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                assert_eq!(v.facets.regions, regions, "a facet ignores its own filter part");
            }
        }
        let compiled = filter.compile(&store);
        let selected = compiled.selected(&store);
        assert_eq!(selected.len(), rows.len());
        let dense = super::identities::of_rows_with(&store, &selected, 500, usize::MAX);
        let sparse = super::identities::of_rows_with(&store, &selected, 500, 0);
        assert_eq!(dense, sparse, "the map fallback counts like the dense tables");
        let counts = Counts::compute(&store, &compiled);
        let mut hours: BTreeMap<i64, u64> = BTreeMap::new();
        for &i in &dated {
            *hours.entry(c.time[i].div_euclid(3_600_000)).or_default() += 1;
        }
        assert_eq!(counts.by_hour, hours);
    }
}
