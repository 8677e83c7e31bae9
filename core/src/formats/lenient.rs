//! Field readers that never fail a record over a field of an unexpected type: real trails hold
//! `readOnly` as a bool or a string, `mfaAuthenticated` as `"true"` or `true`, and hand-edited
//! exports hold anything. A value of the wrong kind reads as absent.

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// A scalar read as text (strings borrowed where possible; bools and numbers spelled out);
/// objects, arrays and null read as `None`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Text<'a>(pub Option<Cow<'a, str>>);

impl<'a> Text<'a> {
    /// The text, or `""` when absent.
    pub fn as_str(&self) -> &str {
        self.0.as_deref().unwrap_or("")
    }

    /// Whether the value is present and non-empty.
    pub fn is_set(&self) -> bool {
        !self.as_str().is_empty()
    }

    /// Whether the value is `true` or `"true"` (any case).
    pub fn is_true(&self) -> bool {
        self.as_str().eq_ignore_ascii_case("true")
    }
}

struct TextVisitor<'a>(PhantomData<&'a ()>);

impl<'de: 'a, 'a> Visitor<'de> for TextVisitor<'a> {
    type Value = Text<'a>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Text(Some(Cow::Borrowed(v))))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Text(Some(Cow::Owned(v.to_owned()))))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Text(Some(Cow::Owned(v))))
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Text(Some(Cow::Borrowed(if v { "true" } else { "false" }))))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Text(Some(Cow::Owned(v.to_string()))))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Text(Some(Cow::Owned(v.to_string()))))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Text(Some(Cow::Owned(v.to_string()))))
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Text(None))
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Text(None))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Text(None))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Text(None))
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextVisitor(PhantomData))
    }
}

/// The seed of the hash of an `eventID` that is a number (or a bool), so that it never hashes
/// as the string of the same characters does (strings hash with the default seed, 0).
const LITERAL_SEED: u64 = 1;

/// An identifier (`eventID`) exactly as the JSON tells it, for de-duplication: a string's text,
/// or a number's literal as written, so that `1` is neither `1.0` nor `"1"`, and a number past
/// 2^53 is never rounded to the float it would parse to. Objects, arrays and null read as none.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub enum Id<'a> {
    /// Absent, or not a scalar.
    #[default]
    None,
    /// A string, its escapes resolved.
    String(Cow<'a, str>),
    /// A number (or a bool) as written.
    Literal(&'a str),
}

impl Id<'_> {
    /// The id as written (empty when absent).
    pub fn as_str(&self) -> &str {
        match self {
            Id::String(id) => id,
            Id::Literal(literal) => literal,
            Id::None => "",
        }
    }

    /// The key events are de-duplicated by (the store keeps it per row): an xxh3 of the
    /// identifier as written, never 0; 0 for an event without one, which is never a duplicate.
    pub fn dedup_key(&self) -> u64 {
        match self {
            Id::String(id) if !id.is_empty() => xxh3_64(id.as_bytes()).max(1),
            Id::Literal(literal) => xxh3_64_with_seed(literal.as_bytes(), LITERAL_SEED).max(1),
            _ => 0,
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Id<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let literal = <&'a RawValue>::deserialize(d)?.get();
        Ok(match literal.as_bytes().first() {
            Some(b'"') if !literal.contains('\\') => Id::String(Cow::Borrowed(&literal[1..literal.len() - 1])),
            Some(b'"') => Id::String(Cow::Owned(serde_json::from_str(literal).map_err(de::Error::custom)?)),
            Some(b'-' | b'0'..=b'9' | b't' | b'f') => Id::Literal(literal),
            _ => Id::None,
        })
    }
}

/// An object read into `T`; any other kind of value reads as `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Obj<T>(pub Option<T>);

impl<T> Default for Obj<T> {
    fn default() -> Self {
        Obj(None)
    }
}

struct ObjVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjVisitor<T> {
    type Value = Obj<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map)).map(|t| Obj(Some(t)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        TextVisitor(PhantomData).visit_seq(seq).map(|_| Obj(None))
    }
    fn visit_borrowed_str<E>(self, _: &'de str) -> Result<Self::Value, E> {
        Ok(Obj(None))
    }
    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Obj(None))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Obj(None))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Obj(None))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Obj(None))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Obj(None))
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Obj(None))
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Obj(None))
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ObjVisitor(PhantomData))
    }
}

/// A top-level field that should hold a list: the list's own JSON, which serde has checked and
/// which is walked item by item when its records are read (so that nothing is held per item),
/// or a note that it held something else.
#[derive(Debug, Default)]
pub enum List<'a> {
    /// The field is absent or null.
    #[default]
    Missing,
    /// The list, `[` to `]`, unparsed.
    Items(&'a RawValue),
    /// The field holds a value that is not a list.
    NotAList,
}

impl<'de: 'a, 'a> Deserialize<'de> for List<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = <&'a RawValue>::deserialize(d)?;
        Ok(match value.get().as_bytes().first() {
            Some(b'[') => List::Items(value),
            Some(b'n') => List::Missing,
            _ => List::NotAList,
        })
    }
}
