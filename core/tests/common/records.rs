//! CloudTrail records written by hand in the shapes of the AWS docs' examples of STS, IAM and
//! service events (`userIdentity` of each type, `AssumeRole` with `credentials.accessKeyId` and
//! `assumedRoleUser.arn`, `CreateAccessKey` with `accessKey.accessKeyId`), for the tests that
//! need a few credentials followed from where they were issued. Each test writes its own trails
//! from these; [`Trail`] loads them and names a finding's events by the `eventID`s given here.

use serde_json::{json, Value};
use trailscope_core::findings::Finding;
use trailscope_core::Dataset;

/// The account whose trail most records are in.
pub const A: &str = "111122223333";
/// Another account.
pub const B: &str = "444455556666";

const CLI: &str = "aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0 exe/x86_64.ubuntu.22 prompt/off";

/// `eventTime` `minute` minutes after 2026-11-10T09:00:00Z.
fn time(minute: u32) -> String {
    format!("2026-11-10T{:02}:{:02}:00Z", 9 + minute / 60, minute % 60)
}

/// An IAM user signing with `key`.
pub fn user(account: &str, name: &str, key: &str) -> Value {
    json!({
        "type": "IAMUser",
        "principalId": format!("AIDA{}", name.to_uppercase()),
        "arn": format!("arn:aws:iam::{account}:user/{name}"),
        "accountId": account,
        "accessKeyId": key,
        "userName": name,
    })
}

/// A session of role `role` named `session`, signing with `key`.
pub fn role_session(account: &str, role: &str, session: &str, key: &str) -> Value {
    let role_id = format!("AROA{}", role.to_uppercase());
    json!({
        "type": "AssumedRole",
        "principalId": format!("{role_id}:{session}"),
        "arn": format!("arn:aws:sts::{account}:assumed-role/{role}/{session}"),
        "accountId": account,
        "accessKeyId": key,
        "sessionContext": {
            "sessionIssuer": {
                "type": "Role",
                "principalId": role_id,
                "arn": format!("arn:aws:iam::{account}:role/{role}"),
                "accountId": account,
                "userName": role,
            },
            "webIdFederationData": {},
            "attributes": {"creationDate": "2026-11-10T09:00:00Z", "mfaAuthenticated": "false"},
        },
    })
}

/// An AWS service acting for the account (`invokedBy`), as in the records of instance profiles.
pub fn aws_service(host: &str) -> Value {
    json!({"type": "AWSService", "invokedBy": host})
}

/// A call by `identity` at `minute` from `ip` (a service host name for calls services make),
/// logged by the caller's account.
pub fn call(identity: &Value, minute: u32, source: &str, name: &str, ip: &str) -> Value {
    let account = identity["accountId"].as_str().unwrap_or(A);
    let agent = if ip.ends_with(".amazonaws.com") { ip } else { CLI };
    json!({
        "eventVersion": "1.09",
        "userIdentity": identity,
        "eventTime": time(minute),
        "eventSource": source,
        "eventName": name,
        "awsRegion": "us-east-1",
        "sourceIPAddress": ip,
        "userAgent": agent,
        "requestParameters": null,
        "responseElements": null,
        "readOnly": false,
        "eventType": "AwsApiCall",
        "managementEvent": true,
        "recipientAccountId": account,
        "eventCategory": "Management",
    })
}

/// `record` as made on a principal's behalf by the service `host` (`invokedBy`, the service's
/// host name as source IP and user agent).
pub fn invoked_by(mut record: Value, host: &str) -> Value {
    record["userIdentity"]["invokedBy"] = json!(host);
    record["sourceIPAddress"] = json!(host);
    record["userAgent"] = json!(host);
    record
}

/// `sts:AssumeRole` of `role_arn` by `identity`, issuing `new_key` to session `session`.
pub fn assume_role(identity: &Value, minute: u32, ip: &str, role_arn: &str, session: &str, new_key: &str) -> Value {
    let (head, role) = role_arn.split_once(":role/").expect("a role ARN");
    let role_account = head.rsplit(':').next().unwrap_or_default();
    let mut record = call(identity, minute, "sts.amazonaws.com", "AssumeRole", ip);
    record["readOnly"] = json!(true);
    record["requestParameters"] = json!({"roleArn": role_arn, "roleSessionName": session});
    record["responseElements"] = json!({
        "credentials": {
            "accessKeyId": new_key,
            "sessionToken": "IQoJb3JpZ2luX2VjEXAMPLE",
            "expiration": "Nov 10, 2026, 10:00:00 AM",
        },
        "assumedRoleUser": {
            "assumedRoleId": format!("AROA{}:{session}", role.to_uppercase()),
            "arn": format!("arn:aws:sts::{role_account}:assumed-role/{role}/{session}"),
        },
    });
    record["resources"] = json!([{"accountId": role_account, "type": "AWS::IAM::Role", "ARN": role_arn}]);
    record
}

/// `sts:GetSessionToken` by `identity`, issuing `new_key`.
pub fn session_token(identity: &Value, minute: u32, ip: &str, new_key: &str) -> Value {
    let mut record = call(identity, minute, "sts.amazonaws.com", "GetSessionToken", ip);
    record["readOnly"] = json!(true);
    record["requestParameters"] = json!({"durationSeconds": 43200});
    record["responseElements"] = json!({"credentials": {
        "accessKeyId": new_key,
        "sessionToken": "IQoJb3JpZ2luX2VjEXAMPLE",
        "expiration": "Nov 10, 2026, 9:00:00 PM",
    }});
    record
}

/// `iam:CreateAccessKey` by `identity` for IAM user `for_user`, issuing `new_key`.
pub fn create_access_key(identity: &Value, minute: u32, ip: &str, for_user: &str, new_key: &str) -> Value {
    let mut record = call(identity, minute, "iam.amazonaws.com", "CreateAccessKey", ip);
    record["requestParameters"] = json!({"userName": for_user});
    record["responseElements"] = json!({"accessKey": {
        "userName": for_user,
        "accessKeyId": new_key,
        "status": "Active",
        "createDate": "Nov 10, 2026, 9:00:00 AM",
    }});
    record
}

/// The copy of a cross-account `record` that the trail of `account` holds: its own `eventID`
/// and recipient, the caller as an `AWSAccount`, the `sharedEventID` of both.
pub fn copy_logged_by(record: &mut Value, account: &str) -> Value {
    record["sharedEventID"] = json!(format!("shared-{}", record["eventTime"].as_str().unwrap_or_default()));
    let mut copy = record.clone();
    let caller = &record["userIdentity"];
    copy["userIdentity"] = json!({
        "type": "AWSAccount",
        "principalId": caller["principalId"],
        "accountId": caller["accountId"],
    });
    copy["recipientAccountId"] = json!(account);
    copy
}

/// Trails loaded together: `logs[n]` is file `log-n.json`, and its `i`-th record gets the
/// `eventID` `"n-i"` (zero-padded to two digits), so that a test names the events it expects.
pub struct Trail {
    /// The dataset.
    pub data: Dataset,
    files: Vec<(String, Vec<u8>)>,
}

impl Trail {
    /// The logs loaded as one batch.
    pub fn of(logs: &[Vec<Value>]) -> Trail {
        let files = files(logs);
        let data = Dataset::from_batches([super::batch(&files)]);
        Trail { data, files }
    }

    /// The `eventID`s of the events of the finding of `rule`, sorted (empty when it did not fire).
    pub fn fired(&self, rule: &str) -> Vec<String> {
        let rows = self.data.findings().rows(rule).unwrap_or_default();
        let mut ids: Vec<String> = rows
            .iter()
            .map(|&row| {
                let event = super::event_value(&self.data, &self.files, row as usize);
                event["eventID"].as_str().unwrap().to_string()
            })
            .collect();
        ids.sort();
        ids
    }

    /// The finding of `rule`, if it fired.
    pub fn finding(&self, rule: &str) -> Option<&Finding> {
        self.data.findings().list().find(|f| f.rule == rule)
    }

    /// The detail line of the finding of `rule`, if it fired.
    pub fn detail(&self, rule: &str) -> Option<String> {
        self.finding(rule).map(|f| f.detail.clone())
    }
}

/// The logs as files: `logs[n]` is `log-n.json`, its `i`-th record with `eventID` `"n-i"` (`i`
/// zero-padded to two digits).
pub fn files(logs: &[Vec<Value>]) -> Vec<(String, Vec<u8>)> {
    let file = |(n, records): (usize, &Vec<Value>)| {
        let records: Vec<Value> = records
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut r = r.clone();
                r["eventID"] = json!(format!("{n}-{i:02}"));
                r["requestID"] = json!(format!("request-{n}-{i:02}"));
                r
            })
            .collect();
        let doc = json!({ "Records": records });
        (format!("log-{n}.json"), serde_json::to_vec(&doc).unwrap())
    };
    logs.iter().enumerate().map(file).collect()
}

/// A developer's long-term key used from two addresses, which assumes a Deployer role that is
/// used from a third and assumes an Admin role, used from two more and once through Athena:
/// six addresses over the chain, four only through its sessions.
pub fn chain_over_six_addresses() -> Vec<Value> {
    let dev = user(A, "dev", "AKIADEVEXAMPLE000001");
    let deployer = role_session(A, "Deployer", "dev", "ASIADEPLOYEXAMPLE001");
    let admin = role_session(A, "Admin", "dev-admin", "ASIAADMINEXAMPLE0001");
    let role = |name: &str| format!("arn:aws:iam::{A}:role/{name}");
    vec![
        call(&dev, 0, "sts.amazonaws.com", "GetCallerIdentity", "198.51.100.1"),
        assume_role(
            &dev,
            1,
            "198.51.100.2",
            &role("Deployer"),
            "dev",
            "ASIADEPLOYEXAMPLE001",
        ),
        call(&deployer, 2, "s3.amazonaws.com", "ListBuckets", "198.51.100.3"),
        assume_role(
            &deployer,
            3,
            "198.51.100.4",
            &role("Admin"),
            "dev-admin",
            "ASIAADMINEXAMPLE0001",
        ),
        call(&admin, 4, "ec2.amazonaws.com", "RunInstances", "203.0.113.5"),
        call(&admin, 5, "iam.amazonaws.com", "CreateUser", "203.0.113.6"),
        invoked_by(
            call(&admin, 6, "s3.amazonaws.com", "GetObject", ""),
            "athena.amazonaws.com",
        ),
    ]
}
