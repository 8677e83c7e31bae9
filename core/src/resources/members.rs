//! The members of `requestParameters` and `responseElements` that some rule's path starts with,
//! kept during the first parse of every event: each other member is skipped as it is read, so a
//! request or response is scanned once, in the parse that reads the event anyway, and the rules
//! of the event's source (known only once the whole event is read) then look their members up
//! by slot.

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::fmt;

/// Every first member of a rule's path in [`RULES`](super::table::RULES) (the member of
/// `requestParameters` or `responseElements` it starts from), once (the test in
/// [`steps`](super::steps) checks both ways), then the [`LINEAGE_MEMBERS`] the credentials an
/// issuing call hands out are read from; a member's index here is its slot.
pub const FIRST_MEMBERS: [&str; 40] = [
    "bucketName",
    "key",
    "instanceId",
    "instancesSet",
    "volumeId",
    "volumeSet",
    "snapshotId",
    "snapshotSet",
    "groupId",
    "groupSet",
    "vpcId",
    "vpcSet",
    "imageId",
    "imagesSet",
    "userName",
    "roleName",
    "groupName",
    "policyArn",
    "instanceProfileName",
    "roleArn",
    "keyId",
    "functionName",
    "secretId",
    "name",
    "tableName",
    "dBInstanceIdentifier",
    "topicArn",
    "queueUrl",
    "stackName",
    "repositoryName",
    "clusterName",
    "logGroupName",
    "credentials",
    "accessKey",
    "assumedRoleUser",
    "federatedUser",
    "subject",
    "provider",
    "subjectFromWebIdentityToken",
    "principalArn",
];

/// How many of [`FIRST_MEMBERS`], at its end, only lineage reads
/// ([`crate::lineage::extract`]); it also reads `roleArn` and `userName`, which rules read too.
pub const LINEAGE_MEMBERS: usize = 8;

/// Buckets of the open-addressing table that finds a key's slot (three times the members, so
/// that a key that is no member meets an empty bucket soon).
const BUCKETS: usize = 128;
/// A bucket that holds no member.
const EMPTY: u8 = u8::MAX;

/// A bucket for a key from its length and three of its bytes: cheap, and with these factors
/// every member has a bucket of its own, so a member is found at the first probe.
const fn bucket(key: &[u8]) -> usize {
    let (len, mid) = (key.len(), key.len() / 2);
    (len + key[0] as usize * 10 + key[len - 1] as usize * 57 + key[mid] as usize) % BUCKETS
}

/// Slot of each bucket's member, [`EMPTY`] if none; built at compile time.
const TABLE: [u8; BUCKETS] = {
    let mut table = [EMPTY; BUCKETS];
    let mut slot = 0;
    while slot < FIRST_MEMBERS.len() {
        let mut at = bucket(FIRST_MEMBERS[slot].as_bytes());
        while table[at] != EMPTY {
            at = (at + 1) % BUCKETS;
        }
        table[at] = slot as u8;
        slot += 1;
    }
    table
};

/// The slot of `key` in [`FIRST_MEMBERS`], or `None` when no rule starts there.
pub fn slot_of(key: &str) -> Option<usize> {
    if key.is_empty() {
        return None;
    }
    let mut at = bucket(key.as_bytes());
    loop {
        let slot = TABLE[at];
        if slot == EMPTY {
            return None;
        }
        if FIRST_MEMBERS[usize::from(slot)] == key {
            return Some(usize::from(slot));
        }
        at = (at + 1) % BUCKETS;
    }
}

/// Members kept without allocating; a request or response holds at most two as a rule.
const INLINE: usize = 2;

/// The members of a request or response that rules read, with their slots, unparsed (the last
/// one when a key repeats); nothing when the root is absent or not an object. Every event
/// carries two through the parse, so they are small: the first few members inline, any others
/// in `more`.
#[derive(Debug, Default)]
pub struct Members<'a> {
    slots: [u8; INLINE],
    values: [Option<&'a RawValue>; INLINE],
    len: u8,
    more: Vec<(u8, &'a RawValue)>,
}

impl<'a> Members<'a> {
    /// The member in `slot`, if the request has it.
    pub fn get(&self, slot: usize) -> Option<&'a RawValue> {
        let inline = self.slots[..usize::from(self.len)]
            .iter()
            .position(|&s| usize::from(s) == slot);
        match inline {
            Some(at) => self.values[at],
            None => self.more.iter().find(|(s, _)| usize::from(*s) == slot).map(|&(_, v)| v),
        }
    }

    /// Keeps `value` as the member in `slot`, in place of an earlier one.
    fn set(&mut self, slot: usize, value: &'a RawValue) {
        let slot = slot as u8;
        let len = usize::from(self.len);
        if let Some(at) = self.slots[..len].iter().position(|&s| s == slot) {
            self.values[at] = Some(value);
        } else if let Some(kept) = self.more.iter_mut().find(|(s, _)| *s == slot) {
            kept.1 = value;
        } else if len < INLINE {
            self.slots[len] = slot;
            self.values[len] = Some(value);
            self.len += 1;
        } else {
            self.more.push((slot, value));
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Members<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(MembersVisitor)
    }
}

struct MembersVisitor;

impl<'de> Visitor<'de> for MembersVisitor {
    type Value = Members<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut members = Members::default();
        while let Some(slot) = map.next_key_seed(KeySlot)? {
            match slot {
                Some(slot) => members.set(slot, map.next_value::<&'de RawValue>()?),
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(members)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Members::default())
    }
    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Members::default())
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Members::default())
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Members::default())
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Members::default())
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Members::default())
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Members::default())
    }
}

/// Reads a key as its slot, without copying it even when it holds escapes.
struct KeySlot;

impl<'de> DeserializeSeed<'de> for KeySlot {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySlot {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E>(self, key: &str) -> Result<Self::Value, E> {
        Ok(slot_of(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn members(json: &str) -> Members<'_> {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn every_member_has_its_slot_and_other_keys_none() {
        for (slot, name) in FIRST_MEMBERS.iter().enumerate() {
            assert_eq!(slot_of(name), Some(slot), "{name}");
            assert_eq!(
                bucket(name.as_bytes()),
                TABLE.iter().position(|&s| usize::from(s) == slot).unwrap()
            );
        }
        for other in [
            "",
            "k",
            "keys",
            "Key",
            "bucketname",
            "instancesSetX",
            "requestParameters",
        ] {
            assert_eq!(slot_of(other), None, "{other}");
        }
    }

    #[test]
    fn members_are_kept_raw_the_last_of_a_repeated_key_and_nothing_from_other_values() {
        let m = members(r#"{"a":{"key":1},"bucket\u004eame":"b","key":"x","key":{"k":[1]},"name":null}"#);
        assert_eq!(m.get(slot_of("bucketName").unwrap()).unwrap().get(), r#""b""#);
        assert_eq!(m.get(slot_of("key").unwrap()).unwrap().get(), r#"{"k":[1]}"#);
        assert_eq!(m.get(slot_of("name").unwrap()).unwrap().get(), "null");
        assert!(m.get(slot_of("roleName").unwrap()).is_none());
        let many: String = FIRST_MEMBERS
            .iter()
            .enumerate()
            .map(|(i, n)| format!(r#""{n}":{i},"#))
            .collect();
        let many = format!(r#"{{{many}"key":"last"}}"#);
        let m = members(&many);
        for (slot, name) in FIRST_MEMBERS.iter().enumerate().filter(|&(_, n)| *n != "key") {
            assert_eq!(m.get(slot).unwrap().get(), slot.to_string(), "{name}");
        }
        assert_eq!(m.get(slot_of("key").unwrap()).unwrap().get(), r#""last""#);
        for other in ["[1,{\"key\":2}]", "\"key\"", "3", "true", "null"] {
            let none = members(other);
            assert!((0..FIRST_MEMBERS.len()).all(|slot| none.get(slot).is_none()), "{other}");
        }
    }
}
