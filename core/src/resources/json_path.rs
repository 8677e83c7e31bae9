//! Reading values along a path inside unparsed JSON, without building a tree: one pass over an
//! object for the first member of several rules at once, a member, the items of a list, and a
//! text at the end. Every value of an unexpected kind reads as absent.

use super::steps::Steps;
use crate::formats::lenient::Text;
use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use std::fmt;
use std::marker::PhantomData;

/// One pass over the members of `root`: the value of each member that is the first step of a
/// rule in `wanted` (a bit per rule) goes to that rule's slot in `starts`.
pub(super) fn gather<'a>(root: &'a RawValue, rules: &[Steps], wanted: u32, starts: &mut [Option<&'a RawValue>]) {
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

/// Calls `out` with each text at `rest` inside `value` (inside each of its items when `each`).
pub(super) fn visit(value: &RawValue, each: bool, rest: Option<&str>, out: &mut dyn FnMut(&str)) {
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
pub(super) fn items<'a, T: Deserialize<'a>>(raw: &'a RawValue, each: &mut dyn FnMut(T)) {
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

    /// Calls `out` with each text at the dotted `path` inside `raw` (`name[]` steps into every item
    /// of a list).
    fn walk(raw: &RawValue, path: &str, out: &mut dyn FnMut(&str)) {
        let (step, rest) = match path.split_once('.') {
            Some((step, rest)) => (step, Some(rest)),
            None => (path, None),
        };
        if let Some(value) = member(raw, step.trim_end_matches("[]")) {
            visit(value, step.ends_with("[]"), rest, out);
        }
    }

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
}
