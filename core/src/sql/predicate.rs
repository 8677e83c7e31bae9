//! The WHERE clause every engine shares: each dimension derived as the loader derives it
//! (`crate::ingest`, [`crate::normalize`]), from the expressions an engine reads its fields
//! with. Values of one dimension are alternatives, dimensions all apply; the time range is
//! inclusive at its start and exclusive at its end, and an event without a readable time is
//! outside any range.

use super::quote::{list, literal};
use crate::error::SqlError;
use crate::normalize::identity::IdentityType;
use crate::normalize::request::CONSOLE_LOGIN_FAILURE;
use crate::query::filter::{Filter, Outcome};
use crate::time::format_sql_utc;

/// How an engine writes regular expressions and timestamps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dialect {
    /// Athena (Trino): `regexp_like`, `$1`, `TIMESTAMP '… UTC'`.
    Athena,
    /// CloudTrail Lake (Presto): as Athena, but `eventtime` is compared with plain text.
    Lake,
    /// DuckDB: `regexp_matches`, `\1`, `TIMESTAMPTZ '…+00'`.
    DuckDb,
}

/// The expressions an engine reads an event's fields with: text, or NULL when absent.
pub(super) struct Fields {
    pub dialect: Dialect,
    /// The event's time as a timestamp, NULL when it cannot be read.
    pub time: String,
    /// `recipientAccountId`.
    pub recipient_account: String,
    /// `awsRegion`.
    pub region: String,
    /// The event source (for an Insights event, the one it is about).
    pub source: String,
    /// The event name as logged (for an Insights event, the one it is about).
    pub name: String,
    /// `errorCode`.
    pub error_code: String,
    /// `responseElements.ConsoleLogin`.
    pub console_login: String,
    /// `readOnly` as text.
    pub read_only: String,
    /// Whether the event has a `userIdentity` object (a boolean, maybe NULL).
    pub has_identity: String,
    /// `userIdentity.type`.
    pub identity_type: String,
    /// `userIdentity.sessionContext.sessionIssuer.arn`.
    pub issuer_arn: String,
    /// `userIdentity.invokedBy`.
    pub invoked_by: String,
    /// `userIdentity.arn`.
    pub arn: String,
    /// `userIdentity.principalId`.
    pub principal_id: String,
    /// `userIdentity.accountId`.
    pub identity_account: String,
}

/// A year from 1990 to 2099, a month and a day: what `normalize::event_name::fold` takes for
/// an API version's date.
const DATE: &str = "(199[0-9]|20[0-9][0-9])(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])";
const UNDERSCORED_DATE: &str = "(199[0-9]|20[0-9][0-9])_(0[1-9]|1[0-2])_(0[1-9]|[12][0-9]|3[01])";

impl Fields {
    /// The conditions of `filter`'s structured parts, each one line; none for an empty filter.
    pub fn conditions(&self, filter: &Filter) -> Result<Vec<String>, SqlError> {
        let mut out = Vec::new();
        if let Some(from) = filter.from {
            out.push(format!("{} >= {}", self.time, self.timestamp(from)?));
        }
        if let Some(to) = filter.to {
            out.push(format!("{} < {}", self.time, self.timestamp(to)?));
        }
        let dimensions = [
            (&filter.accounts, self.account()),
            (&filter.regions, text(&self.region)),
            (&filter.sources, text(&self.source)),
            (&filter.principals, self.principal()),
            (&filter.errors, self.error()),
        ];
        for (values, expression) in dimensions {
            if !values.is_empty() {
                out.push(format!("{expression} IN {}", list(values)?));
            }
        }
        if !filter.operations.is_empty() {
            out.push(self.operations(&filter.operations)?);
        }
        match filter.outcome {
            Some(Outcome::Success) => out.push(format!("{} = ''", self.error())),
            Some(Outcome::Error) => out.push(format!("{} <> ''", self.error())),
            None => {}
        }
        if let Some(read) = filter.read_only {
            out.push(format!("lower({}) = '{read}'", text(&self.read_only)));
        }
        Ok(out)
    }

    /// A timestamp literal of `ms` (UTC).
    fn timestamp(&self, ms: i64) -> Result<String, SqlError> {
        let at = format_sql_utc(ms);
        Ok(match self.dialect {
            Dialect::Athena => format!("TIMESTAMP {}", literal(&format!("{at} UTC"))?),
            Dialect::Lake => literal(&at)?,
            Dialect::DuckDb => format!("TIMESTAMPTZ {}", literal(&format!("{at}+00"))?),
        })
    }

    /// The account: `recipientAccountId`, or the caller's account without one.
    fn account(&self) -> String {
        first_set(&self.recipient_account, &self.identity_account)
    }

    /// The principal rule of `normalize::identity`: an assumed role's issuing role, a service's
    /// `invokedBy`, the ARN, else `<type>:<principalId or accountId>`; `(none)` without an identity.
    fn principal(&self) -> String {
        let kind = text(&self.identity_type);
        let known = IdentityType::ALL[1..IdentityType::ALL.len() - 1]
            .iter()
            .map(|t| format!("'{}'", t.name()))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "(CASE WHEN NOT coalesce({has}, false) THEN '(none)' \
             WHEN {kind} = 'AssumedRole' AND {issuer} <> '' THEN {issuer} \
             WHEN {kind} = 'AWSService' AND {invoked} <> '' THEN {invoked} \
             WHEN {arn} <> '' THEN {arn} \
             ELSE (CASE WHEN {kind} IN ({known}) THEN {kind} ELSE 'Unknown' END) || ':' || \
             coalesce(nullif({id}, ''), nullif({account}, ''), 'unknown') END)",
            has = self.has_identity,
            issuer = text(&self.issuer_arn),
            invoked = text(&self.invoked_by),
            arn = text(&self.arn),
            id = self.principal_id,
            account = self.identity_account,
        )
    }

    /// The error code, or `ConsoleLoginFailure` for a sign-in that failed without one, or `''`.
    fn error(&self) -> String {
        format!(
            "(CASE WHEN {code} <> '' THEN {code} \
             WHEN {source} = 'signin.amazonaws.com' AND {name} = 'ConsoleLogin' AND {login} = 'Failure' \
             THEN '{CONSOLE_LOGIN_FAILURE}' ELSE '' END)",
            code = text(&self.error_code),
            source = text(&self.source),
            name = self.folded_name(),
            login = text(&self.console_login),
        )
    }

    /// Any of `operations` (`"<source> <name>"`): the source, and the name once folded. A value
    /// without a space names no operation, as in the app.
    fn operations(&self, operations: &[String]) -> Result<String, SqlError> {
        let (source, name) = (text(&self.source), self.folded_name());
        let mut any = Vec::new();
        for operation in operations {
            any.push(match operation.split_once(' ') {
                Some((s, n)) => format!("({source} = {} AND {name} = {})", literal(s)?, literal(n)?),
                None => "FALSE".to_string(),
            });
        }
        Ok(format!("({})", any.join(" OR ")))
    }

    /// The event name without an API version's date (`normalize::event_name::fold`): a
    /// `<date>v<digits>` ending when there is one, else a `<date>` or `<yyyy_mm_dd>` ending.
    fn folded_name(&self) -> String {
        let name = text(&self.name);
        let (like, group) = match self.dialect {
            Dialect::Athena | Dialect::Lake => ("regexp_like", "$1"),
            Dialect::DuckDb => ("regexp_matches", "\\1"),
        };
        format!(
            "(CASE WHEN {like}({name}, '[0-9]{{8}}v[0-9]+$') \
             THEN regexp_replace({name}, '(?s)^(.+){DATE}v[0-9]+$', '{group}') \
             ELSE regexp_replace({name}, '(?s)^(.+)({DATE}|{UNDERSCORED_DATE})$', '{group}') END)"
        )
    }
}

/// `field` with `''` for NULL.
fn text(field: &str) -> String {
    format!("coalesce({field}, '')")
}

/// `first` when it is set (not NULL, not empty), else `second` (`''` for NULL).
fn first_set(first: &str, second: &str) -> String {
    format!(
        "(CASE WHEN {f} <> '' THEN {f} ELSE {s} END)",
        f = text(first),
        s = text(second)
    )
}

/// The WHERE clause of `conditions`, or nothing when there are none.
pub(super) fn where_clause(conditions: &[String]) -> String {
    if conditions.is_empty() {
        String::new()
    } else {
        format!("\nWHERE {}", conditions.join("\n  AND "))
    }
}
