//! The persistence and privilege-escalation rules of issue 15 on IAM, STS and IAM Roles Anywhere,
//! on trails written for them (`common::attacks`), in the shapes of CloudTrail's records of those
//! services (AWS docs, Stratus Red Team): policy documents as JSON strings, `userName` parameters.

mod common;

use common::attacks::{
    assert_silent, assert_split, by_admin, denied, failed, fired_on, ids, made_and_refused, person, request, root,
    HOME, OUTSIDE,
};
use common::records::{assume_role, role_session, session_token, A};
use common::requests::{for_user, policy_text, trust, update_trust};
use serde_json::{json, Value};

const TRUSTS_OUTSIDE: &str = "role-trusts-outside";
const FOR_ANOTHER: &str = "key-or-password-for-another-user";
const ADMIN: &str = "iam-admin-granted";
const IAM_PERSISTENCE: &str = "iam-persistence";
const ROLES_ANYWHERE: &str = "roles-anywhere-trust";
const FEDERATION: &str = "federation-token";

const IAM: &str = "iam.amazonaws.com";
const ROLESANYWHERE: &str = "rolesanywhere.amazonaws.com";
const STS: &str = "sts.amazonaws.com";

/// `CreateRole`, whose trust policy comes as `assumeRolePolicyDocument`.
fn create_role(minute: u32, statements: Value) -> Value {
    let params = json!({"roleName": "Auditor", "assumeRolePolicyDocument": policy_text(statements)});
    by_admin(minute, IAM, "CreateRole", params)
}

fn own_role() -> Value {
    json!({"AWS": format!("arn:aws:iam::{A}:role/Ops")})
}

fn outside_root() -> Value {
    json!({"AWS": format!("arn:aws:iam::{OUTSIDE}:root")})
}

#[test]
fn roles_trusting_anyone_or_another_account_fire() {
    let ec2 = trust(json!({"Service": "ec2.amazonaws.com"}));
    let records = vec![
        update_trust(0, json!([ec2.clone(), trust(outside_root())])),
        update_trust(1, json!([ec2])),
        update_trust(2, json!([trust(json!("*"))])),
        update_trust(3, json!([trust(json!({"AWS": "*"}))])),
        update_trust(4, json!([trust(json!({"AWS": [own_role()["AWS"], json!(OUTSIDE)]}))])),
        update_trust(5, json!([trust(own_role())])),
        create_role(6, json!([trust(outside_root())])),
    ];
    assert_eq!(
        fired_on(TRUSTS_OUTSIDE, records),
        ids(&[0, 2, 3, 4, 6]),
        "not trusting EC2 or a role of the account"
    );
}

#[test]
fn roles_trusting_services_or_their_own_account_do_not_fire() {
    let deny_anyone = json!({"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"});
    let records = vec![
        update_trust(0, json!([trust(json!({"Service": "ec2.amazonaws.com"}))])),
        update_trust(1, json!([trust(own_role())])),
        update_trust(2, json!([trust(json!({"AWS": A})), deny_anyone])),
        create_role(3, json!([trust(json!({"Service": "lambda.amazonaws.com"}))])),
        by_admin(4, IAM, "GetRole", json!({"roleName": "Deployer"})),
    ];
    assert_silent(TRUSTS_OUTSIDE, &made_and_refused(records));
}

#[test]
fn a_refused_outside_trust_is_an_attempt() {
    assert_split(TRUSTS_OUTSIDE, update_trust(0, json!([trust(outside_root())])), denied);
}

#[test]
fn keys_or_passwords_made_for_another_user_fire() {
    let alice = person("alice");
    let deployer = role_session(A, "Deployer", "ci", "ASIADEPLOYER00000001");
    let named_like_the_user = role_session(A, "deploy", "ci-7", "ASIADEPLOY0000000007");
    let records = vec![
        for_user(&person("admin"), 0, "CreateAccessKey", Some("bob")),
        for_user(&alice, 1, "CreateAccessKey", None),
        for_user(&deployer, 2, "CreateLoginProfile", Some("carol")),
        for_user(&alice, 3, "CreateAccessKey", Some("alice")),
        for_user(&root(A), 4, "UpdateLoginProfile", Some("dave")),
        for_user(&named_like_the_user, 5, "CreateAccessKey", Some("deploy")),
    ];
    assert_eq!(
        fired_on(FOR_ANOTHER, records),
        ids(&[0, 2, 4, 5]),
        "a role or root counts, whatever its role's name; alice's own keys do not"
    );
}

#[test]
fn a_user_s_own_keys_and_password_do_not_fire() {
    let alice = person("alice");
    let records = vec![
        for_user(&alice, 0, "CreateAccessKey", None),
        for_user(&alice, 1, "CreateAccessKey", Some("alice")),
        for_user(&alice, 2, "UpdateLoginProfile", Some("alice")),
        for_user(&alice, 3, "ListAccessKeys", Some("bob")),
        for_user(&person("admin"), 4, "DeleteAccessKey", Some("bob")),
    ];
    assert_silent(FOR_ANOTHER, &made_and_refused(records));
}

#[test]
fn a_key_for_another_user_over_quota_is_an_attempt() {
    let key = for_user(&person("admin"), 0, "CreateAccessKey", Some("bob"));
    assert_split(FOR_ANOTHER, key, |record| {
        failed(
            record,
            "LimitExceededException",
            "Cannot exceed quota for AccessKeysPerUser: 2",
        )
    });
}

fn attach(minute: u32, name: &str, target: (&str, &str), policy: &str) -> Value {
    let params = json!({ target.0: target.1, "policyArn": format!("arn:aws:iam::aws:policy/{policy}") });
    by_admin(minute, IAM, name, params)
}

fn put_inline(minute: u32, name: &str, target: (&str, &str), action: &str) -> Value {
    let statement = json!([{"Effect": "Allow", "Action": action, "Resource": "*"}]);
    let params = json!({ target.0: target.1, "policyName": "inline", "policyDocument": policy_text(statement) });
    by_admin(minute, IAM, name, params)
}

const USER: (&str, &str) = ("userName", "backup-admin");
const ROLE: (&str, &str) = ("roleName", "lambda-orders");
const GROUP: (&str, &str) = ("groupName", "ops");

#[test]
fn administrator_access_granted_fires() {
    let records = vec![
        attach(0, "AttachUserPolicy", USER, "AdministratorAccess"),
        attach(1, "AttachRolePolicy", ROLE, "ReadOnlyAccess"),
        attach(2, "AttachGroupPolicy", GROUP, "AdministratorAccess"),
        put_inline(3, "PutUserPolicy", USER, "*"),
        put_inline(4, "PutGroupPolicy", GROUP, "s3:*"),
        attach(5, "AttachRolePolicy", ROLE, "AdministratorAccess"),
    ];
    assert_eq!(fired_on(ADMIN, records), ids(&[0, 2, 3, 5]));
}

#[test]
fn narrower_grants_and_detaching_do_not_fire() {
    let records = vec![
        attach(0, "AttachRolePolicy", ROLE, "ReadOnlyAccess"),
        put_inline(1, "PutGroupPolicy", GROUP, "s3:*"),
        attach(2, "DetachUserPolicy", USER, "AdministratorAccess"),
    ];
    assert_silent(ADMIN, &made_and_refused(records));
}

#[test]
fn a_refused_administrator_grant_is_an_attempt() {
    assert_split(
        ADMIN,
        attach(0, "AttachUserPolicy", USER, "AdministratorAccess"),
        denied,
    );
}

/// Transfer Family's `CreateUser`, an SFTP user rather than an IAM one.
fn transfer_user(minute: u32) -> Value {
    let params = json!({"serverId": "s-01234567890abcdef", "userName": "partner"});
    by_admin(minute, "transfer.amazonaws.com", "CreateUser", params)
}

#[test]
fn new_users_keys_passwords_and_trusts_fire() {
    let admin = person("admin");
    let records = vec![
        for_user(&admin, 0, "CreateUser", Some("backup-admin")),
        transfer_user(1),
        for_user(&admin, 2, "CreateAccessKey", Some("backup-admin")),
        for_user(&admin, 3, "CreateLoginProfile", Some("backup-admin")),
        for_user(&admin, 4, "ListUsers", None),
        for_user(&admin, 5, "UpdateLoginProfile", Some("backup-admin")),
        update_trust(6, json!([trust(own_role())])),
    ];
    assert_eq!(fired_on(IAM_PERSISTENCE, records), ids(&[0, 2, 3, 5, 6]));
}

#[test]
fn sftp_users_and_reads_do_not_persist() {
    let admin = person("admin");
    let records = vec![
        transfer_user(0),
        for_user(&admin, 1, "GetUser", Some("backup-admin")),
        for_user(&admin, 2, "ListUsers", None),
        for_user(&admin, 3, "DeleteAccessKey", Some("backup-admin")),
    ];
    assert_silent(IAM_PERSISTENCE, &made_and_refused(records));
}

#[test]
fn a_user_that_already_exists_is_an_attempt() {
    let create = for_user(&person("admin"), 0, "CreateUser", Some("backup-admin"));
    assert_split(IAM_PERSISTENCE, create, |record| {
        failed(
            record,
            "EntityAlreadyExistsException",
            "User with name backup-admin already exists.",
        )
    });
}

fn roles_anywhere(minute: u32, name: &str, params: Value) -> Value {
    by_admin(minute, ROLESANYWHERE, name, params)
}

fn create_trust_anchor(minute: u32) -> Value {
    let source = json!({
        "sourceType": "CERTIFICATE_BUNDLE",
        "sourceData": {"x509CertificateData": "-----BEGIN CERTIFICATE-----\nMIIE3zCCAsegAwIBAgIJAOZLUn\n-----END CERTIFICATE-----"},
    });
    roles_anywhere(
        minute,
        "CreateTrustAnchor",
        json!({"name": "ops-ca", "enabled": true, "source": source}),
    )
}

#[test]
fn trust_anchors_and_profiles_set_up_fire() {
    let anchor = json!({"trustAnchorId": "4a5b6c7d-1234-4abc-9def-0123456789ab"});
    let roles = json!([format!("arn:aws:iam::{A}:role/Ops")]);
    let records = vec![
        create_trust_anchor(0),
        roles_anywhere(1, "UpdateTrustAnchor", anchor.clone()),
        roles_anywhere(2, "ListTrustAnchors", json!({})),
        roles_anywhere(3, "EnableTrustAnchor", anchor),
        roles_anywhere(
            4,
            "CreateProfile",
            json!({"name": "ops", "roleArns": roles, "enabled": true}),
        ),
        roles_anywhere(
            5,
            "UpdateProfile",
            json!({"profileId": "0f1e2d3c-4b5a-4678-9abc-def012345678", "roleArns": roles}),
        ),
    ];
    assert_eq!(fired_on(ROLES_ANYWHERE, records), ids(&[0, 1, 3, 4, 5]));
}

#[test]
fn listing_disabling_or_deleting_trust_anchors_does_not_fire() {
    let anchor = json!({"trustAnchorId": "4a5b6c7d-1234-4abc-9def-0123456789ab"});
    let records = vec![
        roles_anywhere(0, "ListTrustAnchors", json!({})),
        roles_anywhere(1, "ListProfiles", json!({})),
        roles_anywhere(2, "DisableTrustAnchor", anchor.clone()),
        roles_anywhere(3, "DeleteTrustAnchor", anchor),
    ];
    assert_silent(ROLES_ANYWHERE, &made_and_refused(records));
}

#[test]
fn a_refused_trust_anchor_is_an_attempt() {
    assert_split(ROLES_ANYWHERE, create_trust_anchor(0), denied);
}

/// `GetFederationToken` by `who` for a federated user with an inline policy, and the token's key.
fn federation_token(who: &Value, minute: u32) -> Value {
    let policy = policy_text(json!([{"Effect": "Allow", "Action": "*", "Resource": "*"}]));
    let mut record = request(
        who,
        minute,
        STS,
        "GetFederationToken",
        json!({"name": "contractor", "policy": policy}),
    );
    record["responseElements"] = json!({
        "credentials": {
            "accessKeyId": "ASIAFEDERATED0000001",
            "sessionToken": "IQoJb3JpZ2luX2VjEXAMPLE",
            "expiration": "Nov 10, 2026, 9:00:00 PM",
        },
        "federatedUser": {
            "federatedUserId": format!("{A}:contractor"),
            "arn": format!("arn:aws:sts::{A}:federated-user/contractor"),
        },
    });
    record
}

#[test]
fn a_federation_token_fires() {
    let dev = person("dev");
    let records = vec![
        session_token(&dev, 0, HOME, "ASIADEVSESSION000001"),
        federation_token(&dev, 1),
    ];
    assert_eq!(fired_on(FEDERATION, records), ids(&[1]));
}

#[test]
fn session_tokens_and_roles_are_not_federation() {
    let dev = person("dev");
    let role = format!("arn:aws:iam::{A}:role/Ops");
    let records = vec![
        session_token(&dev, 0, HOME, "ASIADEVSESSION000001"),
        assume_role(&dev, 1, HOME, &role, "dev", "ASIAOPS0000000000001"),
        request(&dev, 2, STS, "GetCallerIdentity", Value::Null),
    ];
    assert_silent(FEDERATION, &made_and_refused(records));
}

#[test]
fn a_refused_federation_token_is_an_attempt() {
    assert_split(FEDERATION, federation_token(&person("dev"), 0), denied);
}
