//! The rules, as data. A rule matching operations is one entry of [`RULES`] naming
//! `(event source, [operations])`; a rule on a row's facts adds a predicate; a rule needing
//! more than one row (bursts, first-seen regions, keys used from many addresses) adds a scan
//! from [`super::scans`], and one following credentials from where they were issued a scan from
//! [`super::lineage_scans`]; their thresholds are named constants there.

use super::{lineage_scans, scans, Matched, Severity};
use crate::lineage::Lineage;
use crate::normalize::identity::IdentityType;
use crate::store::flags::Flags;
use crate::store::EventStore;

/// Operations of one event source.
pub type Operations = (&'static str, &'static [&'static str]);

/// One rule. Its rows are the union of those matching [`Rule::operations`], [`Rule::each`]
/// and [`Rule::scan`].
#[derive(Clone, Copy)]
pub struct Rule {
    /// Stable kebab-case id, used in URLs.
    pub id: &'static str,
    /// How urgent a match is.
    pub severity: Severity,
    /// A short title.
    pub title: &'static str,
    /// Why it matters.
    pub description: &'static str,
    /// Operations that match whatever their outcome (a failed attempt is a signal too).
    pub operations: &'static [Operations],
    /// A test of one row.
    pub each: Option<fn(&Context, usize) -> bool>,
    /// A pass over the whole store (and its lineage).
    pub scan: Option<fn(&Context) -> Matched>,
}

/// A rule that matches nothing yet, to build the others on.
const fn rule(id: &'static str, severity: Severity, title: &'static str, description: &'static str) -> Rule {
    Rule {
        id,
        severity,
        title,
        description,
        operations: &[],
        each: None,
        scan: None,
    }
}

/// What a rule may look at: the columns, the ids a row predicate compares them with, and where
/// the credentials came from.
pub struct Context<'s> {
    pub(super) store: &'s EventStore,
    pub(super) lineage: &'s Lineage,
    console_login: Option<(u16, u32)>,
}

impl<'s> Context<'s> {
    /// The context of `store` and its `lineage`.
    pub(super) fn new(store: &'s EventStore, lineage: &'s Lineage) -> Self {
        let d = &store.dict;
        let console_login = d
            .sources
            .find("signin.amazonaws.com")
            .zip(d.operations.find("ConsoleLogin"))
            .map(|(s, o)| (s as u16, o));
        Context {
            store,
            lineage,
            console_login,
        }
    }

    fn flags(&self, i: usize) -> Flags {
        Flags(self.store.columns.flags[i])
    }

    fn is_console_login(&self, i: usize) -> bool {
        let c = &self.store.columns;
        self.console_login == Some((c.source[i], c.operation[i]))
    }

    fn failed(&self, i: usize) -> bool {
        self.store.columns.error[i] != 0
    }
}

const IAM: &str = "iam.amazonaws.com";

/// Every rule, in no particular order (findings are sorted by severity and size).
pub const RULES: &[Rule] = &[
    Rule {
        each: Some(|c, i| c.flags(i).identity() == IdentityType::Root && c.is_console_login(i)),
        ..rule(
            "root-console-login",
            Severity::High,
            "Root console sign-in",
            "Someone signed in to the console as the root user, which can do anything \
             (including closing the account) and should be locked away behind MFA and used \
             only for the few tasks that need it.",
        )
    },
    Rule {
        each: Some(|c, i| c.flags(i).identity() == IdentityType::Root),
        ..rule(
            "root-activity",
            Severity::High,
            "Root account activity",
            "Calls made with the root user's credentials. AWS and CIS advise against using \
             root for everyday work: its actions cannot be limited by IAM policies.",
        )
    },
    Rule {
        each: Some(|c, i| {
            let f = c.flags(i);
            c.is_console_login(i)
                && !c.failed(i)
                && !f.mfa()
                && matches!(f.identity(), IdentityType::Root | IdentityType::IamUser)
        }),
        ..rule(
            "console-login-without-mfa",
            Severity::Medium,
            "Console sign-in without MFA",
            "A root or IAM user signed in to the console with a password alone (MFAUsed is \
             not Yes): one phished password is enough to take over such an account. Federated \
             and SSO sign-ins are left out, their MFA happens at the identity provider.",
        )
    },
    Rule {
        each: Some(|c, i| c.is_console_login(i) && c.failed(i)),
        ..rule(
            "console-login-failed",
            Severity::Low,
            "Failed console sign-ins",
            "Console sign-ins that failed: a few are typos, many from one place or for many \
             users suggest password guessing.",
        )
    },
    Rule {
        scan: Some(scans::access_denied_bursts),
        ..rule(
            "access-denied-burst",
            Severity::Medium,
            "Bursts of access denied",
            "One principal hit many AccessDenied / UnauthorizedOperation errors in a few \
             minutes: typical of stolen credentials being tried to see what they can do, or \
             of a broken deployment.",
        )
    },
    Rule {
        operations: &[(
            "cloudtrail.amazonaws.com",
            &[
                "StopLogging",
                "DeleteTrail",
                "DeleteEventDataStore",
                "StopEventDataStoreIngestion",
            ],
        )],
        ..rule(
            "cloudtrail-stopped",
            Severity::Critical,
            "CloudTrail logging stopped or deleted",
            "A trail or event data store was stopped or deleted: the first thing an intruder \
             does to cover their tracks, leaving no record of what follows.",
        )
    },
    Rule {
        operations: &[(
            "cloudtrail.amazonaws.com",
            &["UpdateTrail", "PutEventSelectors", "PutInsightSelectors"],
        )],
        ..rule(
            "cloudtrail-changed",
            Severity::Medium,
            "CloudTrail trail changed",
            "A trail's settings or event selectors changed, which can quietly stop logging \
             some events, regions or data events.",
        )
    },
    Rule {
        each: Some(|c, i| c.flags(i).grants_admin()),
        ..rule(
            "iam-admin-granted",
            Severity::High,
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
            "IAM users, keys, passwords or trust changed",
            "New users, access keys or console passwords, and changed role trust policies: \
             how an intruder keeps a way back in after the first credentials are revoked.",
        )
    },
    Rule {
        scan: Some(scans::first_seen_regions),
        ..rule(
            "region-first-seen",
            Severity::Medium,
            "Activity in a new region",
            "An account started using a region it did not use at the beginning of the loaded \
             range: unused regions are where stolen credentials run crypto-miners unnoticed.",
        )
    },
    Rule {
        scan: Some(scans::keys_from_many_addresses),
        ..rule(
            "long-term-key-many-ips",
            Severity::Medium,
            "Long-term access key used from many IPs",
            "An IAM user's long-term access key (AKIA…) was used from many source IP \
             addresses: a leaked key is often used from several places at once.",
        )
    },
    Rule {
        scan: Some(lineage_scans::long_term_chains_from_many_addresses),
        ..rule(
            "long-term-key-chain-many-ips",
            Severity::High,
            "Sessions of a long-term key used from many IPs",
            "The role and MFA sessions obtained with one long-term access key, and those \
             obtained with them in turn, were used from many source IP addresses while the key \
             itself stayed on a few: a stolen key turned into sessions spreads out where the \
             key's own use looks normal.",
        )
    },
    Rule {
        scan: Some(lineage_scans::sessions_from_other_addresses),
        ..rule(
            "session-from-another-ip",
            Severity::High,
            "Session used from another IP than the one that obtained it",
            "Temporary credentials (from AssumeRole and its SAML and web-identity forms, \
             GetSessionToken or GetFederationToken) were used from a source IP other than the one of the call that obtained them: \
             session credentials copied off the machine they were issued to. Sessions AWS \
             services obtain (instance profiles, function roles) and calls services make on \
             the caller's behalf are left out.",
        )
    },
    Rule {
        scan: Some(lineage_scans::cross_account_roles),
        ..rule(
            "cross-account-role",
            Severity::Medium,
            "Role assumed from another account",
            "A principal of one account assumed a role of another: the expected path for \
             shared-services and organization roles, and the path by which a compromise in \
             one account reaches the next.",
        )
    },
    Rule {
        scan: Some(lineage_scans::created_keys_used_elsewhere),
        ..rule(
            "created-key-used-elsewhere",
            Severity::High,
            "New access key used from an IP new to its creator and its user",
            "An access key created in the loaded logs was used, itself or through its \
             sessions, from a source IP that neither the principal who created it nor the user \
             it belongs to had used with other credentials: a classic way back in, a key minted \
             and taken elsewhere.",
        )
    },
    Rule {
        operations: &[("kms.amazonaws.com", &["ScheduleKeyDeletion", "DisableKey"])],
        ..rule(
            "kms-key-deletion",
            Severity::High,
            "KMS key deletion scheduled or key disabled",
            "A KMS key was scheduled for deletion or disabled: everything encrypted under it \
             becomes unreadable, for good once it is deleted (a known ransomware move).",
        )
    },
    Rule {
        operations: &[(
            "s3.amazonaws.com",
            &[
                "PutBucketPolicy",
                "DeleteBucketPolicy",
                "PutBucketAcl",
                "PutBucketPublicAccessBlock",
                "DeleteBucketPublicAccessBlock",
                "PutAccountPublicAccessBlock",
                "DeleteAccountPublicAccessBlock",
            ],
        )],
        ..rule(
            "s3-access-changed",
            Severity::Medium,
            "S3 bucket policy, ACL or public access block changed",
            "Who can read a bucket changed: the usual way data ends up public or shared with \
             an outside account.",
        )
    },
    Rule {
        operations: &[
            (
                "guardduty.amazonaws.com",
                &[
                    "DeleteDetector",
                    "DisassociateFromMasterAccount",
                    "DisassociateFromAdministratorAccount",
                    "StopMonitoringMembers",
                    "DeleteMembers",
                ],
            ),
            (
                "config.amazonaws.com",
                &[
                    "StopConfigurationRecorder",
                    "DeleteConfigurationRecorder",
                    "DeleteDeliveryChannel",
                ],
            ),
            ("securityhub.amazonaws.com", &["DisableSecurityHub"]),
        ],
        each: Some(|c, i| c.flags(i).disables_detector()),
        ..rule(
            "monitoring-disabled",
            Severity::High,
            "GuardDuty, Config or Security Hub turned off",
            "Threat detection or configuration recording was stopped or deleted (GuardDuty \
             detectors, Config recorders and delivery channels, Security Hub): an intruder \
             blinding the defenders.",
        )
    },
];
