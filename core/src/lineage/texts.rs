//! An issuance's texts in as few bytes as they allow: its own (`eventID`, key) in the record,
//! and the names it shares with other calls in one allocation. A load holds hundreds of thousands
//! of issuances, and every allocation costs a wasm heap its header and rounding. Both cross the
//! wire as [`PackedTexts`].

use crate::store::packed::PackedTexts;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Longest `eventID` and key kept in the record itself: a UUID, and an AWS access key id.
const INLINE_EVENT_ID: usize = 36;
const INLINE_KEY: usize = 20;

/// An issuance's `eventID` and key: in the record when they fit, as real ones always do, since a
/// load holds hundreds of thousands of records and an allocation each cost a wasm heap 64 bytes
/// a record; others in an allocation of their own. They cross the wire as [`PackedTexts`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "PackedTexts", into = "PackedTexts")]
pub(super) enum OwnTexts {
    /// The `eventID` then the key, with their lengths.
    Inline {
        text: [u8; INLINE_EVENT_ID + INLINE_KEY],
        event_id: u8,
        key: u8,
    },
    /// Texts too long to keep inline.
    Held(PackedTexts),
}

impl OwnTexts {
    pub(super) fn new(event_id: &str, key: &str) -> OwnTexts {
        if event_id.len() > INLINE_EVENT_ID || key.len() > INLINE_KEY {
            return OwnTexts::Held(PackedTexts::new(&[event_id, key]));
        }
        let mut text = [0; INLINE_EVENT_ID + INLINE_KEY];
        text[..event_id.len()].copy_from_slice(event_id.as_bytes());
        text[event_id.len()..event_id.len() + key.len()].copy_from_slice(key.as_bytes());
        OwnTexts::Inline {
            text,
            event_id: event_id.len() as u8,
            key: key.len() as u8,
        }
    }

    pub(super) fn event_id(&self) -> &str {
        match self {
            OwnTexts::Inline { text, event_id, .. } => std::str::from_utf8(&text[..*event_id as usize]).unwrap_or(""),
            OwnTexts::Held(texts) => texts.get(0),
        }
    }

    pub(super) fn key(&self) -> &str {
        match self {
            OwnTexts::Inline { text, event_id, key } => {
                let start = *event_id as usize;
                std::str::from_utf8(&text[start..start + *key as usize]).unwrap_or("")
            }
            OwnTexts::Held(texts) => texts.get(1),
        }
    }

    /// Bytes allocated for the texts beside the record.
    pub(super) fn bytes(&self) -> usize {
        match self {
            OwnTexts::Inline { .. } => 0,
            OwnTexts::Held(texts) => texts.bytes(),
        }
    }
}

impl From<PackedTexts> for OwnTexts {
    fn from(texts: PackedTexts) -> OwnTexts {
        OwnTexts::new(texts.get(0), texts.get(1))
    }
}

impl From<OwnTexts> for PackedTexts {
    fn from(own: OwnTexts) -> PackedTexts {
        match own {
            OwnTexts::Held(texts) => texts,
            inline => PackedTexts::new(&[inline.event_id(), inline.key()]),
        }
    }
}

/// How many names an issuance shares (see [`super::IssuedTexts`]' order).
const NAMES: usize = 5;
/// Bytes before the texts: each name's end but the last's, 4 bytes each.
const HEADER: usize = 4 * (NAMES - 1);

/// The names an issuance shares with others, in one allocation: each but the last one's end,
/// then the texts. Equal names are equal values, so that a set can hold one copy of each.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "PackedTexts", into = "PackedTexts")]
pub(super) struct SharedTexts(Arc<[u8]>);

impl SharedTexts {
    pub(super) fn new(names: [&str; NAMES]) -> SharedTexts {
        let mut bytes = Vec::with_capacity(HEADER + names.iter().map(|n| n.len()).sum::<usize>());
        let mut end = 0;
        for name in &names[..NAMES - 1] {
            end += name.len() as u32;
            bytes.extend_from_slice(&end.to_le_bytes());
        }
        names.iter().for_each(|name| bytes.extend_from_slice(name.as_bytes()));
        SharedTexts(bytes.into())
    }

    /// Name `i`.
    pub(super) fn get(&self, i: usize) -> &str {
        let end = |i: usize| match self.0.get(4 * i..4 * i + 4) {
            Some(end) if i < NAMES - 1 => u32::from_le_bytes([end[0], end[1], end[2], end[3]]) as usize,
            _ => self.0.len() - HEADER,
        };
        let start = i.checked_sub(1).map_or(0, end);
        let text = self.0.get(HEADER + start..HEADER + end(i)).unwrap_or_default();
        std::str::from_utf8(text).unwrap_or("")
    }

    /// Where the copy is, to count each copy once.
    pub(super) fn as_ptr(&self) -> *const u8 {
        self.0.as_ptr()
    }

    /// Bytes the copy takes (its header included, the allocation's own not).
    pub(super) fn bytes(&self) -> usize {
        self.0.len()
    }
}

impl From<PackedTexts> for SharedTexts {
    fn from(texts: PackedTexts) -> SharedTexts {
        SharedTexts::new(std::array::from_fn(|i| texts.get(i)))
    }
}

impl From<SharedTexts> for PackedTexts {
    fn from(names: SharedTexts) -> PackedTexts {
        PackedTexts::new(&std::array::from_fn::<&str, NAMES, _>(|i| names.get(i)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_id_and_key_are_kept_in_the_record_when_they_fit_and_cross_the_wire_as_texts() {
        let uuid = "3038ebd2-c98a-4c65-9b6e-e22506292313";
        let long_id = "x".repeat(INLINE_EVENT_ID + 1);
        let long_key = "K".repeat(INLINE_KEY + 1);
        for (event_id, key, inline) in [
            (uuid, "ASIAIOSFODNN7EXAMPLE", true),
            (uuid, "", true),
            ("é", "AKIA", true),
            (long_id.as_str(), "ASIA", false),
            (uuid, long_key.as_str(), false),
        ] {
            let own = OwnTexts::new(event_id, key);
            assert_eq!(matches!(own, OwnTexts::Inline { .. }), inline, "{event_id} {key}");
            assert_eq!((own.event_id(), own.key()), (event_id, key));
            assert_eq!(own.bytes(), if inline { 0 } else { event_id.len() + key.len() });
            let wire = PackedTexts::from(own.clone());
            assert_eq!((wire.get(0), wire.get(1)), (event_id, key));
            assert_eq!(OwnTexts::from(wire), own);
        }
    }

    #[test]
    fn shared_names_read_back_as_given_are_equal_when_equal_and_cross_the_wire_as_texts() {
        let names = [
            "111122223333",
            "",
            "é-subject",
            "arn:aws:iam::1:role/R",
            "arn:aws:sts::1:assumed-role/R/s",
        ];
        let shared = SharedTexts::new(names);
        assert_eq!(std::array::from_fn::<&str, NAMES, _>(|i| shared.get(i)), names);
        assert_eq!(shared.bytes(), HEADER + names.iter().map(|n| n.len()).sum::<usize>());
        assert_eq!(shared, SharedTexts::new(names));
        assert_ne!(
            shared,
            SharedTexts::new([
                "",
                "111122223333",
                "é-subject",
                "arn:aws:iam::1:role/R",
                "arn:aws:sts::1:assumed-role/R/s"
            ])
        );
        let wire = PackedTexts::from(shared.clone());
        assert_eq!(SharedTexts::from(wire), shared);
        assert_eq!(SharedTexts::new([""; NAMES]).get(4), "");
    }
}
