//! Reading, at load time, the calls that issue credentials: the STS calls that return a temporary
//! key, `CreateAccessKey`, and console sign-ins. Only those events get here (recognised by
//! operation id first), and only the few members of their request and response that the first
//! parse kept ([`crate::resources::members`]) are read, so no event is scanned twice.

use super::issuance::{Issuance, IssuedTexts};
use crate::formats::lenient::{Obj, Text};
use crate::formats::record::RawEvent;
use crate::normalize::event_name::NameMemo;
use crate::normalize::identity::{Identity, IdentityType};
use crate::resources::members::{slot_of, Members};
use crate::time::parse_rfc3339;
use serde::{Deserialize, Serialize};

/// The call that issued a hop's credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Via {
    /// `sts:AssumeRole`.
    AssumeRole,
    /// `sts:AssumeRoleWithSAML`.
    AssumeRoleWithSaml,
    /// `sts:AssumeRoleWithWebIdentity`.
    AssumeRoleWithWebIdentity,
    /// `sts:GetSessionToken`.
    GetSessionToken,
    /// `sts:GetFederationToken`.
    GetFederationToken,
    /// `iam:CreateAccessKey`.
    CreateAccessKey,
    /// `signin:ConsoleLogin`: the start of console sessions.
    ConsoleLogin,
}

/// Every issuing call with its event source and event name.
const ISSUING: [(Via, &str, &str); 7] = [
    (Via::AssumeRole, "sts.amazonaws.com", "AssumeRole"),
    (Via::AssumeRoleWithSaml, "sts.amazonaws.com", "AssumeRoleWithSAML"),
    (
        Via::AssumeRoleWithWebIdentity,
        "sts.amazonaws.com",
        "AssumeRoleWithWebIdentity",
    ),
    (Via::GetSessionToken, "sts.amazonaws.com", "GetSessionToken"),
    (Via::GetFederationToken, "sts.amazonaws.com", "GetFederationToken"),
    (Via::CreateAccessKey, "iam.amazonaws.com", "CreateAccessKey"),
    (Via::ConsoleLogin, "signin.amazonaws.com", "ConsoleLogin"),
];

impl Via {
    /// The event name, as CloudTrail writes it.
    pub fn name(self) -> &'static str {
        ISSUING
            .iter()
            .find(|(via, _, _)| *via == self)
            .map_or("", |(_, _, name)| name)
    }

    /// Whether the call federates an outside identity (its caller has no AWS credentials).
    pub fn federates(self) -> bool {
        matches!(self, Via::AssumeRoleWithSaml | Via::AssumeRoleWithWebIdentity)
    }

    /// Whether the call returns a temporary key (a role, federated or MFA session).
    pub fn issues_temporary_key(self) -> bool {
        !matches!(self, Via::CreateAccessKey | Via::ConsoleLogin)
    }
}

/// The issuing calls of one batch, recognised by operation id first.
#[derive(Debug, Default)]
pub struct IssuingOperations {
    named: NameMemo,
}

impl IssuingOperations {
    /// How the call issues credentials, if it does; `id` is its folded operation's batch id (see
    /// [`NameMemo::holds`]).
    pub fn classify(&mut self, id: Option<u32>, source: &str, operation: &str) -> Option<Via> {
        if !self.named.holds(id, operation, names_an_issuing_call) {
            return None;
        }
        ISSUING
            .iter()
            .find(|(_, s, name)| *s == source && *name == operation)
            .map(|(via, _, _)| *via)
    }
}

/// Whether `operation` is the event name of an issuing call (of any source).
pub fn names_an_issuing_call(operation: &str) -> bool {
    ISSUING.iter().any(|(_, _, name)| *name == operation)
}

/// A key first used with `sessionCredentialFromConsole`, for linking it to its sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleKey {
    /// The key.
    pub access_key: String,
    /// Its principal.
    pub principal: String,
    /// Its role session ARN, or empty.
    pub session: String,
    /// The session's `creationDate` (UTC ms), or the time of its first call without one.
    pub created: i64,
}

/// Keeps one use of each key in `keys`, the earliest created (the first held, at the same
/// time), sorted by key.
pub fn keep_earliest_console_keys(keys: &mut Vec<ConsoleKey>) {
    keys.sort_by(|a, b| a.access_key.cmp(&b.access_key).then(a.created.cmp(&b.created)));
    keys.dedup_by(|later, first| later.access_key == first.access_key);
}

/// The facts of an issuing call that the loader already has from the row.
#[derive(Debug, Clone)]
pub struct IssuingCall<'a> {
    /// How it issues.
    pub via: Via,
    /// The `eventID`.
    pub event_id: &'a str,
    /// UTC ms.
    pub time: i64,
    /// The caller's principal.
    pub principal: &'a str,
    /// The caller's role session, or empty.
    pub session: &'a str,
    /// `userIdentity.type`.
    pub kind: IdentityType,
    /// `userIdentity.accountId`.
    pub caller_account: &'a str,
    /// `userIdentity.userName`.
    pub user_name: &'a str,
    /// `errorCode` (a failed call issues nothing).
    pub error: &'a str,
    /// Where the record is: its file in the batch and offset.
    pub at: (u32, u32),
}

/// An object of the response that names a key, a user or an ARN.
#[derive(Default, Deserialize)]
#[serde(default)]
struct Named<'a> {
    #[serde(rename = "accessKeyId", borrow)]
    access_key_id: Text<'a>,
    #[serde(rename = "userName", borrow)]
    user_name: Text<'a>,
    #[serde(borrow)]
    arn: Text<'a>,
}

/// The member `name` of a request or response as kept by the first parse (see
/// [`crate::resources::members`]); absent, or of another shape, it reads as the default.
fn member<'a, T: Deserialize<'a> + Default>(members: &Members<'a>, name: &str) -> T {
    slot_of(name)
        .and_then(|slot| members.get(slot))
        .and_then(|raw| serde_json::from_str(raw.get()).ok())
        .unwrap_or_default()
}

/// The object `name` of a response.
fn named<'a>(response: &Members<'a>, name: &str) -> Named<'a> {
    member::<Obj<Named<'a>>>(response, name).0.unwrap_or_default()
}

/// The text `name` of a request or response.
fn text<'a>(members: &Members<'a>, name: &str) -> Text<'a> {
    member(members, name)
}

/// The first non-empty of `a` and `b`.
fn first<'s>(a: &'s str, b: &'s str) -> &'s str {
    if a.is_empty() {
        b
    } else {
        a
    }
}

/// The issuance a successful issuing call made, from the members of its `request` and
/// `response` the first parse kept; `None` when it failed, or its response (not logged, or cut)
/// names no key.
pub fn issuance(request: &Members<'_>, response: &Members<'_>, call: IssuingCall<'_>) -> Option<Issuance> {
    if !call.error.is_empty() {
        return None;
    }
    let issued_key = || named(response, "credentials").access_key_id.as_str().to_string();
    let (access_key, principal, session) = match call.via {
        Via::ConsoleLogin => (String::new(), call.principal.to_string(), call.session.to_string()),
        Via::CreateAccessKey => {
            let created = named(response, "accessKey");
            let asked_for = text(request, "userName");
            let user = first(created.user_name.as_str(), asked_for.as_str());
            let principal = if user.is_empty() || (user == call.user_name && call.kind == IdentityType::IamUser) {
                call.principal.to_string()
            } else {
                format!("arn:aws:iam::{}:user/{user}", call.caller_account)
            };
            (created.access_key_id.as_str().to_string(), principal, String::new())
        }
        Via::GetSessionToken => (issued_key(), call.principal.to_string(), call.session.to_string()),
        Via::GetFederationToken => (
            issued_key(),
            named(response, "federatedUser").arn.as_str().to_string(),
            String::new(),
        ),
        Via::AssumeRole | Via::AssumeRoleWithSaml | Via::AssumeRoleWithWebIdentity => {
            let session = named(response, "assumedRoleUser").arn.as_str().to_string();
            let role = match text(request, "roleArn").as_str() {
                "" => role_of_session(&session),
                role => role.to_string(),
            };
            (issued_key(), role, session)
        }
    };
    if access_key.is_empty() && call.via != Via::ConsoleLogin {
        return None;
    }
    let (provider, subject) = match call.via {
        Via::AssumeRoleWithSaml => (text(request, "principalArn"), text(response, "subject")),
        Via::AssumeRoleWithWebIdentity => (
            text(response, "provider"),
            text(response, "subjectFromWebIdentityToken"),
        ),
        _ => (Text::default(), Text::default()),
    };
    let subject = if call.via.federates() {
        first(subject.as_str(), call.user_name)
    } else {
        ""
    };
    let texts = IssuedTexts {
        event_id: call.event_id,
        caller_account: call.caller_account,
        provider: provider.as_str(),
        subject,
        access_key: &access_key,
        principal: &principal,
        session: &session,
    };
    Some(Issuance::new(texts, call.time, call.via, call.at))
}

/// The console session key of `event` (first seen in its batch), created when its session says.
pub fn console_key(event: &RawEvent<'_>, identity: &Identity<'_>, time: i64) -> ConsoleKey {
    let user = event.user_identity.0.as_ref();
    let created = user
        .and_then(|u| u.session_context.0.as_ref())
        .and_then(|c| c.attributes.0.as_ref())
        .and_then(|a| parse_rfc3339(a.creation_date.as_str()));
    ConsoleKey {
        access_key: user.map_or("", |u| u.access_key_id.as_str()).to_string(),
        principal: identity.principal.to_string(),
        session: identity.session.to_string(),
        created: created.unwrap_or(time),
    }
}

/// The role ARN of a role session ARN (`arn:aws:sts::A:assumed-role/R/S` → `arn:aws:iam::A:role/R`,
/// a role's path being unknown from the session).
pub fn role_of_session(session: &str) -> String {
    let Some((head, rest)) = session.split_once(":assumed-role/") else {
        return String::new();
    };
    let role = rest.rsplit_once('/').map_or(rest, |(role, _)| role);
    let account = head.rsplit(':').next().unwrap_or("");
    let partition = head.split(':').nth(1).unwrap_or("aws");
    format!("arn:{partition}:iam::{account}:role/{role}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_names_its_role() {
        assert_eq!(
            role_of_session("arn:aws:sts::111122223333:assumed-role/Admin/alice"),
            "arn:aws:iam::111122223333:role/Admin"
        );
        assert_eq!(
            role_of_session("arn:aws-cn:sts::1:assumed-role/R/s"),
            "arn:aws-cn:iam::1:role/R"
        );
        assert_eq!(role_of_session("arn:aws:iam::1:user/bob"), "");
    }

    #[test]
    fn only_the_issuing_calls_are_recognised() {
        let mut ops = IssuingOperations::default();
        assert_eq!(
            ops.classify(Some(1), "sts.amazonaws.com", "AssumeRole"),
            Some(Via::AssumeRole)
        );
        assert_eq!(ops.classify(Some(1), "iam.amazonaws.com", "AssumeRole"), None);
        assert_eq!(ops.classify(Some(2), "s3.amazonaws.com", "GetObject"), None);
        assert_eq!(
            ops.classify(Some(3), "iam.amazonaws.com", "CreateAccessKey"),
            Some(Via::CreateAccessKey)
        );
        // Without an id of its own, each name is looked at: nothing is remembered for it.
        assert_eq!(ops.classify(None, "s3.amazonaws.com", "GetObject"), None);
        assert_eq!(
            ops.classify(None, "sts.amazonaws.com", "GetFederationToken"),
            Some(Via::GetFederationToken)
        );
        assert_eq!(Via::AssumeRoleWithSaml.name(), "AssumeRoleWithSAML");
    }
}
