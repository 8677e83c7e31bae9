//! Who made a call and with what kind of credentials: the principal rule of the per-identity
//! views, and the answers to the three questions every CloudTrail user guide asks (root or IAM
//! user credentials? temporary credentials for a role or federated user? another AWS service?).

use crate::formats::record::{RawEvent, UserIdentity};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// `userIdentity.type`, with `Unknown` for a missing or unrecognised type and `None` for events
/// without a `userIdentity` (Insights events).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[repr(u8)]
pub enum IdentityType {
    /// No `userIdentity` at all.
    #[default]
    None = 0,
    /// The account's root user.
    Root = 1,
    /// An IAM user.
    IamUser = 2,
    /// A role session.
    AssumedRole = 3,
    /// A federated user (GetFederationToken).
    FederatedUser = 4,
    /// An AWS service acting itself.
    AwsService = 5,
    /// Another AWS account.
    AwsAccount = 6,
    /// A SAML-federated user.
    SamlUser = 7,
    /// A web-identity (OIDC) user.
    WebIdentityUser = 8,
    /// An IAM Identity Center user.
    IdentityCenterUser = 9,
    /// A missing or unrecognised type.
    Unknown = 10,
}

impl IdentityType {
    /// Every type, in code order.
    pub const ALL: [IdentityType; 11] = [
        IdentityType::None,
        IdentityType::Root,
        IdentityType::IamUser,
        IdentityType::AssumedRole,
        IdentityType::FederatedUser,
        IdentityType::AwsService,
        IdentityType::AwsAccount,
        IdentityType::SamlUser,
        IdentityType::WebIdentityUser,
        IdentityType::IdentityCenterUser,
        IdentityType::Unknown,
    ];

    fn parse(s: &str) -> Self {
        match s {
            "Root" => IdentityType::Root,
            "IAMUser" => IdentityType::IamUser,
            "AssumedRole" => IdentityType::AssumedRole,
            "FederatedUser" => IdentityType::FederatedUser,
            "AWSService" => IdentityType::AwsService,
            "AWSAccount" => IdentityType::AwsAccount,
            "SAMLUser" => IdentityType::SamlUser,
            "WebIdentityUser" => IdentityType::WebIdentityUser,
            "IdentityCenterUser" => IdentityType::IdentityCenterUser,
            _ => IdentityType::Unknown,
        }
    }

    /// The name CloudTrail uses (`(none)` for no identity).
    pub fn name(self) -> &'static str {
        match self {
            IdentityType::None => "(none)",
            IdentityType::Root => "Root",
            IdentityType::IamUser => "IAMUser",
            IdentityType::AssumedRole => "AssumedRole",
            IdentityType::FederatedUser => "FederatedUser",
            IdentityType::AwsService => "AWSService",
            IdentityType::AwsAccount => "AWSAccount",
            IdentityType::SamlUser => "SAMLUser",
            IdentityType::WebIdentityUser => "WebIdentityUser",
            IdentityType::IdentityCenterUser => "IdentityCenterUser",
            IdentityType::Unknown => "Unknown",
        }
    }

    /// The type stored under code `code` (unknown codes read as `Unknown`).
    pub fn from_code(code: u16) -> Self {
        IdentityType::ALL
            .get(code as usize)
            .copied()
            .unwrap_or(IdentityType::Unknown)
    }
}

/// What kind of credentials signed the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[repr(u8)]
pub enum CredentialKind {
    /// Not known (no identity, or nothing to tell by).
    Unknown = 0,
    /// The root user's credentials.
    Root = 1,
    /// A long-term IAM access key (AKIA…).
    LongTermKey = 2,
    /// Temporary credentials (ASIA…, a role or federated session).
    TemporaryKey = 3,
    /// A console sign-in session.
    ConsoleSession = 4,
    /// An AWS service's own credentials.
    AwsService = 5,
    /// A federated identity (SAML, web identity, GetFederationToken).
    Federated = 6,
    /// IAM Identity Center (SSO).
    Sso = 7,
}

impl CredentialKind {
    /// Every kind, in code order.
    pub const ALL: [CredentialKind; 8] = [
        CredentialKind::Unknown,
        CredentialKind::Root,
        CredentialKind::LongTermKey,
        CredentialKind::TemporaryKey,
        CredentialKind::ConsoleSession,
        CredentialKind::AwsService,
        CredentialKind::Federated,
        CredentialKind::Sso,
    ];

    /// A short label for people.
    pub fn label(self) -> &'static str {
        match self {
            CredentialKind::Unknown => "unknown",
            CredentialKind::Root => "root",
            CredentialKind::LongTermKey => "long-term key",
            CredentialKind::TemporaryKey => "temporary key",
            CredentialKind::ConsoleSession => "console session",
            CredentialKind::AwsService => "AWS service",
            CredentialKind::Federated => "federated",
            CredentialKind::Sso => "SSO",
        }
    }

    /// The kind stored under code `code`.
    pub fn from_code(code: u16) -> Self {
        CredentialKind::ALL
            .get(code as usize)
            .copied()
            .unwrap_or(CredentialKind::Unknown)
    }
}

/// Everything the store keeps about who acted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity<'a> {
    /// The "who" of per-identity views (a role, not its session).
    pub principal: Cow<'a, str>,
    /// The role session ARN for AssumedRole, otherwise empty.
    pub session: &'a str,
    /// `userIdentity.type`.
    pub kind: IdentityType,
    /// The kind of credentials.
    pub credential: CredentialKind,
    /// MFA was used (session attribute or console login).
    pub mfa: bool,
    /// The call came through the console.
    pub console: bool,
    /// Another AWS service made the call (`invokedBy`, or an AWSService identity).
    pub via_service: bool,
}

/// Derives the identity facts of one event.
pub fn identify<'a>(event: &'a RawEvent<'a>) -> Identity<'a> {
    let Some(user) = &event.user_identity.0 else {
        return Identity {
            principal: Cow::Borrowed("(none)"),
            session: "",
            kind: IdentityType::None,
            credential: CredentialKind::Unknown,
            mfa: false,
            console: false,
            via_service: false,
        };
    };
    let kind = IdentityType::parse(user.kind.as_str());
    let context = user.session_context.0.as_ref();
    let issuer = context.and_then(|c| c.session_issuer.0.as_ref());
    let issuer_arn = issuer.map(|i| i.arn.as_str()).unwrap_or("");
    let (principal, session) = principal_of(user, kind, issuer_arn);
    let session_mfa = context
        .and_then(|c| c.attributes.0.as_ref())
        .is_some_and(|a| a.mfa_authenticated.is_true());
    let login_mfa = event
        .additional
        .0
        .as_ref()
        .is_some_and(|a| a.mfa_used.as_str().eq_ignore_ascii_case("yes"));
    let console = event.session_from_console.is_true()
        || event.event_type.as_str() == "AwsConsoleSignIn"
        || event.event_name.as_str() == "ConsoleLogin";
    let via_service = kind == IdentityType::AwsService || user.invoked_by.is_set();
    let is_sso_role = issuer.is_some_and(|i| i.user_name.as_str().starts_with("AWSReservedSSO_"))
        || issuer_arn.contains("/AWSReservedSSO_");
    let web_identity = context
        .and_then(|c| c.web_id_federation.0.as_ref())
        .is_some_and(|w| w.federated_provider.is_set());
    let key = user.access_key_id.as_str();
    let credential = match kind {
        IdentityType::Root => CredentialKind::Root,
        IdentityType::AwsService => CredentialKind::AwsService,
        IdentityType::IdentityCenterUser => CredentialKind::Sso,
        IdentityType::AssumedRole if is_sso_role => CredentialKind::Sso,
        IdentityType::SamlUser | IdentityType::WebIdentityUser | IdentityType::FederatedUser => {
            CredentialKind::Federated
        }
        IdentityType::AssumedRole if web_identity => CredentialKind::Federated,
        _ if console => CredentialKind::ConsoleSession,
        _ if key.starts_with("ASIA") || context.is_some() || kind == IdentityType::AssumedRole => {
            CredentialKind::TemporaryKey
        }
        _ if key.starts_with("AKIA") || kind == IdentityType::IamUser => CredentialKind::LongTermKey,
        _ => CredentialKind::Unknown,
    };
    Identity {
        principal,
        session,
        kind,
        credential,
        mfa: session_mfa || login_mfa,
        console,
        via_service,
    }
}

/// The principal rule: AssumedRole → the issuing role (the session kept apart); AWSService →
/// `invokedBy`; otherwise the ARN; without one, `<type>:<principalId or accountId>`. An
/// IAM Identity Center user keeps its `onBehalfOf.userId` as the sub-level, like a role session.
fn principal_of<'a>(user: &'a UserIdentity<'a>, kind: IdentityType, issuer_arn: &'a str) -> (Cow<'a, str>, &'a str) {
    if kind == IdentityType::AssumedRole && !issuer_arn.is_empty() {
        return (Cow::Borrowed(issuer_arn), user.arn.as_str());
    }
    if kind == IdentityType::AwsService && user.invoked_by.is_set() {
        return (Cow::Borrowed(user.invoked_by.as_str()), "");
    }
    if user.arn.is_set() {
        return (Cow::Borrowed(user.arn.as_str()), "");
    }
    let id = [&user.principal_id, &user.account_id]
        .into_iter()
        .find(|t| t.is_set())
        .map_or("unknown", |t| t.as_str());
    let sub_level = user.on_behalf_of.0.as_ref().map_or("", |o| o.user_id.as_str());
    (Cow::Owned(format!("{}:{id}", kind.name())), sub_level)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity_of(json: &str) -> (String, String, IdentityType, CredentialKind, bool, bool, bool) {
        let event: RawEvent = serde_json::from_str(json).unwrap();
        let id = identify(&event);
        (
            id.principal.into_owned(),
            id.session.to_string(),
            id.kind,
            id.credential,
            id.mfa,
            id.console,
            id.via_service,
        )
    }

    #[test]
    fn assumed_role_is_grouped_by_role_with_its_session_kept() {
        let (who, session, kind, cred, mfa, _, via) = identity_of(
            r#"{"userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/Admin/alice",
            "accessKeyId":"ASIAXXX","sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::1:role/Admin",
            "userName":"Admin"},"attributes":{"mfaAuthenticated":true}}}}"#,
        );
        assert_eq!(who, "arn:aws:iam::1:role/Admin");
        assert_eq!(session, "arn:aws:sts::1:assumed-role/Admin/alice");
        assert_eq!(
            (kind, cred, mfa, via),
            (IdentityType::AssumedRole, CredentialKind::TemporaryKey, true, false)
        );
    }

    #[test]
    fn service_sso_and_federated_kinds() {
        let service = identity_of(r#"{"userIdentity":{"type":"AWSService","invokedBy":"cloudtrail.amazonaws.com"}}"#);
        assert_eq!(
            (service.0.as_str(), service.3, service.6),
            ("cloudtrail.amazonaws.com", CredentialKind::AwsService, true)
        );
        let sso = identity_of(
            r#"{"userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/AWSReservedSSO_Admin_1/bob",
            "sessionContext":{"sessionIssuer":{"arn":"arn:aws:iam::1:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_1","userName":"AWSReservedSSO_Admin_1"},"attributes":{"mfaAuthenticated":"false"}}}}"#,
        );
        assert_eq!((sso.3, sso.4), (CredentialKind::Sso, false));
        let idc = identity_of(
            r#"{"userIdentity":{"type":"IdentityCenterUser","accountId":"1","onBehalfOf":{"userId":"u-1"}}}"#,
        );
        assert_eq!(
            (idc.0.as_str(), idc.1.as_str(), idc.3),
            ("IdentityCenterUser:1", "u-1", CredentialKind::Sso)
        );
        let saml = identity_of(r#"{"userIdentity":{"type":"SAMLUser","principalId":"p:Zoë"}}"#);
        assert_eq!((saml.0.as_str(), saml.3), ("SAMLUser:p:Zoë", CredentialKind::Federated));
    }

    #[test]
    fn iam_user_keys_console_and_missing_identity() {
        let key =
            identity_of(r#"{"userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/a","accessKeyId":"AKIAXX"}}"#);
        assert_eq!(key.3, CredentialKind::LongTermKey);
        let console = identity_of(
            r#"{"eventName":"ConsoleLogin","additionalEventData":{"MFAUsed":"Yes"},"userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/a"}}"#,
        );
        assert_eq!(
            (console.3, console.4, console.5),
            (CredentialKind::ConsoleSession, true, true)
        );
        let untyped = identity_of(r#"{"userIdentity":{"principalId":"AIDA1"}}"#);
        assert_eq!(
            (untyped.0.as_str(), untyped.2),
            ("Unknown:AIDA1", IdentityType::Unknown)
        );
        let none = identity_of(r#"{"eventType":"AwsCloudTrailInsight"}"#);
        assert_eq!((none.0.as_str(), none.2), ("(none)", IdentityType::None));
        let root = identity_of(r#"{"userIdentity":{"type":"Root","arn":"arn:aws:iam::1:root","accessKeyId":"ASIA1"}}"#);
        assert_eq!((root.0.as_str(), root.3), ("arn:aws:iam::1:root", CredentialKind::Root));
    }
}
