//! One issuing call as the lineage holds it: the texts its row does not hold, in one allocation.

use super::extract::Via;
use serde::{Deserialize, Serialize};

/// One call that issued credentials (or, for a console sign-in, a console session): what its
/// row does not hold. Who called, from where and with what are the row's (see
/// [`super::Lineage::caller`]), so that nothing the store holds is held twice; its seven texts
/// are one allocation (a record a few hundred thousand times over at millions of events).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issuance {
    /// The texts of [`IssuedTexts`], one after another.
    texts: Box<str>,
    /// Where each text but the last ends in `texts`.
    ends: [u32; 6],
    /// UTC ms of the call.
    pub time: i64,
    /// The call.
    pub via: Via,
    /// Where the issuing record is: its file (the store's index, after the merge) and offset.
    pub at: (u32, u32),
    /// Its row in the store, once indexed (see [`super::Lineage::build`]).
    pub row: u32,
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

impl Issuance {
    /// The record of a call made at `time` by `via`, whose record is `at`, not yet indexed.
    pub fn new(texts: IssuedTexts<'_>, time: i64, via: Via, at: (u32, u32)) -> Issuance {
        let t = texts;
        let parts = [
            t.event_id,
            t.caller_account,
            t.provider,
            t.subject,
            t.access_key,
            t.principal,
            t.session,
        ];
        let mut joined = String::with_capacity(parts.iter().map(|p| p.len()).sum());
        let mut ends = [0; 6];
        for (i, part) in parts.iter().enumerate() {
            joined.push_str(part);
            if let Some(end) = ends.get_mut(i) {
                *end = joined.len() as u32;
            }
        }
        Issuance {
            texts: joined.into_boxed_str(),
            ends,
            time,
            via,
            at,
            row: u32::MAX,
        }
    }

    /// Text `i` of [`IssuedTexts`]' order (empty if the record came malformed over the wire).
    fn text(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        let end = self.ends.get(i).map_or(self.texts.len(), |&e| e as usize);
        self.texts.get(start..end).unwrap_or("")
    }

    /// See [`IssuedTexts::event_id`].
    pub fn event_id(&self) -> &str {
        self.text(0)
    }

    /// See [`IssuedTexts::caller_account`].
    pub fn caller_account(&self) -> &str {
        self.text(1)
    }

    /// See [`IssuedTexts::provider`].
    pub fn provider(&self) -> &str {
        self.text(2)
    }

    /// See [`IssuedTexts::subject`].
    pub fn subject(&self) -> &str {
        self.text(3)
    }

    /// See [`IssuedTexts::access_key`].
    pub fn access_key(&self) -> &str {
        self.text(4)
    }

    /// See [`IssuedTexts::principal`].
    pub fn principal(&self) -> &str {
        self.text(5)
    }

    /// See [`IssuedTexts::session`].
    pub fn session(&self) -> &str {
        self.text(6)
    }

    /// Bytes its texts take.
    pub fn text_bytes(&self) -> usize {
        self.texts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_text_reads_back_as_given_and_a_malformed_record_reads_empty() {
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

        let mut wire = serde_json::to_value(&record).expect("serialised");
        wire["ends"] = serde_json::json!([6, 500, 500, 20, 10, 10]);
        let bad: Issuance = serde_json::from_value(wire).expect("read back");
        assert_eq!(bad.event_id(), "", "an end inside a character");
        assert_eq!(bad.caller_account(), "", "past the end");
        assert_eq!(bad.access_key(), "", "ending before it starts");
    }
}
