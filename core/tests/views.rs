//! The views (overview, filters, timeline, identities, services, pages, facets) on a small
//! hand-made trail whose answers can be counted by eye.

mod common;

use common::page;
use trailscope_core::query::filter::{Filter, Outcome};
use trailscope_core::query::timeline::{SeriesKey, Stack, Timeline};
use trailscope_core::query::view::{View, ViewRequest};
use trailscope_core::time::parse_rfc3339;
use trailscope_core::{Dataset, Ingest, IngestOptions};

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
fn data() -> Dataset {
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
    Dataset::from_batches([ingest.finish()])
}

fn view(filter: Filter) -> View {
    View::compute(
        &data(),
        &ViewRequest {
            filter,
            ..ViewRequest::default()
        },
    )
}

/// The timeline of every event of `data` (or of those in `range`), as a view draws it.
fn timeline(data: &Dataset, range: Option<(i64, i64)>, stack: Stack, max_buckets: u32) -> Timeline {
    let filter = Filter {
        from: range.map(|r| r.0),
        to: range.map(|r| r.1),
        ..Filter::default()
    };
    let request = ViewRequest {
        filter,
        stack,
        max_buckets,
        identities: false,
        resources: false,
    };
    View::compute(data, &request).timeline
}

#[test]
fn overview_counts_everything_once() {
    let v = view(Filter::default());
    assert_eq!((v.overview.events, v.overview.errors, v.overview.undated), (9, 1, 1));
    assert_eq!((v.overview.accounts, v.overview.regions), (1, 1));
    assert_eq!(v.overview.first, parse_rfc3339("2024-05-01T10:00:00Z"));
    assert_eq!(v.overview.last, parse_rfc3339("2024-05-01T11:59:59Z"));
    assert_eq!(v.facets.sources.values[0], ("s3.amazonaws.com".to_string(), 5));
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
    let data = data();
    let by_source = timeline(&data, None, Stack::BySource, 120);
    assert_eq!(by_source.bucket_ms, 60_000, "two hours fit in 120 one-minute buckets");
    assert_eq!(by_source.buckets(), 120);
    assert_eq!(by_source.series[0].key, SeriesKey::Source("s3.amazonaws.com".into()));
    let total: u64 = by_source.series.iter().flat_map(|s| &s.counts).sum();
    assert_eq!(total, 8, "the undated event is not on the timeline");
    let by_outcome = timeline(&data, None, Stack::ByOutcome, 4);
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
    let data = Dataset::from_batches([ingest.finish()]);
    let old = parse_rfc3339("2016-11-02T03:49:39Z").unwrap();
    let first = parse_rfc3339("2025-01-06T00:00:00Z").unwrap();
    let last = parse_rfc3339("2025-01-06T04:59:00Z").unwrap();

    let focused = timeline(&data, None, Stack::BySource, 120);
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

    let asked = timeline(&data, Some((old, last + 1)), Stack::BySource, 120);
    assert_eq!(
        (asked.outside, asked.whole),
        (0, None),
        "a range asked for is drawn as it is"
    );
    let drawn: u64 = asked.series.iter().flat_map(|s| &s.counts).sum();
    assert_eq!(drawn, 301);
}

#[test]
fn identities_and_resources_are_counted_only_when_asked_for() {
    let asked = view(Filter::default());
    let lean = View::compute(
        &data(),
        &ViewRequest {
            identities: false,
            resources: false,
            ..ViewRequest::default()
        },
    );
    assert!(asked.identities.is_some_and(|rows| !rows.is_empty()));
    assert!(
        asked.resources.is_some(),
        "computed, though this trail touches no resource"
    );
    assert_eq!((lean.identities, lean.resources), (None, None));
    assert_eq!(
        (lean.overview, lean.services),
        (asked.overview, asked.services),
        "the rest is the same"
    );
}

#[test]
fn identities_group_roles_with_their_sessions() {
    let v = view(Filter::default());
    let identities = v.identities.as_deref().expect("asked for by default");
    let admin = identities
        .iter()
        .find(|r| r.principal == ADMIN_ROLE)
        .expect("admin row");
    assert_eq!(
        (admin.events, admin.errors, admin.services, admin.mfa_events),
        (4, 0, 2, 4)
    );
    assert_eq!(admin.identity_type, "AssumedRole");
    assert_eq!(admin.credentials, vec!["temporary key"]);
    assert_eq!(admin.distinct_sessions, 2);
    assert_eq!(admin.sessions.iter().map(|s| s.events).sum::<u64>(), 4);
    assert_eq!(
        identities[0].principal, ADMIN_ROLE,
        "ties on events are ordered by principal"
    );
    let alice = identities.iter().find(|r| r.principal == ALICE).expect("alice row");
    assert_eq!((alice.principal.as_str(), alice.events, alice.errors), (ALICE, 4, 1));
    assert_eq!(alice.credentials, vec!["long-term key"]);
    assert_eq!(
        alice.first,
        parse_rfc3339("2024-05-01T10:00:00Z"),
        "undated events do not set first/last"
    );
    let service = identities
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
    let data = data();
    let first = page(&data, &Filter::default(), 0, 3);
    assert_eq!((first.total, first.rows.len()), (9, 3));
    assert_eq!(first.rows[0].time, None, "undated events come first");
    assert!(first.rows[1].time < first.rows[2].time);
    let errors = page(
        &data,
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
    let tail = page(&data, &Filter::default(), 8, 10);
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
    let sources: Vec<&str> = v.facets.sources.values.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(
        sources,
        ["s3.amazonaws.com", "lambda.amazonaws.com"],
        "alice's services stay pickable"
    );
    assert!(
        v.facets.regions.values.is_empty(),
        "other facets keep the source filter"
    );
}
