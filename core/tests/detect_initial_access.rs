//! The root and console sign-in rules kept by issue 15, now split by outcome, on trails written
//! for them (`common::attacks`), in the shapes of CloudTrail's `ConsoleLogin` and root records
//! (AWS docs: a failed sign-in has an `errorMessage` and `"ConsoleLogin": "Failure"`).

mod common;

use common::attacks::{
    assert_silent, assert_split, console_login, failed, fired_on, ids, person, request, root, sign_in_failed,
};
use common::records::{role_session, A};
use serde_json::{json, Value};

const ROOT_LOGIN: &str = "root-console-login";
const ROOT_ACTIVITY: &str = "root-activity";
const WITHOUT_MFA: &str = "console-login-without-mfa";
const LOGIN_FAILED: &str = "console-login-failed";

fn list_buckets(who: &Value, minute: u32) -> Value {
    request(
        who,
        minute,
        "s3.amazonaws.com",
        "ListBuckets",
        json!({"host": ["s3.amazonaws.com"]}),
    )
}

/// A session of an IAM Identity Center permission set, whose MFA happens at the identity provider.
fn single_sign_on() -> Value {
    let role = "AWSReservedSSO_Admin_0123456789abcdef";
    role_session(A, role, "alice@example.com", "ASIASSOEXAMPLE000001")
}

/// A sign-in with a user name the account does not have.
fn unknown_user_sign_in(minute: u32) -> Value {
    let nobody =
        json!({"type": "Unknown", "principalId": A, "accountId": A, "userName": "HIDDEN_DUE_TO_SECURITY_REASONS"});
    let mut record = sign_in_failed(console_login(&nobody, minute, false));
    record["errorMessage"] = json!("No username found in supplied account");
    record
}

#[test]
fn root_s_changes_are_root_activity_and_its_sign_ins_root_console_login() {
    let records = vec![
        console_login(&root(A), 0, true),
        list_buckets(&root(A), 1),
        list_buckets(&person("root"), 2),
        list_buckets(&person("alice"), 3),
    ];
    assert_eq!(
        fired_on(ROOT_ACTIVITY, records.clone()),
        ids(&[1]),
        "an IAM user named root is not root; the sign-in is root-console-login's"
    );
    assert_eq!(fired_on(ROOT_LOGIN, records), ids(&[0]));
}

#[test]
fn users_and_sessions_named_root_are_not_root() {
    let records = vec![
        list_buckets(&person("root"), 0),
        list_buckets(&role_session(A, "Admin", "root", "ASIAADMINROOT0000001"), 1),
        console_login(&person("root"), 2, true),
    ];
    assert_silent(ROOT_ACTIVITY, &[records]);
}

#[test]
fn a_root_call_that_failed_is_an_attempt() {
    let delete = request(
        &root(A),
        0,
        "s3.amazonaws.com",
        "DeleteBucket",
        json!({"bucketName": "example-reports"}),
    );
    assert_split(ROOT_ACTIVITY, delete, |record| {
        failed(record, "BucketNotEmpty", "The bucket you tried to delete is not empty")
    });
}

#[test]
fn root_signing_in_fires() {
    let records = vec![
        list_buckets(&root(A), 0),
        console_login(&root(A), 1, true),
        console_login(&person("alice"), 2, true),
    ];
    assert_eq!(fired_on(ROOT_LOGIN, records), ids(&[1]));
}

#[test]
fn other_sign_ins_and_root_s_calls_are_not_root_sign_ins() {
    let records = vec![
        console_login(&person("root"), 0, true),
        sign_in_failed(console_login(&person("root"), 1, true)),
        list_buckets(&root(A), 2),
    ];
    assert_silent(ROOT_LOGIN, &[records]);
}

#[test]
fn a_failed_root_sign_in_is_an_attempt() {
    assert_split(ROOT_LOGIN, console_login(&root(A), 0, true), sign_in_failed);
}

#[test]
fn a_user_signing_in_without_mfa_fires() {
    let records = vec![
        console_login(&person("alice"), 0, true),
        console_login(&person("bob"), 1, false),
        console_login(&single_sign_on(), 2, false),
    ];
    assert_eq!(
        fired_on(WITHOUT_MFA, records),
        ids(&[1]),
        "not alice (MFA) nor the Identity Center session (MFA at the IdP)"
    );
}

#[test]
fn sign_ins_with_mfa_or_through_identity_center_do_not_fire() {
    let alice = console_login(&person("alice"), 0, true);
    let sso = console_login(&single_sign_on(), 1, false);
    let records = vec![alice.clone(), sso.clone(), sign_in_failed(alice), sign_in_failed(sso)];
    assert_silent(WITHOUT_MFA, &[records]);
}

#[test]
fn a_failed_sign_in_without_mfa_is_a_failed_sign_in_only() {
    let records = vec![sign_in_failed(console_login(&person("bob"), 0, false))];
    assert_silent(WITHOUT_MFA, std::slice::from_ref(&records));
    assert_eq!(fired_on(LOGIN_FAILED, records), ids(&[0]));
}

#[test]
fn failed_sign_ins_fire_known_user_or_not() {
    let records = vec![
        sign_in_failed(console_login(&person("carol"), 0, false)),
        console_login(&person("bob"), 1, false),
        unknown_user_sign_in(2),
        sign_in_failed(console_login(&person("carol"), 3, true)),
    ];
    assert_eq!(fired_on(LOGIN_FAILED, records), ids(&[0, 2, 3]));
}

#[test]
fn successful_sign_ins_are_not_failures() {
    let records = vec![
        console_login(&person("alice"), 0, true),
        console_login(&person("bob"), 1, false),
        console_login(&root(A), 2, true),
    ];
    assert_silent(LOGIN_FAILED, &[records]);
}
