//! Policies in requests that open a resource to outsiders: a bucket policy or ACL granting
//! everyone, a role trust policy naming another account or `*`, a Lambda permission for `*` or
//! another account. Policy documents arrive as objects or as JSON text (IAM's are URL-decoded
//! JSON strings in CloudTrail), with `Statement` and `Principal` as one value or a list.

use super::signals::{text, Caller, SignalKind};
use serde_json::Value;

/// The document itself, parsed when it is JSON text.
fn document(value: Option<&Value>) -> Option<Value> {
    match value? {
        Value::String(s) => serde_json::from_str(s).ok(),
        other => Some(other.clone()),
    }
}

/// One value or a list of them, as a list.
fn one_or_many(value: Option<&Value>) -> Vec<&Value> {
    match value {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    }
}

/// The AWS principals (`"*"`, ARNs, account ids) of the `Allow` statements of `policy`, with
/// whether each statement has a condition.
fn allowed_principals(policy: &Value) -> Vec<(&str, bool)> {
    let mut found = Vec::new();
    for statement in one_or_many(policy.get("Statement")) {
        if text(statement, "Effect") != "Allow" {
            continue;
        }
        let conditioned = statement.get("Condition").is_some_and(|c| !c.is_null());
        match statement.get("Principal") {
            Some(Value::String(s)) => found.push((s.as_str(), conditioned)),
            Some(principal) => {
                for aws in one_or_many(principal.get("AWS")) {
                    found.extend(aws.as_str().map(|s| (s, conditioned)));
                }
            }
            None => {}
        }
    }
    found
}

/// The account of an ARN (`arn:aws:iam::123456789012:root`) or a bare account id.
fn account_of(principal: &str) -> &str {
    if principal.starts_with("arn:") {
        principal.split(':').nth(4).unwrap_or_default()
    } else {
        principal
    }
}

/// A bucket policy allowing anyone (`*`) without a condition.
pub fn bucket_policy_public(request: &Value, _: &Caller) -> Option<(SignalKind, String)> {
    let policy = document(request.get("bucketPolicy").or_else(|| request.get("policy")))?;
    let public = allowed_principals(&policy)
        .iter()
        .any(|&(p, conditioned)| p == "*" && !conditioned);
    public.then(|| {
        (
            SignalKind::MadePublic,
            format!("{}: public by policy", text(request, "bucketName")),
        )
    })
}

/// Grantees meaning everyone, or every AWS account.
const PUBLIC_GROUPS: [&str; 2] = ["/global/AllUsers", "/global/AuthenticatedUsers"];
/// Canned ACLs that make a bucket readable (or writable) by everyone.
const PUBLIC_ACLS: [&str; 3] = ["public-read", "public-read-write", "authenticated-read"];

/// A bucket ACL granting everyone or every AWS account, by grant or canned ACL.
pub fn bucket_acl_public(request: &Value, _: &Caller) -> Option<(SignalKind, String)> {
    let canned = one_or_many(request.get("x-amz-acl"))
        .into_iter()
        .filter_map(Value::as_str)
        .any(|a| PUBLIC_ACLS.contains(&a));
    let grants = request
        .get("AccessControlPolicy")
        .and_then(|p| p.get("AccessControlList"))
        .map(|list| one_or_many(list.get("Grant")))
        .unwrap_or_default();
    let granted = grants.iter().any(|grant| {
        let uri = grant.get("Grantee").map_or("", |g| text(g, "URI"));
        PUBLIC_GROUPS.iter().any(|group| uri.ends_with(group))
    });
    (canned || granted).then(|| {
        (
            SignalKind::MadePublic,
            format!("{}: public by ACL", text(request, "bucketName")),
        )
    })
}

/// A role trust policy letting `*` or another account than the role's assume it.
pub fn trusts_outside(request: &Value, caller: &Caller) -> Option<(SignalKind, String)> {
    let policy = document(
        request
            .get("policyDocument")
            .or_else(|| request.get("assumeRolePolicyDocument")),
    )?;
    let mut outside: Vec<&str> = allowed_principals(&policy)
        .into_iter()
        .map(|(p, _)| if p == "*" { "*" } else { account_of(p) })
        .filter(|account| *account != caller.account)
        .collect();
    outside.sort_unstable();
    outside.dedup();
    (!outside.is_empty()).then(|| {
        let role = text(request, "roleName");
        (
            SignalKind::TrustsOutside,
            format!("{role} trusts {}", outside.join(", ")),
        )
    })
}

/// A Lambda permission for `*` or an account other than the function's.
pub fn lambda_permission(request: &Value, caller: &Caller) -> Option<(SignalKind, String)> {
    let principal = text(request, "principal");
    let function = text(request, "functionName");
    let home = if function.starts_with("arn:") {
        account_of(function)
    } else {
        caller.account
    };
    let outside = principal == "*" || (!principal.contains(".amazonaws.com") && account_of(principal) != home);
    (outside && !principal.is_empty()).then(|| {
        (
            SignalKind::LambdaExposed,
            format!("{function}: invocable by {principal}"),
        )
    })
}
