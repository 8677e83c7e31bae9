//! Exfiltration and lateral movement: images and snapshots shared out, security groups and
//! buckets opened to the internet, keys pushed to instances through Instance Connect and the
//! serial console.

use super::super::Severity;
use super::{rule, Rule};
use crate::normalize::signals::SignalKind;

/// The rules of this group.
pub const RULES: &[Rule] = &[
    Rule {
        signal: Some(SignalKind::SharedOutside),
        ..rule(
            "image-or-snapshot-shared",
            Severity::High,
            "T1537",
            "Image or snapshot shared with another account or made public",
            "An AMI, EBS snapshot or RDS snapshot was shared with another account or with \
             everyone: a whole disk or database copied out in one call.",
        )
    },
    Rule {
        signal: Some(SignalKind::OpenToWorld),
        ..rule(
            "security-group-open-to-world",
            Severity::High,
            "T1562.007",
            "Admin or database port opened to the internet",
            "A security group rule let 0.0.0.0/0 or ::/0 reach SSH, RDP, a database or another \
             admin port.",
        )
    },
    Rule {
        signal: Some(SignalKind::MadePublic),
        ..rule(
            "s3-bucket-made-public",
            Severity::High,
            "T1530",
            "S3 bucket made public",
            "A bucket policy allowing anyone without a condition, or an ACL granting everyone \
             or every AWS account, was put on a bucket.",
        )
    },
    Rule {
        operations: &[(
            "s3.amazonaws.com",
            &[
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
            "T1530",
            "S3 bucket policy deleted, ACL or public access block changed",
            "A bucket's policy was deleted, its ACL replaced, or a public access block put or \
             removed: the usual way data ends up public or shared with an outside account. \
             Policies put are judged by s3-bucket-made-public.",
        )
    },
    Rule {
        operations: &[
            (
                "ec2-instance-connect.amazonaws.com",
                &["SendSSHPublicKey", "SendSerialConsoleSSHPublicKey"],
            ),
            ("ec2.amazonaws.com", &["EnableSerialConsoleAccess"]),
        ],
        ..rule(
            "instance-connect-key-sent",
            Severity::Medium,
            "T1021.008",
            "SSH key pushed to an instance or serial console enabled",
            "An SSH key was sent through EC2 Instance Connect or to the serial console, or \
             serial console access was enabled: a way onto instances with cloud credentials \
             alone.",
        )
    },
];
