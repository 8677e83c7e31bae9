//! One issuing call as the lineage holds it: the texts its row does not hold, its own in the
//! record itself when they fit ([`OwnTexts`]) and those many calls share (the role, the session,
//! the provider) in one allocation, held once for all the calls that name them ([`SharedNames`]).

use super::extract::Via;
use super::texts::{OwnTexts, SharedTexts};
use hashbrown::HashSet;
use serde::{Deserialize, Serialize};

/// One call that issued credentials (or, for a console sign-in, a console session): what its
/// row does not hold. Who called, from where and with what are the row's (see
/// [`super::Lineage::caller`]), so that nothing the store holds is held twice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issuance {
    /// Its `eventID` and the key issued.
    own: OwnTexts,
    /// The caller's account, provider, subject, principal and session, in [`IssuedTexts`]' order.
    names: SharedTexts,
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

/// One copy of each distinct set of an issuance's shared names: a role is assumed, and a
/// session named, many times over.
#[derive(Debug, Clone, Default)]
pub struct SharedNames(HashSet<SharedTexts, foldhash::fast::FixedState>);

impl SharedNames {
    /// Makes `record` hold the copy of its names kept here, keeping them if new.
    pub fn share(&mut self, record: &mut Issuance) {
        match self.0.get(&record.names) {
            Some(held) => record.names = held.clone(),
            None => {
                self.0.insert(record.names.clone());
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
            names: SharedTexts::new([t.caller_account, t.provider, t.subject, t.principal, t.session]),
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
    pub fn text_bytes(&self) -> (usize, *const u8, usize) {
        (self.own.bytes(), self.names.as_ptr(), self.names.bytes())
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
