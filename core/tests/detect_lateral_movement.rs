//! The lateral-movement rule of issue 15 on trails written for it (`common::attacks`), in the
//! shapes of CloudTrail's EC2 Instance Connect and EC2 serial console records (Stratus Red Team).

mod common;

use common::attacks::{assert_silent, assert_split, by_admin, denied, fired_on, ids, made_and_refused};
use serde_json::{json, Value};

const KEY_SENT: &str = "instance-connect-key-sent";

const CONNECT: &str = "ec2-instance-connect.amazonaws.com";
const EC2: &str = "ec2.amazonaws.com";
const PUBLIC_KEY: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOtAlK45MAEWZ7MUY2QEmi3M6W+peGL3VCrc0qH54xRu";

fn ssh_key_sent(minute: u32) -> Value {
    let params = json!({"instanceId": "i-0fdb357cb7e99ad97", "instanceOSUser": "ec2-user", "sSHPublicKey": PUBLIC_KEY});
    by_admin(minute, CONNECT, "SendSSHPublicKey", params)
}

fn serial_console_key_sent(minute: u32) -> Value {
    let params =
        json!({"instanceId": "i-0efcb4e480cabc4cf", "monitorMode": false, "sSHPublicKey": PUBLIC_KEY, "serialPort": 0});
    by_admin(minute, CONNECT, "SendSerialConsoleSSHPublicKey", params)
}

/// An EC2 serial console account setting call, in EC2's XML-derived request shape.
fn serial_console_access(minute: u32, name: &str) -> Value {
    by_admin(minute, EC2, name, json!({ format!("{name}Request"): "" }))
}

#[test]
fn ssh_keys_sent_or_the_serial_console_enabled_fire() {
    let records = vec![
        serial_console_access(0, "GetSerialConsoleAccessStatus"),
        serial_console_access(1, "EnableSerialConsoleAccess"),
        serial_console_key_sent(2),
        ssh_key_sent(3),
    ];
    assert_eq!(fired_on(KEY_SENT, records), ids(&[1, 2, 3]));
}

#[test]
fn reading_or_disabling_serial_console_access_does_not_fire() {
    let records = vec![
        serial_console_access(0, "GetSerialConsoleAccessStatus"),
        serial_console_access(1, "DisableSerialConsoleAccess"),
    ];
    assert_silent(KEY_SENT, &made_and_refused(records));
}

#[test]
fn a_refused_ssh_key_is_an_attempt() {
    assert_split(KEY_SENT, ssh_key_sent(0), denied);
}
