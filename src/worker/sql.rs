//! The "Query at scale" tab's SQL: the filter written for Athena, CloudTrail Lake or DuckDB by
//! `trailscope_core::sql`, with the accounts, regions and first day of the loaded events (the
//! store's `Scope`, kept in `answers`) as the Athena table's scope when the filter names none.

use crate::protocol::{SqlAnswer, SqlAsk};
use trailscope_core::sql::{sql, Request, Scope};

/// The SQL for `ask` over events that cover `scope`, or why it cannot be written.
pub fn answer(scope: &Scope, ask: &SqlAsk) -> Result<SqlAnswer, String> {
    let org_id = ask.org_id.trim();
    let request = Request {
        filter: &ask.filter,
        engine: ask.engine,
        location: &ask.location,
        org_id: (!org_id.is_empty()).then_some(org_id),
        scope,
    };
    let written = sql(&request).map_err(|e| format!("No SQL yet: {e}."))?;
    Ok(SqlAnswer {
        text: written.text,
        left_out: written
            .left_out
            .into_iter()
            .map(|left| format!("{}: {}", left.part, left.reason))
            .collect(),
    })
}
