//! One test per rule on its own fixture (`tests/fixtures/findings/`, made by
//! `make_fixtures.py`): the events that must fire it do, the near misses beside them do not.

mod common;

use common::load;
use trailscope_core::findings::rules::RULES;
use trailscope_core::findings::{evaluate, Findings, Severity};
use trailscope_core::query::filter::Filter;
use trailscope_core::query::view::{View, ViewRequest};
use trailscope_core::{Dataset, Ingest, IngestOptions};

fn fixture(name: &str) -> Dataset {
    load(&[&format!("findings/{name}.json")])
}

/// `(operation, principal)` of each row of the finding of `rule` (empty when it did not fire).
fn fired(data: &Dataset, rule: &str) -> Vec<(String, String)> {
    let d = &data.store.dict;
    let c = &data.store.columns;
    data.findings()
        .rows(rule)
        .unwrap_or_default()
        .iter()
        .map(|&i| {
            let i = i as usize;
            (
                d.operations.get(c.operation.get(i)).to_string(),
                d.principals.get(c.principal.get(i)).to_string(),
            )
        })
        .collect()
}

fn operations(data: &Dataset, rule: &str) -> Vec<String> {
    fired(data, rule).into_iter().map(|(op, _)| op).collect()
}

fn detail(findings: &Findings, rule: &str) -> String {
    findings
        .list()
        .find(|f| f.rule == rule)
        .map(|f| f.detail.clone())
        .unwrap_or_default()
}

/// The principal a finding links to.
fn busiest(findings: &Findings, rule: &str) -> String {
    findings
        .list()
        .find(|f| f.rule == rule)
        .map(|f| f.principal.clone())
        .unwrap_or_default()
}

/// The findings fixtures, the lineage ones, and a long-term key's chain over six addresses: the
/// events of every rule.
fn every_rule_s_events() -> Dataset {
    let mut data = load(&["findings", "lineage"]);
    let chain = common::records::files(&[common::records::chain_over_six_addresses()]);
    data.merge(common::batch(&chain));
    data
}

fn user(name: &str) -> String {
    format!("arn:aws:iam::111122223333:user/{name}")
}

#[test]
fn rules_have_unique_kebab_case_ids_and_something_to_match() {
    let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), RULES.len(), "rule ids are unique");
    for rule in RULES.iter() {
        assert!(
            rule.id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{}",
            rule.id
        );
        assert!(
            !rule.operations.is_empty() || rule.signal.is_some() || rule.each.is_some() || rule.scan.is_some(),
            "{}",
            rule.id
        );
        let technique = rule.technique.strip_prefix('T').unwrap_or_default();
        assert!(
            technique.len() >= 4 && technique.bytes().all(|b| b.is_ascii_digit() || b == b'.'),
            "{}: {}",
            rule.id,
            rule.technique
        );
        assert!(!rule.title.is_empty() && rule.description.len() > 40, "{}", rule.id);
    }
}

/// A root call that changes something.
fn root_write(id: &str) -> Vec<u8> {
    format!(
        r#"{{"Records":[{{"eventID":"{id}","eventTime":"2024-05-09T00:00:00Z","eventSource":"iam.amazonaws.com",
        "eventName":"CreateUser","awsRegion":"us-east-1","readOnly":false,
        "userIdentity":{{"type":"Root","arn":"arn:aws:iam::111122223333:root","accountId":"111122223333"}}}}]}}"#
    )
    .into_bytes()
}

#[test]
fn root_activity_and_root_console_login() {
    let mut data = fixture("root");
    let root = "arn:aws:iam::111122223333:root".to_string();
    assert_eq!(
        data.findings().rows("root-activity"),
        None,
        "root's reads and sign-ins are not changes, and an IAM user named root is not root"
    );
    let mut more = Ingest::new(IngestOptions::default());
    more.add_bytes(9, "write.json", &root_write("root-write"));
    data.merge(more.finish());
    assert_eq!(
        fired(&data, "root-activity"),
        [("CreateUser".to_string(), root.clone())]
    );
    assert_eq!(fired(&data, "root-console-login"), [("ConsoleLogin".to_string(), root)]);
    assert_eq!(
        data.findings().rows("console-login-without-mfa"),
        None,
        "both logins used MFA"
    );
}

#[test]
fn console_login_without_mfa_and_failed() {
    let data = fixture("console");
    assert_eq!(
        fired(&data, "console-login-without-mfa"),
        [("ConsoleLogin".to_string(), user("bob"))],
        "not alice (MFA), the SSO role (MFA at the IdP) or the failed sign-ins"
    );
    let failed = fired(&data, "console-login-failed");
    assert_eq!(failed.len(), 2);
    assert_eq!(failed[0].1, user("carol"));
    let v = View::compute(&data, &ViewRequest::default());
    assert_eq!(v.overview.errors, 2, "a failed sign-in counts as a failed call");
    assert_eq!(v.facets.errors.values, [("ConsoleLoginFailure".to_string(), 2)]);
}

#[test]
fn access_denied_burst_needs_ten_denials_in_five_minutes_by_one_principal() {
    let data = fixture("burst");
    let rows = fired(&data, "access-denied-burst");
    assert_eq!(rows.len(), 10, "mallory's ten denials, not her success");
    assert!(
        rows.iter().all(|(_, who)| *who == user("mallory")),
        "not trent (9), victor (spread), peggy (NoSuchKey)"
    );
    assert_eq!(
        detail(data.findings(), "access-denied-burst"),
        "1 principal; up to 10 denials in 5 minutes"
    );
    assert_eq!(busiest(data.findings(), "access-denied-burst"), user("mallory"));
}

#[test]
fn cloudtrail_stopped_and_changed() {
    let data = fixture("cloudtrail");
    assert_eq!(operations(&data, "cloudtrail-stopped"), ["StopLogging"]);
    assert_eq!(
        operations(&data, "cloudtrail-stopped-failed"),
        ["DeleteTrail"],
        "a denied attempt is an attempt, not a deleted trail"
    );
    assert_eq!(
        operations(&data, "cloudtrail-changed"),
        ["UpdateTrail", "PutEventSelectors"]
    );
}

#[test]
fn iam_persistence_and_admin_grants() {
    let data = fixture("iam");
    assert_eq!(
        operations(&data, "iam-persistence"),
        [
            "CreateUser",
            "CreateAccessKey",
            "CreateLoginProfile",
            "UpdateAssumeRolePolicy"
        ],
        "not Transfer Family's CreateUser"
    );
    assert_eq!(
        operations(&data, "iam-admin-granted"),
        [
            "AttachUserPolicy",
            "AttachGroupPolicy",
            "PutUserPolicy",
            "PutRolePolicy"
        ],
        "not ReadOnlyAccess nor an s3:* policy"
    );
}

#[test]
fn a_stray_old_event_does_not_stretch_the_region_baseline() {
    let stray = br#"{"eventVersion":"1.08","eventTime":"2016-11-02T03:49:39Z","eventSource":"s3.amazonaws.com",
      "eventName":"ListBuckets","awsRegion":"us-east-1","recipientAccountId":"111122223333","eventID":"stray-1",
      "userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/docs","accountId":"111122223333"}}"#;
    let mut ingest = Ingest::new(IngestOptions::default());
    ingest.add_bytes(0, "stray.json", stray);
    let mut data = fixture("region");
    let alone = data.findings().rows("region-first-seen").unwrap().len();
    data.merge(ingest.finish());
    assert_eq!(data.findings().rows("region-first-seen").map(<[u32]>::len), Some(alone));
    assert_eq!(
        detail(data.findings(), "region-first-seen"),
        "ap-southeast-1 in 111122223333, compared with each account's own first day in the loaded range"
    );
}

#[test]
fn region_first_seen_after_the_baseline() {
    let data = fixture("region");
    let c = &data.store.columns;
    let d = &data.store.dict;
    let rows = data.findings().rows("region-first-seen").unwrap();
    let seen: Vec<(&str, &str)> = rows
        .iter()
        .map(|&i| {
            (
                d.accounts.get(c.account.get(i as usize)),
                d.regions.get(u32::from(c.region.get(i as usize))),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("111122223333", "ap-southeast-1"),
            ("111122223333", "ap-southeast-1"),
            ("111122223333", "ap-southeast-1"),
        ],
        "ap-south-1 started inside the 24 h baseline, and the second account's first region is \
         judged against that account's own first day"
    );
    assert_eq!(
        detail(data.findings(), "region-first-seen"),
        "ap-southeast-1 in 111122223333, compared with each account's own first day in the loaded range"
    );
}

#[test]
fn long_term_key_from_more_than_five_addresses() {
    let data = fixture("keys");
    let rows = fired(&data, "long-term-key-many-ips");
    assert_eq!(rows.len(), 7, "every use of deploy's key");
    assert!(
        rows.iter().all(|(_, who)| *who == user("deploy")),
        "not ci (5 IPs), a role's ASIA key, legacy (host names)"
    );
    assert_eq!(
        detail(data.findings(), "long-term-key-many-ips"),
        "AKIADEPLOYKEY0000001 from 6 IPs"
    );
    assert_eq!(busiest(data.findings(), "long-term-key-many-ips"), user("deploy"));
    let text = Filter {
        text: "akiadeploykey".into(),
        ..Filter::default()
    };
    assert_eq!(
        text.compile(&data).selected(&data.store).rows().len(),
        7,
        "free text finds access keys"
    );
}

#[test]
fn kms_key_deletion_and_disabling() {
    let data = fixture("kms");
    assert_eq!(
        operations(&data, "kms-key-deletion"),
        ["ScheduleKeyDeletion", "DisableKey"]
    );
}

#[test]
fn s3_access_changes() {
    let data = fixture("s3");
    assert_eq!(
        operations(&data, "s3-access-changed"),
        [
            "DeleteBucketPolicy",
            "PutBucketAcl",
            "PutBucketPublicAccessBlock",
            "DeleteBucketPublicAccessBlock"
        ],
        "a policy put is judged by s3-bucket-made-public"
    );
}

#[test]
fn monitoring_disabled() {
    let data = fixture("monitoring");
    assert_eq!(
        operations(&data, "monitoring-disabled"),
        [
            "DeleteDetector",
            "UpdateDetector",
            "StopConfigurationRecorder",
            "DeleteDeliveryChannel",
            "DisableSecurityHub"
        ],
        "not the UpdateDetector that keeps it on"
    );
}

#[test]
fn findings_are_sorted_by_severity_then_size_and_cleared_by_a_merge() {
    let mut data = every_rule_s_events();
    let list: Vec<_> = data.findings().list().cloned().collect();
    let fired: Vec<&str> = list.iter().map(|f| f.rule.as_str()).collect();
    for rule in [
        "cloudtrail-stopped",
        "cloudtrail-stopped-failed",
        "iam-admin-granted",
        "region-first-seen",
    ] {
        assert!(fired.contains(&rule), "{rule} fires on the fixtures together");
    }
    assert!(list
        .windows(2)
        .all(|w| (w[0].severity, w[0].events) >= (w[1].severity, w[1].events)));
    assert_eq!(list[0].severity, Severity::Critical);
    let before = data.findings().rows("root-activity").map_or(0, <[u32]>::len);
    let mut more = Ingest::new(IngestOptions::default());
    more.add_bytes(99, "late.json", &root_write("late-root"));
    data.merge(more.finish());
    assert_eq!(data.findings().rows("root-activity").unwrap().len(), before + 1);
}

#[test]
fn a_finding_filter_narrows_every_view_to_its_events() {
    let data = every_rule_s_events();
    let v = View::compute(
        &data,
        &ViewRequest {
            filter: Filter {
                finding: Some("iam-admin-granted".into()),
                ..Filter::default()
            },
            ..ViewRequest::default()
        },
    );
    assert_eq!(v.overview.events, 4);
    assert_eq!(v.services.len(), 1);
    assert_eq!(
        v.findings.len(),
        data.findings().len(),
        "the list itself is not narrowed"
    );
    let none = Filter {
        finding: Some("no-such-rule".into()),
        ..Filter::default()
    };
    assert_eq!(none.compile(&data).selected(&data.store).rows().len(), 0);
}

/// The ct-gen fixture is one short recording (no history to compare with): it holds three root
/// calls (one a console sign-in, one a read), two PutBucketPolicy that keep the bucket private, a
/// principal invoking Bedrock and one asking for a federation token (new, as the range holds no
/// history), and a denied SendCommand; its denials are scattered, its keys used from three IPs at
/// most, so nothing else may fire.
#[test]
fn generated_trails_fire_what_they_contain() {
    let data = load(&["ctgen"]);
    let summary: Vec<(String, u64)> = evaluate(&data.store, data.lineage(), data.signals())
        .list()
        .map(|f| (f.rule.clone(), f.events))
        .collect();
    let expected = [
        ("root-activity", 2),
        ("root-console-login", 1),
        ("bedrock-new-invoker", 1),
        ("federation-token", 1),
        ("ssm-command-or-session-failed", 1),
    ];
    assert_eq!(summary, expected.map(|(r, n)| (r.to_string(), n)));
}
