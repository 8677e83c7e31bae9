//! The SQL a filter becomes (`trailscope_core::sql`): Athena's and Lake's text against golden
//! files and parsed by sqlglot, and DuckDB's run for real over the trail in `fixtures/sql`
//! (see `make_sql_fixtures.py`), its CSV result loaded back: for each filter, the result holds
//! exactly the events the same filter selects in Trailscope from the original files, counted
//! per account, region, source, operation, principal, error, readOnly and time.

mod common;

use common::python;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use trailscope_core::query::filter::{Filter, Outcome};
use trailscope_core::sql::{sql, Engine, Request, Scope};
use trailscope_core::store::flags::Flags;
use trailscope_core::time::parse_rfc3339;
use trailscope_core::{Dataset, Ingest, IngestOptions};

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

fn at(time: &str) -> Option<i64> {
    Some(parse_rfc3339(time).unwrap())
}

/// A filter with every part set, hostile values among them.
fn full_filter() -> Filter {
    Filter {
        from: at("2025-03-01T12:00:00Z"),
        to: at("2025-03-02T06:30:00.250Z"),
        accounts: strings(&["111122223333", "434177192288"]),
        regions: strings(&["us-east-1"]),
        sources: strings(&["iam.amazonaws.com", "signin.amazonaws.com"]),
        operations: strings(&["signin.amazonaws.com ConsoleLogin", "lambda.amazonaws.com GetFunction"]),
        principals: strings(&["arn:aws:iam::111122223333:user/o'brien'; DROP TABLE x; --", "(none)"]),
        errors: strings(&["ConsoleLoginFailure", "Access\\Denied"]),
        resources: strings(&["arn:aws:s3:::bucket"]),
        outcome: Some(Outcome::Error),
        read_only: Some(false),
        text: "json:secret".into(),
        finding: Some("console-login-without-mfa".into()),
    }
}

fn golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name)
}

/// `text` equals the golden file `name` (rewritten instead with `TRAILSCOPE_BLESS=1`).
fn assert_golden(name: &str, text: &str) {
    let path = golden(name);
    if std::env::var_os("TRAILSCOPE_BLESS").is_some() {
        std::fs::write(&path, text).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(text, expected, "{name} differs from its golden file");
}

/// The statements sqlglot reads in `sql` for `dialect`, by kind.
fn parsed(sql: &str, dialect: &str) -> String {
    let code = "import sys, sqlglot\n\
                statements = sqlglot.parse(sys.argv[1], read=sys.argv[2])\n\
                print(','.join(type(s).__name__ for s in statements if s is not None))";
    python::run(code, &[sql, dialect]).trim().to_string()
}

#[test]
fn athena_sql_matches_its_golden_file_and_parses() {
    let filter = full_filter();
    let request = Request {
        filter: &filter,
        engine: Engine::Athena,
        location: "s3://trail-bucket/org-logs/",
        org_id: None,
        scope: &Scope::default(),
    };
    let out = sql(&request).unwrap();
    assert_golden("athena.sql", &out.text);
    let parts: Vec<&str> = out.left_out.iter().map(|l| l.part.as_str()).collect();
    assert_eq!(
        parts,
        [
            "query \"json:secret\"",
            "resources arn:aws:s3:::bucket",
            "finding console-login-without-mfa"
        ]
    );
    assert_eq!(parsed(&out.text, "athena"), "Create,Select");
    let select = &out.text[out.text.find("\nSELECT").unwrap()..];
    assert_eq!(parsed(select, "athena"), "Select");
    assert_eq!(parsed(select, "trino"), "Select");
}

#[test]
fn lake_sql_matches_its_golden_file_and_parses() {
    let filter = full_filter();
    let request = Request {
        filter: &filter,
        engine: Engine::Lake,
        location: "arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE",
        org_id: None,
        scope: &Scope::default(),
    };
    let out = sql(&request).unwrap();
    assert_golden("lake.sql", &out.text);
    assert!(out
        .text
        .starts_with("SELECT eventjson\nFROM EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE\nWHERE"));
    // Lake's FROM takes the store's id bare, hyphens and all, as AWS's examples write it; sqlglot
    // reads a bare name only without hyphens, so it is given one in its place.
    let named = out
        .text
        .replace("EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE", "event_data_store");
    assert_eq!(parsed(&named, "athena"), "Select");
    assert_eq!(parsed(&named, "trino"), "Select");
}

/// Each selected row of `filter` counted by each dimension's value, and in all.
fn tallies(data: &Dataset, filter: &Filter) -> BTreeMap<String, u64> {
    let store = &data.store;
    let (c, d) = (&store.columns, &store.dict);
    let mut out = BTreeMap::new();
    for i in filter.compile(data).selected(store).rows().iter() {
        let i = i as usize;
        let keys = [
            "events".to_string(),
            format!("account {}", d.accounts.get(c.account.get(i))),
            format!("region {}", d.regions.get(u32::from(c.region.get(i)))),
            format!("source {}", d.sources.get(u32::from(c.source.get(i)))),
            format!("operation {}", d.operations.get(c.operation.get(i))),
            format!("principal {}", d.principals.get(c.principal.get(i))),
            format!("error {}", d.errors.get(u32::from(c.error.get(i)))),
            format!("readOnly {:?}", Flags(c.flags[i]).read_only()),
            format!("time {}", c.time[i]),
        ];
        for key in keys {
            *out.entry(key).or_insert(0) += 1;
        }
    }
    out
}

fn load(files: &[(String, Vec<u8>)]) -> Dataset {
    let mut ingest = Ingest::new(IngestOptions::default());
    for (origin, (path, bytes)) in files.iter().enumerate() {
        ingest.add_bytes(origin as u32, path, bytes);
    }
    Dataset::from_batches([ingest.finish()])
}

#[test]
fn duckdb_results_reload_as_the_events_the_filter_selects() {
    let trail = common::root().join("sql");
    let original = load(&common::files(&["sql"]));
    let all = tallies(&original, &Filter::default());
    assert_eq!(all["events"], 3019);
    let top_principal = all
        .iter()
        .filter(|(k, _)| k.starts_with("principal arn:"))
        .max_by_key(|(_, n)| **n)
        .map(|(k, _)| k["principal ".len()..].to_string())
        .unwrap();
    let filters = [
        Filter::default(),
        Filter {
            accounts: strings(&["434177192288"]),
            regions: strings(&["eu-west-1"]),
            ..Filter::default()
        },
        Filter {
            accounts: strings(&["222233334444"]),
            ..Filter::default()
        },
        Filter {
            operations: strings(&[
                "s3.amazonaws.com GetObject",
                "lambda.amazonaws.com GetFunction",
                "cloudfront.amazonaws.com GetDistribution",
                "lambda.amazonaws.com ListTags",
                "ec2.amazonaws.com RunInstances",
                "signin.amazonaws.com ConsoleLogin",
                "no-space",
            ]),
            ..Filter::default()
        },
        Filter {
            principals: vec![
                top_principal,
                "arn:aws:iam::111122223333:user/o'brien".into(),
                "Unknown:AIDAUNTYPED".into(),
                "SAMLUser:idp:Zoë".into(),
                "(none)".into(),
                "s3.amazonaws.com".into(),
                "arn:aws:sts::111122223333:assumed-role/NoIssuer/s".into(),
            ],
            ..Filter::default()
        },
        Filter {
            errors: strings(&["AccessDenied", "ConsoleLoginFailure", "ThrottlingException"]),
            ..Filter::default()
        },
        Filter {
            outcome: Some(Outcome::Error),
            ..Filter::default()
        },
        Filter {
            outcome: Some(Outcome::Success),
            accounts: strings(&["111122223333"]),
            ..Filter::default()
        },
        Filter {
            from: at("2025-03-01T12:00:00Z"),
            to: at("2025-03-02T06:00:00.501Z"),
            ..Filter::default()
        },
        Filter {
            read_only: Some(true),
            ..Filter::default()
        },
        Filter {
            read_only: Some(false),
            sources: strings(&["iam.amazonaws.com", "s3.amazonaws.com"]),
            ..Filter::default()
        },
    ];
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sql-duckdb");
    std::fs::create_dir_all(&dir).unwrap();
    let mut jobs = Vec::new();
    for (n, filter) in filters.iter().enumerate() {
        let request = Request {
            filter,
            engine: Engine::DuckDb,
            location: trail.to_str().unwrap(),
            org_id: None,
            scope: &Scope::default(),
        };
        let select = sql(&request).unwrap().text;
        let (query, csv) = (dir.join(format!("{n}.sql")), dir.join(format!("{n}.csv")));
        std::fs::write(&query, select).unwrap();
        jobs.push(query.to_str().unwrap().to_string());
        jobs.push(csv.to_str().unwrap().to_string());
    }
    let code = "import sys, duckdb\n\
                db = duckdb.connect()\n\
                for query, csv in zip(sys.argv[1::2], sys.argv[2::2]):\n    \
                    select = open(query).read()\n    \
                    db.execute('COPY (' + select + \") TO '\" + csv.replace(\"'\", \"''\") + \"' (HEADER)\")";
    python::run(code, &jobs.iter().map(String::as_str).collect::<Vec<_>>());
    for (n, filter) in filters.iter().enumerate() {
        let expected = tallies(&original, filter);
        assert!(expected["events"] > 0, "filter {n} selects events");
        let csv = dir.join(format!("{n}.csv"));
        let result = load(&[("result.csv".into(), std::fs::read(&csv).unwrap())]);
        assert!(result.failures.is_empty(), "filter {n}: {:?}", result.failures);
        assert_eq!(tallies(&result, &Filter::default()), expected, "filter {n}: {filter:?}");
    }
}

/// The accounts, regions and earliest time of the fixture trail, read from its records with
/// serde_json (an account is `recipientAccountId`, else `userIdentity.accountId`).
fn scope_of_records(files: &[(String, Vec<u8>)]) -> Scope {
    use std::io::Read;
    let (mut accounts, mut regions, mut first) = (Vec::new(), Vec::new(), None::<i64>);
    for (_, gz) in files {
        let mut text = String::new();
        flate2::read::MultiGzDecoder::new(&gz[..])
            .read_to_string(&mut text)
            .unwrap();
        let log: serde_json::Value = serde_json::from_str(&text).unwrap();
        for record in log["Records"].as_array().unwrap() {
            let account = record["recipientAccountId"]
                .as_str()
                .or(record["userIdentity"]["accountId"].as_str());
            accounts.extend(account.filter(|a| !a.is_empty()).map(str::to_string));
            regions.extend(
                record["awsRegion"]
                    .as_str()
                    .filter(|r| !r.is_empty())
                    .map(str::to_string),
            );
            if let Some(time) = record["eventTime"].as_str().and_then(parse_rfc3339) {
                first = Some(first.map_or(time, |f| f.min(time)));
            }
        }
    }
    for values in [&mut accounts, &mut regions] {
        values.sort_unstable();
        values.dedup();
    }
    Scope {
        accounts,
        regions,
        first,
    }
}

#[test]
fn the_scope_of_loaded_events_is_what_their_records_name_and_athena_projects_it() {
    let files = common::files(&["sql"]);
    let scope = Scope::of(&load(&files).store);
    assert_eq!(scope, scope_of_records(&files));
    assert_eq!(scope.accounts.len(), 4, "{scope:?}");
    let request = Request {
        filter: &Filter::default(),
        engine: Engine::Athena,
        location: "s3://trail-bucket",
        org_id: None,
        scope: &scope,
    };
    let text = sql(&request).unwrap().text;
    let projection = format!("'projection.account.values' = '{}'", scope.accounts.join(","));
    assert!(text.contains(&projection), "{projection} in\n{text}");
    assert!(
        text.contains("'projection.timestamp.range' = '2025/02/28,NOW'"),
        "{text}"
    );
}
