//! Builders for the detection tests of issue 15's rules, in the shapes of CloudTrail's records
//! (the AWS docs' examples and Stratus Red Team's detonation logs): calls with their request
//! parameters, calls refused or failed, console sign-ins, calls spread over days and regions,
//! and the assertions every rule's tests share (what fires, what stays silent, the outcome split).

use super::records::{call, role_session, user, Trail, A};
use serde_json::{json, Value};
use std::ops::Range;
use trailscope_core::findings::Severity;

/// The address the tests' callers work from.
pub const HOME: &str = "198.51.100.20";
/// An account outside the organisation, that things get shared with or trusted.
pub const OUTSIDE: &str = "999988887777";

/// IAM user `name` of account [`A`], signing with a long-term key named after them.
pub fn person(name: &str) -> Value {
    let key = format!("AKIA{:0<16}", name.to_uppercase());
    user(A, name, &key)
}

/// The root user of `account`.
pub fn root(account: &str) -> Value {
    json!({
        "type": "Root",
        "principalId": account,
        "arn": format!("arn:aws:iam::{account}:root"),
        "accountId": account,
        "accessKeyId": "ASIAROOTEXAMPLE00001",
    })
}

/// The credentials EC2 hands instance `instance` for its role `role`: a session named after the
/// instance, with `ec2RoleDelivery` set as in the records of instance profiles.
pub fn instance_session(account: &str, role: &str, instance: &str, key: &str) -> Value {
    let mut identity = role_session(account, role, instance, key);
    identity["sessionContext"]["ec2RoleDelivery"] = json!("2.0");
    identity
}

/// A call by `identity` at `minute` from [`HOME`] whose `requestParameters` are `params`.
pub fn request(identity: &Value, minute: u32, source: &str, name: &str, params: Value) -> Value {
    let mut record = call(identity, minute, source, name, HOME);
    record["requestParameters"] = params;
    record
}

/// A call by the account's administrator (IAM user `admin`) at `minute`.
pub fn by_admin(minute: u32, source: &str, name: &str, params: Value) -> Value {
    request(&person("admin"), minute, source, name, params)
}

/// `record` as a call that failed with `code` and `message`: no response.
pub fn failed(mut record: Value, code: &str, message: &str) -> Value {
    record["errorCode"] = json!(code);
    record["errorMessage"] = json!(message);
    record["responseElements"] = Value::Null;
    record
}

/// `record` as a call its caller was not allowed to make, with the error code its service
/// logs for a denial (`Client.UnauthorizedOperation` for EC2, `AccessDenied` for the
/// query-protocol services, `AccessDeniedException` for the JSON ones).
pub fn denied(record: Value) -> Value {
    let source = record["eventSource"].as_str().unwrap_or_default();
    let service = source.trim_end_matches(".amazonaws.com");
    let action = format!("{service}:{}", record["eventName"].as_str().unwrap_or_default());
    let who = record["userIdentity"]["arn"].as_str().unwrap_or_default();
    let message =
        format!("User: {who} is not authorized to perform: {action} because no identity-based policy allows it");
    let code = match service {
        "ec2" => "Client.UnauthorizedOperation",
        "iam" | "s3" | "sts" | "organizations" => "AccessDenied",
        _ => "AccessDeniedException",
    };
    failed(record, code, &message)
}

/// IAM user `who`'s `GetObject` calls refused at `minutes`.
pub fn denials(who: &str, minutes: &[u32]) -> Vec<Value> {
    let refused = |&minute: &u32| denied(call(&person(who), minute, "s3.amazonaws.com", "GetObject", HOME));
    minutes.iter().map(refused).collect()
}

/// A `ConsoleLogin` by `identity` at `minute` that succeeded, with or without MFA.
pub fn console_login(identity: &Value, minute: u32, mfa: bool) -> Value {
    let mut record = call(identity, minute, "signin.amazonaws.com", "ConsoleLogin", HOME);
    if let Some(fields) = record["userIdentity"].as_object_mut() {
        fields.remove("accessKeyId");
    }
    record["eventType"] = json!("AwsConsoleSignIn");
    record["userAgent"] = json!("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");
    record["responseElements"] = json!({"ConsoleLogin": "Success"});
    record["additionalEventData"] = json!({
        "LoginTo": "https://console.aws.amazon.com/console/home",
        "MobileVersion": "No",
        "MFAUsed": if mfa { "Yes" } else { "No" },
    });
    record
}

/// The sign-in `record` as one that failed authentication: CloudTrail logs an `errorMessage`
/// and `"ConsoleLogin": "Failure"`, and no `errorCode`.
pub fn sign_in_failed(mut record: Value) -> Value {
    record["responseElements"] = json!({"ConsoleLogin": "Failure"});
    record["errorMessage"] = json!("Failed authentication");
    record
}

/// `record` moved to `hour` o'clock, `day` days after 2026-11-10.
pub fn on_day(mut record: Value, day: u32, hour: u32) -> Value {
    record["eventTime"] = json!(format!("2026-11-{:02}T{hour:02}:00:00Z", 10 + day));
    record
}

/// `record` made in `region`.
pub fn in_region(mut record: Value, region: &str) -> Value {
    record["awsRegion"] = json!(region);
    record
}

/// `identity`'s routine work on each of `days`: a `DescribeInstances` every six hours in each
/// of `regions`, the background against which an account's usual regions are judged.
pub fn routine(identity: &Value, days: Range<u32>, regions: &[&str]) -> Vec<Value> {
    let mut records = Vec::new();
    for day in days {
        for hour in [0, 6, 12, 18] {
            for region in regions {
                let describe = call(identity, 0, "ec2.amazonaws.com", "DescribeInstances", HOME);
                records.push(in_region(on_day(describe, day, hour), region));
            }
        }
    }
    records
}

/// The `eventID`s `"0-i"` of the records at `indices` of one log.
pub fn ids(indices: &[usize]) -> Vec<String> {
    indices.iter().map(|i| format!("0-{i:02}")).collect()
}

/// The `eventID`s of the finding of `rule` on one log of `records`.
pub fn fired_on(rule: &str, records: Vec<Value>) -> Vec<String> {
    Trail::of(&[records]).fired(rule)
}

/// The near misses `records` twice: as made (log 0) and as refused (log 1).
pub fn made_and_refused(records: Vec<Value>) -> Vec<Vec<Value>> {
    let refused = records.iter().cloned().map(denied).collect();
    vec![records, refused]
}

/// Asserts that `logs` fire neither `rule` nor its failed attempts `<rule>-failed`.
pub fn assert_silent(rule: &str, logs: &[Vec<Value>]) {
    let trail = Trail::of(logs);
    assert_eq!(trail.fired(rule), Vec::<String>::new(), "{rule}");
    let attempts = format!("{rule}-failed");
    assert_eq!(trail.fired(&attempts), Vec::<String>::new(), "{attempts}");
}

/// Asserts the outcome split of `rule`: `attempt` as made is in `rule` only, and as `failure`
/// makes it (a call with an `errorCode`, or a sign-in that failed) in `<rule>-failed` only, a
/// finding one step less severe whose title starts "Failed attempts:".
pub fn assert_split(rule: &str, attempt: Value, failure: impl FnOnce(Value) -> Value) {
    let trail = Trail::of(&[vec![attempt.clone(), failure(attempt)]]);
    assert_eq!(trail.fired(rule), ["0-00"], "{rule} holds the call that succeeded");
    let attempts = format!("{rule}-failed");
    assert_eq!(trail.fired(&attempts), ["0-01"], "{attempts} holds the one that failed");
    let (made, attempted) = (trail.finding(rule).unwrap(), trail.finding(&attempts).unwrap());
    let one_step_lower = match made.severity {
        Severity::Critical => Severity::High,
        Severity::High => Severity::Medium,
        Severity::Medium | Severity::Low => Severity::Low,
    };
    assert_eq!(attempted.severity, one_step_lower, "{attempts}");
    let title = &attempted.title;
    assert!(title.starts_with("Failed attempts:"), "{attempts}: {title}");
}
