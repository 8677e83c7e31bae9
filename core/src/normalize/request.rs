//! The few facts read from an event's own JSON beyond [`RawEvent`](crate::formats::record::RawEvent):
//! whether it grants administrator rights, turns a GuardDuty detector off, or is a failed console
//! sign-in, and the [`signals`] detections read. Which operations need it is decided by event
//! source and operation name first, so the other events (nearly all) cost a few string
//! comparisons and no parse.

use super::policy_grant;
use super::signals::{self, Caller, SignalKind};
use crate::formats::lenient::{Obj, Text};
use serde::Deserialize;

/// The error code recorded for a failed console sign-in. CloudTrail logs one with
/// `responseElements.ConsoleLogin = "Failure"` and no `errorCode`, only an `errorMessage`
/// (`Failed authentication`, `No username found in supplied account`, …). A fixed code, rather
/// than the message, keeps every failed sign-in under one value of the error filter and facet
/// (the messages vary and can be long) and cannot be mistaken for a code AWS sends.
pub const CONSOLE_LOGIN_FAILURE: &str = "ConsoleLoginFailure";

/// What the re-read found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Extra {
    /// Grants administrator rights (see [`policy_grant`]).
    pub grants_admin: bool,
    /// A GuardDuty `UpdateDetector` with `enable: false`.
    pub disables_detector: bool,
    /// A `ConsoleLogin` whose response is `Failure`.
    pub failed_login: bool,
    /// A detection's fact and what it concerns.
    pub signal: Option<(SignalKind, String)>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct Event<'a> {
    #[serde(rename = "requestParameters", borrow)]
    request: Obj<Request<'a>>,
    #[serde(rename = "responseElements", borrow)]
    response: Obj<Response<'a>>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct Request<'a> {
    #[serde(rename = "policyArn", borrow)]
    policy_arn: Text<'a>,
    #[serde(rename = "policyDocument", borrow)]
    policy_document: Text<'a>,
    #[serde(borrow)]
    enable: Text<'a>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct Response<'a> {
    #[serde(rename = "ConsoleLogin", borrow)]
    console_login: Text<'a>,
}

/// The facts of one event from `source` and its folded `operation`, re-reading `json` only for
/// the operations concerned; `signalled` is its caller when the operation is one a detection's
/// signal is read from ([`signals::names_a_signal_operation`], which the loader remembers per
/// operation).
pub fn look(source: &str, operation: &str, json: &str, signalled: Option<&Caller>) -> Extra {
    if let Some(caller) = signalled {
        return Extra {
            signal: signals::read(source, operation, json, caller),
            ..Extra::default()
        };
    }
    let concerned = match source {
        "iam.amazonaws.com" => policy_grant::OPERATIONS.contains(&operation),
        "guardduty.amazonaws.com" => operation == "UpdateDetector",
        "signin.amazonaws.com" => operation == "ConsoleLogin",
        _ => false,
    };
    if !concerned {
        return Extra::default();
    }
    let event: Event = serde_json::from_str(json).unwrap_or_default();
    let request = event.request.0.unwrap_or_default();
    let response = event.response.0.unwrap_or_default();
    Extra {
        grants_admin: source == "iam.amazonaws.com"
            && policy_grant::grants_admin(request.policy_arn.as_str(), request.policy_document.as_str()),
        disables_detector: operation == "UpdateDetector" && request.enable.as_str().eq_ignore_ascii_case("false"),
        failed_login: operation == "ConsoleLogin" && response.console_login.as_str() == "Failure",
        signal: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOBODY: Caller = Caller {
        account: "111122223333",
        user_name: "",
    };

    fn look(source: &str, operation: &str, json: &str) -> Extra {
        let signalled = signals::names_a_signal_operation(operation).then_some(&NOBODY);
        super::look(source, operation, json, signalled)
    }

    #[test]
    fn reads_each_fact_only_for_its_operation() {
        let attach =
            r#"{"requestParameters":{"userName":"x","policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}}"#;
        assert!(look("iam.amazonaws.com", "AttachUserPolicy", attach).grants_admin);
        assert!(!look("iam.amazonaws.com", "DetachUserPolicy", attach).grants_admin);
        let off = r#"{"requestParameters":{"detectorId":"d","enable":false}}"#;
        assert!(look("guardduty.amazonaws.com", "UpdateDetector", off).disables_detector);
        let on = r#"{"requestParameters":{"detectorId":"d","enable":true,"findingPublishingFrequency":"SIX_HOURS"}}"#;
        assert!(!look("guardduty.amazonaws.com", "UpdateDetector", on).disables_detector);
        let failed = r#"{"responseElements":{"ConsoleLogin":"Failure"}}"#;
        assert!(look("signin.amazonaws.com", "ConsoleLogin", failed).failed_login);
        let ok = r#"{"responseElements":{"ConsoleLogin":"Success"}}"#;
        assert_eq!(look("signin.amazonaws.com", "ConsoleLogin", ok), Extra::default());
        assert_eq!(
            look("signin.amazonaws.com", "ConsoleLogin", "not json"),
            Extra::default()
        );
    }
}
