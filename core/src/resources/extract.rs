//! Reading the resources of one event while it loads: its `resources[]` list, and the values the
//! [`table`](super::table) rules name, each turned into one display form. The request
//! and response members rules start from were kept by the first parse ([`super::members`]);
//! only those, and `resources` (kept unparsed), are read further, along each rule's path
//! ([`super::json_path`]); a value of the wrong type reads as absent, and an event yields at most
//! [`MAX_PER_EVENT`] resources.

use super::json_path::{items, visit};
use super::steps::{Root, Steps};
use super::table::{Form, Rule};
use crate::formats::lenient::{Obj, Text};
use crate::formats::record::RawEvent;
use crate::store::interner::shortened;
use serde::Deserialize;
use serde_json::value::RawValue;

/// Most resources kept for one event (a `RunInstances` of thousands of instances, or a crafted
/// list, keeps its first ones).
pub const MAX_PER_EVENT: usize = 64;

/// The event's facts a display form is built from.
#[derive(Debug, Clone, Copy)]
pub struct Place<'e> {
    /// `awsRegion`.
    pub region: &'e str,
    /// The event's account.
    pub account: &'e str,
}

/// One resource as found: its display form, type and account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found<'f> {
    /// An ARN, or `TYPE NAME` when no ARN could be built (see [`super::name_of`]).
    pub key: &'f str,
    /// The resource type (`AWS::S3::Bucket`), or empty when `resources[]` gave none.
    pub kind: &'f str,
    /// The account that owns it, or empty when unknown.
    pub account: &'f str,
}

/// Whether an event may name resources: its source has rules, or it carries a non-empty
/// `resources` list. The other events cost nothing more.
pub fn concerned(event: &RawEvent<'_>, rules: &[Steps]) -> bool {
    !rules.is_empty() || event.resources.is_some_and(|r| is_non_empty_list(r.get()))
}

fn is_non_empty_list(json: &str) -> bool {
    json.strip_prefix('[')
        .is_some_and(|rest| !rest.trim_start().starts_with(']'))
}

/// Calls `found` with each resource of `event` (of folded `operation`, under `rules`), at most
/// [`MAX_PER_EVENT`]; `buf` is scratch space kept between events.
pub fn each_resource(
    event: &RawEvent<'_>,
    rules: &[Steps],
    operation: &str,
    place: Place<'_>,
    buf: &mut String,
    found: &mut dyn FnMut(Found<'_>),
) {
    let mut left = MAX_PER_EVENT;
    if let Some(list) = event.resources {
        items(list, &mut |Obj(entry): Obj<Entry>| {
            let Some(entry) = entry else { return };
            let arn = shortened(entry.arn.as_str());
            if !arn.starts_with("arn:") || left == 0 {
                return;
            }
            left -= 1;
            let account = match entry.account.as_str() {
                "" => arn_account(&arn),
                account => account,
            };
            found(Found {
                key: &arn,
                kind: entry.kind.as_str(),
                account,
            });
        });
    }
    let rules = &rules[..rules.len().min(MAX_RULES_PER_SOURCE)];
    let mut starts: [Option<&RawValue>; MAX_RULES_PER_SOURCE] = [None; MAX_RULES_PER_SOURCE];
    for (start, steps) in starts.iter_mut().zip(rules) {
        if steps.applies_to(operation) {
            *start = match steps.root {
                Root::Request(slot) => event.request.get(slot),
                Root::Response(slot) => event.response.get(slot),
            };
        }
    }
    let bucket = bucket_name(rules, &starts);
    let bucket = bucket.as_ref().map(|name| shortened(name.as_str()));
    for (steps, start) in rules.iter().zip(starts) {
        let Some(start) = start else { continue };
        let rule = steps.rule;
        visit(start, steps.each, steps.rest, &mut |value| {
            if left == 0 {
                return;
            }
            left -= 1;
            let value = shortened(value);
            let kind = display_form(rule, &value, bucket.as_deref(), place, buf);
            let account = match arn_account(buf) {
                "" if !buf.starts_with("arn:") => place.account,
                account => account,
            };
            found(Found {
                key: buf,
                kind,
                account,
            });
        });
    }
}

/// Most rules one source has (see the test in [`steps`](super::steps)).
pub const MAX_RULES_PER_SOURCE: usize = 16;

/// The `requestParameters.bucketName` of an S3 event, for its objects' ARNs.
fn bucket_name<'a>(rules: &[Steps], starts: &[Option<&'a RawValue>]) -> Option<Text<'a>> {
    let at = rules
        .iter()
        .position(|s| s.rule.path == "requestParameters.bucketName")?;
    let text = serde_json::from_str::<Text>(starts[at]?.get()).ok()?;
    text.is_set().then_some(text)
}

/// One item of `resources[]`.
#[derive(Default, Deserialize)]
#[serde(default)]
struct Entry<'a> {
    #[serde(rename = "ARN", borrow)]
    arn: Text<'a>,
    #[serde(rename = "type", borrow)]
    kind: Text<'a>,
    #[serde(rename = "accountId", borrow)]
    account: Text<'a>,
}

/// Writes the display form of `value` under `rule` into `buf`; returns the resource's type.
fn display_form(rule: &Rule, value: &str, bucket: Option<&str>, place: Place<'_>, buf: &mut String) -> &'static str {
    buf.clear();
    if value.starts_with("arn:") {
        buf.push_str(value);
        return rule.kind;
    }
    let built = match rule.form {
        Form::Arn(template) => fill(buf, template, value, place),
        Form::Name => false,
        Form::KmsKey if value.starts_with("alias/") => {
            return if fill(buf, "arn:{p}:kms:{r}:{a}:{}", value, place) {
                "AWS::KMS::Alias"
            } else {
                named(buf, "AWS::KMS::Alias", value)
            };
        }
        Form::KmsKey => fill(buf, "arn:{p}:kms:{r}:{a}:key/{}", value, place),
        Form::QueueUrl => queue_arn(buf, value, place),
        Form::S3Object => {
            bucket.is_some_and(|bucket| fill(buf, "arn:{p}:s3:::{}/", bucket, place)) && {
                buf.push_str(value);
                true
            }
        }
    };
    if built {
        rule.kind
    } else {
        named(buf, rule.kind, value)
    }
}

/// `TYPE NAME` in `buf`, for a resource without an ARN.
fn named(buf: &mut String, kind: &'static str, value: &str) -> &'static str {
    buf.clear();
    buf.push_str(kind);
    buf.push(' ');
    buf.push_str(value);
    kind
}

/// Fills `template` into `buf`; false when it needs a region or account the event lacks. Runs
/// once for most resources found, so it looks for braces byte by byte (templates are short).
fn fill(buf: &mut String, template: &str, value: &str, place: Place<'_>) -> bool {
    buf.clear();
    let mut rest = template;
    while let Some(open) = rest.bytes().position(|b| b == b'{') {
        buf.push_str(&rest[..open]);
        let Some(close) = rest[open..].bytes().position(|b| b == b'}') else {
            break;
        };
        let part = match &rest[open + 1..open + close] {
            "p" => partition(place.region),
            "r" => place.region,
            "a" => place.account,
            "/" => value.strip_prefix('/').unwrap_or(value),
            _ => value,
        };
        if part.is_empty() {
            return false;
        }
        buf.push_str(part);
        rest = &rest[open + close + 1..];
    }
    buf.push_str(rest);
    true
}

/// The ARN partition of a region.
fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

/// The queue's ARN from `https://sqs.REGION.amazonaws.com/ACCOUNT/NAME` (or the legacy
/// `queue.amazonaws.com` host, in the event's region).
fn queue_arn(buf: &mut String, url: &str, place: Place<'_>) -> bool {
    let Some(rest) = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")) else {
        return false;
    };
    let mut parts = rest.split('/');
    let (Some(host), Some(account), Some(name), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let region = host
        .strip_prefix("sqs.")
        .and_then(|h| h.split('.').next())
        .unwrap_or(place.region);
    let owner = Place { region, account };
    !name.is_empty() && fill(buf, "arn:{p}:sqs:{r}:{a}:{}", name, owner)
}

/// The account field of an ARN (`arn:PARTITION:SERVICE:REGION:ACCOUNT:…`), or empty. Runs for
/// every resource found, so it counts colons byte by byte rather than splitting.
pub(crate) fn arn_account(arn: &str) -> &str {
    if !arn.starts_with("arn:") {
        return "";
    }
    let mut colons = arn.bytes().enumerate().filter(|&(_, b)| b == b':').map(|(at, _)| at);
    match (colons.nth(3), colons.next()) {
        (Some(start), Some(end)) => &arn[start + 1..end],
        (Some(start), None) => &arn[start + 1..],
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_need_their_parts_and_queue_urls_give_their_own_region() {
        let place = Place {
            region: "cn-north-1",
            account: "111122223333",
        };
        let mut buf = String::new();
        assert!(fill(&mut buf, "arn:{p}:ssm:{r}:{a}:parameter/{/}", "/a/b", place));
        assert_eq!(buf, "arn:aws-cn:ssm:cn-north-1:111122223333:parameter/a/b");
        let nowhere = Place {
            region: "",
            account: "1",
        };
        assert!(!fill(&mut buf, "arn:{p}:ec2:{r}:{a}:vpc/{}", "vpc-1", nowhere));
        assert!(queue_arn(
            &mut buf,
            "https://sqs.eu-west-1.amazonaws.com/444455556666/q",
            place
        ));
        assert_eq!(buf, "arn:aws:sqs:eu-west-1:444455556666:q");
        assert!(!queue_arn(&mut buf, "sqs/q", place));
        assert_eq!(arn_account("arn:aws:iam::123:role/x"), "123");
        assert_eq!(arn_account("arn:aws:s3:::b"), "");
        assert_eq!(arn_account("arn:aws:sqs:r:1"), "1");
        assert_eq!(arn_account("arn:aws:sqs:r"), "");
        assert!(is_non_empty_list("[ {}]") && !is_non_empty_list("[ ]") && !is_non_empty_list("{}"));
    }
}
