//! Defence evasion and impact on evidence: CloudTrail stopped or changed, DNS query logging
//! and VPC flow logs deleted, threat detection turned off, an account leaving its organization, KMS keys deleted.

use super::super::{scans, Severity};
use super::{rule, Rule};

/// The rules of this group.
pub const RULES: &[Rule] = &[
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
            "T1562.008",
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
            "T1562.008",
            "CloudTrail trail changed",
            "A trail's settings or event selectors changed, which can quietly stop logging \
             some events, regions or data events.",
        )
    },
    Rule {
        operations: &[(
            "route53resolver.amazonaws.com",
            &["DeleteResolverQueryLogConfig", "DisassociateResolverQueryLogConfig"],
        )],
        ..rule(
            "dns-query-logging-deleted",
            Severity::High,
            "T1562.008",
            "DNS query logging deleted",
            "Route 53 Resolver query logging was deleted or detached from a VPC: the record of \
             the names the instances looked up (command and control, exfiltration over DNS) \
             stops.",
        )
    },
    Rule {
        operations: &[("ec2.amazonaws.com", &["DeleteFlowLogs"])],
        ..rule(
            "vpc-flow-logs-deleted",
            Severity::High,
            "T1562.008",
            "VPC flow logs deleted",
            "Flow logs were deleted: the network record of what talked to what is gone from \
             now on.",
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
            "T1562.001",
            "GuardDuty, Config or Security Hub turned off",
            "Threat detection or configuration recording was stopped or deleted (GuardDuty \
             detectors, Config recorders and delivery channels, Security Hub): an intruder \
             blinding the defenders.",
        )
    },
    Rule {
        operations: &[("organizations.amazonaws.com", &["LeaveOrganization"])],
        ..rule(
            "organization-left",
            Severity::Critical,
            "T1666",
            "Account left its organization",
            "The account left its AWS Organization: its service control policies, central \
             trails and guardrails no longer apply.",
        )
    },
    Rule {
        scan: Some(scans::key_deletion_new_callers),
        ..rule(
            "kms-key-deletion",
            Severity::High,
            "T1485",
            "KMS key deletion scheduled or key disabled by a principal new to it",
            "A principal that had not done so in its account's first day in the loaded range \
             (or in a recording too short to hold a history) scheduled a KMS key for deletion \
             or disabled one: everything encrypted under it becomes unreadable, for good once \
             it is deleted (a known ransomware move).",
        )
    },
];
