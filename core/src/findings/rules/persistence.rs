//! Persistence and privilege escalation: roles made to trust outsiders, keys and passwords made
//! for other users, admin rights granted, Lambda functions opened or changed, Roles Anywhere trust
//! anchors, federation tokens.

use super::super::{scans, Severity};
use super::{rule, Rule};
use crate::normalize::signals::SignalKind;

const IAM: &str = "iam.amazonaws.com";
const LAMBDA: &str = "lambda.amazonaws.com";

/// The rules of this group.
pub const RULES: &[Rule] = &[
    Rule {
        signal: Some(SignalKind::TrustsOutside),
        ..rule(
            "role-trusts-outside",
            Severity::High,
            "T1098.003",
            "Role made to trust another account or anyone",
            "A role's trust policy was set to let another account (or `*`) assume it: a door \
             back in that survives every key rotation.",
        )
    },
    Rule {
        signal: Some(SignalKind::ForAnotherUser),
        ..rule(
            "key-or-password-for-another-user",
            Severity::High,
            "T1098.001",
            "Access key or password made for another user",
            "An access key or console password was created or reset for a user other than the \
             caller: taking over that user's identity.",
        )
    },
    Rule {
        each: Some(|c, i| c.flags(i).grants_admin()),
        ..rule(
            "iam-admin-granted",
            Severity::High,
            "T1098.003",
            "Administrator rights granted",
            "AdministratorAccess was attached, or an inline policy allowing every action on \
             every resource was put, on a user, role or group: full control of the account \
             handed out.",
        )
    },
    Rule {
        operations: &[(
            IAM,
            &[
                "CreateUser",
                "CreateAccessKey",
                "CreateLoginProfile",
                "UpdateLoginProfile",
                "UpdateAssumeRolePolicy",
            ],
        )],
        ..rule(
            "iam-persistence",
            Severity::Medium,
            "T1136.003",
            "IAM users, keys, passwords or trust changed",
            "New users, access keys or console passwords, and changed role trust policies: \
             how an intruder keeps a way back in after the first credentials are revoked.",
        )
    },
    Rule {
        signal: Some(SignalKind::LambdaExposed),
        ..rule(
            "lambda-exposed",
            Severity::High,
            "T1648",
            "Lambda function opened to anyone or another account",
            "A Lambda function was made invocable by everyone or by another account, or given \
             a function URL without authentication: a backdoor that runs with the function's \
             role.",
        )
    },
    Rule {
        operations: &[(LAMBDA, &["UpdateFunctionCode"])],
        signal: Some(SignalKind::LambdaLayerAdded),
        ..rule(
            "lambda-code-or-layer-changed",
            Severity::Low,
            "T1648",
            "Lambda code replaced or layer added",
            "A function's code was replaced or a layer added to it: routine for deployments, \
             and how an intruder makes a function run their code with its role.",
        )
    },
    Rule {
        operations: &[(
            "rolesanywhere.amazonaws.com",
            &[
                "CreateTrustAnchor",
                "UpdateTrustAnchor",
                "EnableTrustAnchor",
                "CreateProfile",
                "UpdateProfile",
            ],
        )],
        ..rule(
            "roles-anywhere-trust",
            Severity::High,
            "T1098.001",
            "IAM Roles Anywhere trust anchor or profile changed",
            "A certificate authority was made a trust anchor, or a profile created or changed: \
             whoever holds a certificate from it gets role credentials from anywhere.",
        )
    },
    Rule {
        scan: Some(scans::federation_token_new_callers),
        ..rule(
            "federation-token",
            Severity::Medium,
            "T1550.001",
            "Federation token obtained by a principal new to it",
            "A principal that had not done so in its account's first day in the loaded range \
             (or in a recording too short to hold a history) called GetFederationToken, which \
             turns a user's long-term key into temporary credentials that outlive the key's \
             deletion (up to 36 hours) and can open a console session.",
        )
    },
];
