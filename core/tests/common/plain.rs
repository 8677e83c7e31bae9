//! Fixture events read as plain records, for the tests that check the store's answers against
//! a reference made without the store's code: the JSON parsed here with serde_json, each
//! event's fields kept as the strings a filter or view looks at, and a filter decided on them.
//! Only the normalising rules the store applies before it counts (folding API-version suffixes,
//! parsing times, the fixed code of a failed console sign-in), the query's syntax (its parser is
//! tested on its own) and, when [`attach_resources`] is called, which resources each event
//! touched (tested against hand-written keys in `resources.rs`) are the core's own.

use serde_json::Value;
use std::collections::BTreeSet;
use std::io::Read;
use trailscope_core::normalize::event_name::fold;
use trailscope_core::normalize::request::CONSOLE_LOGIN_FAILURE;
use trailscope_core::query::filter::query::{Field, Query, Term};
use trailscope_core::query::filter::{Filter, Outcome};
use trailscope_core::time::parse_rfc3339;
use trailscope_core::Dataset;

/// One event as plain strings: the fields a filter or a view looks at.
#[derive(Debug)]
pub struct Plain {
    /// `eventTime` (else `@timestamp`) in UTC ms; `None` when undated.
    pub time: Option<i64>,
    /// `recipientAccountId`, else `userIdentity.accountId`.
    pub account: String,
    /// `awsRegion`.
    pub region: String,
    /// `eventSource` (an Insights event's from its details).
    pub source: String,
    /// `eventName` folded (an Insights event's from its details).
    pub operation: String,
    /// The principal rule's "who".
    pub principal: String,
    /// The role session (or Identity Center user) under the principal.
    pub session: String,
    /// `sourceIPAddress`.
    pub ip: String,
    /// `userAgent`.
    pub user_agent: String,
    /// `errorCode`, or the fixed code of a failed console sign-in.
    pub error: String,
    /// `userIdentity.accessKeyId`.
    pub access_key: String,
    /// `readOnly` when it says true or false.
    pub read_only: Option<bool>,
    /// Authenticated with MFA: `sessionContext.attributes.mfaAuthenticated` says true, or a
    /// console sign-in's `additionalEventData.MFAUsed` says yes.
    pub mfa: bool,
    /// A change that succeeded, made with the root user's credentials (the `root-activity`
    /// finding: no reads, no sign-ins, no failed attempts).
    pub root: bool,
    /// `eventID`.
    pub event_id: String,
    /// The whole event as compact JSON, lowercased: what a search in every field looks in.
    pub json: String,
    /// The keys of the resources it touched; empty until [`attach_resources`].
    pub resources: Vec<String>,
}

/// A scalar as text (numbers and bools spelled out); anything else is empty.
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(_) | Value::Number(_) => v.to_string(),
        _ => String::new(),
    }
}

/// The first of `values` that is set, or empty.
fn first_set(values: [&Value; 2]) -> String {
    values.into_iter().map(text).find(|s| !s.is_empty()).unwrap_or_default()
}

/// The principal rule (the issuing role of a role session, the service of an AWS service call,
/// the ARN, else `<type>:<id>`) and the session kept under it.
fn principal_and_session(user: &Value) -> (String, String) {
    if !user.is_object() {
        return ("(none)".into(), String::new());
    }
    let (kind, arn) = (text(&user["type"]), text(&user["arn"]));
    let issuer = text(&user["sessionContext"]["sessionIssuer"]["arn"]);
    let invoked_by = text(&user["invokedBy"]);
    if kind == "AssumedRole" && !issuer.is_empty() {
        (issuer, arn)
    } else if kind == "AWSService" && !invoked_by.is_empty() {
        (invoked_by, String::new())
    } else if !arn.is_empty() {
        (arn, String::new())
    } else {
        let id = first_set([&user["principalId"], &user["accountId"]]);
        let id = if id.is_empty() { "unknown".to_string() } else { id };
        (format!("{kind}:{id}"), text(&user["onBehalfOf"]["userId"]))
    }
}

fn plain(event: &Value) -> Plain {
    let user = &event["userIdentity"];
    let details = &event["insightDetails"];
    let source = first_set([&event["eventSource"], &details["eventSource"]]);
    let operation = fold(&first_set([&event["eventName"], &details["eventName"]])).to_string();
    let failed_login = source == "signin.amazonaws.com"
        && operation == "ConsoleLogin"
        && text(&event["responseElements"]["ConsoleLogin"]) == "Failure";
    let error = match text(&event["errorCode"]) {
        code if code.is_empty() && failed_login => CONSOLE_LOGIN_FAILURE.to_string(),
        code => code,
    };
    let (principal, session) = principal_and_session(user);
    let read_only = text(&event["readOnly"]).to_lowercase();
    Plain {
        time: parse_rfc3339(&first_set([&event["eventTime"], &event["@timestamp"]])),
        account: first_set([&event["recipientAccountId"], &user["accountId"]]),
        region: text(&event["awsRegion"]),
        source,
        operation,
        principal,
        session,
        ip: text(&event["sourceIPAddress"]),
        user_agent: text(&event["userAgent"]),
        error,
        access_key: text(&user["accessKeyId"]),
        read_only: (read_only == "true" || read_only == "false").then(|| read_only == "true"),
        mfa: text(&user["sessionContext"]["attributes"]["mfaAuthenticated"]).eq_ignore_ascii_case("true")
            || text(&event["additionalEventData"]["MFAUsed"]).eq_ignore_ascii_case("yes"),
        root: text(&user["type"]) == "Root"
            && read_only != "true"
            && text(&event["eventName"]) != "ConsoleLogin"
            && text(&event["errorCode"]).is_empty(),
        event_id: text(&event["eventID"]),
        json: event.to_string().to_lowercase(),
        resources: Vec::new(),
    }
}

/// Gives each record the keys of the resources `data` (loaded from `files`) says its event
/// touched, matched by `eventID`.
pub fn attach_resources(records: &mut [Plain], data: &Dataset, files: &[(String, Vec<u8>)]) {
    let store = &data.store;
    let mut by_id = std::collections::HashMap::new();
    for row in 0..store.len() {
        let id = text(&super::event_value(data, files, row)["eventID"]);
        let keys: Vec<String> = (store.resources.column.of(row).iter())
            .map(|&r| store.resources.dict.key(r).to_string())
            .collect();
        by_id.insert(id, keys);
    }
    for r in records {
        r.resources = by_id.remove(&r.event_id).unwrap_or_default();
    }
}

/// The strings of `r` a term looks in: one field's, or (a free word) every dimension's and the
/// resources'.
fn looked_in(r: &Plain, field: Option<Field>) -> Vec<&str> {
    fn one(value: &str) -> Vec<&str> {
        vec![value]
    }
    match field {
        None => {
            let mut all = vec![
                &r.account,
                &r.region,
                &r.source,
                &r.operation,
                &r.principal,
                &r.session,
                &r.ip,
                &r.user_agent,
                &r.error,
                &r.access_key,
            ];
            all.extend(&r.resources);
            all.into_iter().map(String::as_str).collect()
        }
        Some(Field::Principal) => one(&r.principal),
        Some(Field::Ip) => one(&r.ip),
        Some(Field::AccessKey) => one(&r.access_key),
        Some(Field::Operation) => one(&r.operation),
        Some(Field::Source) => one(&r.source),
        Some(Field::Region) => one(&r.region),
        Some(Field::Account) => one(&r.account),
        Some(Field::Error) => one(&r.error),
        Some(Field::Resource) => r.resources.iter().map(String::as_str).collect(),
        Some(Field::UserAgent) => one(&r.user_agent),
        Some(Field::Session) => one(&r.session),
        Some(Field::Json) => one(&r.json),
    }
}

/// Whether `r` passes one term of a query (a `json:` term as if its search had been made).
fn holds(r: &Plain, term: &Term) -> bool {
    let needle = term.value.to_lowercase();
    let values = looked_in(r, term.field);
    let found = if term.exact {
        let pair = format!("{} {}", r.source, r.operation);
        values.iter().any(|v| !v.is_empty() && *v == term.value)
            || (term.field == Some(Field::Operation) && pair == term.value)
    } else {
        values
            .iter()
            .any(|v| !v.is_empty() && v.to_lowercase().contains(&needle))
    };
    found != term.excluded
}

/// The events of every loaded file (digests and other JSON left out), each event ID once.
pub fn plain_records(files: &[(String, Vec<u8>)]) -> Vec<Plain> {
    let mut events: Vec<Value> = Vec::new();
    for (path, bytes) in files {
        let mut json = String::new();
        if path.ends_with(".gz") {
            flate2::read::MultiGzDecoder::new(&bytes[..])
                .read_to_string(&mut json)
                .unwrap();
        } else {
            json = String::from_utf8(bytes.clone()).unwrap();
        }
        if path.ends_with(".ndjson.gz") {
            events.extend(
                json.lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| serde_json::from_str(l).unwrap()),
            );
        } else if let Value::Object(mut document) = serde_json::from_str(&json).unwrap() {
            if let Some(Value::Array(records)) = document.remove("Records") {
                events.extend(records);
            }
        }
    }
    let mut ids = BTreeSet::new();
    events.retain(|e| text(&e["eventID"]).is_empty() || ids.insert(text(&e["eventID"])));
    events.iter().map(plain).collect()
}

/// Whether `r` passes `filter`, decided on its strings; a query that cannot be parsed passes no
/// record, and `json:` terms are decided as if their searches had been made. Resources are
/// decided on the keys [`attach_resources`] gave the record.
pub fn passes(r: &Plain, filter: &Filter) -> bool {
    let any = |wanted: &[String], value: &str| wanted.is_empty() || wanted.iter().any(|w| w == value);
    let in_time = (filter.from.is_none() && filter.to.is_none())
        || r.time
            .is_some_and(|t| filter.from.is_none_or(|f| t >= f) && filter.to.is_none_or(|to| t < to));
    let operation = format!("{} {}", r.source, r.operation);
    let query = Query::parse(&filter.text).map(|q| q.terms().iter().all(|t| holds(r, t)));
    in_time
        && any(&filter.accounts, &r.account)
        && any(&filter.regions, &r.region)
        && any(&filter.sources, &r.source)
        && any(&filter.operations, &operation)
        && any(&filter.principals, &r.principal)
        && any(&filter.errors, &r.error)
        && (filter.resources.is_empty() || r.resources.iter().any(|k| filter.resources.contains(k)))
        && filter.outcome.is_none_or(|o| match o {
            Outcome::Success => r.error.is_empty(),
            Outcome::Error => !r.error.is_empty(),
        })
        && filter.read_only.is_none_or(|want| r.read_only == Some(want))
        && matches!(query, Ok(true))
        && filter
            .finding
            .as_deref()
            .is_none_or(|rule| rule == "root-activity" && r.root)
}
