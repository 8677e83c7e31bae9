//! Each value's pivot checked against the engine on real-shaped events: the 800 generated events
//! of the end-to-end trail and the IAM findings' examples, each loaded as its own file, so that
//! a pivot that is not `json:` must select its event and, turned around, leave it out.

use super::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;
use trailscope_core::query::filter::Filter;
use trailscope_core::query::filter::FilterEdit;
use trailscope_core::{Dataset, Ingest, IngestOptions};

/// Every record of the end-to-end trail (gzip) and of the IAM examples.
fn records() -> Vec<Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("core/tests/fixtures/findings/iam.json")];
    let mut folders = vec![root.join("tests/e2e/fixtures/multi")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(folder).unwrap().map(Result::unwrap) {
            let path = entry.path();
            let name = path.to_string_lossy().to_string();
            if path.is_dir() {
                folders.push(path);
            } else if name.ends_with(".json.gz") && !name.contains("Digest") {
                files.push(path);
            }
        }
    }
    let mut records = Vec::new();
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let mut text = String::new();
        if path.extension().is_some_and(|e| e == "gz") {
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_string(&mut text)
                .unwrap();
        } else {
            text = String::from_utf8(bytes).unwrap();
        }
        let file: Value = serde_json::from_str(&text).unwrap();
        records.extend(file["Records"].as_array().unwrap().iter().cloned());
    }
    records
}

/// Calls `each` with every scalar under `value` and its path.
fn leaves<'v>(value: &'v Value, path: &mut Vec<Step<'v>>, each: &mut dyn FnMut(&[Step<'v>], String)) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                path.push(Step::Key(key));
                leaves(child, path, each);
                path.pop();
            }
        }
        Value::Array(items) => {
            for item in items {
                path.push(Step::Item);
                leaves(item, path, each);
                path.pop();
            }
        }
        Value::String(s) => each(path, s.clone()),
        Value::Number(n) => each(path, n.to_string()),
        Value::Bool(_) | Value::Null => {}
    }
}

#[test]
fn every_pivot_but_json_selects_its_event_exactly() {
    let records = records();
    assert!(records.len() > 800, "{} records", records.len());
    let mut ingest = Ingest::new(IngestOptions::default());
    for (i, record) in records.iter().enumerate() {
        let file = serde_json::json!({ "Records": [record] }).to_string();
        ingest.add_bytes(i as u32, &format!("{i}.json"), file.as_bytes());
    }
    let data = Dataset::from_batches([ingest.finish()]);
    let row_of_file: std::collections::HashMap<u32, u32> = (0..data.store.len())
        .map(|row| (data.store.columns.file.get(row), row as u32))
        .collect();
    let mut fields = BTreeSet::new();
    let selects = |field: Field, value: &str, exclude: bool| {
        let edit = FilterEdit::Pivot {
            field,
            value: value.into(),
            exclude,
        };
        edit.apply(&Filter::default()).compile(&data).selected(&data.store)
    };
    for (i, record) in records.iter().enumerate() {
        let Some(&row) = row_of_file.get(&(i as u32)) else {
            continue; // a duplicate eventID, kept once
        };
        let facts = Facts::read(&serde_json::to_string_pretty(record).unwrap()).unwrap();
        leaves(record, &mut Vec::new(), &mut |path, value| {
            let Some((field, pivot)) = facts.pivot(path, &value) else {
                return;
            };
            fields.insert(field.word());
            if field != Field::Json {
                assert!(
                    selects(field, &pivot, false).rows().contains(row),
                    "{path:?} {value} {field:?}"
                );
                assert!(
                    !selects(field, &pivot, true).rows().contains(row),
                    "{path:?} {value} {field:?}"
                );
            }
        });
    }
    assert_eq!(
        fields.into_iter().collect::<Vec<_>>(),
        [
            "account",
            "error",
            "ip",
            "json",
            "key",
            "op",
            "principal",
            "region",
            "resource",
            "session",
            "source",
            "ua"
        ],
        "every field is reached by some value"
    );
}

#[test]
fn a_role_sessions_arn_is_its_session_and_the_role_its_principal() {
    let event = r#"{"eventSource":"s3.amazonaws.com","eventName":"GetBucketLogging20060301",
        "userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/R/s","accountId":"1",
        "sessionContext":{"sessionIssuer":{"arn":"arn:aws:iam::1:role/R"}}},"awsRegion":"eu-west-1",
        "requestParameters":{"bucketName":"b"},"resources":[{"ARN":"arn:aws:s3:::b"}]}"#;
    let facts = Facts::read(event).unwrap();
    let identity = [Step::Key("userIdentity"), Step::Key("arn")];
    let issuer = [
        Step::Key("userIdentity"),
        Step::Key("sessionContext"),
        Step::Key("sessionIssuer"),
        Step::Key("arn"),
    ];
    assert_eq!(
        facts.pivot(&identity, "arn:aws:sts::1:assumed-role/R/s"),
        Some((Field::Session, "arn:aws:sts::1:assumed-role/R/s".into()))
    );
    assert_eq!(
        facts.pivot(&issuer, "arn:aws:iam::1:role/R"),
        Some((Field::Principal, "arn:aws:iam::1:role/R".into()))
    );
    assert_eq!(
        facts.pivot(&[Step::Key("eventName")], "GetBucketLogging20060301"),
        Some((Field::Operation, "s3.amazonaws.com GetBucketLogging".into())),
        "the folded name, as the operations view counts it"
    );
    let arn = [Step::Key("resources"), Step::Item, Step::Key("ARN")];
    assert_eq!(
        facts.pivot(&arn, "arn:aws:s3:::b"),
        Some((Field::Resource, "arn:aws:s3:::b".into()))
    );
    let bucket = [Step::Key("requestParameters"), Step::Key("bucketName")];
    assert_eq!(facts.pivot(&bucket, "b"), Some((Field::Json, "b".into())));
    assert_eq!(facts.pivot(&bucket, ""), None, "no term names an empty value");
    assert_eq!(
        facts.resources,
        ["arn:aws:s3:::b"],
        "the ARN found twice is listed once"
    );
}
