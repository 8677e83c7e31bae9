//! The fields issue 15 adds to a finding (`technique`, `principals`, `targets`) on trails
//! written for them (`common::attacks`, `common::requests`), in CloudTrail's record shapes.

mod common;

use common::attacks::{by_admin, denials, failed, person, request, OUTSIDE};
use common::records::{Trail, A};
use common::requests::{for_user, ingress, modify_image, permissions, run_instances, tcp, trust, update_trust};
use serde_json::{json, Value};

/// The targets of the finding of `rule` on `trail` (empty when it did not fire).
fn targets<'a>(trail: &'a Trail, rule: &str) -> &'a [String] {
    trail.finding(rule).map_or(&[], |finding| finding.targets.as_slice())
}

/// Whether one of `targets` names all of `parts`.
fn names(targets: &[String], parts: &[&str]) -> bool {
    targets
        .iter()
        .any(|target| parts.iter().all(|part| target.contains(part)))
}

fn stop_logging(minute: u32) -> Value {
    let trail = "arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events";
    by_admin(
        minute,
        "cloudtrail.amazonaws.com",
        "StopLogging",
        json!({"name": trail}),
    )
}

#[test]
fn findings_name_their_attack_technique() {
    let outside = json!({"AWS": format!("arn:aws:iam::{OUTSIDE}:root")});
    let trail = Trail::of(&[vec![
        stop_logging(0),
        failed(stop_logging(1), "TrailNotFoundException", "Unknown trail"),
        ingress(2, vec![tcp(22, 22, &["0.0.0.0/0"])]),
        update_trust(3, json!([trust(outside)])),
        modify_image(4, permissions("add", json!([{"group": "all"}]))),
        request(
            &person("dev"),
            5,
            "sts.amazonaws.com",
            "GetFederationToken",
            json!({"name": "contractor"}),
        ),
    ]]);
    let technique = |rule: &str| trail.finding(rule).map(|f| f.technique.clone());
    let expected = [
        ("cloudtrail-stopped", "T1562.008"),
        ("cloudtrail-stopped-failed", "T1562.008"),
        ("security-group-open-to-world", "T1562.007"),
        ("role-trusts-outside", "T1098.003"),
        ("image-or-snapshot-shared", "T1537"),
        ("federation-token", "T1550.001"),
    ];
    for (rule, id) in expected {
        assert_eq!(technique(rule).as_deref(), Some(id), "{rule}");
    }
}

#[test]
fn shares_name_the_account_or_the_public() {
    let trail = Trail::of(&[vec![
        modify_image(0, permissions("add", json!([{"userId": OUTSIDE}]))),
        modify_image(1, permissions("add", json!([{"group": "all"}]))),
    ]]);
    let shared = targets(&trail, "image-or-snapshot-shared");
    assert!(names(shared, &[OUTSIDE]), "{shared:?}");
    assert!(names(shared, &["public"]), "{shared:?}");
}

#[test]
fn an_open_security_group_names_the_range_and_port() {
    let trail = Trail::of(&[vec![ingress(0, vec![tcp(22, 22, &["0.0.0.0/0"])])]]);
    let open = targets(&trail, "security-group-open-to-world");
    assert!(names(open, &["0.0.0.0/0", "22"]), "{open:?}");
}

#[test]
fn unusual_instances_name_the_type_and_count() {
    let trail = Trail::of(&[vec![
        run_instances(0, "p4d.24xlarge", 1, Some(1)),
        run_instances(1, "t3.micro", 1, Some(12)),
    ]]);
    let launched = targets(&trail, "unusual-instances");
    assert!(names(launched, &["p4d.24xlarge"]), "{launched:?}");
    assert!(names(launched, &["t3.micro", "12"]), "{launched:?}");
}

#[test]
fn outside_trusts_and_keys_for_others_name_whom() {
    let trail = Trail::of(&[vec![
        update_trust(
            0,
            json!([trust(json!({"AWS": format!("arn:aws:iam::{OUTSIDE}:root")}))]),
        ),
        update_trust(1, json!([trust(json!("*"))])),
        for_user(&person("admin"), 2, "CreateAccessKey", Some("bob")),
    ]]);
    let trusted = targets(&trail, "role-trusts-outside");
    assert!(names(trusted, &[OUTSIDE]), "{trusted:?}");
    assert!(names(trusted, &["*"]), "{trusted:?}");
    let users = targets(&trail, "key-or-password-for-another-user");
    assert!(names(users, &["bob"]), "{users:?}");
}

#[test]
fn a_denial_burst_names_its_principals() {
    let burst = [0, 0, 1, 1, 2, 2, 3, 3, 4, 4];
    let mut records = denials("mallory", &burst);
    records.extend(denials("trent", &burst.map(|minute| minute + 30)));
    records.extend(denials("victor", &[0, 2, 4, 6, 8, 10, 12, 14, 16, 18]));
    let trail = Trail::of(&[records]);
    let mut principals = trail
        .finding("access-denied-burst")
        .map(|f| f.principals.clone())
        .unwrap_or_default();
    principals.sort();
    let user = |name: &str| format!("arn:aws:iam::{A}:user/{name}");
    assert_eq!(
        principals,
        [user("mallory"), user("trent")],
        "not victor's spread denials"
    );
}
