//! Reading the resources of one event while it loads: its `resources[]` list, and the values the
//! [`table`](super::table) rules name, each turned into one display form. Only the parts the
//! first parse kept unparsed (`requestParameters`, `responseElements`, `resources`) are read
//! again, member by member along each rule's path, without building a tree; a value of the wrong
//! type reads as absent, and an event yields at most [`MAX_PER_EVENT`] resources.

use super::table::{Form, Rule};
use crate::formats::lenient::{Obj, Text};
use crate::formats::record::RawEvent;
use crate::store::interner::shortened;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::fmt;

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
pub fn concerned(event: &RawEvent<'_>, rules: &[Rule]) -> bool {
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
    rules: &[Rule],
    operation: &str,
    place: Place<'_>,
    buf: &mut String,
    found: &mut dyn FnMut(Found<'_>),
) {
    let mut left = MAX_PER_EVENT;
    if let Some(list) = event.resources {
        items(list, &mut |item| {
            let Ok(Obj(Some(entry))) = serde_json::from_str::<Obj<Entry>>(item.get()) else {
                return;
            };
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
    for rule in rules {
        if !rule.operations.is_empty() && !rule.operations.contains(&operation) {
            continue;
        }
        let (root, path) = match rule.path.split_once('.') {
            Some(("requestParameters", path)) => (event.request, path),
            Some((_, path)) => (event.response, path),
            None => continue,
        };
        let Some(root) = root else { continue };
        walk(root, path, &mut |value| {
            if left == 0 {
                return;
            }
            left -= 1;
            let value = shortened(value);
            let kind = display_form(rule, &value, event, place, buf);
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
fn display_form(rule: &Rule, value: &str, event: &RawEvent<'_>, place: Place<'_>, buf: &mut String) -> &'static str {
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
            let mut bucket = String::new();
            if let Some(request) = event.request {
                walk(request, "bucketName", &mut |b| bucket = shortened(b).into_owned());
            }
            !bucket.is_empty() && fill(buf, "arn:{p}:s3:::{}/", &bucket, place) && {
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

/// Fills `template` into `buf`; false when it needs a region or account the event lacks.
fn fill(buf: &mut String, template: &str, value: &str, place: Place<'_>) -> bool {
    buf.clear();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        buf.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else { break };
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

/// The account field of an ARN (`arn:PARTITION:SERVICE:REGION:ACCOUNT:…`), or empty.
pub fn arn_account(arn: &str) -> &str {
    if !arn.starts_with("arn:") {
        return "";
    }
    arn.split(':').nth(4).unwrap_or("")
}

/// Calls `out` with each text at the dotted `path` inside `raw` (`name[]` steps into every item
/// of a list).
fn walk<'a>(raw: &'a RawValue, path: &str, out: &mut dyn FnMut(&str)) {
    let (step, rest) = match path.split_once('.') {
        Some((step, rest)) => (step, Some(rest)),
        None => (path, None),
    };
    let (name, each) = match step.strip_suffix("[]") {
        Some(name) => (name, true),
        None => (step, false),
    };
    let Some(value) = member(raw, name) else { return };
    let mut visit = |v: &'a RawValue| match rest {
        Some(rest) => walk(v, rest, out),
        None => {
            if let Ok(text) = serde_json::from_str::<Text>(v.get()) {
                if text.is_set() {
                    out(text.as_str());
                }
            }
        }
    };
    if each {
        items(value, &mut visit);
    } else {
        visit(value);
    }
}

/// The member `name` of the object `raw`, unparsed; `None` when `raw` is not an object.
fn member<'a>(raw: &'a RawValue, name: &str) -> Option<&'a RawValue> {
    let mut de = serde_json::Deserializer::from_str(raw.get());
    de.deserialize_any(Member(name)).ok().flatten()
}

struct Member<'n>(&'n str);

impl<'de> Visitor<'de> for Member<'_> {
    type Value = Option<&'de RawValue>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(key) = map.next_key::<Text<'de>>()? {
            if found.is_none() && key.as_str() == self.0 {
                found = Some(map.next_value::<&'de RawValue>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// Calls `each` with every item of the list `raw`, unparsed (nothing when it is not a list).
fn items<'a>(raw: &'a RawValue, each: &mut dyn FnMut(&'a RawValue)) {
    let mut de = serde_json::Deserializer::from_str(raw.get());
    let _ = de.deserialize_any(Items(each));
}

struct Items<'c, 'a>(&'c mut dyn FnMut(&'a RawValue));

impl<'de: 'a, 'a> Visitor<'de> for Items<'_, 'a> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(item) = seq.next_element_seed(RawSeed)? {
            (self.0)(item);
        }
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

struct RawSeed;

impl<'de> DeserializeSeed<'de> for RawSeed {
    type Value = &'de RawValue;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        <&'de RawValue>::deserialize(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(json: &str) -> &RawValue {
        serde_json::from_str(json).unwrap()
    }

    fn texts(json: &str, path: &str) -> Vec<String> {
        let mut out = Vec::new();
        walk(raw(json), path, &mut |t| out.push(t.to_string()));
        out
    }

    #[test]
    fn paths_step_into_members_and_list_items_and_skip_other_types() {
        let j = r#"{"a":{"items":[{"id":"x"},{"id":"y"},3,{"id":{"deep":1}}]},"id":"top","n":5}"#;
        assert_eq!(texts(j, "a.items[].id"), ["x", "y"]);
        assert_eq!(texts(j, "id"), ["top"]);
        assert_eq!(texts(j, "n"), ["5"]);
        assert!(texts(j, "a.id").is_empty());
        assert!(texts(r#"[1,2]"#, "id").is_empty());
        assert!(texts(r#""text""#, "a.b[].c").is_empty());
        assert!(texts(r#"{"a":"not a list"}"#, "a[].b").is_empty());
    }

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
        assert!(is_non_empty_list("[ {}]") && !is_non_empty_list("[ ]") && !is_non_empty_list("{}"));
    }
}
