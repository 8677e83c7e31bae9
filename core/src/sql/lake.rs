//! CloudTrail Lake: the events' own JSON (`eventjson`, which the CSV reader reads whole) from an
//! event data store, under the filter written over Lake's columns. `eventtime` is a timestamp
//! there, compared with text as AWS's examples do; `responseelements` is a map.

use super::predicate::{where_clause, Dialect, Fields};
use super::{trimmed, Request};
use crate::error::SqlError;

/// The SELECT.
pub(super) fn sql(request: &Request<'_>) -> Result<String, SqlError> {
    let location = trimmed(request.location);
    // An event data store's ARN ends in `eventdatastore/<id>`; its id is the table's name.
    let id = location.rsplit('/').next().unwrap_or_default();
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(SqlError::Location {
            engine: "CloudTrail Lake",
            expected: "an event data store's id or ARN",
        });
    }
    let conditions = fields().conditions(request.filter)?;
    Ok(format!("SELECT eventjson\nFROM {id}{};\n", where_clause(&conditions)))
}

/// Where Lake reads each field.
fn fields() -> Fields {
    Fields {
        dialect: Dialect::Lake,
        time: "eventtime".into(),
        recipient_account: "recipientaccountid".into(),
        region: "awsregion".into(),
        source: "eventsource".into(),
        name: "eventname".into(),
        error_code: "errorcode".into(),
        console_login: "element_at(responseelements, 'ConsoleLogin')".into(),
        read_only: "CAST(readonly AS varchar)".into(),
        has_identity: "(useridentity IS NOT NULL)".into(),
        identity_type: "useridentity.type".into(),
        issuer_arn: "useridentity.sessioncontext.sessionissuer.arn".into(),
        invoked_by: "useridentity.invokedby".into(),
        arn: "useridentity.arn".into(),
        principal_id: "useridentity.principalid".into(),
        identity_account: "useridentity.accountid".into(),
    }
}
