//! `trailscope sql`: the SQL that selects a filter's events in Athena, CloudTrail Lake or DuckDB
//! (see `trailscope_core::sql`), printed on stdout; the parts of the filter it does not carry
//! are listed on stderr. No file is read.

use crate::terminal;
use std::process::ExitCode;
use trailscope_core::query::filter::query::Query;
use trailscope_core::query::filter::{Filter, Outcome};
use trailscope_core::sql::{self, Engine, Request, Scope};
use trailscope_core::time::parse_rfc3339;

pub const USAGE: &str = "trailscope sql --engine athena|lake|duckdb --location PATH_OR_S3_URL_OR_STORE [--org-id ID] \
                         [--from RFC3339] [--to RFC3339] [--account ID]... [--region R]... [--source S]... \
                         [--operation \"SOURCE NAME\"]... [--principal P]... [--error CODE]... [--resource KEY]... \
                         [--outcome success|error] [--read-only true|false] [--query Q]";

struct Args {
    engine: Engine,
    location: String,
    org_id: Option<String>,
    filter: Filter,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let (mut engine, mut location, mut org_id) = (None, None, None);
    let mut filter = Filter::default();
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .ok_or_else(|| format!("trailscope sql: {flag} takes a value\nusage: {USAGE}"))?;
        let time =
            |v: &str| parse_rfc3339(v).ok_or_else(|| format!("trailscope sql: {flag}: {v:?} is not an RFC 3339 time"));
        match flag.as_str() {
            "--engine" => {
                engine = Some(
                    Engine::named(&value)
                        .ok_or_else(|| format!("trailscope sql: no engine {value:?}\nusage: {USAGE}"))?,
                )
            }
            "--location" => location = Some(value),
            "--org-id" => org_id = Some(value),
            "--from" => filter.from = Some(time(&value)?),
            "--to" => filter.to = Some(time(&value)?),
            "--account" => filter.accounts.push(value),
            "--region" => filter.regions.push(value),
            "--source" => filter.sources.push(value),
            "--operation" => filter.operations.push(value),
            "--principal" => filter.principals.push(value),
            "--error" => filter.errors.push(value),
            "--resource" => filter.resources.push(value),
            "--outcome" => {
                filter.outcome = Some(match value.as_str() {
                    "success" => Outcome::Success,
                    "error" => Outcome::Error,
                    _ => return Err(format!("trailscope sql: --outcome is success or error\nusage: {USAGE}")),
                })
            }
            "--read-only" => {
                filter.read_only = Some(
                    value
                        .parse()
                        .map_err(|_| format!("trailscope sql: --read-only is true or false\nusage: {USAGE}"))?,
                )
            }
            "--query" => {
                Query::parse(&value).map_err(|e| format!("trailscope sql: --query: {e}"))?;
                filter.text = value;
            }
            _ => return Err(format!("usage: {USAGE}")),
        }
    }
    match (engine, location) {
        (Some(engine), Some(location)) => Ok(Args {
            engine,
            location,
            org_id,
            filter,
        }),
        _ => Err(format!(
            "trailscope sql: --engine and --location are needed\nusage: {USAGE}"
        )),
    }
}

/// Runs `trailscope sql` with the arguments after `sql`.
pub fn run(args: impl Iterator<Item = String>) -> ExitCode {
    let args = match parse(args) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let request = Request {
        filter: &args.filter,
        engine: args.engine,
        location: &args.location,
        org_id: args.org_id.as_deref(),
        scope: &Scope::default(),
    };
    match sql::sql(&request) {
        Ok(sql) => {
            print!("{}", sql.text);
            for left in &sql.left_out {
                eprintln!(
                    "trailscope sql: not carried over: {}: {}",
                    terminal::text(&left.part),
                    left.reason
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("trailscope sql: {}", terminal::text(&e.to_string()));
            ExitCode::FAILURE
        }
    }
}
