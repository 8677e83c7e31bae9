//! Who signed in and with what: root use, sign-ins without MFA or failing, denied calls in
//! bursts, new regions, and credentials used from places they should not be (initial access,
//! valid accounts).

use super::super::{lineage_scans, scans, Severity};
use super::{rule, Outcome, Rule};
use crate::normalize::identity::IdentityType;
use crate::store::flags::ReadOnly;

/// The rules of this group.
pub const RULES: &[Rule] = &[
    Rule {
        each: Some(|c, i| c.flags(i).identity() == IdentityType::Root && c.is_console_login(i)),
        ..rule(
            "root-console-login",
            Severity::High,
            "T1078.004",
            "Root console sign-in",
            "Someone signed in to the console as the root user, which can do anything \
             (including closing the account) and should be locked away behind MFA and used \
             only for the few tasks that need it.",
        )
    },
    Rule {
        each: Some(|c, i| {
            let f = c.flags(i);
            f.identity() == IdentityType::Root && f.read_only() != ReadOnly::Read && !c.is_console_login(i)
        }),
        ..rule(
            "root-activity",
            Severity::High,
            "T1078.004",
            "Root account changes",
            "Calls that change something, made with the root user's credentials (reads and \
             sign-ins are left out; root-console-login has the sign-ins). AWS and CIS advise \
             against using root for everyday work: its actions cannot be limited by IAM \
             policies.",
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
            "T1078.004",
            "Console sign-in without MFA",
            "A root or IAM user signed in to the console with a password alone (MFAUsed is \
             not Yes): one phished password is enough to take over such an account. Federated \
             and SSO sign-ins are left out, their MFA happens at the identity provider.",
        )
    },
    Rule {
        outcome: Outcome::Any,
        each: Some(|c, i| c.is_console_login(i) && c.failed(i)),
        ..rule(
            "console-login-failed",
            Severity::Low,
            "T1110",
            "Failed console sign-ins",
            "Console sign-ins that failed: a few are typos, many from one place or for many \
             users suggest password guessing.",
        )
    },
    Rule {
        outcome: Outcome::Any,
        scan: Some(scans::access_denied_bursts),
        ..rule(
            "access-denied-burst",
            Severity::Medium,
            "T1580",
            "Bursts of access denied",
            "One principal hit many AccessDenied / UnauthorizedOperation errors in a few \
             minutes: typical of stolen credentials being tried to see what they can do, or \
             of a broken deployment.",
        )
    },
    Rule {
        outcome: Outcome::Any,
        scan: Some(scans::first_seen_regions),
        ..rule(
            "region-first-seen",
            Severity::Medium,
            "T1535",
            "Activity in a new region",
            "An account started using a region it did not use in its own first day in the \
             loaded range (each account is compared with its own history): unused regions are \
             where stolen credentials run crypto-miners unnoticed.",
        )
    },
    Rule {
        outcome: Outcome::Any,
        scan: Some(scans::keys_from_many_addresses),
        ..rule(
            "long-term-key-many-ips",
            Severity::Medium,
            "T1078.004",
            "Long-term access key used from many IPs",
            "An IAM user's long-term access key (AKIA…) was used from many source IP \
             addresses: a leaked key is often used from several places at once.",
        )
    },
    Rule {
        outcome: Outcome::Any,
        scan: Some(lineage_scans::long_term_chains_from_many_addresses),
        ..rule(
            "long-term-key-chain-many-ips",
            Severity::High,
            "T1078.004",
            "Sessions of a long-term key used from many IPs",
            "The role and MFA sessions obtained with one long-term access key, and those \
             obtained with them in turn, were used from many source IP addresses while the key \
             itself stayed on a few: a stolen key turned into sessions spreads out where the \
             key's own use looks normal.",
        )
    },
    Rule {
        outcome: Outcome::Any,
        scan: Some(lineage_scans::sessions_from_other_addresses),
        ..rule(
            "session-from-another-ip",
            Severity::High,
            "T1550.001",
            "Session used from another IP than the one that obtained it",
            "Temporary credentials (from AssumeRole and its SAML and web-identity forms, \
             GetSessionToken or GetFederationToken) were used from a source IP other than the \
             one of the call that obtained them: session credentials copied off the machine \
             they were issued to. Sessions AWS services obtain (instance profiles, function \
             roles) and calls services make on the caller's behalf are left out.",
        )
    },
    Rule {
        outcome: Outcome::Any,
        scan: Some(lineage_scans::cross_account_roles),
        ..rule(
            "cross-account-role",
            Severity::Medium,
            "T1078.004",
            "Role assumed from another account",
            "A principal of one account assumed a role of another: the expected path for \
             shared-services and organization roles, and the path by which a compromise in \
             one account reaches the next.",
        )
    },
    Rule {
        outcome: Outcome::Any,
        scan: Some(lineage_scans::created_keys_used_elsewhere),
        ..rule(
            "created-key-used-elsewhere",
            Severity::High,
            "T1098.001",
            "New access key used from an IP new to its creator and its user",
            "An access key created in the loaded logs was used, itself or through its \
             sessions, from a source IP that neither the principal who created it nor the user \
             it belongs to had used with other credentials: a classic way back in, a key minted \
             and taken elsewhere.",
        )
    },
];
