//! A filter handed to an engine that scales: the SQL that selects, in the user's own account,
//! the events the app's filter selects, so that its CSV result loads back into Trailscope.
//! One module per engine ([`athena`], [`lake`], [`duckdb`]) says where each of the filter's
//! dimensions is read from; [`predicate`] writes the one WHERE clause they share, following the
//! rules the loader derives each dimension by, and [`quote`] is the only way a value enters
//! the text. What SQL cannot say (the typed query, resources, a finding) is listed as left out.

mod athena;
mod duckdb;
mod lake;
mod predicate;
mod quote;

use crate::error::SqlError;
use crate::query::filter::Filter;
use crate::store::interner::Interner;
use crate::store::EventStore;
use crate::time::UNDATED;
use serde::{Deserialize, Serialize};

/// The engines a filter can be written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Engine {
    /// Amazon Athena over the trail's S3 bucket, through a partition-projected table.
    Athena,
    /// A CloudTrail Lake event data store.
    Lake,
    /// DuckDB over the trail's files, in a local folder or on S3.
    DuckDb,
}

impl Engine {
    /// Every engine, in the order they are offered.
    pub const ALL: [Engine; 3] = [Engine::Athena, Engine::Lake, Engine::DuckDb];

    /// The engine named `name` (`athena`, `lake` or `duckdb`).
    pub fn named(name: &str) -> Option<Engine> {
        Engine::ALL.into_iter().find(|engine| engine.name() == name)
    }

    /// Its name on the command line.
    pub const fn name(self) -> &'static str {
        match self {
            Engine::Athena => "athena",
            Engine::Lake => "lake",
            Engine::DuckDb => "duckdb",
        }
    }
}

/// What the loaded data covers, when some is loaded: Athena's table reads these account and
/// region folders and starts its date projection at the first day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// Accounts of the loaded events.
    pub accounts: Vec<String>,
    /// Regions of the loaded events.
    pub regions: Vec<String>,
    /// Time of the earliest loaded event (UTC ms).
    pub first: Option<i64>,
}

impl Scope {
    /// What the events of `store` cover: the accounts and regions its rows name, and its
    /// earliest dated event (the rows are in time order, undated first).
    pub fn of(store: &EventStore) -> Scope {
        let columns = &store.columns;
        Scope {
            accounts: used(&store.dict.accounts, columns.account.iter().map(|id| id as usize)),
            regions: used(&store.dict.regions, columns.region.iter().map(usize::from)),
            first: columns.time.iter().copied().find(|&time| time != UNDATED),
        }
    }
}

/// The values of `dict` that `ids` name, but the empty one, sorted.
fn used(dict: &Interner, ids: impl Iterator<Item = usize>) -> Vec<String> {
    let mut named = vec![false; dict.len()];
    for id in ids {
        named[id] = true;
    }
    let mut values: Vec<String> = dict
        .iter()
        .zip(named)
        .filter(|(value, named)| *named && !value.is_empty())
        .map(|(value, _)| value.to_string())
        .collect();
    values.sort_unstable();
    values
}

/// Where the events are and which of them to select.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The filter; only its structured parts are carried over.
    pub filter: &'a Filter,
    /// The engine to write for.
    pub engine: Engine,
    /// A folder or `s3://bucket/prefix` above `AWSLogs/` (DuckDB, Athena), or an event data
    /// store's id or ARN (Lake).
    pub location: &'a str,
    /// The organisation id of an organisation trail (`AWSLogs/<org-id>/<account>/…`), Athena only.
    pub org_id: Option<&'a str>,
    /// What the loaded data covers.
    pub scope: &'a Scope,
}

/// A part of the filter that the SQL does not carry, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// The part, as a person would name it.
    pub part: String,
    /// Why it is left out, in one line.
    pub reason: &'static str,
}

/// The SQL for a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sql {
    /// Athena: the table's DDL and the SELECT, each ending in `;`; Lake: the SELECT; DuckDB: one
    /// SELECT without a `;`, to run as it is or inside `COPY (…) TO 'result.csv' (HEADER)`.
    pub text: String,
    /// The parts of the filter not carried over: applied again after the result is loaded.
    pub left_out: Vec<LeftOut>,
}

/// Writes the SQL selecting, in `request.engine`, the events the filter's structured parts
/// select in the app.
pub fn sql(request: &Request<'_>) -> Result<Sql, SqlError> {
    let text = match request.engine {
        Engine::Athena => athena::sql(request)?,
        Engine::Lake => lake::sql(request)?,
        Engine::DuckDb => duckdb::sql(request)?,
    };
    Ok(Sql {
        text,
        left_out: left_out(request.filter),
    })
}

/// The parts of `filter` no engine is given.
fn left_out(filter: &Filter) -> Vec<LeftOut> {
    let mut parts = Vec::new();
    if !filter.text.trim().is_empty() {
        parts.push(LeftOut {
            part: format!("query {:?}", filter.text),
            reason: "the search box's language (words, json: terms) is Trailscope's own: type it again once the result is loaded",
        });
    }
    if !filter.resources.is_empty() {
        parts.push(LeftOut {
            part: format!("resources {}", filter.resources.join(", ")),
            reason: "which resources an event touched is worked out by Trailscope's rules from its request: choose them again once the result is loaded",
        });
    }
    if let Some(rule) = &filter.finding {
        parts.push(LeftOut {
            part: format!("finding {rule}"),
            reason: "findings are found over all the loaded events: open the finding again once the result is loaded",
        });
    }
    parts
}

/// `location` without the `/` it may end in.
fn trimmed(location: &str) -> &str {
    location.trim().trim_end_matches('/')
}
