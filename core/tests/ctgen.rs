//! Cross-check against the ct-gen corpus in `fixtures/ctgen` (see fixtures/README.md for the
//! commands). The expected numbers were computed once with a plain Python loop over the files:
//!
//! ```text
//! for each file under ctgen/s3: doc = json.loads(gzip.open(f).read())
//!     Records in doc -> records += doc["Records"]; else digests += 1
//! by_source = Counter(r["eventSource"] for r in records)
//! errors = sum(1 for r in records if r.get("errorCode"))
//! by_hour = Counter(r["eventTime"][:13] ...); principals by the documented rule
//! ```
//!
//! and ct_gen.py itself reported `{"events": 600, "files": 14, "digests": 100}` for the tree,
//! 40 events for events.ndjson.gz and 20 for trail.json.

mod common;

use common::counts;
use trailscope_core::formats::source::Shape;
use trailscope_core::query::filter::Filter;
use trailscope_core::Summary;

#[test]
fn the_s3_tree_matches_what_ct_gen_wrote() {
    let data = common::load(&["ctgen/s3"]);
    let s = Summary::of(&data, &Filter::default());
    assert_eq!(s.events, 600);
    assert_eq!(s.digests, 100);
    assert_eq!(s.files, 114, "14 log files and 100 digests");
    assert_eq!(data.store.files.len(), 14);
    assert!(s.failed.is_empty(), "{:?}", s.failed);
    assert_eq!((s.duplicates, s.undated, s.errors), (0, 0, 28));
    assert_eq!(
        s.by_source,
        counts(&[
            ("apigateway.amazonaws.com", 6),
            ("athena.amazonaws.com", 6),
            ("autoscaling.amazonaws.com", 7),
            ("bedrock.amazonaws.com", 1),
            ("cloudformation.amazonaws.com", 13),
            ("cloudfront.amazonaws.com", 2),
            ("cloudtrail.amazonaws.com", 5),
            ("comprehend.amazonaws.com", 6),
            ("config.amazonaws.com", 8),
            ("dynamodb.amazonaws.com", 10),
            ("ec2.amazonaws.com", 68),
            ("ecr.amazonaws.com", 8),
            ("ecs.amazonaws.com", 10),
            ("eks.amazonaws.com", 7),
            ("elasticloadbalancing.amazonaws.com", 6),
            ("events.amazonaws.com", 1),
            ("glue.amazonaws.com", 7),
            ("guardduty.amazonaws.com", 6),
            ("health.amazonaws.com", 3),
            ("iam.amazonaws.com", 29),
            ("kinesis.amazonaws.com", 3),
            ("kms.amazonaws.com", 69),
            ("lambda.amazonaws.com", 12),
            ("lex.amazonaws.com", 3),
            ("logs.amazonaws.com", 17),
            ("monitoring.amazonaws.com", 13),
            ("organizations.amazonaws.com", 1),
            ("personalize.amazonaws.com", 4),
            ("polly.amazonaws.com", 2),
            ("rds.amazonaws.com", 4),
            ("rekognition.amazonaws.com", 2),
            ("route53.amazonaws.com", 2),
            ("s3.amazonaws.com", 150),
            ("sagemaker.amazonaws.com", 5),
            ("secretsmanager.amazonaws.com", 3),
            ("signin.amazonaws.com", 6),
            ("sns.amazonaws.com", 8),
            ("sqs.amazonaws.com", 13),
            ("ssm.amazonaws.com", 16),
            ("sso.amazonaws.com", 3),
            ("states.amazonaws.com", 5),
            ("sts.amazonaws.com", 44),
            ("textract.amazonaws.com", 2),
            ("transcribe.amazonaws.com", 4),
        ])
    );
    // Both SynthesizeSpeech20161128 records fold into SynthesizeSpeech.
    assert_eq!(s.by_operation["polly.amazonaws.com SynthesizeSpeech"], 2);
    assert_eq!(s.by_operation.len(), 194);
    assert_eq!(s.by_operation["s3.amazonaws.com GetObject"], 52);
    assert_eq!(s.by_principal.len(), 80);
    assert_eq!(s.by_principal["arn:aws:iam::534439589175:role/eks-node-group-role"], 32);
    assert_eq!(
        s.by_principal["arn:aws:iam::534439589175:role/service-role/ecs-task-orders-api"],
        27
    );
    assert_eq!(s.by_hour.len(), 24);
    assert_eq!(s.by_hour["2025-01-06T17"], 53);
    assert_eq!(s.by_hour.values().sum::<u64>(), 600);
    let accounts: Vec<&str> = data.store.dict.accounts.iter().filter(|a| !a.is_empty()).collect();
    assert_eq!(accounts.len(), 2);
    assert!(accounts.contains(&"534439589175") && accounts.contains(&"154335349840"));
    assert!(data.digests.iter().all(|d| d.path.contains("/CloudTrail-Digest/")));
}

#[test]
fn the_ndjson_and_single_document_variants() {
    let data = common::load(&["ctgen/events.ndjson.gz"]);
    let s = Summary::of(&data, &Filter::default());
    assert_eq!((s.events, s.errors, s.failed.len()), (40, 1, 0));
    assert_eq!(data.store.files[0].shape, Shape::Ndjson);
    assert_eq!(s.by_source["sts.amazonaws.com"], 9);
    assert_eq!(s.by_source["ec2.amazonaws.com"], 7);
    assert_eq!(s.by_source["s3.amazonaws.com"], 6);
    assert_eq!(s.by_source.len(), 17);

    let data = common::load(&["ctgen/trail.json"]);
    let s = Summary::of(&data, &Filter::default());
    assert_eq!((s.events, s.errors, s.failed.len()), (20, 0, 0));
    assert_eq!(data.store.files[0].shape, Shape::Records);
    assert_eq!(
        s.by_source,
        counts(&[
            ("cloudformation.amazonaws.com", 1),
            ("cloudtrail.amazonaws.com", 1),
            ("dynamodb.amazonaws.com", 1),
            ("ec2.amazonaws.com", 2),
            ("iam.amazonaws.com", 1),
            ("kms.amazonaws.com", 2),
            ("logs.amazonaws.com", 1),
            ("s3.amazonaws.com", 8),
            ("sns.amazonaws.com", 1),
            ("sso.amazonaws.com", 1),
            ("states.amazonaws.com", 1),
        ])
    );
}
