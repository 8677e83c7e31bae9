//! The typed query on real-shaped events: a responder's queries select exactly the events a
//! reference decided on the plain JSON records selects, `json:` terms wait for their search,
//! and a query that cannot be parsed selects nothing and is never applied by an edit.

mod common;

use common::plain::{attach_resources, passes, plain_records, Plain};
use std::collections::BTreeSet;
use trailscope_core::query::filter::query::Field;
use trailscope_core::query::filter::{Filter, FilterEdit};
use trailscope_core::Dataset;

/// One CloudTrail event: an IAM user's call from `ip` with `agent`, failed with `error` unless
/// it is empty.
fn event(id: &str, ip: &str, agent: &str, name: &str, error: &str) -> String {
    let error = if error.is_empty() {
        String::new()
    } else {
        format!(r#""errorCode":"{error}","errorMessage":"User is not authorized to perform {name}","#)
    };
    format!(
        r#"{{"eventVersion":"1.09","userIdentity":{{"type":"IAMUser","principalId":"AIDAEXAMPLE",
        "arn":"arn:aws:iam::111122223333:user/ci","accountId":"111122223333",
        "accessKeyId":"AKIAIOSFODNN7EXAMPLE","userName":"ci"}},"eventTime":"2024-03-02T11:{:02}:00Z",
        "eventSource":"ec2.amazonaws.com","eventName":"{name}","awsRegion":"eu-west-1",
        "sourceIPAddress":"{ip}","userAgent":"{agent}",{error}"requestParameters":{{"instanceId":"i-0{id}"}},
        "responseElements":null,"eventID":"{id}","readOnly":false,"eventType":"AwsApiCall",
        "recipientAccountId":"111122223333"}}"#,
        id.len() + ip.len()
    )
}

/// The resource fixtures and an incident: calls from two IPs, by Terraform and the CLI, some
/// denied.
fn files() -> Files {
    const TERRAFORM: &str = "Terraform/1.5.7 (+https://www.terraform.io) terraform-provider-aws/4.67.0";
    let incident = [
        event("q1", "192.168.10.20", TERRAFORM, "TerminateInstances", "AccessDenied"),
        event(
            "q2",
            "192.168.10.20",
            "aws-cli/2.15.0",
            "TerminateInstances",
            "AccessDenied",
        ),
        event("q3", "192.168.10.20", "aws-cli/2.15.0", "StopInstances", ""),
        event("q4", "192.168.10.21", "aws-cli/2.15.0", "StopInstances", "AccessDenied"),
        event(
            "q5",
            "10.192.168.10",
            TERRAFORM,
            "RunInstances",
            "Client.UnauthorizedOperation",
        ),
    ];
    let mut files = common::files(&["resources"]);
    let records = format!(r#"{{"Records":[{}]}}"#, incident.join(","));
    files.push(("incident.json".into(), records.into_bytes()));
    files
}

/// Files as loaded: each one's path and bytes.
type Files = Vec<(String, Vec<u8>)>;

/// The loaded data, its plain records (with the resources the data says each touched), and the
/// files they came from.
fn loaded() -> (Dataset, Vec<Plain>, Files) {
    let files = files();
    let data = Dataset::from_batches([common::batch(&files)]);
    let mut records = plain_records(&files);
    attach_resources(&mut records, &data, &files);
    assert_eq!(data.store.len(), records.len());
    (data, records, files)
}

fn query(text: &str) -> Filter {
    Filter {
        text: text.into(),
        ..Filter::default()
    }
}

/// The `eventID`s of the rows `filter` selects.
fn selected(data: &Dataset, files: &[(String, Vec<u8>)], filter: &Filter) -> BTreeSet<String> {
    let rows = filter.compile(data).selected(&data.store).rows().to_vec();
    rows.iter()
        .map(|&row| {
            common::event_value(data, files, row as usize)["eventID"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

/// The `eventID`s of the records that pass `filter`, decided on their strings.
fn expected(records: &[Plain], filter: &Filter) -> BTreeSet<String> {
    records
        .iter()
        .filter(|r| passes(r, filter))
        .map(|r| r.event_id.clone())
        .collect()
}

fn ids(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|id| id.to_string()).collect()
}

#[test]
fn a_responders_queries_select_what_the_plain_records_say() {
    let (data, records, files) = loaded();
    let check = |text: &str| {
        let filter = query(text);
        let got = selected(&data, &files, &filter);
        assert_eq!(got, expected(&records, &filter), "{text}");
        got
    };
    assert_eq!(check("192.168.10.20 AccessDenied"), ids(&["q1", "q2"]));
    assert_eq!(check("192.168.10.20 -AccessDenied"), ids(&["q3"]));
    assert_eq!(check("ip:192.168.10.20 error:accessdenied"), ids(&["q1", "q2"]));
    let without_terraform = check("-Terraform");
    assert_eq!(
        without_terraform.len(),
        records.len() - 2,
        "only the Terraform calls are hidden"
    );
    assert!(!without_terraform.contains("q1") && !without_terraform.contains("q5"));
    let cli = check("\"aws-cli/2.15.0\" -op:Stop");
    let in_incident: Vec<&String> = cli.iter().filter(|id| id.starts_with('q')).collect();
    assert_eq!(in_incident, ["q2"]);
    let bucket = check("resource:amzn-s3-demo-bucket");
    assert!(bucket.len() >= 2, "{bucket:?}");
    assert_eq!(
        check("amzn-s3-demo-bucket"),
        bucket,
        "a free word looks in the resources too"
    );
    assert_eq!(
        check("resource:AMZN-S3-DEMO-BUCKET -op:GetObject").len(),
        bucket.len() - 1
    );
    for text in [
        "ip:192.168 -ip:192.168.10.21",
        "key:AKIAIOSFODNN7 region:eu- account:1111",
        "principal:user/ci session:x",
        "source:ec2 -error:Unauthorized",
        "-\"user/alice\" resource:arn:aws:iam",
        "ua:terraform resource:i-0q",
        "op:instances -resource:instance",
    ] {
        check(text);
    }
}

#[test]
fn exact_terms_match_whole_values_only() {
    let (data, records, files) = loaded();
    let check = |text: &str| {
        let filter = query(text);
        let got = selected(&data, &files, &filter);
        assert_eq!(got, expected(&records, &filter), "{text}");
        got
    };
    assert_eq!(
        check("ip:=192.168.10.20"),
        ids(&["q1", "q2", "q3"]),
        "not .21, not 10.192.168.10"
    );
    assert!(
        check("ip:=192.168.10.2").is_empty(),
        "a part of a value is not the value"
    );
    assert_eq!(check("-ip:=192.168.10.2").len(), records.len());
    assert!(check("error:=accessdenied").is_empty(), "exact is exact in case too");
    assert_eq!(check("error:=AccessDenied"), ids(&["q1", "q2", "q4"]));
    assert_eq!(
        check("op:=\"ec2.amazonaws.com StopInstances\" -error:=AccessDenied"),
        ids(&["q3"]),
        "an operation named with its service"
    );
    assert!(check("op:=\"s3.amazonaws.com StopInstances\"").is_empty());
    assert_eq!(check("op:=StopInstances"), ids(&["q3", "q4"]));
    let bucket = check("resource:=arn:aws:s3:::amzn-s3-demo-bucket");
    assert!(!bucket.is_empty());
    assert!(
        check("resource:=arn:aws:s3:::amzn-s3-demo").is_empty(),
        "a key's beginning is not the key"
    );
    for text in [
        "ua:=aws-cli/2.15.0",
        "key:=AKIAIOSFODNN7EXAMPLE -ua:=aws-cli/2.15.0",
        "principal:=arn:aws:iam::111122223333:user/ci",
    ] {
        assert!(!check(text).is_empty(), "{text}");
    }
}

#[test]
fn pivots_on_a_value_add_remove_and_turn_around() {
    let (data, records, files) = loaded();
    let pivot = |filter: &Filter, field, value: &str, exclude| {
        FilterEdit::Pivot {
            field,
            value: value.into(),
            exclude,
        }
        .apply(filter)
    };
    let base = query("source:ec2");
    let denied = pivot(&base, Field::Error, "AccessDenied", false);
    assert_eq!(denied.text, "source:ec2 error:=\"AccessDenied\"");
    assert_eq!(selected(&data, &files, &denied), ids(&["q1", "q2", "q4"]));
    let other = pivot(&denied, Field::Error, "AccessDenied", true);
    assert_eq!(
        other.text, "source:ec2 -error:=\"AccessDenied\"",
        "turned around, not doubled"
    );
    assert_eq!(selected(&data, &files, &other), expected(&records, &other));
    assert_eq!(
        pivot(&other, Field::Error, "AccessDenied", true),
        base,
        "the same pivot again removes it"
    );
    let odd = "say \"hi\" \\ there";
    let quoted = pivot(&Filter::default(), Field::UserAgent, odd, false);
    let terms = quoted.query().unwrap();
    assert_eq!(terms.terms()[0].value, odd, "any value reads back the same");
    assert!(terms.terms()[0].exact);
    let json = pivot(&Filter::default(), Field::Json, "i-0q1", true);
    assert_eq!(json.text, "-json:\"i-0q1\"", "json: has no whole value: it contains");
    let broken = query("\"unclosed");
    assert_eq!(
        pivot(&broken, Field::Ip, "x", false),
        broken,
        "a query that cannot be read is left alone"
    );
}

#[test]
fn json_terms_wait_for_their_search() {
    let (mut data, _, files) = loaded();
    let every = selected(&data, &files, &Filter::default());
    let denied = query("json:\"Not authorized\" -json:TerminateInstances json:\"not AUTHORIZED\"");
    assert_eq!(denied.text_searches(), ["not authorized", "terminateinstances"]);
    assert_eq!(denied.missing_text_searches(&data), denied.text_searches());
    assert!(
        selected(&data, &files, &denied).is_empty(),
        "no search made: nothing found"
    );
    assert_eq!(
        selected(&data, &files, &query("-json:TerminateInstances")),
        every,
        "no search made: nothing left out"
    );
    let row_of = |id: &str| {
        (0..data.store.len() as u32)
            .find(|&row| common::event_value(&data, &files, row as usize)["eventID"] == id)
            .unwrap()
    };
    let (q1, q2, q4) = (row_of("q1"), row_of("q2"), row_of("q4"));
    data.set_text_hits("not authorized".into(), vec![q1.min(q4), q1.max(q4)]);
    assert_eq!(denied.missing_text_searches(&data), ["terminateinstances"]);
    assert_eq!(selected(&data, &files, &denied), ids(&["q1", "q4"]));
    data.set_text_hits("terminateinstances".into(), vec![q1.min(q2), q1.max(q2)]);
    assert!(denied.missing_text_searches(&data).is_empty());
    assert_eq!(selected(&data, &files, &denied), ids(&["q4"]));
    assert_eq!(query("json:x \"unclosed").text_searches(), Vec::<String>::new());
}

#[test]
fn a_query_that_cannot_be_parsed_selects_nothing_and_is_never_applied() {
    let (data, _, files) = loaded();
    for text in ["\"unclosed", "foo:bar", "ip:", "-", "\"a\"b", "\"\""] {
        assert!(selected(&data, &files, &query(text)).is_empty(), "{text}");
        let before = query("AccessDenied");
        assert_eq!(FilterEdit::SetText(text.into()).apply(&before), before, "{text}");
    }
    assert_eq!(
        FilterEdit::SetText("-Terraform".into()).apply(&query("x")),
        query("-Terraform")
    );
    assert_eq!(FilterEdit::SetText(" \t ".into()).apply(&query("x")), Filter::default());
    let narrowed = Filter {
        regions: vec!["eu-west-1".into()],
        ..query("ip:192.168.10.2")
    };
    assert_eq!(selected(&data, &files, &narrowed), ids(&["q1", "q2", "q3", "q4"]));
}
