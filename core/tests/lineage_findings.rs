//! The findings built on credential lineage, each on trails written for it (`common::records`,
//! in the shapes of the AWS docs' STS, IAM and service records): the events that must fire a
//! rule do, named by the `eventID`s the test gave them, and the near misses beside them do not.

mod common;

use common::records::{
    assume_role, aws_service, call, chain_over_six_addresses, copy_logged_by, create_access_key, invoked_by,
    role_session, session_token, user, Trail, A, B,
};
use serde_json::{json, Value};

const SESSION: &str = "session-from-another-ip";
const CROSS: &str = "cross-account-role";
const CREATED: &str = "created-key-used-elsewhere";
const CHAIN: &str = "long-term-key-chain-many-ips";

const HOME: &str = "198.51.100.10";
const AWAY: &str = "203.0.113.66";
const FAR: &str = "203.0.113.67";

fn role(account: &str, name: &str) -> String {
    format!("arn:aws:iam::{account}:role/{name}")
}

fn one_log(records: Vec<Value>) -> Trail {
    Trail::of(&[records])
}

/// The identity of an IAM user's MFA session from `GetSessionToken`, signing with `key`.
fn mfa_session(name: &str, key: &str) -> Value {
    let mut identity = user(A, name, key);
    identity["sessionContext"] =
        json!({"attributes": {"creationDate": "2026-11-10T09:00:00Z", "mfaAuthenticated": "true"}});
    identity
}

#[test]
fn a_session_used_where_it_was_obtained_is_silent() {
    let alice = user(A, "alice", "AKIAALICEEXAMPLE0001");
    let admin = role_session(A, "Admin", "alice", "ASIAADMINEXAMPLE0001");
    let mfa = mfa_session("alice", "ASIAMFAEXAMPLE000001");
    let trail = one_log(vec![
        assume_role(&alice, 0, HOME, &role(A, "Admin"), "alice", "ASIAADMINEXAMPLE0001"),
        call(&admin, 1, "s3.amazonaws.com", "ListBuckets", HOME),
        call(&admin, 2, "ec2.amazonaws.com", "DescribeInstances", HOME),
        session_token(&alice, 3, HOME, "ASIAMFAEXAMPLE000001"),
        call(&mfa, 4, "iam.amazonaws.com", "ListUsers", HOME),
        invoked_by(
            call(&admin, 5, "s3.amazonaws.com", "GetObject", ""),
            "athena.amazonaws.com",
        ),
        call(&alice, 6, "s3.amazonaws.com", "ListBuckets", AWAY),
    ]);
    assert_eq!(
        trail.fired(SESSION),
        Vec::<String>::new(),
        "Athena's call and alice's own key from elsewhere are not the session's"
    );
}

#[test]
fn a_session_used_from_another_ip_fires_with_the_call_that_obtained_it() {
    let alice = user(A, "alice", "AKIAALICEEXAMPLE0001");
    let admin = role_session(A, "Admin", "alice", "ASIAADMINEXAMPLE0001");
    let mfa = mfa_session("alice", "ASIAMFAEXAMPLE000001");
    let trail = one_log(vec![
        assume_role(&alice, 0, HOME, &role(A, "Admin"), "alice", "ASIAADMINEXAMPLE0001"),
        call(&admin, 1, "s3.amazonaws.com", "ListBuckets", HOME),
        call(&admin, 2, "s3.amazonaws.com", "DeleteBucket", AWAY),
        call(&admin, 3, "iam.amazonaws.com", "CreateUser", FAR),
        call(&admin, 4, "iam.amazonaws.com", "ListUsers", AWAY),
        invoked_by(
            call(&admin, 5, "s3.amazonaws.com", "GetObject", ""),
            "athena.amazonaws.com",
        ),
        session_token(&alice, 6, HOME, "ASIAMFAEXAMPLE000001"),
        call(&mfa, 7, "iam.amazonaws.com", "ListAccessKeys", AWAY),
    ]);
    assert_eq!(trail.fired(SESSION), ["0-00", "0-02", "0-03", "0-04", "0-06", "0-07"]);
    assert_eq!(
        trail.detail(SESSION).unwrap(),
        format!(
            "2 sessions; most: ASIAADMINEXAMPLE0001 of arn:aws:sts::{A}:assumed-role/Admin/alice \
             obtained from {HOME}, used from {AWAY}, {FAR}"
        )
    );
}

#[test]
fn sessions_aws_services_obtained_are_left_out() {
    let instance = {
        let mut s = role_session(A, "web-instance", "i-0abc1234def567890", "ASIAEC2EXAMPLE000001");
        s["sessionContext"]["ec2RoleDelivery"] = json!("2.0");
        s
    };
    let function = role_session(A, "orders-fn", "orders-fn", "ASIALAMBDAEXAMPLE001");
    let mut records = vec![
        assume_role(
            &aws_service("ec2.amazonaws.com"),
            0,
            "ec2.amazonaws.com",
            &role(A, "web-instance"),
            "i-0abc1234def567890",
            "ASIAEC2EXAMPLE000001",
        ),
        assume_role(
            &aws_service("lambda.amazonaws.com"),
            0,
            "lambda.amazonaws.com",
            &role(A, "orders-fn"),
            "orders-fn",
            "ASIALAMBDAEXAMPLE001",
        ),
    ];
    for n in 0..8 {
        let ip = format!("10.0.{n}.17");
        records.push(call(&instance, 1 + n, "s3.amazonaws.com", "GetObject", &ip));
        let ip = format!("3.80.{n}.9");
        records.push(call(&function, 1 + n, "dynamodb.amazonaws.com", "PutItem", &ip));
    }
    let trail = one_log(records);
    assert_eq!(trail.fired(SESSION), Vec::<String>::new());
}

#[test]
fn a_cross_account_role_is_one_hop_in_one_account_s_log_or_both() {
    let bob = user(A, "bob", "AKIABOBEXAMPLE000001");
    let org = role_session(B, "OrgAdmin", "bob-org", "ASIAORGEXAMPLE000001");
    let mut hop = assume_role(&bob, 0, HOME, &role(B, "OrgAdmin"), "bob-org", "ASIAORGEXAMPLE000001");
    let copy = copy_logged_by(&mut hop, B);
    let used = call(&org, 1, "ec2.amazonaws.com", "RunInstances", HOME);
    let named = format!("1 hop: arn:aws:iam::{A}:user/bob → {}", role(B, "OrgAdmin"));

    let caller_s = one_log(vec![hop.clone()]);
    assert_eq!(caller_s.fired(CROSS), ["0-00"]);
    assert_eq!(caller_s.detail(CROSS).unwrap(), named);

    let both = Trail::of(&[vec![hop], vec![copy.clone(), used.clone()]]);
    assert_eq!(both.fired(CROSS), ["0-00", "1-00"], "both records, not the role's use");
    assert_eq!(
        both.detail(CROSS).unwrap(),
        named,
        "named after the caller's own record"
    );

    let role_s = one_log(vec![copy, used]);
    assert_eq!(role_s.fired(CROSS), ["0-00"]);
    assert_eq!(
        role_s.detail(CROSS).unwrap(),
        format!("1 hop: AWSAccount:AIDABOB → {}", role(B, "OrgAdmin")),
        "the role's account knows the caller by its account only"
    );
}

#[test]
fn hops_are_counted_per_call_and_the_busiest_pair_named() {
    let bob = user(A, "bob", "AKIABOBEXAMPLE000001");
    let carol = user(A, "carol", "AKIACAROLEXAMPLE0001");
    let trail = one_log(vec![
        assume_role(&bob, 0, HOME, &role(B, "OrgAdmin"), "bob-1", "ASIAORGEXAMPLE000001"),
        assume_role(&bob, 1, HOME, &role(B, "OrgAdmin"), "bob-2", "ASIAORGEXAMPLE000002"),
        assume_role(&carol, 2, AWAY, &role(B, "Audit"), "carol", "ASIAAUDITEXAMPLE0001"),
    ]);
    assert_eq!(trail.fired(CROSS), ["0-00", "0-01", "0-02"]);
    assert_eq!(
        trail.detail(CROSS).unwrap(),
        format!(
            "3 hops by 2 caller-role pairs; most: arn:aws:iam::{A}:user/bob → {}",
            role(B, "OrgAdmin")
        )
    );
}

#[test]
fn roles_of_the_caller_s_own_account_and_services_are_not_hops() {
    let alice = user(A, "alice", "AKIAALICEEXAMPLE0001");
    let trail = one_log(vec![
        assume_role(&alice, 0, HOME, &role(A, "Admin"), "alice", "ASIAADMINEXAMPLE0001"),
        assume_role(
            &aws_service("lambda.amazonaws.com"),
            1,
            "lambda.amazonaws.com",
            &role(A, "orders-fn"),
            "orders-fn",
            "ASIALAMBDAEXAMPLE001",
        ),
    ]);
    assert_eq!(trail.fired(CROSS), Vec::<String>::new());
}

#[test]
fn a_created_key_used_where_its_creator_has_been_is_silent() {
    let admin = user(A, "admin", "AKIAADMINUSEREXAMPLE");
    let backup = user(A, "svc-backup", "AKIABACKUPEXAMPLE001");
    let trail = one_log(vec![
        create_access_key(&admin, 0, HOME, "svc-backup", "AKIABACKUPEXAMPLE001"),
        call(&backup, 10, "s3.amazonaws.com", "ListBuckets", HOME),
        call(&admin, 20, "iam.amazonaws.com", "ListUsers", AWAY),
        call(&backup, 30, "s3.amazonaws.com", "GetObject", AWAY),
        invoked_by(
            call(&backup, 40, "s3.amazonaws.com", "PutObject", ""),
            "cloudformation.amazonaws.com",
        ),
    ]);
    assert_eq!(
        trail.fired(CREATED),
        Vec::<String>::new(),
        "the admin used both addresses (one after the key was made); CloudFormation's call is not a place"
    );
}

#[test]
fn a_created_key_used_from_a_new_ip_fires_with_its_creation_and_its_sessions() {
    let intruder = role_session(A, "Admin", "i-0abc", "ASIAORPHANEXAMPLE001");
    let backdoor = user(A, "svc-backup", "AKIABACKDOOREXAMPLE1");
    let session = mfa_session("svc-backup", "ASIABACKDOORSESSION1");
    let trail = one_log(vec![
        call(&intruder, 0, "iam.amazonaws.com", "CreateUser", HOME),
        create_access_key(&intruder, 1, HOME, "svc-backup", "AKIABACKDOOREXAMPLE1"),
        call(&backdoor, 2, "s3.amazonaws.com", "ListBuckets", HOME),
        call(&backdoor, 3, "s3.amazonaws.com", "ListBuckets", AWAY),
        session_token(&backdoor, 4, AWAY, "ASIABACKDOORSESSION1"),
        call(&session, 5, "secretsmanager.amazonaws.com", "GetSecretValue", FAR),
    ]);
    assert_eq!(trail.fired(CREATED), ["0-01", "0-03", "0-04", "0-05"]);
    assert_eq!(
        trail.detail(CREATED).unwrap(),
        format!(
            "AKIABACKDOOREXAMPLE1 of arn:aws:iam::{A}:user/svc-backup, created by \
             arn:aws:iam::{A}:role/Admin, used from {AWAY}, {FAR}"
        )
    );
}

#[test]
fn a_key_made_for_oneself_is_compared_with_one_s_other_credentials() {
    let bob = user(A, "bob", "AKIABOBEXAMPLE000001");
    let bob_new = user(A, "bob", "AKIABOBEXAMPLE000002");
    let trail = one_log(vec![
        call(&bob, 0, "iam.amazonaws.com", "ListAccessKeys", HOME),
        create_access_key(&bob, 1, HOME, "bob", "AKIABOBEXAMPLE000002"),
        call(&bob_new, 2, "s3.amazonaws.com", "ListBuckets", AWAY),
        call(&bob_new, 3, "s3.amazonaws.com", "ListBuckets", HOME),
    ]);
    assert_eq!(trail.fired(CREATED), ["0-01", "0-02"]);
    assert_eq!(
        trail.detail(CREATED).unwrap(),
        format!(
            "AKIABOBEXAMPLE000002 of arn:aws:iam::{A}:user/bob, created by arn:aws:iam::{A}:user/bob, \
             used from {AWAY}"
        )
    );
}

#[test]
fn a_key_rotated_by_an_admin_is_compared_with_its_user_s_old_key_too() {
    let admin = user(A, "admin", "AKIAADMINUSEREXAMPLE");
    let old = user(A, "svc-app", "AKIAAPPOLDEXAMPLE001");
    let new = user(A, "svc-app", "AKIAAPPNEWEXAMPLE001");
    let server = "192.0.2.15";
    let rotated = |then: &str| {
        one_log(vec![
            call(&old, 0, "sqs.amazonaws.com", "SendMessage", server),
            create_access_key(&admin, 1, HOME, "svc-app", "AKIAAPPNEWEXAMPLE001"),
            call(&new, 2, "sqs.amazonaws.com", "SendMessage", server),
            call(&new, 3, "sqs.amazonaws.com", "SendMessage", then),
        ])
    };
    assert_eq!(
        rotated(server).fired(CREATED),
        Vec::<String>::new(),
        "the admin never used the server, its user did"
    );
    assert_eq!(rotated(AWAY).fired(CREATED), ["0-01", "0-03"]);
}

#[test]
fn a_long_term_key_whose_sessions_reach_six_ips_fires_with_the_whole_chain() {
    let trail = one_log(chain_over_six_addresses());
    assert_eq!(
        trail.fired(CHAIN),
        ["0-00", "0-01", "0-02", "0-03", "0-04", "0-05", "0-06"]
    );
    assert_eq!(
        trail.detail(CHAIN).unwrap(),
        "AKIADEVEXAMPLE000001 and 2 sessions from 6 IPs (4 only through the sessions)"
    );
    assert_eq!(
        trail.fired("long-term-key-many-ips"),
        Vec::<String>::new(),
        "the key alone was used from two"
    );
}

#[test]
fn a_chain_over_three_ips_is_silent() {
    let dev = user(A, "dev", "AKIADEVEXAMPLE000001");
    let deployer = role_session(A, "Deployer", "dev", "ASIADEPLOYEXAMPLE001");
    let trail = one_log(vec![
        call(&dev, 0, "sts.amazonaws.com", "GetCallerIdentity", HOME),
        assume_role(&dev, 1, HOME, &role(A, "Deployer"), "dev", "ASIADEPLOYEXAMPLE001"),
        call(&deployer, 2, "s3.amazonaws.com", "ListBuckets", AWAY),
        call(&deployer, 3, "s3.amazonaws.com", "ListBuckets", FAR),
    ]);
    assert_eq!(trail.fired(CHAIN), Vec::<String>::new());
    assert_eq!(
        trail.fired(SESSION),
        ["0-01", "0-02", "0-03"],
        "each of its sessions' moves is its own finding"
    );
}

#[test]
fn a_key_over_the_limit_by_itself_is_left_to_the_key_rule() {
    let ci = user(A, "ci", "AKIACIEXAMPLE0000001");
    let mut records = Vec::new();
    for n in 0..6u32 {
        let ip = format!("192.0.2.{}", 100 + n);
        let key = format!("ASIACIDEPLOY{n:08}");
        let session = format!("ci-{n}");
        records.push(assume_role(&ci, 2 * n, &ip, &role(A, "Deploy"), &session, &key));
        let deploy = role_session(A, "Deploy", &session, &key);
        let from = if n == 5 { AWAY } else { ip.as_str() };
        records.push(call(&deploy, 2 * n + 1, "s3.amazonaws.com", "PutObject", from));
    }
    let trail = one_log(records);
    assert_eq!(trail.fired("long-term-key-many-ips").len(), 6);
    assert_eq!(
        trail.fired(CHAIN),
        Vec::<String>::new(),
        "the key's six runners are its own finding, even with a seventh address through a session"
    );
    assert_eq!(trail.fired(SESSION), ["0-10", "0-11"]);
}
