//! The discovery and execution rules of issue 15 on trails written for them (`common::attacks`),
//! in the shapes of CloudTrail's EC2 and SSM records (AWS docs, Stratus Red Team).

mod common;

use common::attacks::{
    assert_silent, assert_split, by_admin, denials, denied, failed, fired_on, ids, made_and_refused, person, request,
};
use common::requests::run_instances;
use serde_json::{json, Value};

const USER_DATA_READ: &str = "user-data-read-in-bulk";
const USER_DATA_MODIFIED: &str = "user-data-modified";
const UNUSUAL: &str = "unusual-instances";
const SSM: &str = "ssm-command-or-session";
const DENIAL_BURST: &str = "access-denied-burst";

const EC2: &str = "ec2.amazonaws.com";
const SSM_SOURCE: &str = "ssm.amazonaws.com";

/// The id of instance number `n`: `i-` and 17 hex digits.
fn instance(n: u32) -> String {
    format!("i-0{n:016x}")
}

/// `who`'s `DescribeInstanceAttribute` of `attribute` on instance `n` at `minute`.
fn attribute_read(who: &Value, minute: u32, n: u32, attribute: &str) -> Value {
    let params = json!({"instanceId": instance(n), "attribute": attribute});
    request(who, minute, EC2, "DescribeInstanceAttribute", params)
}

/// `who` reading `attribute` of `count` instances, `every` minutes apart.
fn attribute_reads(who: &Value, count: u32, every: u32, attribute: &str) -> Vec<Value> {
    (0..count)
        .map(|n| attribute_read(who, n * every, n, attribute))
        .collect()
}

#[test]
fn user_data_of_five_instances_in_an_hour_fires() {
    let scout = person("scout");
    let mut records = attribute_reads(&scout, 5, 10, "userData");
    records[2] = denied(records[2].clone());
    records.extend(attribute_reads(&scout, 3, 5, "instanceType"));
    records.extend(attribute_reads(&person("alice"), 4, 5, "userData"));
    assert_eq!(
        fired_on(USER_DATA_READ, records),
        ids(&[0, 1, 2, 3, 4]),
        "scout's user data reads, one refused; not alice's four"
    );
}

#[test]
fn user_data_of_four_instances_or_other_attributes_do_not_fire() {
    let alice = person("alice");
    let mut records = attribute_reads(&alice, 4, 5, "userData");
    records.push(attribute_read(&alice, 30, 0, "userData"));
    records.extend(attribute_reads(&person("bob"), 10, 2, "instanceType"));
    records.extend(attribute_reads(&person("carol"), 5, 30, "userData"));
    assert_silent(USER_DATA_READ, &[records]);
}

/// `ModifyInstanceAttribute` of instance 0 with `params` besides its id.
fn modify_attribute(minute: u32, mut params: Value) -> Value {
    params["instanceId"] = json!(instance(0));
    by_admin(minute, EC2, "ModifyInstanceAttribute", params)
}

/// New user data, as CloudTrail logs it (the script itself removed).
fn new_user_data(minute: u32) -> Value {
    modify_attribute(minute, json!({"userData": "<sensitiveDataRemoved>"}))
}

#[test]
fn new_user_data_fires() {
    let records = vec![
        modify_attribute(0, json!({"instanceType": {"value": "t3.large"}})),
        new_user_data(1),
    ];
    assert_eq!(fired_on(USER_DATA_MODIFIED, records), ids(&[1]));
}

/// `aws ec2 modify-instance-attribute --attribute userData --value …` names the attribute
/// rather than passing a `userData` field.
#[test]
fn user_data_set_by_attribute_name_fires() {
    let by_name = modify_attribute(0, json!({"attribute": "userData", "value": "<sensitiveDataRemoved>"}));
    let other = modify_attribute(
        1,
        json!({"attribute": "disableApiTermination", "value": "<sensitiveDataRemoved>"}),
    );
    assert_eq!(fired_on(USER_DATA_MODIFIED, vec![by_name, other]), ids(&[0]));
}

#[test]
fn changing_other_attributes_or_reading_user_data_does_not_fire() {
    let records = vec![
        modify_attribute(0, json!({"instanceType": {"value": "t3.large"}})),
        modify_attribute(1, json!({"disableApiTermination": {"value": true}})),
        attribute_read(&person("admin"), 2, 0, "userData"),
    ];
    assert_silent(USER_DATA_MODIFIED, &made_and_refused(records));
}

#[test]
fn a_refused_user_data_change_is_an_attempt() {
    assert_split(USER_DATA_MODIFIED, new_user_data(0), denied);
}

/// One instance of each type.
fn run_one_of_each(types: &[&str]) -> Vec<Value> {
    let run = |(minute, &kind): (usize, &&str)| run_instances(minute as u32, kind, 1, Some(1));
    types.iter().enumerate().map(run).collect()
}

#[test]
fn accelerated_huge_or_many_instances_fire() {
    let mut records = run_one_of_each(&[
        "p4d.24xlarge",
        "t3.micro",
        "g5.xlarge",
        "inf2.xlarge",
        "c6g.xlarge",
        "trn1.32xlarge",
        "dl1.24xlarge",
        "f1.2xlarge",
        "vt1.3xlarge",
        "gr6.4xlarge",
        "r6i.16xlarge",
        "c5.18xlarge",
        "m5.12xlarge",
        "m5.metal",
    ]);
    records.push(run_instances(20, "t3.micro", 1, Some(10)));
    records.push(run_instances(21, "t3.micro", 12, None));
    records.push(run_instances(22, "m5.4xlarge", 2, Some(2)));
    records.push(run_instances(23, "m5.large", 1, Some(9)));
    assert_eq!(
        fired_on(UNUSUAL, records),
        ids(&[0, 2, 3, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15]),
        "not t3.micro, c6g (Graviton), m5.12xlarge, m5.4xlarge ×2 or m5.large ×9"
    );
}

#[test]
fn ordinary_instances_in_small_numbers_do_not_fire() {
    let mut records = run_one_of_each(&[
        "t3.micro",
        "c6g.xlarge",
        "t4g.micro",
        "i3.xlarge",
        "d3.xlarge",
        "m5.12xlarge",
    ]);
    records.push(run_instances(10, "m5.4xlarge", 2, Some(2)));
    records.push(run_instances(11, "m5.large", 1, Some(9)));
    assert_silent(UNUSUAL, &made_and_refused(records));
}

#[test]
fn a_refused_gpu_launch_is_an_attempt() {
    assert_split(UNUSUAL, run_instances(0, "p4d.24xlarge", 1, Some(1)), denied);
}

/// `SendCommand` of a shell script to three instances, its parameters hidden as CloudTrail logs them.
fn send_command(minute: u32) -> Value {
    let params = json!({
        "documentName": "AWS-RunShellScript",
        "instanceIds": [instance(1), instance(2), instance(3)],
        "interactive": false,
        "parameters": "HIDDEN_DUE_TO_SECURITY_REASONS",
    });
    by_admin(minute, SSM_SOURCE, "SendCommand", params)
}

fn ssm_call(minute: u32, name: &str, params: Value) -> Value {
    by_admin(minute, SSM_SOURCE, name, params)
}

#[test]
fn a_command_or_a_session_on_an_instance_fires() {
    let invocation = json!({"commandId": "4e973221-443e-4a56-a0b4-1cb3c7923fc3", "instanceId": instance(1)});
    let records = vec![
        send_command(0),
        ssm_call(1, "GetCommandInvocation", invocation),
        ssm_call(2, "StartSession", json!({"target": instance(2)})),
    ];
    assert_eq!(fired_on(SSM, records), ids(&[0, 2]));
}

#[test]
fn reading_commands_or_ending_sessions_does_not_fire() {
    let invocation = json!({"commandId": "4e973221-443e-4a56-a0b4-1cb3c7923fc3", "instanceId": instance(1)});
    let filters = json!({"filters": [{"key": "InstanceIds", "values": [instance(1)]}]});
    let records = vec![
        ssm_call(0, "GetCommandInvocation", invocation),
        ssm_call(1, "DescribeInstanceInformation", filters),
        ssm_call(2, "TerminateSession", json!({"sessionId": "admin-0a1b2c3d4e5f6a7b8"})),
    ];
    assert_silent(SSM, &made_and_refused(records));
}

#[test]
fn a_refused_send_command_is_an_attempt() {
    assert_split(SSM, send_command(0), denied);
}

/// Ten denials, as a burst of minutes.
const BURST: [u32; 10] = [0, 0, 1, 1, 2, 2, 3, 3, 4, 4];

#[test]
fn ten_denials_in_five_minutes_by_one_principal_fire() {
    let mut records = denials("mallory", &BURST);
    let allowed = request(&person("mallory"), 2, "s3.amazonaws.com", "ListBuckets", Value::Null);
    records.insert(5, allowed);
    records.extend(denials("trent", &BURST[..9]));
    assert_eq!(
        fired_on(DENIAL_BURST, records),
        ids(&[0, 1, 2, 3, 4, 6, 7, 8, 9, 10]),
        "mallory's denials, not her allowed call nor trent's nine"
    );
}

#[test]
fn nine_denials_spread_denials_or_missing_keys_do_not_fire() {
    let mut records = denials("trent", &BURST[..9]);
    records.extend(denials("victor", &[0, 2, 4, 6, 8, 10, 12, 14, 16, 18]));
    let missing = |&minute: &u32| {
        let get = request(
            &person("peggy"),
            minute,
            "s3.amazonaws.com",
            "GetObject",
            json!({"key": "report.csv"}),
        );
        failed(get, "NoSuchKey", "The specified key does not exist.")
    };
    records.extend(BURST.iter().map(missing));
    assert_silent(DENIAL_BURST, &[records]);
}
