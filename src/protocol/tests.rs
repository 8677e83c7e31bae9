//! Every message survives the wire unchanged, in the browser and natively.

use super::*;
use crate::test_support::{self, page};
use trailscope_core::formats::redactions::{Redaction, RedactionKind};
use trailscope_core::integrity::{Chain, Counts, FileCheck, FileState, Gap};
use trailscope_core::query::entity::page::EntityPage;
use trailscope_core::query::entity::Entity;
use trailscope_core::query::events::{TableColumn, TableSort};
use trailscope_core::query::filter::Outcome;
use trailscope_core::query::timeline::Stack;
use wasm_bindgen_test::wasm_bindgen_test;

fn round_trip<T: Serialize + for<'a> Deserialize<'a> + PartialEq + std::fmt::Debug>(message: T) {
    let bytes = encode(&message).expect("encodes");
    let back: T = decode(&bytes).expect("decodes");
    assert_eq!(back, message);
}

fn busy_filter() -> Filter {
    Filter {
        from: Some(1_714_557_600_000),
        to: Some(1_714_561_200_000),
        accounts: vec!["111122223333".into()],
        regions: vec!["us-east-1".into(), "eu-west-1".into()],
        sources: vec!["s3.amazonaws.com".into()],
        operations: vec!["s3.amazonaws.com GetObject".into()],
        principals: vec!["arn:aws:iam::111122223333:user/alice".into()],
        errors: vec!["AccessDenied".into()],
        resources: vec!["arn:aws:s3:::amzn-s3-demo-bucket".into()],
        outcome: Some(Outcome::Error),
        read_only: Some(false),
        text: "älice ✓".into(),
        finding: Some("access-denied-burst".into()),
    }
}

fn progress() -> Progress {
    Progress {
        files_done: 3,
        files_total: 10,
        bytes_read: 1 << 20,
        bytes_total: 5 << 20,
        events: 12_345,
        mb_per_s: 42.5,
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn requests_round_trip() {
    round_trip(Request::Load {
        base_origin: 7,
        paths: vec!["AWSLogs/a.json.gz".into(), "日本/b.zip".into(), String::new()],
        more: true,
        choose: Choose::AboveEvents(1_000_000),
    });
    round_trip(Request::Choose(Some(Choice {
        accounts: vec!["111122223333".into()],
        regions: vec![],
        from_day_ms: Some(1_735_689_600_000),
        to_day_ms: None,
    })));
    round_trip(Request::Choose(None));
    round_trip(Request::Cancel);
    round_trip(Request::Export {
        filter: Filter {
            finding: Some("root-activity".into()),
            ..Filter::default()
        },
        format: ExportFormat::Ndjson,
    });
    round_trip(Request::Clear);
    round_trip(Request::Query(ViewRequest::default()));
    round_trip(Request::Query(ViewRequest {
        filter: busy_filter(),
        stack: Stack::ByOutcome,
        max_buckets: 60,
        identities: false,
        resources: true,
    }));
    round_trip(Request::Page {
        filter: busy_filter(),
        sort: TableSort {
            column: TableColumn::Target,
            descending: true,
        },
        offset: u64::MAX,
        limit: 200,
    });
    round_trip(Request::Event {
        generation: 3,
        row: u32::MAX,
    });
    for entity in [
        Entity::Principal("arn:aws:iam::111122223333:user/alice".into()),
        Entity::Session("arn:aws:sts::111122223333:assumed-role/Admin/älice".into()),
        Entity::AccessKey("AKIAIOSFODNN7EXAMPLE".into()),
        Entity::Ip("2001:db8::1".into()),
        Entity::Resource("AWS::SecretsManager::Secret a b".into()),
    ] {
        round_trip(Request::Entity {
            entity,
            max_buckets: 60,
        });
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn responses_round_trip() {
    let store = test_support::data();
    let request = ViewRequest::default();
    let view = Rc::new(View::compute(&store, &request));
    assert_eq!(view.overview.loaded_events, 3, "the fixture loads");
    round_trip(Response::Ready);
    round_trip(Response::Progress(progress()));
    round_trip(Response::Loaded(Loaded {
        generation: 2,
        progress: progress(),
        events: 3,
        duplicates: 1,
        failures: vec![Failure {
            path: "bad.json".into(),
            error: "invalid JSON at line 1, column 2: EOF".into(),
        }],
        elapsed_ms: 1500,
        cancelled: true,
        memory_full: false,
        integrity: Some(IntegrityReport {
            counts: Counts {
                digests: 2,
                altered: 1,
                chains_broken: 1,
                ..Counts::default()
            },
            files: vec![FileCheck {
                key: "AWSLogs/1/CloudTrail/us-east-1/2025/01/06/a.json.gz".into(),
                path: Some("trail/AWSLogs/1/CloudTrail/us-east-1/2025/01/06/a.json.gz".into()),
                state: FileState::Altered {
                    expected: "68ee".into(),
                    actual: None,
                    digest: "AWSLogs/1/CloudTrail-Digest/us-east-1/2025/01/06/d.json.gz".into(),
                },
            }],
            chains: vec![Chain {
                account: "1".into(),
                region: "us-east-1".into(),
                trail: "management-events".into(),
                digests: 2,
                start: Some("2025-01-06T00:00:00Z".into()),
                end: None,
                from_trail_start: true,
                gaps: vec![Gap::Restarted { digest: "d2".into() }],
            }],
        }),
    }));
    round_trip(Response::ExportPart {
        bytes: b"{\"eventID\":\"e1\"}\n".to_vec(),
    });
    round_trip(Response::Exported(Exported {
        format: ExportFormat::Csv(vec![CsvColumn::Time, CsvColumn::Error]),
        events: 1,
        problems: vec!["a.json.gz: the file is no longer held".into()],
    }));
    round_trip(Response::Cleared { generation: 4 });
    round_trip(Response::View {
        generation: 1,
        request: request.clone(),
        view,
    });
    round_trip(Response::Page {
        generation: 1,
        filter: Filter::default(),
        sort: TableSort::default(),
        page: page(&store, &Filter::default(), 1, 2),
    });
    round_trip(Response::EventJson {
        generation: 1,
        row: 0,
        result: Ok(EventDetail {
            json: "{\n  \"a\": \"****\"\n}".into(),
            redactions: vec![Redaction {
                path: "a".into(),
                kind: RedactionKind::Masked,
            }],
            credentials: "key ASIAEXAMPLE ← role/Admin ← user/alice".into(),
        }),
    });
    round_trip(Response::EventJson {
        generation: 1,
        row: 9,
        result: Err("the file can no longer be read".into()),
    });
    let alice = Entity::Principal("arn:aws:iam::111122223333:user/alice".into());
    let entity_page = EntityPage::compute(&store, &alice, 60);
    assert_eq!((entity_page.events, entity_page.errors), (2, 0), "the fixture's alice");
    round_trip(Response::Entity {
        generation: 1,
        page: Rc::new(entity_page),
    });
    round_trip(Response::Failed { message: "no".into() });
    round_trip(Response::Panic {
        message: "panicked at src/worker/mod.rs:1:1".into(),
    });
}

#[wasm_bindgen_test(unsupported = test)]
fn garbage_is_an_error_not_a_panic() {
    assert!(decode::<Request>(&[0xff, 0xff, 0xff]).is_err());
    assert!(decode::<Response>(&[]).is_err());
}

#[wasm_bindgen_test(unsupported = test)]
fn only_a_drop_with_trail_keys_may_be_chosen_from() {
    let keyed = [
        "export.json",
        "copy/AWSLogs/111122223333/CloudTrail/eu-west-1/2025/01/06/a.json.gz",
    ];
    assert_eq!(Choose::for_drop(keyed.into_iter(), true), Choose::Always);
    assert_eq!(
        Choose::for_drop(keyed.into_iter(), false),
        Choose::AboveEvents(CHOOSE_ABOVE_EVENTS)
    );
    assert_eq!(
        Choose::for_drop(["export.json", "trail.zip"].into_iter(), true),
        Choose::Never
    );
}
