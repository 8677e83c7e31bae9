//! The credential-access rules of issue 15 on trails written for them (`common::attacks`), in
//! the shapes of CloudTrail's EC2, Secrets Manager and SSM records (AWS docs, Stratus Red Team).

mod common;

use common::attacks::{assert_silent, denied, fired_on, ids, instance_session, person, request};
use common::records::{call, invoked_by, role_session, A};
use serde_json::{json, Value};

const PASSWORD_BURST: &str = "ec2-password-data-burst";
const ELSEWHERE: &str = "instance-credentials-elsewhere";
const SECRETS: &str = "secrets-read-in-bulk";
const PARAMETERS: &str = "parameters-decrypted-in-bulk";

/// The address an instance calls AWS from.
const INSTANCE_IP: &str = "203.0.113.10";
/// Another instance's address.
const OTHER_INSTANCE_IP: &str = "203.0.113.11";
/// An address outside, where stolen credentials get used.
const STOLEN_IP: &str = "192.0.2.66";

/// `who`'s `GetPasswordData` calls at `minutes`, each on its own Windows instance.
fn password_reads(who: &Value, minutes: &[u32]) -> Vec<Value> {
    let read = |(n, &minute): (usize, &u32)| {
        let params = json!({"instanceId": format!("i-0a1b2c3d4e5f6a{n:03}")});
        request(who, minute, "ec2.amazonaws.com", "GetPasswordData", params)
    };
    minutes.iter().enumerate().map(read).collect()
}

#[test]
fn five_password_reads_in_ten_minutes_fire_denied_or_not() {
    let mut records = password_reads(&person("mallory"), &[0, 2, 4, 6, 8]);
    records[3] = denied(records[3].clone());
    records.extend(password_reads(&person("trent"), &[1, 3, 5, 7]));
    records.extend(password_reads(&person("victor"), &[0, 15, 30, 45, 60]));
    assert_eq!(fired_on(PASSWORD_BURST, records), ids(&[0, 1, 2, 3, 4]));
}

#[test]
fn four_password_reads_or_five_over_an_hour_do_not_fire() {
    let mut records = password_reads(&person("trent"), &[0, 2, 4, 9]);
    records.extend(password_reads(&person("victor"), &[0, 15, 30, 45, 60]));
    let describe = |minute| {
        let params = json!({"instancesSet": {}, "filterSet": {}});
        request(
            &person("mallory"),
            minute,
            "ec2.amazonaws.com",
            "DescribeInstances",
            params,
        )
    };
    records.extend((0..6).map(describe));
    assert_silent(PASSWORD_BURST, &[records]);
}

#[test]
fn instance_credentials_used_from_another_address_fire() {
    let web = instance_session(A, "WebServer", "i-0a1b2c3d4e5f60718", "ASIAWEBSERVER0000001");
    let legacy = instance_session(A, "Legacy", "i-1a2b3c4d", "ASIALEGACY0000000001");
    let deploy = role_session(A, "Deploy", "ci-run-42", "ASIADEPLOY0000000001");
    let records = vec![
        call(&web, 0, "s3.amazonaws.com", "ListBuckets", INSTANCE_IP),
        call(&web, 1, "ssm.amazonaws.com", "UpdateInstanceInformation", INSTANCE_IP),
        call(&web, 2, "kms.amazonaws.com", "Decrypt", "AWS Internal"),
        invoked_by(
            call(&web, 3, "s3.amazonaws.com", "GetObject", ""),
            "athena.amazonaws.com",
        ),
        call(&web, 4, "sts.amazonaws.com", "GetCallerIdentity", STOLEN_IP),
        call(&web, 5, "s3.amazonaws.com", "ListBuckets", STOLEN_IP),
        call(&legacy, 6, "s3.amazonaws.com", "ListBuckets", OTHER_INSTANCE_IP),
        call(&legacy, 7, "iam.amazonaws.com", "ListUsers", STOLEN_IP),
        call(&deploy, 8, "s3.amazonaws.com", "ListBuckets", INSTANCE_IP),
        call(&deploy, 9, "s3.amazonaws.com", "ListBuckets", STOLEN_IP),
    ];
    assert_eq!(
        fired_on(ELSEWHERE, records),
        ids(&[4, 5, 7]),
        "the instance sessions' calls from elsewhere, not the CI session's"
    );
}

/// Stratus Red Team's `ec2-steal-instance-credentials`: the thief's user sends an SSM command that
/// prints the instance's credentials, then uses them from the thief's own address, the only one
/// the instance session ever calls from.
#[test]
fn instance_credentials_used_from_a_person_s_address_fire() {
    let web = instance_session(A, "WebServer", "i-786a3A8B5C0d92eF4", "ASIAWEBSERVER0000001");
    let thief = person("christophe");
    let records = vec![
        call(&thief, 0, "ssm.amazonaws.com", "SendCommand", STOLEN_IP),
        call(&web, 1, "sts.amazonaws.com", "GetCallerIdentity", STOLEN_IP),
        call(&web, 2, "ec2.amazonaws.com", "DescribeInstances", STOLEN_IP),
        call(&thief, 3, "ssm.amazonaws.com", "GetCommandInvocation", STOLEN_IP),
    ];
    assert_eq!(fired_on(ELSEWHERE, records), ids(&[1, 2]));
}

#[test]
fn instance_credentials_kept_to_one_address_and_other_sessions_do_not_fire() {
    let web = instance_session(A, "WebServer", "i-0a1b2c3d4e5f60718", "ASIAWEBSERVER0000001");
    let deploy = role_session(A, "Deploy", "ci-run-42", "ASIADEPLOY0000000001");
    let ten_digits = role_session(A, "Batch", "i-0a1b2c3d4e", "ASIABATCH00000000001");
    let named_like_one = role_session(A, "Runner", "i-build-runner", "ASIARUNNER0000000001");
    let mut records = vec![
        call(&web, 0, "kms.amazonaws.com", "Decrypt", "AWS Internal"),
        call(&web, 1, "ec2.amazonaws.com", "DescribeInstances", "ec2.amazonaws.com"),
        call(&web, 2, "s3.amazonaws.com", "ListBuckets", INSTANCE_IP),
        invoked_by(
            call(&web, 3, "s3.amazonaws.com", "GetObject", ""),
            "athena.amazonaws.com",
        ),
        call(&web, 4, "s3.amazonaws.com", "PutObject", INSTANCE_IP),
    ];
    for (n, other) in [deploy, ten_digits, named_like_one].iter().enumerate() {
        let minute = 10 + 2 * n as u32;
        records.push(call(other, minute, "s3.amazonaws.com", "ListBuckets", INSTANCE_IP));
        records.push(call(other, minute + 1, "s3.amazonaws.com", "ListBuckets", STOLEN_IP));
    }
    assert_silent(ELSEWHERE, &[records]);
}

/// `who` reading secret number `n` at `minute`.
fn secret_read(who: &Value, minute: u32, n: u32) -> Value {
    let secret = format!("arn:aws:secretsmanager:us-east-1:{A}:secret:prod/app-{n}-a1B2c3");
    let params = json!({"secretId": secret});
    request(who, minute, "secretsmanager.amazonaws.com", "GetSecretValue", params)
}

/// `who` reading `count` distinct secrets, `every` minutes apart.
fn secret_reads(who: &Value, count: u32, every: u32) -> Vec<Value> {
    (0..count).map(|n| secret_read(who, n * every, n)).collect()
}

#[test]
fn ten_distinct_secrets_in_an_hour_or_a_batch_read_fire() {
    let alice = person("alice");
    let mut records = secret_reads(&alice, 10, 5);
    records.push(denied(secret_read(&alice, 50, 10)));
    let filters = json!({"filters": [{"key": "tag-key", "values": ["team"]}]});
    records.push(request(
        &person("bob"),
        52,
        "secretsmanager.amazonaws.com",
        "BatchGetSecretValue",
        filters,
    ));
    records.extend(secret_reads(&person("carol"), 9, 5));
    assert_eq!(
        fired_on(SECRETS, records),
        ids(&(0..12).collect::<Vec<_>>()),
        "alice's eleven reads (one refused) and bob's batch, not carol's nine"
    );
}

#[test]
fn nine_secrets_one_secret_often_or_ten_over_three_hours_do_not_fire() {
    let mut records = secret_reads(&person("carol"), 9, 5);
    records.extend((0..50).map(|minute| secret_read(&person("dave"), minute, 0)));
    records.extend(secret_reads(&person("erin"), 10, 20));
    let list = json!({"maxResults": 100});
    records.push(request(
        &person("frank"),
        3,
        "secretsmanager.amazonaws.com",
        "ListSecrets",
        list,
    ));
    assert_silent(SECRETS, &[records]);
}

/// `who`'s `count` SSM parameter reads `every` minutes apart, cycling through `GetParameter`,
/// `GetParameters` and `GetParametersByPath`, with `withDecryption` as given (none for `None`);
/// read `n` names `/prod/app-n/…` (so `count` reads name `count` distinct parameters or paths).
fn parameter_reads(who: &Value, count: u32, every: u32, decryption: Option<bool>) -> Vec<Value> {
    let read = |n: u32| {
        let (name, mut params) = match n % 3 {
            0 => ("GetParameter", json!({"name": format!("/prod/app-{n}/db-password")})),
            1 => ("GetParameters", json!({"names": [format!("/prod/app-{n}/api-key")]})),
            _ => (
                "GetParametersByPath",
                json!({"path": format!("/prod/app-{n}/"), "recursive": true}),
            ),
        };
        if let Some(decrypt) = decryption {
            params["withDecryption"] = json!(decrypt);
        }
        request(who, n * every, "ssm.amazonaws.com", name, params)
    };
    (0..count).map(read).collect()
}

#[test]
fn ten_decrypted_parameters_in_an_hour_fire() {
    let mut records = parameter_reads(&person("ops"), 10, 5, Some(true));
    records.extend(parameter_reads(&person("app"), 10, 2, Some(false)));
    records.extend(parameter_reads(&person("app"), 10, 3, None));
    assert_eq!(fired_on(PARAMETERS, records), ids(&(0..10).collect::<Vec<_>>()));
}

/// Stratus Red Team's `ssm-retrieve-securestring-parameters`: a few `GetParameters` calls, each
/// naming many parameters.
#[test]
fn one_call_naming_many_parameters_counts_each() {
    let names: Vec<String> = (1..=12)
        .map(|n| format!("/credentials/stratus-red-team/credentials-{n}"))
        .collect();
    let params = json!({"names": names, "withDecryption": true});
    let records = vec![request(&person("ops"), 0, "ssm.amazonaws.com", "GetParameters", params)];
    assert_eq!(fired_on(PARAMETERS, records), ids(&[0]));
}

#[test]
fn the_same_parameters_read_again_and_again_do_not_fire() {
    let params = json!({"names": ["/prod/api/key", "/prod/api/secret"], "withDecryption": true});
    let records: Vec<Value> = (0..30)
        .map(|n| request(&person("app"), n, "ssm.amazonaws.com", "GetParameters", params.clone()))
        .collect();
    assert_silent(PARAMETERS, &[records]);
}

#[test]
fn plain_parameter_reads_or_nine_decrypted_do_not_fire() {
    let mut records = parameter_reads(&person("app"), 10, 2, Some(false));
    records.extend(parameter_reads(&person("app"), 10, 3, None));
    records.extend(parameter_reads(&person("ops"), 9, 5, Some(true)));
    assert_silent(PARAMETERS, &[records]);
}
