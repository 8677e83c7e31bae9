//! Reading the resources of one event while it loads: its `resources[]` list, and the values the
//! [`table`](super::table) rules name, each turned into one display form. Only the parts the
//! first parse kept unparsed (`requestParameters`, `responseElements`, `resources`) are read
//! again, member by member along each rule's path, without building a tree; a value of the wrong
//! type reads as absent, and an event yields at most [`MAX_PER_EVENT`] resources.

use super::table::{Form, Rule, Steps};
use crate::formats::lenient::{Obj, Text};
use crate::formats::record::RawEvent;
use crate::store::interner::shortened;
use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::fmt;
use std::marker::PhantomData;

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
    // Each root is scanned once for the first member of every rule that applies.
    let rules = &rules[..rules.len().min(MAX_RULES_PER_SOURCE)];
    let mut starts: [Option<&RawValue>; MAX_RULES_PER_SOURCE] = [None; MAX_RULES_PER_SOURCE];
    for (root_name, root) in [
        ("requestParameters", event.request),
        ("responseElements", event.response),
    ] {
        let mut wanted = 0u32;
        for (i, steps) in rules.iter().enumerate() {
            let ops = steps.rule.operations;
            if steps.root == root_name && (ops.is_empty() || ops.contains(&operation)) {
                wanted |= 1 << i;
            }
        }
        if let Some(root) = root.filter(|_| wanted != 0) {
            gather(root, rules, wanted, &mut starts);
        }
    }
    let bucket = bucket_name(rules, &starts);
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

/// Most rules one source has (see the table's test).
pub const MAX_RULES_PER_SOURCE: usize = 16;

/// The `requestParameters.bucketName` of an S3 event, for its objects' ARNs.
fn bucket_name(rules: &[Steps], starts: &[Option<&RawValue>]) -> Option<String> {
    let at = rules
        .iter()
        .position(|s| s.rule.path == "requestParameters.bucketName")?;
    let text = serde_json::from_str::<Text>(starts[at]?.get()).ok()?;
    text.is_set().then(|| shortened(text.as_str()).into_owned())
}

/// One pass over the members of `root`: the value of each member that is the first step of a
/// rule in `wanted` (a bit per rule) goes to that rule's slot in `starts`.
fn gather<'a>(root: &'a RawValue, rules: &[Steps], wanted: u32, starts: &mut [Option<&'a RawValue>]) {
    let mut de = serde_json::Deserializer::from_str(root.get());
    let _ = de.deserialize_any(Gather { rules, wanted, starts });
}

struct Gather<'g, 'a> {
    rules: &'g [Steps],
    wanted: u32,
    starts: &'g mut [Option<&'a RawValue>],
}

impl<'de: 'a, 'a> Visitor<'de> for Gather<'_, 'a> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<Text<'de>>()? {
            let mut takers = 0u32;
            for (i, steps) in self.rules.iter().enumerate() {
                if self.wanted & (1 << i) != 0 && steps.first == key.as_str() {
                    takers |= 1 << i;
                }
            }
            if takers == 0 {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let value = map.next_value::<&'de RawValue>()?;
            for (i, start) in self.starts.iter_mut().enumerate() {
                if takers & (1 << i) != 0 {
                    *start = Some(value);
                }
            }
        }
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
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
#[cfg(test)]
fn walk(raw: &RawValue, path: &str, out: &mut dyn FnMut(&str)) {
    let (step, rest) = match path.split_once('.') {
        Some((step, rest)) => (step, Some(rest)),
        None => (path, None),
    };
    if let Some(value) = member(raw, step.trim_end_matches("[]")) {
        visit(value, step.ends_with("[]"), rest, out);
    }
}

/// Calls `out` with each text at `rest` inside `value` (inside each of its items when `each`).
fn visit(value: &RawValue, each: bool, rest: Option<&str>, out: &mut dyn FnMut(&str)) {
    let mut at = |v: &RawValue| match rest {
        Some(rest) => {
            let (step, deeper) = match rest.split_once('.') {
                Some((step, deeper)) => (step, Some(deeper)),
                None => (rest, None),
            };
            if let Some(inner) = member(v, step.trim_end_matches("[]")) {
                visit(inner, step.ends_with("[]"), deeper, out);
            }
        }
        None => {
            if let Ok(text) = serde_json::from_str::<Text>(v.get()) {
                if text.is_set() {
                    out(text.as_str());
                }
            }
        }
    };
    if each {
        items(value, &mut |item: &RawValue| at(item));
    } else {
        at(value);
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

/// Calls `each` with every item of the list `raw` read as `T` (nothing when it is not a list;
/// the list stops at an item that does not read).
fn items<'a, T: Deserialize<'a>>(raw: &'a RawValue, each: &mut dyn FnMut(T)) {
    let mut de = serde_json::Deserializer::from_str(raw.get());
    let _ = de.deserialize_any(Items(each, PhantomData));
}

struct Items<'c, 'a, T>(&'c mut dyn FnMut(T), PhantomData<&'a ()>);

impl<'de: 'a, 'a, T: Deserialize<'de>> Visitor<'de> for Items<'_, 'a, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(item) = seq.next_element::<T>()? {
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
