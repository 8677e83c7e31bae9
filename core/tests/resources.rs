//! The resources each event touched: one test per service family of the resource table, on
//! events shaped like the AWS documentation's examples (`fixtures/resources/`, made by
//! `make_resource_fixtures.py`), asserting each event's exact display forms; the many-valued
//! column through merges, de-duplication and the sort by time; hostile values; and the
//! `resources` query against counts made from the plain JSON records.

mod common;

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use trailscope_core::normalize::event_name::fold;
use trailscope_core::query::filter::Filter;
use trailscope_core::query::resources::{most_touched, resources, ResourceRow, TouchedResource};
use trailscope_core::query::selection::Rows;
use trailscope_core::time::{format_utc, parse_rfc3339};
use trailscope_core::{Batch, Dataset, Ingest, IngestOptions};

const A: &str = "111122223333";

/// Each event's resource keys (ARN, or `TYPE NAME`), by `eventID`, read back through the rows'
/// locators into the loaded files.
fn keys_by_event(data: &Dataset, files: &[(String, Vec<u8>)]) -> BTreeMap<String, BTreeSet<String>> {
    let store = &data.store;
    (0..store.len())
        .map(|i| {
            let row = store.columns.row(i);
            let file = &store.files[row.file as usize];
            let bytes = &files[file.origin as usize].1;
            let json = &bytes[row.offset as usize..(row.offset + row.len) as usize];
            let event: Value = serde_json::from_slice(json).unwrap();
            let keys = store.resources.column.of(i);
            let keys = keys
                .iter()
                .map(|&id| store.resources.dict.key(id).to_string())
                .collect();
            (event["eventID"].as_str().unwrap_or("").to_string(), keys)
        })
        .collect()
}

/// The fixture of one family loaded, and each event's keys.
fn family(name: &str) -> (Dataset, BTreeMap<String, BTreeSet<String>>) {
    let files = common::files(&[&format!("resources/{name}.json")]);
    let data = common::load(&[&format!("resources/{name}.json")]);
    let keys = keys_by_event(&data, &files);
    (data, keys)
}

/// The events' keys, in eventID order.
fn keys_in_order(keys: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<&str>> {
    keys.values().map(|k| k.iter().map(String::as_str).collect()).collect()
}

/// Type and account of a resource, by key.
fn kind_and_account(data: &Dataset, key: &str) -> (String, String) {
    let dict = &data.store.resources.dict;
    let id = (1..dict.len() as u32)
        .find(|&id| dict.key(id) == key)
        .unwrap_or_else(|| panic!("no resource {key}"));
    (dict.kind(id).to_string(), dict.account(id).to_string())
}

#[test]
fn s3_buckets_and_objects_are_one_resource_whether_listed_or_named() {
    let (data, keys) = family("s3");
    let bucket = "arn:aws:s3:::amzn-s3-demo-bucket";
    let object = "arn:aws:s3:::amzn-s3-demo-bucket/reports/2024.csv";
    assert_eq!(keys_in_order(&keys), [vec![bucket, object], vec![bucket]]);
    assert_eq!(kind_and_account(&data, bucket), ("AWS::S3::Bucket".into(), A.into()));
    assert_eq!(
        kind_and_account(&data, object),
        ("AWS::S3::Object".into(), String::new())
    );
}

#[test]
fn ec2_ids_in_requests_item_lists_and_run_instances_responses() {
    let (_, keys) = family("ec2");
    let instance = format!("arn:aws:ec2:us-east-1:{A}:instance/i-0123456789abcdef0");
    let other = format!("arn:aws:ec2:us-east-1:{A}:instance/i-0fedcba9876543210");
    let image = "arn:aws:ec2:us-east-1::image/ami-0abcdef1234567890".to_string();
    let group = format!("arn:aws:ec2:us-east-1:{A}:security-group/sg-0123456789abcdef0");
    let volume = format!("arn:aws:ec2:us-east-1:{A}:volume/vol-0123456789abcdef0");
    let snapshot = "arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0".to_string();
    let vpc = format!("arn:aws:ec2:us-east-1:{A}:vpc/vpc-0123456789abcdef0");
    let set = |v: &[&String]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    let expected: Vec<BTreeSet<String>> = vec![
        set(&[&image, &instance, &group]),
        set(&[&instance, &other]),
        set(&[&volume]),
        set(&[&snapshot]),
        set(&[&group]),
        set(&[&vpc]),
        set(&[&image]),
    ];
    assert_eq!(keys.into_values().collect::<Vec<_>>(), expected);
}

#[test]
fn iam_names_become_arns_in_the_events_account() {
    let (data, keys) = family("iam");
    let bob = format!("arn:aws:iam::{A}:user/Bob");
    assert_eq!(
        keys_in_order(&keys),
        [
            vec![bob.as_str()],
            vec![
                &format!("arn:aws:iam::{A}:role/DataReader"),
                "arn:aws:iam::aws:policy/ReadOnlyAccess"
            ],
            vec![&format!("arn:aws:iam::{A}:group/Developers"), bob.as_str()],
            vec![&format!("arn:aws:iam::{A}:instance-profile/web-profile")],
        ]
    );
    let policy = kind_and_account(&data, "arn:aws:iam::aws:policy/ReadOnlyAccess");
    assert_eq!(policy, ("AWS::IAM::ManagedPolicy".into(), "aws".into()));
}

#[test]
fn sts_role_arn_and_the_listed_role_are_one() {
    let (data, keys) = family("sts");
    let role = format!("arn:aws:iam::{A}:role/DataReader");
    assert_eq!(keys_in_order(&keys), [vec![role.as_str()]]);
    assert_eq!(data.store.resources.column.of(0).len(), 1, "kept once in its row");
    assert_eq!(kind_and_account(&data, &role), ("AWS::IAM::Role".into(), A.into()));
}

#[test]
fn kms_key_ids_and_aliases() {
    let (data, keys) = family("kms");
    let key = format!("arn:aws:kms:us-east-1:{A}:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    let alias = format!("arn:aws:kms:us-east-1:{A}:alias/ExampleAlias");
    assert_eq!(keys_in_order(&keys), [vec![key.as_str()], vec![&key], vec![&alias]]);
    assert_eq!(kind_and_account(&data, &alias).0, "AWS::KMS::Alias");
}

#[test]
fn lambda_function_by_arn_and_by_name() {
    let (_, keys) = family("lambda");
    let f = format!("arn:aws:lambda:us-east-1:{A}:function:my-function");
    assert_eq!(keys_in_order(&keys), [vec![f.as_str()], vec![&f]]);
}

#[test]
fn secrets_by_name_have_no_arn_and_an_arn_is_kept() {
    let (data, keys) = family("secretsmanager");
    let named = "AWS::SecretsManager::Secret MyTestDatabaseSecret";
    let arn = format!("arn:aws:secretsmanager:us-east-1:{A}:secret:MyTestDatabaseSecret-a1b2c3");
    assert_eq!(keys_in_order(&keys), [vec![named], vec![&arn]]);
    assert_eq!(
        kind_and_account(&data, named),
        ("AWS::SecretsManager::Secret".into(), A.into())
    );
}

#[test]
fn ssm_parameter_names_only_in_parameter_calls() {
    let (_, keys) = family("ssm");
    assert_eq!(
        keys_in_order(&keys),
        [
            vec![format!("arn:aws:ssm:us-east-1:{A}:parameter/prod/db/password").as_str()],
            vec![&format!("arn:aws:ssm:us-east-1:{A}:parameter/release")],
            vec![],
        ]
    );
}

#[test]
fn dynamodb_table() {
    let (_, keys) = family("dynamodb");
    assert_eq!(
        keys_in_order(&keys),
        [vec![format!("arn:aws:dynamodb:us-east-1:{A}:table/Music").as_str()]]
    );
}

#[test]
fn rds_instance() {
    let (_, keys) = family("rds");
    assert_eq!(
        keys_in_order(&keys),
        [vec![format!("arn:aws:rds:us-east-1:{A}:db:database-1").as_str()]]
    );
}

#[test]
fn sns_topic() {
    let (_, keys) = family("sns");
    assert_eq!(
        keys_in_order(&keys),
        [vec![format!("arn:aws:sns:us-east-1:{A}:alerts").as_str()]]
    );
}

#[test]
fn sqs_queue_url_gives_the_queues_own_region_and_account() {
    let (data, keys) = family("sqs");
    let queue = "arn:aws:sqs:us-west-2:444455556666:orders";
    assert_eq!(keys_in_order(&keys), [vec![queue]]);
    assert_eq!(
        kind_and_account(&data, queue),
        ("AWS::SQS::Queue".into(), "444455556666".into())
    );
}

#[test]
fn cloudtrail_trail_by_name_and_arn_is_one_and_other_names_are_not_trails() {
    let (_, keys) = family("cloudtrail");
    let trail = format!("arn:aws:cloudtrail:us-east-1:{A}:trail/management-events");
    assert_eq!(keys_in_order(&keys), [vec![trail.as_str()], vec![&trail], vec![]]);
}

#[test]
fn cloudformation_stack_by_name() {
    let (_, keys) = family("cloudformation");
    assert_eq!(keys_in_order(&keys), [vec!["AWS::CloudFormation::Stack my-stack"]]);
}

#[test]
fn ecr_repository() {
    let (_, keys) = family("ecr");
    assert_eq!(
        keys_in_order(&keys),
        [vec![format!("arn:aws:ecr:us-east-1:{A}:repository/my-repo").as_str()]]
    );
}

#[test]
fn eks_cluster_by_name_and_by_cluster_name() {
    let (_, keys) = family("eks");
    let cluster = format!("arn:aws:eks:us-east-1:{A}:cluster/prod");
    assert_eq!(keys_in_order(&keys), [vec![cluster.as_str()], vec![&cluster]]);
}

#[test]
fn cloudwatch_logs_group() {
    let (_, keys) = family("logs");
    assert_eq!(
        keys_in_order(&keys),
        [vec![format!(
            "arn:aws:logs:us-east-1:{A}:log-group:/aws/lambda/my-function"
        )
        .as_str()]]
    );
}

#[test]
fn resources_list_of_any_service_with_its_account_from_the_arn() {
    let (data, keys) = family("resources-list");
    let stream = "arn:aws:kinesis:us-east-1:444455556666:stream/orders";
    assert_eq!(keys_in_order(&keys), [vec![stream]], "an ARNPrefix is not a resource");
    assert_eq!(
        kind_and_account(&data, stream),
        ("AWS::Kinesis::Stream".into(), "444455556666".into())
    );
}

fn load_text(json: &str) -> Dataset {
    let mut ingest = Ingest::new(IngestOptions::default());
    ingest.add_bytes(0, "hostile.json", json.as_bytes());
    Dataset::from_batches([ingest.finish()])
}

#[test]
fn hostile_values_never_fail_the_event_and_are_cut() {
    let huge = "b".repeat(1 << 20);
    let many: Vec<String> = (0..10_000).map(|i| format!(r#"{{"instanceId":"i-{i}"}}"#)).collect();
    let deep = format!("{}1{}", "[".repeat(100), "]".repeat(100));
    let json = format!(
        r#"{{"Records":[
        {{"eventID":"1","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","requestParameters":{{"bucketName":"{huge}","key":{{"x":1}}}}}},
        {{"eventID":"2","eventSource":"ec2.amazonaws.com","eventName":"TerminateInstances","awsRegion":"us-east-1","recipientAccountId":"{A}","requestParameters":{{"instancesSet":{{"items":[{}]}}}}}},
        {{"eventID":"3","eventSource":"kms.amazonaws.com","eventName":"Decrypt","requestParameters":[1,2],"responseElements":"x","resources":[{{"ARN":5}},"x",null,{{"ARN":"arn:aws:kms:us-east-1:{A}:key/k"}},{deep}]}},
        {{"eventID":"4","eventSource":"iam.amazonaws.com","eventName":"CreateUser","requestParameters":{{"userName":"u"}},"resources":{{"ARN":"arn:aws:x"}}}}
        ]}}"#,
        many.join(",")
    );
    let data = load_text(&json);
    assert_eq!(data.store.len(), 4, "{:?}", data.failures);
    let store = &data.store;
    let dict = &store.resources.dict;
    let row_keys = |i: usize| -> Vec<String> {
        store
            .resources
            .column
            .of(i)
            .iter()
            .map(|&id| dict.key(id).to_string())
            .collect()
    };
    let bucket = &row_keys(0)[0];
    assert!(
        bucket.len() <= 4096 && bucket.starts_with("arn:aws:s3:::bbb"),
        "{}",
        bucket.len()
    );
    assert_eq!(row_keys(0).len(), 1, "a key that is not text is no object");
    assert_eq!(row_keys(1).len(), 64, "at most 64 resources an event");
    assert_eq!(row_keys(2), [format!("arn:aws:kms:us-east-1:{A}:key/k")]);
    assert_eq!(
        row_keys(3),
        ["AWS::IAM::User u"],
        "no account to build the ARN in, and resources not a list"
    );
}

#[test]
fn a_name_seen_in_two_accounts_gets_the_same_account_whatever_is_read_first() {
    let event = |id: &str, account: &str| {
        format!(
            r#"{{"Records":[{{"eventID":"{id}","eventTime":"2026-01-01T00:00:0{id}Z","eventSource":"secretsmanager.amazonaws.com","eventName":"GetSecretValue","awsRegion":"us-east-1","recipientAccountId":"{account}","requestParameters":{{"secretId":"shared"}}}}]}}"#
        )
        .into_bytes()
    };
    let files = vec![
        ("b.json".to_string(), event("1", "999988887777")),
        ("a.json".to_string(), event("2", A)),
    ];
    let mut reversed = files.clone();
    reversed.reverse();
    for order in [files, reversed] {
        let data = Dataset::from_batches(batches(&order));
        let named = "AWS::SecretsManager::Secret shared";
        assert_eq!(
            kind_and_account(&data, named).1,
            A,
            "the smaller account, in either order"
        );
    }
}

/// Each file as its own batch, in the given order.
fn batches(files: &[(String, Vec<u8>)]) -> Vec<Batch> {
    files
        .iter()
        .enumerate()
        .map(|(origin, (path, bytes))| {
            let mut ingest = Ingest::new(IngestOptions::default());
            ingest.add_bytes(origin as u32, path, bytes);
            ingest.finish()
        })
        .collect()
}

#[test]
fn the_column_survives_merges_duplicates_and_the_sort() {
    let files = common::files(&["resources"]);
    let expected = keys_by_event(&common::load(&["resources"]), &files);
    // Newest file first, so that the merge has to sort; the whole set loaded twice, so that
    // every event arrives once more as a duplicate in a later merge and within one merge.
    let mut reversed = files.clone();
    reversed.reverse();
    let mut data = Dataset::from_batches(batches(&reversed));
    data.merge_all(batches(&files));
    data.merge(common::batch(&files));
    assert_eq!(data.store.duplicates as usize, 2 * expected.len());
    assert!(data.store.columns.time.windows(2).all(|w| w[0] <= w[1]));
    let reversed_keys = keys_by_event(&data, &reversed);
    assert_eq!(reversed_keys, expected);
    let total: usize = (0..data.store.len())
        .map(|i| data.store.resources.column.of(i).len())
        .sum();
    assert_eq!(
        total,
        expected.values().map(BTreeSet::len).sum::<usize>(),
        "no resource kept twice"
    );
}

/// The resource rows made the slow obvious way: each event's keys as loaded (the per-family
/// tests assert those exactly), and its time, operation and principal taken from the fixture's
/// JSON with serde_json; names, ARNs, types and accounts are left empty.
fn reference(files: &[(String, Vec<u8>)]) -> Vec<ResourceRow> {
    let expected = keys_by_event(&common::load(&["resources"]), files);
    let events: Vec<Value> = files
        .iter()
        .flat_map(|(_, bytes)| {
            let doc: Value = serde_json::from_slice(bytes).unwrap();
            doc["Records"].as_array().unwrap().clone()
        })
        .collect();
    let mut rows: BTreeMap<String, ResourceRow> = BTreeMap::new();
    for event in &events {
        let id = event["eventID"].as_str().unwrap();
        let time = parse_rfc3339(event["eventTime"].as_str().unwrap()).unwrap();
        let operation = fold(event["eventName"].as_str().unwrap()).to_string();
        let principal = event["userIdentity"]["arn"].as_str().unwrap().to_string();
        for key in &expected[id] {
            let row = rows.entry(key.clone()).or_insert_with(|| ResourceRow {
                name: String::new(),
                arn: String::new(),
                kind: String::new(),
                account: String::new(),
                events: 0,
                by_operation: BTreeMap::new(),
                by_principal: BTreeMap::new(),
                first: None,
                last: None,
            });
            row.events += 1;
            *row.by_operation.entry(operation.clone()).or_default() += 1;
            *row.by_principal.entry(principal.clone()).or_default() += 1;
            let seen = |t: &Option<String>| t.as_deref().map(|t| parse_rfc3339(t).unwrap());
            row.first = Some(format_utc(seen(&row.first).map_or(time, |t| t.min(time))));
            row.last = Some(format_utc(seen(&row.last).map_or(time, |t| t.max(time))));
        }
    }
    rows.into_values().collect()
}

#[test]
fn the_query_counts_agree_with_the_plain_records() {
    let files = common::files(&["resources"]);
    let data = common::load(&["resources"]);
    let all = Rows::Span(0, data.store.len() as u32);
    let got = resources(&data.store, all);
    let mut want = reference(&files);
    assert_eq!(got.len(), want.len());
    let bucket = got.iter().find(|r| r.name == "amzn-s3-demo-bucket").unwrap();
    assert_eq!(bucket.events, 2);
    assert_eq!(bucket.by_principal.len(), 2);
    // The reference has no names or types (the per-family tests check those): each row takes
    // them from the query's row of the same key, so that its counts are compared.
    for (w, g) in want.iter_mut().zip(sorted_by_key(&got)) {
        w.name = g.name.clone();
        w.arn = g.arn.clone();
        w.kind = g.kind.clone();
        w.account = g.account.clone();
    }
    want.sort_by(|a, b| {
        (b.events.cmp(&a.events))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.arn.cmp(&b.arn))
            .then_with(|| a.kind.cmp(&b.kind))
    });
    assert_eq!(got, want);
    assert!(got.windows(2).all(|w| w[0].events >= w[1].events));
}

#[test]
fn the_resource_filter_keeps_the_events_that_touched_any_chosen_resource() {
    let files = common::files(&["resources"]);
    let data = common::load(&["resources"]);
    let keys = keys_by_event(&data, &files);
    let bucket = "arn:aws:s3:::amzn-s3-demo-bucket".to_string();
    let secret = "AWS::SecretsManager::Secret MyTestDatabaseSecret".to_string();
    let chosen = [bucket, secret];
    let want: BTreeSet<&str> = keys
        .iter()
        .filter(|(_, touched)| chosen.iter().any(|c| touched.contains(c)))
        .map(|(id, _)| id.as_str())
        .collect();
    assert!(want.len() >= 3, "{want:?}");
    let filter = Filter {
        resources: chosen.to_vec(),
        ..Filter::default()
    };
    let rows = filter.compile(&data).selected(&data.store).rows().to_vec();
    let got: BTreeSet<String> = rows.iter().map(|&i| event_id(&data, &files, i as usize)).collect();
    let want: BTreeSet<String> = want.into_iter().map(String::from).collect();
    assert_eq!(got, want, "of {} events", keys.len());
    let unknown = Filter {
        resources: vec!["arn:aws:s3:::no-such-bucket".into()],
        ..Filter::default()
    };
    assert!(unknown.compile(&data).selected(&data.store).rows().is_empty());
}

/// The `eventID` of row `i`, read back through its locator.
fn event_id(data: &Dataset, files: &[(String, Vec<u8>)], i: usize) -> String {
    let row = data.store.columns.row(i);
    let file = &data.store.files[row.file as usize];
    let bytes = &files[file.origin as usize].1;
    let json = &bytes[row.offset as usize..(row.offset + row.len) as usize];
    let event: Value = serde_json::from_slice(json).unwrap();
    event["eventID"].as_str().unwrap_or("").to_string()
}

/// `rows` ordered by their key, as the reference's map orders them.
fn sorted_by_key(rows: &[ResourceRow]) -> Vec<&ResourceRow> {
    let mut sorted: Vec<&ResourceRow> = rows.iter().collect();
    sorted.sort_by_key(|r| {
        if r.arn.is_empty() {
            format!("{} {}", r.kind, r.name)
        } else {
            r.arn.clone()
        }
    });
    sorted
}

/// Two refused calls beside the resource fixtures: a bucket's deletion denied to a new principal,
/// and an instance's termination refused in EC2's own spelling.
const DENIED: &str = r#"{"Records":[
{"eventID":"denied-1","eventTime":"2024-07-01T00:00:00Z","eventSource":"s3.amazonaws.com","eventName":"DeleteBucket","awsRegion":"us-east-1","recipientAccountId":"111122223333","readOnly":false,"errorCode":"AccessDenied","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/mallory"},"requestParameters":{"bucketName":"amzn-s3-demo-bucket"}},
{"eventID":"denied-2","eventTime":"2024-07-01T00:01:00Z","eventSource":"ec2.amazonaws.com","eventName":"TerminateInstances","awsRegion":"us-east-1","recipientAccountId":"111122223333","readOnly":false,"errorCode":"Client.UnauthorizedOperation","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/mallory"},"requestParameters":{"instancesSet":{"items":[{"instanceId":"i-0123456789abcdef0"}]}}}
]}"#;

/// The Resources view's rows made from the plain JSON: each event's keys as loaded, and its
/// time, `readOnly`, `errorCode` and principal read with serde_json; the refusal codes listed
/// here, apart from the core's list.
fn touched_reference(data: &Dataset, files: &[(String, Vec<u8>)]) -> BTreeMap<String, TouchedResource> {
    let keys = keys_by_event(data, files);
    let refused = [
        "AccessDenied",
        "AccessDeniedException",
        "UnauthorizedOperation",
        "Client.UnauthorizedOperation",
    ];
    let mut rows: BTreeMap<String, (TouchedResource, BTreeSet<String>)> = BTreeMap::new();
    for (_, bytes) in files {
        let doc: Value = serde_json::from_slice(bytes).unwrap();
        for event in doc["Records"].as_array().unwrap() {
            let time = parse_rfc3339(event["eventTime"].as_str().unwrap()).unwrap();
            let principal = event["userIdentity"]["arn"].as_str().unwrap().to_string();
            let write = event["readOnly"] == Value::Bool(false);
            let denied = refused.contains(&event["errorCode"].as_str().unwrap_or(""));
            for key in &keys[event["eventID"].as_str().unwrap()] {
                let (row, principals) = rows.entry(key.clone()).or_insert_with(|| {
                    let row = TouchedResource {
                        key: key.clone(),
                        name: String::new(),
                        kind: String::new(),
                        account: String::new(),
                        events: 0,
                        writes: 0,
                        denied: 0,
                        principals: 0,
                        first: None,
                        last: None,
                    };
                    (row, BTreeSet::new())
                });
                row.events += 1;
                row.writes += u64::from(write);
                row.denied += u64::from(denied);
                principals.insert(principal.clone());
                row.principals = principals.len() as u64;
                row.first = Some(row.first.map_or(time, |t| t.min(time)));
                row.last = Some(row.last.map_or(time, |t| t.max(time)));
            }
        }
    }
    rows.into_iter().map(|(key, (row, _))| (key, row)).collect()
}

#[test]
fn the_resources_view_counts_writes_denials_and_principals_like_the_plain_records() {
    let mut files = common::files(&["resources"]);
    files.push(("denied.json".into(), DENIED.as_bytes().to_vec()));
    let data = Dataset::from_batches(batches(&files));
    let all = Rows::Span(0, data.store.len() as u32);
    let got = most_touched(&data.store, all, usize::MAX);
    let want = touched_reference(&data, &files);
    assert_eq!(got.len(), want.len());
    for row in &got {
        let w = &want[&row.key];
        assert_eq!(
            (row.events, row.writes, row.denied, row.principals, row.first, row.last),
            (w.events, w.writes, w.denied, w.principals, w.first, w.last),
            "{}",
            row.key
        );
    }
    let bucket = got
        .iter()
        .find(|r| r.key == "arn:aws:s3:::amzn-s3-demo-bucket")
        .unwrap();
    assert_eq!(
        (bucket.name.as_str(), bucket.kind.as_str()),
        ("amzn-s3-demo-bucket", "AWS::S3::Bucket")
    );
    assert_eq!((bucket.denied, bucket.principals), (1, 3));
    assert!(got.iter().any(|r| r.key.contains("instance/") && r.denied == 1));
    let order = |a: &TouchedResource, b: &TouchedResource| b.events.cmp(&a.events).then_with(|| a.key.cmp(&b.key));
    assert!(
        got.windows(2).all(|w| order(&w[0], &w[1]).is_lt()),
        "busiest first, ties by key"
    );
    let top = most_touched(&data.store, all, 3);
    assert_eq!(top, got[..3], "the first few are the top of the whole list");
    let half: Vec<u32> = all.iter().step_by(2).collect();
    let events: u64 = most_touched(&data.store, (&half).into(), usize::MAX)
        .iter()
        .map(|r| r.events)
        .sum();
    let want: usize = half
        .iter()
        .map(|&i| data.store.resources.column.of(i as usize).len())
        .sum();
    assert_eq!(events, want as u64, "only the selected rows count");
}
