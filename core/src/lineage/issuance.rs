//! One issuing call as the lineage holds it: the texts its row does not hold, in one allocation
//! ([`PackedTexts`]).

use super::extract::Via;
use crate::store::packed::PackedTexts;
use serde::{Deserialize, Serialize};

/// One call that issued credentials (or, for a console sign-in, a console session): what its
/// row does not hold. Who called, from where and with what are the row's (see
/// [`super::Lineage::caller`]), so that nothing the store holds is held twice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issuance {
    /// The texts of [`IssuedTexts`], in its order.
    texts: PackedTexts,
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
        Issuance {
            texts: PackedTexts::new([
                t.event_id,
                t.caller_account,
                t.provider,
                t.subject,
                t.access_key,
                t.principal,
                t.session,
            ]),
            time,
            via,
            at,
            row: u32::MAX,
        }
    }

    /// Text `i` of [`IssuedTexts`]' order.
    fn text(&self, i: usize) -> &str {
        self.texts.get(i)
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
        self.texts.bytes()
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
}
