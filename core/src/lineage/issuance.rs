//! One issuing call as the lineage holds it: the texts its row does not hold, its own in the
//! record itself when they fit ([`OwnTexts`]) and those many calls share (the role, the session,
//! the provider) in one allocation, held once for all the calls that name them ([`SharedNames`]).

use super::extract::Via;
use crate::store::packed::PackedTexts;
use hashbrown::HashSet;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// One call that issued credentials (or, for a console sign-in, a console session): what its
/// row does not hold. Who called, from where and with what are the row's (see
/// [`super::Lineage::caller`]), so that nothing the store holds is held twice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issuance {
    /// Its `eventID` and the key issued.
    own: OwnTexts,
    /// The caller's account, provider, subject, principal and session, in [`IssuedTexts`]' order.
    names: Arc<PackedTexts>,
    /// UTC ms of the call.
    pub time: i64,
    /// The call.
    pub via: Via,
    /// Where the issuing record is: its file (the store's index, after the merge) and offset.
    pub at: (u32, u32),
    /// Its row in the store, once indexed (see [`super::Lineage::build`]).
    pub row: u32,
}

/// Longest `eventID` and key kept in the record itself: a UUID, and an AWS access key id.
const INLINE_EVENT_ID: usize = 36;
const INLINE_KEY: usize = 20;

/// An issuance's `eventID` and key: in the record when they fit, as real ones always do, since a
/// load holds hundreds of thousands of records and an allocation each cost a wasm heap 64 bytes
/// a record; others in an allocation of their own. They cross the wire as [`PackedTexts`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "PackedTexts", into = "PackedTexts")]
enum OwnTexts {
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
    fn new(event_id: &str, key: &str) -> OwnTexts {
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

    fn event_id(&self) -> &str {
        match self {
            OwnTexts::Inline { text, event_id, .. } => std::str::from_utf8(&text[..*event_id as usize]).unwrap_or(""),
            OwnTexts::Held(texts) => texts.get(0),
        }
    }

    fn key(&self) -> &str {
        match self {
            OwnTexts::Inline { text, event_id, key } => {
                let start = *event_id as usize;
                std::str::from_utf8(&text[start..start + *key as usize]).unwrap_or("")
            }
            OwnTexts::Held(texts) => texts.get(1),
        }
    }

    /// Bytes allocated for the texts beside the record.
    fn bytes(&self) -> usize {
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

/// The texts of an [`Issuance`].
#[derive(Debug, Clone, Copy, Default)]
pub struct IssuedTexts<'a> {
    /// The issuing event's `eventID`.
    pub event_id: &'a str,
    /// `userIdentity.accountId` of the caller (the row's account is the one that logged it).
    pub caller_account: &'a str,
    /// For a federating call, the identity provider (a SAML provider's ARN, an OIDC provider).
    pub provider: &'a str,
    /// For a federating call, the outside identity (the SAML subject, the token's subject).
    pub subject: &'a str,
    /// The key issued (empty for a console sign-in).
    pub access_key: &'a str,
    /// The principal the key belongs to: the role ARN, the user ARN, the federated user's ARN.
    pub principal: &'a str,
    /// The role session ARN the key belongs to, or empty.
    pub session: &'a str,
}

/// One copy of each distinct set of an issuance's shared names: a role is assumed, and a
/// session named, many times over.
#[derive(Debug, Clone, Default)]
pub struct SharedNames(HashSet<Arc<PackedTexts>, foldhash::fast::FixedState>);

impl SharedNames {
    /// Makes `record` hold the copy of its names kept here, keeping them if new.
    pub fn share(&mut self, record: &mut Issuance) {
        match self.0.get(&*record.names) {
            Some(held) => record.names = Arc::clone(held),
            None => {
                self.0.insert(Arc::clone(&record.names));
            }
        }
    }
}

impl Issuance {
    /// The record of a call made at `time` by `via`, whose record is `at`, not yet indexed.
    pub fn new(texts: IssuedTexts<'_>, time: i64, via: Via, at: (u32, u32)) -> Issuance {
        let t = texts;
        Issuance {
            own: OwnTexts::new(t.event_id, t.access_key),
            names: Arc::new(PackedTexts::new(&[
                t.caller_account,
                t.provider,
                t.subject,
                t.principal,
                t.session,
            ])),
            time,
            via,
            at,
            row: u32::MAX,
        }
    }

    /// See [`IssuedTexts::event_id`].
    pub fn event_id(&self) -> &str {
        self.own.event_id()
    }

    /// See [`IssuedTexts::caller_account`].
    pub fn caller_account(&self) -> &str {
        self.names.get(0)
    }

    /// See [`IssuedTexts::provider`].
    pub fn provider(&self) -> &str {
        self.names.get(1)
    }

    /// See [`IssuedTexts::subject`].
    pub fn subject(&self) -> &str {
        self.names.get(2)
    }

    /// See [`IssuedTexts::access_key`].
    pub fn access_key(&self) -> &str {
        self.own.key()
    }

    /// See [`IssuedTexts::principal`].
    pub fn principal(&self) -> &str {
        self.names.get(3)
    }

    /// See [`IssuedTexts::session`].
    pub fn session(&self) -> &str {
        self.names.get(4)
    }

    /// Bytes its own texts take, and where its shared names are with the bytes they take (to
    /// count each shared copy once).
    pub fn text_bytes(&self) -> (usize, *const PackedTexts, usize) {
        (self.own.bytes(), Arc::as_ptr(&self.names), self.names.bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_text_reads_back_as_given() {
        let texts = IssuedTexts {
            event_id: "6f1c-é",
            caller_account: "111122223333",
            provider: "",
            subject: "",
            access_key: "ASIAIOSFODNN7EXAMPLE",
            principal: "arn:aws:iam::111122223333:role/Deploy",
            session: "arn:aws:sts::111122223333:assumed-role/Deploy/ci",
        };
        let record = Issuance::new(texts, 7, Via::AssumeRole, (3, 40));
        fn read(r: &Issuance) -> [&str; 7] {
            [
                r.event_id(),
                r.caller_account(),
                r.provider(),
                r.subject(),
                r.access_key(),
                r.principal(),
                r.session(),
            ]
        }
        assert_eq!(
            read(&record),
            [
                "6f1c-é",
                "111122223333",
                "",
                "",
                "ASIAIOSFODNN7EXAMPLE",
                "arn:aws:iam::111122223333:role/Deploy",
                "arn:aws:sts::111122223333:assumed-role/Deploy/ci"
            ]
        );
        assert_eq!((record.time, record.at, record.row), (7, (3, 40), u32::MAX));
    }

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
    fn calls_that_name_the_same_role_and_session_share_one_copy_of_the_names() {
        let texts = |event_id, access_key, session| IssuedTexts {
            event_id,
            caller_account: "111122223333",
            access_key,
            principal: "arn:aws:iam::111122223333:role/Deploy",
            session,
            ..IssuedTexts::default()
        };
        let session = "arn:aws:sts::111122223333:assumed-role/Deploy/ci";
        let mut first = Issuance::new(texts("e1", "ASIA1", session), 1, Via::AssumeRole, (0, 0));
        let mut again = Issuance::new(texts("e2", "ASIA2", session), 2, Via::AssumeRole, (0, 9));
        let mut other = Issuance::new(
            texts("e3", "ASIA3", "arn:aws:sts::1:assumed-role/Deploy/x"),
            3,
            Via::AssumeRole,
            (1, 0),
        );
        let mut names = SharedNames::default();
        for record in [&mut first, &mut again, &mut other] {
            names.share(record);
        }
        assert_eq!(
            first.text_bytes().1,
            again.text_bytes().1,
            "one copy for the same names"
        );
        assert_ne!(first.text_bytes().1, other.text_bytes().1);
        assert_eq!(
            (again.event_id(), again.access_key(), again.session()),
            ("e2", "ASIA2", session)
        );
        assert_eq!(other.session(), "arn:aws:sts::1:assumed-role/Deploy/x");
    }
}
