//! The impact rules of issue 15 on trails written for them (`common::attacks`), in the shapes of
//! CloudTrail's Bedrock and KMS records (AWS docs, Stratus Red Team): model access enabled, a
//! principal new to invoking models after its account's baseline, keys deleted.

mod common;

use common::attacks::{
    assert_silent, assert_split, by_admin, denied, failed, fired_on, ids, made_and_refused, on_day, person, request,
    routine,
};
use common::records::{user, Trail, A, B};
use serde_json::{json, Value};

const ACCESS_ENABLED: &str = "bedrock-access-enabled";
const NEW_INVOKER: &str = "bedrock-new-invoker";
const KEY_DELETION: &str = "kms-key-deletion";

const BEDROCK: &str = "bedrock.amazonaws.com";
const KMS: &str = "kms.amazonaws.com";
const MODEL: &str = "anthropic.claude-3-sonnet-20240229-v1:0";
const KEY: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

fn model_call(minute: u32, name: &str) -> Value {
    by_admin(minute, BEDROCK, name, json!({"modelId": MODEL}))
}

#[test]
fn model_access_enabled_fires() {
    let agreement = json!({"modelId": MODEL, "offerToken": "offer-token-EXAMPLE"});
    let records = vec![
        model_call(0, "PutFoundationModelEntitlement"),
        by_admin(1, BEDROCK, "ListFoundationModels", json!({})),
        by_admin(2, BEDROCK, "CreateFoundationModelAgreement", agreement),
        by_admin(3, BEDROCK, "PutUseCaseForModelAccess", Value::Null),
    ];
    assert_eq!(fired_on(ACCESS_ENABLED, records), ids(&[0, 2, 3]));
}

#[test]
fn listing_models_or_offers_does_not_enable_access() {
    let records = vec![
        by_admin(0, BEDROCK, "ListFoundationModels", json!({})),
        model_call(1, "GetFoundationModelAvailability"),
        model_call(2, "ListFoundationModelAgreementOffers"),
    ];
    assert_silent(ACCESS_ENABLED, &made_and_refused(records));
}

#[test]
fn a_refused_model_agreement_is_an_attempt() {
    let agreement = json!({"modelId": MODEL, "offerToken": "offer-token-EXAMPLE"});
    let create = by_admin(0, BEDROCK, "CreateFoundationModelAgreement", agreement);
    assert_split(ACCESS_ENABLED, create, denied);
}

/// `who` calling a model with `name` at `hour` on `day`.
fn invoke(who: &Value, name: &str, day: u32, hour: u32) -> Value {
    on_day(request(who, 0, BEDROCK, name, json!({"modelId": MODEL})), day, hour)
}

/// Two accounts whose recordings start three days apart (A from day 0, B from day 3), with the
/// principals that invoke models from their account's first day: alice and bob in A, carol in
/// B (whose first invocation comes days after A's first day, but on B's own).
fn usual_invokers() -> Vec<Vec<Value>> {
    let (alice, bob, carol) = (person("alice"), person("bob"), user(B, "carol", "AKIACAROLEXAMPLE0001"));
    let mut account_a = routine(&user(A, "ops", "AKIAOPSAEXAMPLE00001"), 0..6, &["us-east-1"]);
    account_a.extend([
        invoke(&alice, "InvokeModel", 0, 3),
        invoke(&alice, "InvokeModel", 4, 3),
        invoke(&bob, "Converse", 0, 20),
        invoke(&bob, "ConverseStream", 5, 2),
    ]);
    let mut account_b = routine(&user(B, "ops", "AKIAOPSBEXAMPLE00001"), 3..9, &["us-east-1"]);
    account_b.extend([invoke(&carol, "InvokeModel", 3, 1), invoke(&carol, "Converse", 7, 1)]);
    vec![account_a, account_b]
}

#[test]
fn a_principal_first_invoking_after_the_baseline_fires() {
    let mallory = person("mallory");
    let mut logs = usual_invokers();
    let first = logs[0].len();
    logs[0].extend([
        invoke(&mallory, "InvokeModel", 4, 5),
        invoke(&mallory, "InvokeModelWithResponseStream", 4, 6),
        invoke(&mallory, "Converse", 4, 7),
        invoke(&mallory, "ConverseStream", 5, 1),
    ]);
    assert_eq!(
        Trail::of(&logs).fired(NEW_INVOKER),
        ids(&[first, first + 1, first + 2, first + 3]),
        "mallory's calls, not those of principals who invoked on their account's first day"
    );
}

#[test]
fn principals_invoking_from_their_account_s_first_day_do_not_fire() {
    assert_silent(NEW_INVOKER, &usual_invokers());
}

fn key_call(minute: u32, name: &str) -> Value {
    let mut params = json!({"keyId": KEY});
    if name == "ScheduleKeyDeletion" {
        params["pendingWindowInDays"] = json!(7);
    }
    by_admin(minute, KMS, name, params)
}

#[test]
fn keys_scheduled_for_deletion_or_disabled_fire() {
    let records = vec![
        key_call(0, "ScheduleKeyDeletion"),
        key_call(1, "DisableKey"),
        key_call(2, "EnableKey"),
        key_call(3, "CancelKeyDeletion"),
    ];
    assert_eq!(fired_on(KEY_DELETION, records), ids(&[0, 1]));
}

#[test]
fn keys_enabled_kept_or_described_do_not_fire() {
    let records = vec![
        key_call(0, "EnableKey"),
        key_call(1, "CancelKeyDeletion"),
        key_call(2, "DescribeKey"),
    ];
    assert_silent(KEY_DELETION, &made_and_refused(records));
}

#[test]
fn a_deletion_of_a_key_already_pending_is_an_attempt() {
    assert_split(KEY_DELETION, key_call(0, "ScheduleKeyDeletion"), |record| {
        failed(
            record,
            "KMSInvalidStateException",
            &format!("{KEY} is pending deletion."),
        )
    });
}
