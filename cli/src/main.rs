//! `trailscope`: the core engine on the command line.
//!
//! `trailscope summary [--max-size BYTES] [--threads N] [--stats] [--query Q] PATH...` walks the
//! paths (folders recursively, in sorted order), loads every file on all cores, and prints the
//! summary as one JSON object. Files that fail are listed in it; the exit code is 0 whenever the
//! command ran.
//!
//! `trailscope resources [--max-size BYTES] [--threads N] [--query Q] PATH...` loads the same way
//! and prints the resources the events touched, most-touched first, as one JSON object (see
//! `trailscope_core::query::resources`).
//!
//! `--query Q` counts only the events the query selects, in the search box's language (see
//! `trailscope_core::query::filter::query`). A query that cannot be parsed is refused before
//! anything is loaded, saying where it is wrong; the exit code is then 2, as for any bad argument.
//! A `json:` term is searched for in every field of the loaded events, their files re-read.
//!
//! `trailscope verify [--json] [--max-size BYTES] [--threads N] PATH...` loads the same way with
//! every file hashed and checks the log files and digest chains against the digest files among
//! them (see `trailscope_core::integrity`). It prints the report (as text, or the whole report as
//! JSON) and exits with 1 when a file is altered or missing, a chain is broken or there is no
//! digest at all.
//!
//! `trailscope search [--max-size BYTES] [--threads N] TEXT PATH...` reads the same files on all
//! cores without building a store and prints `{"text", "events", "event_ids"}`: the events whose
//! JSON holds TEXT anywhere, case folded (see `trailscope_core::search`).
//!
//! `trailscope trace [--max-size BYTES] [--threads N] KEY_OR_SESSION_ARN PATH...` loads the same
//! way and prints where the access key or role session came from and what was issued with it
//! (see [`trace`]); it exits with 1 when the loaded events do not know it.
//!
//! `trailscope findings [--max-size BYTES] [--threads N] PATH...` loads the same way and prints
//! every rule that fired, with its ATT&CK technique, events, principals and targets (see
//! [`findings`]).
//!
//! `trailscope sql --engine athena|lake|duckdb --location LOCATION [FILTER...]` reads no file: it
//! prints the SQL that selects the filter's events in that engine, whose CSV result loads back
//! here, and lists on stderr the parts of the filter it cannot carry (see [`sql`]).
//!
//! Whatever it prints from the logs (names, paths) is made safe for a terminal first (see
//! [`terminal`]).

mod findings;
mod load;
mod queue;
mod search;
mod sql;
mod tar_stream;
mod terminal;
mod trace;
mod verify;
mod walk;
mod zip_parts;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;
use trailscope_core::query::filter::query::Query;
use trailscope_core::query::filter::Filter;
use trailscope_core::{Dataset, IngestOptions, Summary};

const USAGE: &str = "usage: trailscope summary [--max-size BYTES] [--threads N] [--stats] [--query Q] PATH...\n       \
                     trailscope resources [--max-size BYTES] [--threads N] [--query Q] PATH...\n       \
                     trailscope verify [--json] [--max-size BYTES] [--threads N] PATH...\n       \
                     trailscope search [--max-size BYTES] [--threads N] TEXT PATH...\n       \
                     trailscope trace [--max-size BYTES] [--threads N] KEY_OR_SESSION_ARN PATH...\n       \
                     trailscope findings [--max-size BYTES] [--threads N] PATH...\n       \
                     trailscope sql --engine athena|lake|duckdb --location LOCATION [FILTER...] (see --help after sql)";

/// The commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Command {
    Summary,
    Resources,
    Verify,
    Search,
    Trace,
    Findings,
}

struct Args {
    command: Command,
    /// The text of `search`, or the key or session of `trace` (their first path-like argument).
    text: String,
    paths: Vec<PathBuf>,
    options: IngestOptions,
    threads: usize,
    stats: bool,
    json: bool,
    /// What `--query` narrows the events to.
    filter: Filter,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let command = match args.next().as_deref() {
        Some("summary") => Command::Summary,
        Some("resources") => Command::Resources,
        Some("verify") => Command::Verify,
        Some("search") => Command::Search,
        Some("trace") => Command::Trace,
        Some("findings") => Command::Findings,
        _ => return Err(USAGE.into()),
    };
    let mut parsed = Args {
        command,
        text: String::new(),
        paths: Vec::new(),
        options: IngestOptions {
            hash_files: command == Command::Verify,
            ..IngestOptions::default()
        },
        threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
        stats: false,
        json: false,
        filter: Filter::default(),
    };
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Result<u64, String> {
            args.next()
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| format!("{name} takes a whole number\n{USAGE}"))
        };
        match arg.as_str() {
            "--max-size" => parsed.options.max_decompressed = number("--max-size")?,
            "--threads" => parsed.threads = number("--threads")?.max(1) as usize,
            "--stats" if command == Command::Summary => parsed.stats = true,
            "--json" if command == Command::Verify => parsed.json = true,
            "--query" if !matches!(command, Command::Verify | Command::Findings) => {
                let text = args.next().ok_or_else(|| format!("--query takes a query\n{USAGE}"))?;
                Query::parse(&text).map_err(|e| format!("trailscope: --query: {e}"))?;
                parsed.filter.text = text;
            }
            "-h" | "--help" => return Err(USAGE.into()),
            _ => parsed.paths.push(PathBuf::from(arg)),
        }
    }
    if matches!(command, Command::Search | Command::Trace) && !parsed.paths.is_empty() {
        parsed.text = parsed.paths.remove(0).to_string_lossy().into_owned();
    }
    if parsed.paths.is_empty() {
        return Err(USAGE.into());
    }
    Ok(parsed)
}

fn main() -> ExitCode {
    if std::env::args().nth(1).as_deref() == Some("sql") {
        return sql::run(std::env::args().skip(2));
    }
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    let cap = args.options.max_decompressed;
    let load_with_files = || {
        let (mut data, files) = load::load_paths(&args.paths, args.options, args.threads);
        let texts = args.filter.missing_text_searches(&data);
        search::search_loaded(&mut data, &texts, &files, cap, args.threads);
        (data, files)
    };
    let load = || load_with_files().0;
    match args.command {
        Command::Summary => summary(&args, &load(), started),
        Command::Resources => resources(&args, &load()),
        Command::Verify => check(&args, &load()),
        Command::Search => print_json(
            &search::search_paths(&args.text, &args.paths, args.options, args.threads),
            "result",
        ),
        Command::Findings => {
            let (data, files) = load_with_files();
            print_json(&findings::findings(&data, &files, cap), "findings")
        }
        Command::Trace => match trace::trace(&load(), &args.text) {
            Some(found) => print_json(&found, "trace"),
            None => {
                let subject = terminal::text(&args.text);
                eprintln!("trailscope: {subject} is neither an access key nor a role session of the loaded events");
                ExitCode::FAILURE
            }
        },
    }
}

fn summary(args: &Args, data: &Dataset, started: Instant) -> ExitCode {
    let summary = Summary::of(data, &args.filter);
    let store = &data.store;
    match serde_json::to_string_pretty(&summary) {
        Ok(json) => println!("{}", terminal::json(json)),
        Err(e) => {
            eprintln!("trailscope: cannot print the summary: {e}");
            return ExitCode::FAILURE;
        }
    }
    if args.stats {
        let seconds = started.elapsed().as_secs_f64();
        eprintln!(
            "{{\"seconds\":{seconds:.3},\"events\":{},\"events_per_second\":{:.0},\"row_and_dedup_bytes_per_event\":{:.1},\"string_bytes\":{},\"resources\":{},\"resource_bytes_per_event\":{:.2},\"resource_dictionary_bytes\":{},\"issuances\":{},\"issued_keys\":{},\"lineage_bytes_per_event\":{:.1}}}",
            store.len(),
            store.len() as f64 / seconds,
            store.bytes_per_event(),
            store.dict.string_bytes(),
            store.resources.dict.len().saturating_sub(1),
            store.resource_bytes_per_event(),
            store.resources.dict.bytes(),
            data.lineage().records().len(),
            data.lineage().issued_keys(),
            data.lineage().bytes() as f64 / store.len().max(1) as f64
        );
    }
    ExitCode::SUCCESS
}

fn resources(args: &Args, data: &Dataset) -> ExitCode {
    let rows = args.filter.compile(data).selected(&data.store);
    let resources = trailscope_core::query::resources::resources(&data.store, rows.rows());
    print_json(&serde_json::json!({ "resources": resources }), "resources")
}

/// Prints `value` as pretty JSON made safe for a terminal; `what` names it if it cannot be.
fn print_json(value: &serde_json::Value, what: &str) -> ExitCode {
    match serde_json::to_string_pretty(value) {
        Ok(json) => {
            println!("{}", terminal::json(json));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("trailscope: cannot print the {what}: {e}");
            ExitCode::FAILURE
        }
    }
}

fn check(args: &Args, data: &Dataset) -> ExitCode {
    let report = data.integrity();
    if args.json {
        match serde_json::to_string_pretty(&report) {
            Ok(json) => println!("{}", terminal::json(json)),
            Err(e) => {
                eprintln!("trailscope: cannot print the report: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        print!("{}", verify::render(&report));
    }
    if report.counts.digests == 0 {
        eprintln!("trailscope: no digest file among the paths, nothing was verified");
        return ExitCode::FAILURE;
    }
    if report.is_clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
