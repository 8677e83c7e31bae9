//! Credential access, discovery, execution and impact: passwords, secrets, parameters and user
//! data read in bulk, instance credentials used off their instance, instances launched for
//! mining, commands run through SSM, and Bedrock models turned on or used by someone new.

use super::super::{bulk, scans, Severity};
use super::{rule, Outcome, Rule};
use crate::normalize::signals::SignalKind;

/// The rules of this group.
pub const RULES: &[Rule] = &[
    Rule {
        outcome: Outcome::Any,
        scan: Some(bulk::password_data_bursts),
        ..rule(
            "ec2-password-data-burst",
            Severity::High,
            "T1552",
            "Windows passwords of many instances asked for",
            "One principal called GetPasswordData again and again within minutes, whether or \
             not it was allowed: an intruder collecting the administrator passwords of Windows \
             instances.",
        )
    },
    Rule {
        outcome: Outcome::Any,
        scan: Some(scans::instance_credentials_elsewhere),
        ..rule(
            "instance-credentials-elsewhere",
            Severity::High,
            "T1552.005",
            "Instance credentials used from another IP",
            "An EC2 instance profile's credentials (a role session named after its instance) \
             were used from a source IP other than the one they were first used from: \
             credentials taken from the instance metadata service and used elsewhere.",
        )
    },
    Rule {
        outcome: Outcome::Any,
        scan: Some(bulk::secrets_in_bulk),
        ..rule(
            "secrets-read-in-bulk",
            Severity::High,
            "T1555.006",
            "Secrets read in bulk",
            "One principal read many distinct Secrets Manager secrets within an hour, or read \
             secrets in a batch: applications read the few they need, an intruder reads them \
             all.",
        )
    },
    Rule {
        outcome: Outcome::Any,
        scan: Some(bulk::parameters_in_bulk),
        ..rule(
            "parameters-decrypted-in-bulk",
            Severity::Medium,
            "T1555.006",
            "SecureString parameters decrypted in bulk",
            "One principal read many SSM parameters with decryption within an hour: \
             SecureString parameters hold passwords and keys.",
        )
    },
    Rule {
        outcome: Outcome::Any,
        scan: Some(bulk::user_data_in_bulk),
        ..rule(
            "user-data-read-in-bulk",
            Severity::Medium,
            "T1580",
            "User data of many instances read",
            "One principal read the user data of many instances within an hour: user data \
             often holds bootstrap secrets, and reading it across the fleet is discovery.",
        )
    },
    Rule {
        signal: Some(SignalKind::UserDataModified),
        ..rule(
            "user-data-modified",
            Severity::High,
            "T1059.009",
            "Instance user data replaced",
            "An instance's user data was changed: it runs as root at the next start, a way to \
             execute code on the instance or keep a foothold there.",
        )
    },
    Rule {
        signal: Some(SignalKind::UnusualInstances),
        ..rule(
            "unusual-instances",
            Severity::Medium,
            "T1496.001",
            "GPU, very large or many instances launched",
            "Instances of a GPU or accelerator type, a size of 16xlarge or more, bare metal, \
             or ten or more at once were launched: what crypto-miners launch with stolen \
             credentials.",
        )
    },
    Rule {
        operations: &[("ssm.amazonaws.com", &["SendCommand", "StartSession"])],
        ..rule(
            "ssm-command-or-session",
            Severity::Low,
            "T1651",
            "Commands run or sessions opened through SSM",
            "SSM ran commands on instances or opened a shell on one: routine for admins, and \
             how an intruder with cloud credentials reaches inside the instances.",
        )
    },
    Rule {
        operations: &[(
            "bedrock.amazonaws.com",
            &[
                "PutFoundationModelEntitlement",
                "CreateFoundationModelAgreement",
                "PutUseCaseForModelAccess",
            ],
        )],
        ..rule(
            "bedrock-access-enabled",
            Severity::Medium,
            "T1496.004",
            "Bedrock model access enabled",
            "Access to Bedrock foundation models was requested or an agreement accepted: the \
             first step of LLM hijacking, running models on the victim's bill.",
        )
    },
    Rule {
        outcome: Outcome::Any,
        scan: Some(scans::bedrock_new_invokers),
        ..rule(
            "bedrock-new-invoker",
            Severity::Medium,
            "T1496.004",
            "Bedrock models invoked by a principal new to them",
            "A principal that did not invoke Bedrock models in its account's first day in the \
             loaded range started invoking them.",
        )
    },
];
