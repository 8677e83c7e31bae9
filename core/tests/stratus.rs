//! Recordings of real attack techniques (Stratus Red Team's detonation logs, see
//! `tests/fixtures/stratus/README.md`): each one, loaded alone, fires the findings a responder
//! expects from what the technique does, as Stratus describes it.

mod common;

use common::load;

/// Each recording and the findings it must raise (a technique Stratus detonates without the
/// permission it needs is recorded failing, so its finding is the `-failed` one).
const EXPECTED: &[(&str, &[&str])] = &[
    ("credential-access.ec2-get-password-data", &["ec2-password-data-burst"]),
    (
        "credential-access.ec2-steal-instance-credentials",
        &["instance-credentials-elsewhere", "ssm-command-or-session"],
    ),
    (
        "credential-access.secretsmanager-batch-retrieve-secrets",
        &["secrets-read-in-bulk"],
    ),
    (
        "credential-access.secretsmanager-retrieve-secrets",
        &["secrets-read-in-bulk"],
    ),
    (
        "credential-access.ssm-retrieve-securestring-parameters",
        &["parameters-decrypted-in-bulk"],
    ),
    ("defense-evasion.cloudtrail-delete", &["cloudtrail-stopped"]),
    ("defense-evasion.cloudtrail-event-selectors", &["cloudtrail-changed"]),
    ("defense-evasion.cloudtrail-stop", &["cloudtrail-stopped"]),
    ("defense-evasion.dns-delete-logs", &["dns-query-logging-deleted"]),
    ("defense-evasion.organizations-leave", &["organization-left-failed"]),
    ("defense-evasion.vpc-remove-flow-logs", &["vpc-flow-logs-deleted"]),
    ("discovery.ec2-download-user-data", &["user-data-read-in-bulk"]),
    ("execution.ec2-launch-unusual-instances", &["unusual-instances-failed"]),
    ("execution.ec2-user-data", &["user-data-modified"]),
    ("execution.ssm-send-command", &["ssm-command-or-session"]),
    ("execution.ssm-start-session", &["ssm-command-or-session"]),
    (
        "exfiltration.ec2-security-group-open-port-22-ingress",
        &["security-group-open-to-world"],
    ),
    ("exfiltration.ec2-share-ami", &["image-or-snapshot-shared"]),
    ("exfiltration.ec2-share-ebs-snapshot", &["image-or-snapshot-shared"]),
    ("exfiltration.rds-share-snapshot", &["image-or-snapshot-shared"]),
    (
        "impact.bedrock-invoke-model",
        &["bedrock-access-enabled", "bedrock-new-invoker"],
    ),
    (
        "initial-access.console-login-without-mfa",
        &["console-login-without-mfa"],
    ),
    ("lateral-movement.ec2-instance-connect", &["instance-connect-key-sent"]),
    (
        "lateral-movement.ec2-serial-console-send-ssh-public-key",
        &["instance-connect-key-sent"],
    ),
    ("persistence.iam-backdoor-role", &["role-trusts-outside"]),
    ("persistence.iam-backdoor-user", &["key-or-password-for-another-user"]),
    (
        "persistence.iam-create-admin-user",
        &["iam-admin-granted", "iam-persistence"],
    ),
    (
        "persistence.iam-create-backdoor-role",
        &["role-trusts-outside", "iam-admin-granted"],
    ),
    (
        "persistence.iam-create-user-login-profile",
        &["key-or-password-for-another-user"],
    ),
    ("persistence.lambda-backdoor-function", &["lambda-exposed"]),
    ("persistence.lambda-layer-extension", &["lambda-code-or-layer-changed"]),
    ("persistence.lambda-overwrite-code", &["lambda-code-or-layer-changed"]),
    (
        "persistence.rolesanywhere-create-trust-anchor",
        &["roles-anywhere-trust"],
    ),
    ("persistence.sts-federation-token", &["federation-token"]),
    (
        "privilege-escalation.iam-update-user-login-profile",
        &["key-or-password-for-another-user"],
    ),
];

#[test]
fn every_recorded_technique_fires_what_it_shows() {
    let dir = format!("{}/tests/fixtures/stratus", env!("CARGO_MANIFEST_DIR"));
    let recordings = std::fs::read_dir(&dir).unwrap().filter(|e| {
        let name = e.as_ref().unwrap().file_name();
        name.to_string_lossy().ends_with(".json.gz")
    });
    assert_eq!(recordings.count(), EXPECTED.len(), "every recording is checked");
    let mut missed = Vec::new();
    for &(technique, rules) in EXPECTED {
        let data = load(&[&format!("stratus/{technique}.json.gz")]);
        assert!(data.failures.is_empty(), "{technique}: {:?}", data.failures);
        let fired: Vec<&str> = data.findings().list().map(|f| f.rule.as_str()).collect();
        for rule in rules {
            if !fired.contains(rule) {
                missed.push(format!("{technique}: {rule} (fired: {fired:?})"));
            }
        }
    }
    assert!(missed.is_empty(), "{missed:#?}");
}
