//! The exfiltration rules of issue 15 on trails written for them (`common::attacks`), in the
//! shapes of CloudTrail's EC2, RDS and S3 records (AWS docs, Stratus Red Team): EC2's
//! `items` lists, RDS's `valuesToAdd`, S3's `bucketPolicy` object, `AccessControlPolicy` and
//! `x-amz-acl` list.

mod common;

use common::attacks::{assert_silent, assert_split, by_admin, denied, fired_on, ids, made_and_refused, OUTSIDE};
use common::requests::{authorize, image_call, ingress, modify_image, permission, permissions, tcp};
use serde_json::{json, Value};

const SHARED: &str = "image-or-snapshot-shared";
const OPEN: &str = "security-group-open-to-world";
const PUBLIC: &str = "s3-bucket-made-public";
const ACCESS: &str = "s3-access-changed";

const EC2: &str = "ec2.amazonaws.com";
const RDS: &str = "rds.amazonaws.com";
const BUCKET: &str = "example-reports";
const OWNER: &str = "d25639fbe9c19cd30a4c0f43fbf00e2d3f96400a9aa8dabfbbebe1906Example";

fn modify_snapshot(minute: u32, volume_permission: Value) -> Value {
    let params = json!({
        "snapshotId": "snap-041993b54a9b3af6f",
        "attributeType": "CREATE_VOLUME_PERMISSION",
        "createVolumePermission": volume_permission,
    });
    by_admin(minute, EC2, "ModifySnapshotAttribute", params)
}

/// An RDS snapshot's (a cluster snapshot's, if `cluster`) `restore` attribute changed:
/// `change` (`valuesToAdd` or `valuesToRemove`) of `accounts`.
fn restore_attribute(minute: u32, cluster: bool, change: &str, accounts: Value) -> Value {
    let (name, id) = if cluster {
        ("ModifyDBClusterSnapshotAttribute", "dBClusterSnapshotIdentifier")
    } else {
        ("ModifyDBSnapshotAttribute", "dBSnapshotIdentifier")
    };
    let params = json!({ id: "orders-nightly", "attributeName": "restore", change: accounts });
    by_admin(minute, RDS, name, params)
}

#[test]
fn images_and_snapshots_shared_with_an_account_or_everyone_fire() {
    let account = json!([{"userId": OUTSIDE}]);
    let records = vec![
        modify_image(0, permissions("add", account.clone())),
        modify_image(1, permissions("remove", account.clone())),
        modify_image(2, permissions("add", json!([{"group": "all"}]))),
        modify_snapshot(3, permissions("add", account)),
        image_call(
            4,
            "ModifyImageAttribute",
            json!({"attributeType": "description", "description": {"value": "web"}}),
        ),
        restore_attribute(5, false, "valuesToAdd", json!([OUTSIDE])),
        restore_attribute(6, false, "valuesToRemove", json!([OUTSIDE])),
        restore_attribute(7, true, "valuesToAdd", json!(["all"])),
    ];
    assert_eq!(
        fired_on(SHARED, records),
        ids(&[0, 2, 3, 5, 7]),
        "not the removals nor the description"
    );
}

#[test]
fn removing_shares_or_describing_them_does_not_fire() {
    let account = json!([{"userId": OUTSIDE}]);
    let records = vec![
        modify_image(0, permissions("remove", account.clone())),
        modify_snapshot(1, permissions("remove", json!([{"group": "all"}]))),
        restore_attribute(2, false, "valuesToRemove", json!([OUTSIDE])),
        image_call(3, "DescribeImageAttribute", json!({"attribute": "launchPermission"})),
    ];
    assert_silent(SHARED, &made_and_refused(records));
}

#[test]
fn a_refused_snapshot_share_is_an_attempt() {
    let share = modify_snapshot(0, permissions("add", json!([{"userId": OUTSIDE}])));
    assert_split(SHARED, share, denied);
}

const WORLD: &str = "0.0.0.0/0";
const PRIVATE: &str = "10.0.0.0/8";

#[test]
fn admin_and_database_ports_opened_to_the_world_fire() {
    let records = vec![
        ingress(0, vec![tcp(22, 22, &[WORLD])]),
        ingress(1, vec![tcp(443, 443, &[WORLD])]),
        ingress(2, vec![permission("tcp", Some((3389, 3389)), &[], &["::/0"])]),
        ingress(3, vec![tcp(22, 22, &[PRIVATE])]),
        ingress(4, vec![tcp(0, 65535, &[WORLD])]),
        ingress(5, vec![permission("-1", None, &[WORLD], &[])]),
        ingress(6, vec![tcp(443, 443, &[WORLD]), tcp(5432, 5432, &[WORLD])]),
        ingress(7, vec![tcp(443, 443, &[WORLD]), tcp(22, 22, &[PRIVATE])]),
        ingress(8, vec![tcp(6379, 6379, &[PRIVATE, WORLD])]),
        authorize(
            9,
            "AuthorizeSecurityGroupEgress",
            vec![permission("-1", None, &[WORLD], &[])],
        ),
        ingress(10, vec![tcp(8080, 8090, &[WORLD])]),
        ingress(11, vec![tcp(27000, 27100, &[WORLD])]),
    ];
    assert_eq!(
        fired_on(OPEN, records),
        ids(&[0, 2, 4, 5, 6, 8, 11]),
        "a world range and an admin port in the same permission, on ingress"
    );
}

#[test]
fn web_ports_private_ranges_and_egress_do_not_fire() {
    let mut from_group = tcp(22, 22, &[]);
    from_group["groups"] = json!({"items": [{"groupId": "sg-0123456789abcdef0"}]});
    let records = vec![
        ingress(0, vec![tcp(443, 443, &[WORLD])]),
        ingress(1, vec![tcp(22, 22, &[PRIVATE])]),
        ingress(2, vec![tcp(443, 443, &[WORLD]), tcp(22, 22, &[PRIVATE])]),
        ingress(3, vec![from_group]),
        ingress(4, vec![tcp(8080, 8090, &[WORLD])]),
        authorize(
            5,
            "AuthorizeSecurityGroupEgress",
            vec![permission("-1", None, &[WORLD], &[])],
        ),
    ];
    assert_silent(OPEN, &made_and_refused(records));
}

/// The SDKs' older form names one rule outside `ipPermissions` (`cidrIp`, `fromPort`, `toPort`
/// at the top), as Stratus Red Team's detonation of an open port 22 logs it.
#[test]
fn a_port_opened_outside_ip_permissions_fires() {
    let top_level = |minute, cidr: &str| {
        let params = json!({
            "groupId": "sg-0a1b2c3d4e5f67890",
            "ipPermissions": {},
            "ipProtocol": "tcp",
            "fromPort": 22,
            "toPort": 22,
            "cidrIp": cidr,
        });
        by_admin(minute, EC2, "AuthorizeSecurityGroupIngress", params)
    };
    assert_eq!(
        fired_on(OPEN, vec![top_level(0, PRIVATE), top_level(1, WORLD)]),
        ids(&[1])
    );
    // Stratus Red Team's record: a /0 block whose address bits are not zero is the whole internet.
    assert_eq!(
        fired_on(
            OPEN,
            vec![top_level(0, "208.236.235.254/0"), top_level(1, "208.236.235.254/32")]
        ),
        ids(&[0])
    );
}

#[test]
fn a_refused_open_ingress_is_an_attempt() {
    assert_split(OPEN, ingress(0, vec![tcp(22, 22, &[WORLD])]), denied);
}

/// An S3 bucket call on [`BUCKET`] with `params` besides the bucket's name and host.
fn bucket_call(minute: u32, name: &str, mut params: Value) -> Value {
    params["bucketName"] = json!(BUCKET);
    params["Host"] = json!(format!("{BUCKET}.s3.amazonaws.com"));
    by_admin(minute, "s3.amazonaws.com", name, params)
}

/// `PutBucketPolicy` of `statement` (a list, or one statement as the policy grammar allows).
fn put_policy(minute: u32, statement: Value) -> Value {
    let policy = json!({"Version": "2012-10-17", "Statement": statement});
    bucket_call(
        minute,
        "PutBucketPolicy",
        json!({"bucketPolicy": policy, "policy": [""]}),
    )
}

/// The SSL-only policy: a `Deny` to `*` of insecure transport, and the account's own access.
fn ssl_only_policy(minute: u32) -> Value {
    put_policy(
        minute,
        json!([
            {
                "Sid": "AllowSSLRequestsOnly",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": [format!("arn:aws:s3:::{BUCKET}"), format!("arn:aws:s3:::{BUCKET}/*")],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            },
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                "Action": "s3:*",
                "Resource": format!("arn:aws:s3:::{BUCKET}/*"),
            },
        ]),
    )
}

fn public_read_policy(minute: u32) -> Value {
    let statement = json!({
        "Sid": "PublicRead",
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": format!("arn:aws:s3:::{BUCKET}/*"),
    });
    put_policy(minute, json!([statement]))
}

/// `PutBucketAcl` with an `AccessControlPolicy` whose `Grant` is `grant` (one grant is an
/// object, several a list, as CloudTrail turns S3's XML into JSON).
fn put_acl(minute: u32, grant: Value) -> Value {
    let policy = json!({
        "AccessControlList": {"Grant": grant},
        "xmlns": "http://s3.amazonaws.com/doc/2006-03-01/",
        "Owner": {"ID": OWNER},
    });
    bucket_call(
        minute,
        "PutBucketAcl",
        json!({"acl": [""], "AccessControlPolicy": policy}),
    )
}

fn grant(grantee: Value, permission: &str) -> Value {
    let mut grantee = grantee;
    grantee["xmlns:xsi"] = json!("http://www.w3.org/2001/XMLSchema-instance");
    json!({"Grantee": grantee, "Permission": permission})
}

fn owner_grant() -> Value {
    grant(json!({"xsi:type": "CanonicalUser", "ID": OWNER}), "FULL_CONTROL")
}

fn group_grant(group: &str, permission: &str) -> Value {
    let uri = format!("http://acs.amazonaws.com/groups/global/{group}");
    grant(json!({"xsi:type": "Group", "URI": uri}), permission)
}

fn canned_acl(minute: u32, acl: &str) -> Value {
    bucket_call(minute, "PutBucketAcl", json!({"acl": [""], "x-amz-acl": [acl]}))
}

#[test]
fn policies_and_acls_open_to_anyone_fire() {
    let any_aws = json!({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:ListBucket", "Resource": format!("arn:aws:s3:::{BUCKET}")});
    let from_endpoint = json!([{
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": format!("arn:aws:s3:::{BUCKET}/*"),
        "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}},
    }]);
    let records = vec![
        public_read_policy(0),
        ssl_only_policy(1),
        put_policy(2, any_aws),
        put_acl(3, json!([owner_grant(), group_grant("AllUsers", "READ")])),
        put_acl(4, owner_grant()),
        put_acl(5, group_grant("AuthenticatedUsers", "READ_ACP")),
        canned_acl(6, "public-read"),
        canned_acl(7, "private"),
        canned_acl(8, "public-read-write"),
        put_policy(9, from_endpoint),
    ];
    assert_eq!(
        fired_on(PUBLIC, records),
        ids(&[0, 2, 3, 5, 6, 8]),
        "not the SSL-only policy, the owner's ACL, a private ACL nor a policy with a condition"
    );
}

#[test]
fn ssl_only_policies_and_private_acls_do_not_fire() {
    let records = vec![
        ssl_only_policy(0),
        put_acl(1, owner_grant()),
        canned_acl(2, "private"),
        bucket_call(3, "GetBucketPolicy", json!({"policy": [""]})),
    ];
    assert_silent(PUBLIC, &made_and_refused(records));
}

#[test]
fn a_refused_public_policy_is_an_attempt() {
    assert_split(PUBLIC, public_read_policy(0), denied);
}

fn public_access_block(minute: u32, name: &str) -> Value {
    let mut params = json!({"publicAccessBlock": [""]});
    if name.starts_with("Put") {
        params["PublicAccessBlockConfiguration"] = json!({
            "xmlns": "http://s3.amazonaws.com/doc/2006-03-01/",
            "BlockPublicAcls": true,
            "IgnorePublicAcls": true,
            "BlockPublicPolicy": true,
            "RestrictPublicBuckets": true,
        });
    }
    bucket_call(minute, name, params)
}

#[test]
fn bucket_policy_acl_and_public_access_block_changes_fire() {
    let records = vec![
        ssl_only_policy(0),
        bucket_call(1, "DeleteBucketPolicy", json!({"policy": [""]})),
        put_acl(2, owner_grant()),
        public_access_block(3, "PutBucketPublicAccessBlock"),
        public_access_block(4, "DeleteBucketPublicAccessBlock"),
        bucket_call(5, "GetBucketPolicy", json!({"policy": [""]})),
        bucket_call(6, "GetBucketAcl", json!({"acl": [""]})),
    ];
    assert_eq!(
        fired_on(ACCESS, records),
        ids(&[1, 2, 3, 4]),
        "a policy put that keeps the bucket private is routine; s3-bucket-made-public judges policies"
    );
}

#[test]
fn reading_bucket_access_does_not_change_it() {
    let records = vec![
        bucket_call(0, "GetBucketPolicy", json!({"policy": [""]})),
        bucket_call(1, "GetBucketAcl", json!({"acl": [""]})),
        public_access_block(2, "GetBucketPublicAccessBlock"),
        by_admin(
            3,
            "s3.amazonaws.com",
            "ListBuckets",
            json!({"host": ["s3.amazonaws.com"]}),
        ),
    ];
    assert_silent(ACCESS, &made_and_refused(records));
}

#[test]
fn a_refused_public_access_block_deletion_is_an_attempt() {
    assert_split(ACCESS, public_access_block(0, "DeleteBucketPublicAccessBlock"), denied);
}
