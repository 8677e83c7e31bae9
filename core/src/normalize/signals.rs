//! What a request says that a detection needs and no column holds: a parameter read with
//! decryption, an image shared with another account, a port opened to the internet, a role made
//! to trust an outside account. Read while loading, and only for the few operations of
//! [`READERS`], whose events are rare, so parsing their JSON once more costs nothing measurable.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A fact of one event's request that a rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SignalKind {
    /// An SSM parameter read with `withDecryption`.
    Decrypted,
    /// An instance's user data read.
    UserDataRead,
    /// An instance's user data replaced.
    UserDataModified,
    /// Instances of a GPU or very large type, or many at once.
    UnusualInstances,
    /// An image or snapshot shared with another account or made public.
    SharedOutside,
    /// A security group opened to the whole internet on an admin or database port.
    OpenToWorld,
    /// A bucket made public by its policy or ACL.
    MadePublic,
    /// A role's trust policy letting an outside account (or anyone) assume it.
    TrustsOutside,
    /// An access key or console password made for a user other than the caller.
    ForAnotherUser,
    /// A Lambda function callable by anyone or by another account.
    LambdaExposed,
    /// A layer added to a Lambda function.
    LambdaLayerAdded,
}

/// A signal found in an event: where the event is (file, offset: its store locator), and, once
/// the rows are merged, its row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signal {
    /// The event's file index and byte offset, which find its row after a merge.
    pub at: (u32, u32),
    /// The event's row; set when the dataset places its signals.
    pub row: u32,
    /// What was found.
    pub kind: SignalKind,
    /// What it concerns, worded for a finding's targets (`"shared with 999988887777"`).
    pub target: Box<str>,
}

impl Signal {
    /// A signal of the event at `at`, not yet placed on its row.
    pub fn new(at: (u32, u32), kind: SignalKind, target: String) -> Self {
        Signal {
            at,
            row: u32::MAX,
            kind,
            target: target.into(),
        }
    }
}

/// Who made the call, for the signals that compare it with the request.
pub struct Caller<'a> {
    /// The account the event was logged in (`recipientAccountId`).
    pub account: &'a str,
    /// The caller's own user name (`userIdentity.userName`), empty for roles and root.
    pub user_name: &'a str,
}

type Reader = fn(&Value, &Caller) -> Option<(SignalKind, String)>;

/// The operations a signal is read from, by event source and (folded) event name.
pub const READERS: &[(&str, &str, Reader)] = &[
    ("ssm.amazonaws.com", "GetParameter", decrypted),
    ("ssm.amazonaws.com", "GetParameters", decrypted),
    ("ssm.amazonaws.com", "GetParametersByPath", decrypted),
    ("ec2.amazonaws.com", "DescribeInstanceAttribute", user_data_read),
    ("ec2.amazonaws.com", "ModifyInstanceAttribute", user_data_modified),
    ("ec2.amazonaws.com", "RunInstances", super::instances::unusual),
    ("ec2.amazonaws.com", "ModifyImageAttribute", image_shared),
    ("ec2.amazonaws.com", "ModifySnapshotAttribute", snapshot_shared),
    ("rds.amazonaws.com", "ModifyDBSnapshotAttribute", db_snapshot_shared),
    (
        "rds.amazonaws.com",
        "ModifyDBClusterSnapshotAttribute",
        db_snapshot_shared,
    ),
    (
        "ec2.amazonaws.com",
        "AuthorizeSecurityGroupIngress",
        super::ingress::open_to_world,
    ),
    (
        "s3.amazonaws.com",
        "PutBucketPolicy",
        super::policies::bucket_policy_public,
    ),
    ("s3.amazonaws.com", "PutBucketAcl", super::policies::bucket_acl_public),
    (
        "iam.amazonaws.com",
        "UpdateAssumeRolePolicy",
        super::policies::trusts_outside,
    ),
    ("iam.amazonaws.com", "CreateRole", super::policies::trusts_outside),
    ("iam.amazonaws.com", "CreateAccessKey", for_another_user),
    ("iam.amazonaws.com", "CreateLoginProfile", for_another_user),
    ("iam.amazonaws.com", "UpdateLoginProfile", for_another_user),
    (
        "lambda.amazonaws.com",
        "AddPermission",
        super::policies::lambda_permission,
    ),
    ("lambda.amazonaws.com", "CreateFunctionUrlConfig", function_url_open),
    ("lambda.amazonaws.com", "UpdateFunctionUrlConfig", function_url_open),
    ("lambda.amazonaws.com", "UpdateFunctionConfiguration", layer_added),
];

/// Whether some signal is read from events named `operation` (folded), whatever their source.
pub fn names_a_signal_operation(operation: &str) -> bool {
    READERS.iter().any(|&(_, name, _)| name == operation)
}

/// The signal of an event from `source` and folded `operation` whose JSON is `json`, if any.
pub fn read(source: &str, operation: &str, json: &str, caller: &Caller) -> Option<(SignalKind, String)> {
    let &(_, _, reader) = READERS.iter().find(|&&(s, name, _)| name == operation && s == source)?;
    let event: Value = serde_json::from_str(json).ok()?;
    reader(event.get("requestParameters")?, caller)
}

/// `true`, `"true"` (any case) or `"TRUE"`: how CloudTrail writes a boolean parameter.
pub(super) fn truthy(value: Option<&Value>) -> bool {
    match value {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

/// A string member, or `""`.
pub(super) fn text<'v>(value: &'v Value, key: &str) -> &'v str {
    value.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// The `items` of an EC2 list member (`{"items": [...]}`), or nothing.
pub(super) fn items<'v>(value: &'v Value, key: &str) -> &'v [Value] {
    value
        .get(key)
        .and_then(|list| list.get("items"))
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn decrypted(request: &Value, _: &Caller) -> Option<(SignalKind, String)> {
    if !truthy(request.get("withDecryption")) {
        return None;
    }
    let names = match request.get("names").and_then(Value::as_array) {
        Some(names) => names.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", "),
        None => [text(request, "name"), text(request, "path")].concat(),
    };
    Some((SignalKind::Decrypted, names))
}

fn user_data_read(request: &Value, _: &Caller) -> Option<(SignalKind, String)> {
    (text(request, "attribute") == "userData").then(|| (SignalKind::UserDataRead, text(request, "instanceId").into()))
}

fn user_data_modified(request: &Value, _: &Caller) -> Option<(SignalKind, String)> {
    (request.get("userData").is_some() || text(request, "attribute") == "userData")
        .then(|| (SignalKind::UserDataModified, text(request, "instanceId").into()))
}

/// "public" when the list grants `group: all`, else the accounts added.
fn shared_with(added: &[Value], account_key: &str) -> Option<(SignalKind, String)> {
    if added.iter().any(|item| text(item, "group") == "all") {
        return Some((SignalKind::SharedOutside, "public".into()));
    }
    let accounts: Vec<&str> = added
        .iter()
        .map(|item| text(item, account_key))
        .filter(|a| !a.is_empty())
        .collect();
    (!accounts.is_empty()).then(|| {
        (
            SignalKind::SharedOutside,
            format!("shared with {}", accounts.join(", ")),
        )
    })
}

fn image_shared(request: &Value, _: &Caller) -> Option<(SignalKind, String)> {
    let added = request.get("launchPermission").map_or(&[][..], |p| items(p, "add"));
    shared_with(added, "userId")
}

fn snapshot_shared(request: &Value, _: &Caller) -> Option<(SignalKind, String)> {
    let added = request
        .get("createVolumePermission")
        .map_or(&[][..], |p| items(p, "add"));
    shared_with(added, "userId")
}

fn db_snapshot_shared(request: &Value, _: &Caller) -> Option<(SignalKind, String)> {
    if text(request, "attributeName") != "restore" {
        return None;
    }
    let added: Vec<&str> = request
        .get("valuesToAdd")
        .and_then(Value::as_array)
        .map(|values| values.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if added.contains(&"all") {
        return Some((SignalKind::SharedOutside, "public".into()));
    }
    (!added.is_empty()).then(|| (SignalKind::SharedOutside, format!("shared with {}", added.join(", "))))
}

/// The other user, as the ARN the resources column names it by, so that the two are one target.
fn for_another_user(request: &Value, caller: &Caller) -> Option<(SignalKind, String)> {
    let user = text(request, "userName");
    (!user.is_empty() && user != caller.user_name).then(|| {
        (
            SignalKind::ForAnotherUser,
            format!("arn:aws:iam::{}:user/{user}", caller.account),
        )
    })
}

fn function_url_open(request: &Value, _: &Caller) -> Option<(SignalKind, String)> {
    (text(request, "authType") == "NONE").then(|| {
        let function = text(request, "functionName");
        (
            SignalKind::LambdaExposed,
            format!("{function}: function URL without authentication"),
        )
    })
}

fn layer_added(request: &Value, _: &Caller) -> Option<(SignalKind, String)> {
    let layers: Vec<&str> = request
        .get("layers")?
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .collect();
    (!layers.is_empty()).then(|| (SignalKind::LambdaLayerAdded, layers.join(", ")))
}
