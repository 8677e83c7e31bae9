//! The request parameters of the EC2 and IAM calls that more than one detection test file makes,
//! in the shapes CloudTrail logs them: EC2's `items` lists, `RunInstances`' `instancesSet`,
//! IAM's policy documents as JSON strings.

use super::attacks::{by_admin, person, request};
use serde_json::{json, Value};

const EC2: &str = "ec2.amazonaws.com";
const IAM: &str = "iam.amazonaws.com";

/// EC2's `{"add": {"items": …}}` (or `remove`) of launch or volume permissions.
pub fn permissions(change: &str, items: Value) -> Value {
    json!({ change: {"items": items} })
}

/// An EC2 call on the image with `params` besides its id.
pub fn image_call(minute: u32, name: &str, mut params: Value) -> Value {
    params["imageId"] = json!("ami-0abcdef1234567890");
    by_admin(minute, EC2, name, params)
}

/// `ModifyImageAttribute` of the image's launch permission.
pub fn modify_image(minute: u32, launch_permission: Value) -> Value {
    let params = json!({"attributeType": "launchPermission", "launchPermission": launch_permission});
    image_call(minute, "ModifyImageAttribute", params)
}

/// One `ipPermissions.items` entry: `protocol` over `ports` (none for all protocols), from the
/// IPv4 and IPv6 ranges given.
pub fn permission(protocol: &str, ports: Option<(i64, i64)>, v4: &[&str], v6: &[&str]) -> Value {
    let ranges = |key: &str, cidrs: &[&str]| {
        let items: Vec<Value> = cidrs.iter().map(|cidr| json!({ key: cidr })).collect();
        if items.is_empty() {
            json!({})
        } else {
            json!({ "items": items })
        }
    };
    let mut item = json!({
        "ipProtocol": protocol,
        "groups": {},
        "ipRanges": ranges("cidrIp", v4),
        "ipv6Ranges": ranges("cidrIpv6", v6),
        "prefixListIds": {},
    });
    if let Some((from, to)) = ports {
        item["fromPort"] = json!(from);
        item["toPort"] = json!(to);
    }
    item
}

/// TCP on `from..=to` from the IPv4 ranges `v4`.
pub fn tcp(from: i64, to: i64, v4: &[&str]) -> Value {
    permission("tcp", Some((from, to)), v4, &[])
}

/// `name` (`AuthorizeSecurityGroupIngress` or `…Egress`) of the permissions `items`.
pub fn authorize(minute: u32, name: &str, items: Vec<Value>) -> Value {
    let params = json!({"groupId": "sg-0a1b2c3d4e5f67890", "ipPermissions": {"items": items}});
    by_admin(minute, EC2, name, params)
}

/// `AuthorizeSecurityGroupIngress` of the permissions `items`.
pub fn ingress(minute: u32, items: Vec<Value>) -> Value {
    authorize(minute, "AuthorizeSecurityGroupIngress", items)
}

/// `RunInstances` of `instance_type`, asking for `min` instances and at most `max` (when given),
/// as the EC2 console and SDKs send it.
pub fn run_instances(minute: u32, instance_type: &str, min: u32, max: Option<u32>) -> Value {
    let mut item = json!({"imageId": "ami-0abcdef1234567890", "minCount": min});
    if let Some(max) = max {
        item["maxCount"] = json!(max);
    }
    let params = json!({
        "instancesSet": {"items": [item]},
        "instanceType": instance_type,
        "blockDeviceMapping": {},
        "monitoring": {"enabled": false},
        "disableApiTermination": false,
        "subnetId": "subnet-0e540f0c7ffb48ae9",
        "clientToken": format!("run-{minute}"),
    });
    request(&person("builder"), minute, EC2, "RunInstances", params)
}

/// A policy document of `statements` as IAM requests carry it: a JSON string.
pub fn policy_text(statements: Value) -> String {
    let policy = json!({"Version": "2012-10-17", "Statement": statements});
    serde_json::to_string_pretty(&policy).expect("a policy serialises")
}

/// A statement letting `principal` assume the role.
pub fn trust(principal: Value) -> Value {
    json!({"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"})
}

/// `UpdateAssumeRolePolicy` of role Deployer to a trust policy of `statements`.
pub fn update_trust(minute: u32, statements: Value) -> Value {
    let params = json!({"roleName": "Deployer", "policyDocument": policy_text(statements)});
    by_admin(minute, IAM, "UpdateAssumeRolePolicy", params)
}

/// `name` by `identity` on IAM user `user` (`userName` left out when `None`, as when one acts
/// on oneself).
pub fn for_user(identity: &Value, minute: u32, name: &str, user: Option<&str>) -> Value {
    let params = user.map_or(Value::Null, |user| json!({"userName": user}));
    request(identity, minute, IAM, name, params)
}
