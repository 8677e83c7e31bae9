//! The fields of one CloudTrail record that the store keeps, read straight from the JSON text
//! (borrowing strings where they hold no escapes). Everything else is skipped unparsed; the full
//! record is re-read from its file when a user opens it. A record is an event when it is an
//! object with at least one event field, whatever shape of file it came in.

use super::lenient::{Id, Obj, Text};
use crate::resources::members::Members;
use serde::Deserialize;
use serde_json::value::RawValue;

/// One CloudTrail record as far as the store needs it.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawEvent<'a> {
    /// `eventTime` (RFC 3339).
    #[serde(rename = "eventTime", borrow)]
    pub event_time: Text<'a>,
    /// `@timestamp`, kept by Logstash/ELK exports instead of `eventTime`.
    #[serde(rename = "@timestamp", borrow)]
    pub at_timestamp: Text<'a>,
    /// `eventSource`, e.g. `s3.amazonaws.com`.
    #[serde(rename = "eventSource", borrow)]
    pub event_source: Text<'a>,
    /// `eventName`, possibly with an API-version suffix.
    #[serde(rename = "eventName", borrow)]
    pub event_name: Text<'a>,
    /// `awsRegion`.
    #[serde(rename = "awsRegion", borrow)]
    pub aws_region: Text<'a>,
    /// `sourceIPAddress` (an IP or a service host name).
    #[serde(rename = "sourceIPAddress", borrow)]
    pub source_ip: Text<'a>,
    /// `userAgent`.
    #[serde(rename = "userAgent", borrow)]
    pub user_agent: Text<'a>,
    /// `errorCode`; non-empty means the call failed.
    #[serde(rename = "errorCode", borrow)]
    pub error_code: Text<'a>,
    /// `eventID`, the key for de-duplication.
    #[serde(rename = "eventID", borrow)]
    pub event_id: Id<'a>,
    /// `eventType` (`AwsApiCall`, `AwsConsoleSignIn`, `AwsCloudTrailInsight`, …).
    #[serde(rename = "eventType", borrow)]
    pub event_type: Text<'a>,
    /// `eventCategory` (`Management`, `Data`, `Insight`).
    #[serde(rename = "eventCategory", borrow)]
    pub event_category: Text<'a>,
    /// `readOnly`, a bool or a string.
    #[serde(rename = "readOnly", borrow)]
    pub read_only: Text<'a>,
    /// `recipientAccountId`, the account whose trail logged the event.
    #[serde(rename = "recipientAccountId", borrow)]
    pub recipient_account: Text<'a>,
    /// `sessionCredentialFromConsole`.
    #[serde(rename = "sessionCredentialFromConsole", borrow)]
    pub session_from_console: Text<'a>,
    /// `userIdentity`; absent for Insights events.
    #[serde(rename = "userIdentity", borrow)]
    pub user_identity: Obj<UserIdentity<'a>>,
    /// `additionalEventData`, for `MFAUsed` on console logins.
    #[serde(rename = "additionalEventData", borrow)]
    pub additional: Obj<AdditionalEventData<'a>>,
    /// `insightDetails`: an Insights event names the API it is about only here.
    #[serde(rename = "insightDetails", borrow)]
    pub insight_details: Obj<InsightDetails<'a>>,
    /// The members of `requestParameters` that resource rules read, kept as it is parsed (the
    /// rest of it is skipped), so that no request is read twice.
    #[serde(rename = "requestParameters", borrow)]
    pub request: Members<'a>,
    /// The members of `responseElements` that resource rules read, likewise.
    #[serde(rename = "responseElements", borrow)]
    pub response: Members<'a>,
    /// `resources`, unparsed.
    #[serde(borrow)]
    pub resources: Option<&'a RawValue>,
}

/// `insightDetails` of a CloudTrail Insights event.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct InsightDetails<'a> {
    /// The event source whose API call or error rate was unusual.
    #[serde(rename = "eventSource", borrow)]
    pub event_source: Text<'a>,
    /// The API whose call or error rate was unusual.
    #[serde(rename = "eventName", borrow)]
    pub event_name: Text<'a>,
}

/// `userIdentity`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UserIdentity<'a> {
    /// `type`: Root, IAMUser, AssumedRole, …; may be missing.
    #[serde(rename = "type", borrow)]
    pub kind: Text<'a>,
    /// `principalId`.
    #[serde(rename = "principalId", borrow)]
    pub principal_id: Text<'a>,
    /// `arn`.
    #[serde(borrow)]
    pub arn: Text<'a>,
    /// `accountId`.
    #[serde(rename = "accountId", borrow)]
    pub account_id: Text<'a>,
    /// `accessKeyId`: AKIA… long-term, ASIA… temporary.
    #[serde(rename = "accessKeyId", borrow)]
    pub access_key_id: Text<'a>,
    /// `userName`.
    #[serde(rename = "userName", borrow)]
    pub user_name: Text<'a>,
    /// `invokedBy`: the AWS service that made the call on the principal's behalf.
    #[serde(rename = "invokedBy", borrow)]
    pub invoked_by: Text<'a>,
    /// `sessionContext`, present for temporary credentials.
    #[serde(rename = "sessionContext", borrow)]
    pub session_context: Obj<SessionContext<'a>>,
    /// `onBehalfOf`, for IAM Identity Center users.
    #[serde(rename = "onBehalfOf", borrow)]
    pub on_behalf_of: Obj<OnBehalfOf<'a>>,
}

/// `userIdentity.sessionContext`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SessionContext<'a> {
    /// `sessionIssuer`: the role (or user) that issued the session.
    #[serde(rename = "sessionIssuer", borrow)]
    pub session_issuer: Obj<SessionIssuer<'a>>,
    /// `attributes`.
    #[serde(borrow)]
    pub attributes: Obj<SessionAttributes<'a>>,
    /// `webIdFederationData`: filled in for OIDC web-identity sessions, an empty object for
    /// every other role session.
    #[serde(rename = "webIdFederationData", borrow)]
    pub web_id_federation: Obj<WebIdFederationData<'a>>,
}

/// `sessionContext.webIdFederationData`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WebIdFederationData<'a> {
    /// `federatedProvider`: the OIDC provider's ARN or name.
    #[serde(rename = "federatedProvider", borrow)]
    pub federated_provider: Text<'a>,
}

/// `sessionContext.sessionIssuer`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SessionIssuer<'a> {
    /// `type` (Role, IAMUser, Root).
    #[serde(rename = "type", borrow)]
    pub kind: Text<'a>,
    /// `arn` of the issuing role.
    #[serde(borrow)]
    pub arn: Text<'a>,
    /// `userName`: the role name.
    #[serde(rename = "userName", borrow)]
    pub user_name: Text<'a>,
}

/// `sessionContext.attributes`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SessionAttributes<'a> {
    /// `mfaAuthenticated`, `"true"`/`"false"` or a bool.
    #[serde(rename = "mfaAuthenticated", borrow)]
    pub mfa_authenticated: Text<'a>,
    /// `creationDate`: when the session's credentials were issued (RFC 3339).
    #[serde(rename = "creationDate", borrow)]
    pub creation_date: Text<'a>,
}

/// `userIdentity.onBehalfOf`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OnBehalfOf<'a> {
    /// `userId` in the identity store.
    #[serde(rename = "userId", borrow)]
    pub user_id: Text<'a>,
}

/// `additionalEventData`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AdditionalEventData<'a> {
    /// `MFAUsed` on ConsoleLogin: `"Yes"` / `"No"`.
    #[serde(rename = "MFAUsed", borrow)]
    pub mfa_used: Text<'a>,
}

impl<'a> RawEvent<'a> {
    /// `eventSource`, or for Insights events the source named in `insightDetails`.
    pub fn source(&self) -> &str {
        match (&self.event_source, &self.insight_details.0) {
            (s, Some(details)) if !s.is_set() => details.event_source.as_str(),
            (s, _) => s.as_str(),
        }
    }

    /// `eventName`, or for Insights events the API named in `insightDetails`.
    pub fn name(&self) -> &str {
        match (&self.event_name, &self.insight_details.0) {
            (n, Some(details)) if !n.is_set() => details.event_name.as_str(),
            (n, _) => n.as_str(),
        }
    }

    /// Whether the object looks like a CloudTrail event at all (a bare-event file, an array
    /// element), rather than some other JSON.
    pub fn looks_like_event(&self) -> bool {
        self.event_name.is_set() || self.event_source.is_set() || self.event_time.is_set() || self.at_timestamp.is_set()
    }
}

/// Reads one record: a JSON object with at least one event field. (Serde would read a JSON
/// array into the struct field by field, so arrays are refused before parsing.)
pub(super) fn parse_event(json: &str) -> Result<RawEvent<'_>, String> {
    if !json.trim_start().starts_with('{') {
        return Err("not a JSON object".into());
    }
    let event: RawEvent = serde_json::from_str(json).map_err(|e| e.to_string())?;
    an_event(event)
}

/// The record if it has an event field; an object without one is some other JSON.
pub(super) fn an_event(event: RawEvent<'_>) -> Result<RawEvent<'_>, String> {
    if !event.looks_like_event() {
        return Err("not a CloudTrail event (no eventName, eventSource or eventTime)".into());
    }
    Ok(event)
}
