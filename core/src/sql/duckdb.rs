//! DuckDB: one SELECT over the trail's `.json.gz` files below a folder or S3 prefix, each file's
//! `Records` read as a list of JSON values (schema inference fails on real trails, whose
//! records differ in shape), one row per record, the record itself kept as `eventjson` so that
//! the result's CSV reloads with every field. Digest files have no `Records` and add no row.

use super::predicate::{where_clause, Dialect, Fields};
use super::quote::literal;
use super::{trimmed, Request};
use crate::error::SqlError;

/// Largest file read, as the app's cap on a file's text (1 GiB); DuckDB's default is 16 MiB.
const MAX_OBJECT_BYTES: u64 = 1 << 30;

/// The SELECT.
pub(super) fn sql(request: &Request<'_>) -> Result<String, SqlError> {
    let location = trimmed(request.location);
    if location.is_empty() {
        return Err(SqlError::Location {
            engine: "DuckDB",
            expected: "a folder or an s3://bucket/prefix URL",
        });
    }
    let files = literal(&format!("{location}/**/*.json.gz"))?;
    let conditions = fields().conditions(request.filter)?;
    Ok(format!(
        "SELECT CAST(record AS VARCHAR) AS eventjson\n\
         FROM (\n  SELECT unnest(Records) AS record\n  \
         FROM read_json({files}, columns = {{'Records': 'JSON[]'}}, maximum_object_size = {MAX_OBJECT_BYTES})\n){}\n",
        where_clause(&conditions)
    ))
}

/// `json_extract_string` of the record at `path`.
fn at(path: &str) -> String {
    format!("json_extract_string(record, '$.{path}')")
}

/// A field of the event, or of its `insightDetails` when the event has none (an Insights event).
fn or_insight(field: &str) -> String {
    format!(
        "(CASE WHEN coalesce({own}, '') <> '' THEN {own} ELSE {insight} END)",
        own = at(field),
        insight = at(&format!("insightDetails.{field}"))
    )
}

/// Where the records' JSON holds each field.
fn fields() -> Fields {
    Fields {
        dialect: Dialect::DuckDb,
        time: format!(
            "TRY_CAST((CASE WHEN coalesce({t}, '') <> '' THEN {t} ELSE {at} END) AS TIMESTAMPTZ)",
            t = at("eventTime"),
            at = at("\"@timestamp\"")
        ),
        recipient_account: at("recipientAccountId"),
        region: at("awsRegion"),
        source: or_insight("eventSource"),
        name: or_insight("eventName"),
        error_code: at("errorCode"),
        console_login: at("responseElements.ConsoleLogin"),
        read_only: at("readOnly"),
        has_identity: "(json_type(record, '$.userIdentity') = 'OBJECT')".into(),
        identity_type: at("userIdentity.type"),
        issuer_arn: at("userIdentity.sessionContext.sessionIssuer.arn"),
        invoked_by: at("userIdentity.invokedBy"),
        arn: at("userIdentity.arn"),
        principal_id: at("userIdentity.principalId"),
        identity_account: at("userIdentity.accountId"),
    }
}
