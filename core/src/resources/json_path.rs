//! Reading values along a path inside unparsed JSON, without building a tree: the texts at the
//! end of a path, in one pass, and the items of a list. Every value of an unexpected kind reads
//! as absent.

use crate::formats::lenient::Text;
use serde::de::{Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use std::fmt;
use std::marker::PhantomData;

/// Calls `out` with each text at `rest` inside `value` (inside each of its items when `each`), in
/// one pass over `value` that steps only into the members on the path (the first of a repeated
/// key) and skips everything else. Most values read are plain strings at the end of the path,
/// taken as they are written without a parser.
pub(super) fn visit(value: &RawValue, each: bool, rest: Option<&str>, out: &mut dyn FnMut(&str)) {
    if let (false, None, Some(text)) = (each, rest, plain_string(value.get())) {
        if !text.is_empty() {
            out(text);
        }
        return;
    }
    let mut de = serde_json::Deserializer::from_str(value.get());
    let _ = Path { each, rest, out }.deserialize(&mut de);
}

/// The text of a JSON string without escapes (what serde would read it as), or `None` for any
/// other value.
fn plain_string(json: &str) -> Option<&str> {
    let text = json.strip_prefix('"')?.strip_suffix('"')?;
    (!text.contains('\\')).then_some(text)
}

/// The visitor methods for a scalar where a path wants a list or an object: the value is read
/// and passed over, as a value of the wrong type reads as absent.
macro_rules! scalars_ignored {
    () => {
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
    };
}

/// The rest of a path to follow inside the value being read.
struct Path<'p, 'o> {
    each: bool,
    rest: Option<&'p str>,
    out: &'o mut dyn FnMut(&str),
}

impl<'de> DeserializeSeed<'de> for Path<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        if self.each || self.rest.is_some() {
            return d.deserialize_any(self);
        }
        let text = Text::deserialize(d)?;
        if text.is_set() {
            (self.out)(text.as_str());
        }
        Ok(())
    }
}

impl<'de> Visitor<'de> for Path<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if !self.each {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(());
        }
        let (rest, out) = (self.rest, self.out);
        while seq
            .next_element_seed(Path {
                each: false,
                rest,
                out: &mut *out,
            })?
            .is_some()
        {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some(rest) = self.rest.filter(|_| !self.each) else {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Ok(());
        };
        let (step, deeper) = match rest.split_once('.') {
            Some((step, deeper)) => (step, Some(deeper)),
            None => (rest, None),
        };
        let (name, each) = (step.trim_end_matches("[]"), step.ends_with("[]"));
        let mut out = Some(self.out);
        while let Some(wanted) = map.next_key_seed(KeyIs(name))? {
            match out.take_if(|_| wanted) {
                Some(out) => map.next_value_seed(Path {
                    each,
                    rest: deeper,
                    out,
                })?,
                None => map.next_value::<IgnoredAny>().map(drop)?,
            }
        }
        Ok(())
    }
    scalars_ignored!();
}

/// Reads a key as whether it is `.0`, without copying it.
struct KeyIs<'n>(&'n str);

impl<'de> DeserializeSeed<'de> for KeyIs<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyIs<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E>(self, key: &str) -> Result<bool, E> {
        Ok(key == self.0)
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
    scalars_ignored!();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(json: &str) -> &RawValue {
        serde_json::from_str(json).unwrap()
    }

    fn texts(json: &str, path: &str) -> Vec<String> {
        let mut out = Vec::new();
        visit(raw(json), false, Some(path), &mut |t| out.push(t.to_string()));
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
        assert_eq!(texts(r#"{"a":{"id":"first"},"a":{"id":"second"}}"#, "a.id"), ["first"]);
        assert_eq!(texts(r#"{"a":[["x"],"y",true,null,{"b":1}]}"#, "a[]"), ["y", "true"]);
        assert!(texts(r#"{"a":{"b":"x"}}"#, "a[].b").is_empty());
        let leaf = |json| {
            let mut out = Vec::new();
            visit(raw(json), false, None, &mut |t| out.push(t.to_string()));
            out
        };
        assert_eq!(leaf(r#""plain""#), ["plain"]);
        assert_eq!(leaf(r#""a\"b\u0041""#), [r#"a"bA"#]);
        assert!(leaf(r#""""#).is_empty() && leaf("null").is_empty() && leaf("[1]").is_empty());
        assert_eq!(leaf("1.50"), ["1.5"]);
    }
}
