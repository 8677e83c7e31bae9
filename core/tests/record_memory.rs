//! Memory bounded by the input's size, not by its number of records: a 16 KB `.json.gz` that
//! inflates to 16 MiB of empty records (`{"Records":[{},{},…]}`, over five million of them) and
//! the same list in every other shape go through the loader within a few times the decoded
//! text, and within a time budget; a search in every field's plan holds each row once. This
//! binary counts every allocation (`common::budget`), so it holds only measured tests.

mod common;

use common::budget::{alone, in_use, measure, Budget};
use std::io::Write;
use std::time::{Duration, Instant};
use trailscope_core::search::plan::Plan;
use trailscope_core::{Batch, Dataset, Ingest, IngestOptions};

#[global_allocator]
static HEAP: Budget = Budget;

/// The decoded size of the bomb: the largest text read in one pass.
const BOMB: usize = 16 << 20;
/// The decoded size of the other inputs, a quarter of the bomb's to keep the test short: the
/// memory they cost is proportional to it.
const SMALLER: usize = 4 << 20;

/// At most this many times the decoded text, for a load of items that hold nothing the loader
/// keeps (empty records, digest entries that name no file): the decoded text (its buffer up to
/// twice its size after inflating) and the parsed records held until the list has read (at most
/// the text's size). Measured at 1.0–3.0 times; the one-pass reader used to hold 370 times
/// (about 720 bytes a record), the general reader 9 and a digest 37.
const EMPTY_RECORDS_BUDGET: usize = 4;

/// At most this many times the decoded text for the smallest items the loader keeps: an event of
/// 16 bytes keeps a row and an id hash (64 bytes), a digest entry of 17 bytes its 72-byte entry.
/// Measured at 5.0–5.6 times.
const SMALLEST_KEPT_BUDGET: usize = 8;

/// Per load of up to 16 MiB in a debug build on a slow 2-core machine: the bomb's 5.6 million
/// records are parsed (the ones past the held ones twice). Measured at up to 14 s; quadratic
/// work would take hours.
const TIME_BUDGET: Duration = Duration::from_secs(60);

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("gzip in memory");
    encoder.finish().expect("gzip in memory")
}

/// `head`, then as many `item`s joined by `separator` as fit in `size` bytes with `tail`.
fn filled(size: usize, head: &str, item: &str, separator: &str, tail: &str) -> (Vec<u8>, usize) {
    let count = (size - head.len() - tail.len() + separator.len()) / (item.len() + separator.len());
    let mut text = String::with_capacity(size);
    text.push_str(head);
    for i in 0..count {
        if i > 0 {
            text.push_str(separator);
        }
        text.push_str(item);
    }
    text.push_str(tail);
    assert!(text.len() <= size && text.len() > size - item.len() - separator.len() - tail.len());
    (text.into_bytes(), count)
}

/// Loads `bytes` as one file named `path` within `budget` times `decoded` bytes and the time
/// budget, with `finish` (run inside the measurement) turning the batch into what is checked.
fn load_within<T>(path: &str, bytes: &[u8], decoded: usize, budget: usize, finish: impl FnOnce(Batch) -> T) -> T {
    let limit = budget * decoded;
    let start = Instant::now();
    let (result, peak) = measure(limit, || {
        let mut ingest = Ingest::new(IngestOptions::default());
        ingest.add_bytes(0, path, bytes);
        finish(ingest.finish())
    });
    let took = start.elapsed();
    eprintln!(
        "{path} ({} bytes): peak {peak} bytes ({:.2} times the text), {took:?}",
        bytes.len(),
        peak as f64 / decoded as f64
    );
    assert!(peak <= limit, "{path}: {peak} bytes at peak, over {limit}");
    assert!(took <= TIME_BUDGET, "{path}: took {took:?}");
    result
}

#[test]
fn a_list_of_empty_records_in_any_shape_costs_a_few_times_its_text() {
    let _alone = alone();
    let not_event = "not a CloudTrail event (no eventName, eventSource or eventTime)";
    let no_string = "lookup-events item without a CloudTrailEvent string";
    let object = |head: &str, size: usize| filled(size, head, "{}", ",", "]}");
    // The bomb plain and gzipped; the other shapes gzipped, as a hostile file comes.
    let bomb = object("{\"Records\":[", BOMB);
    for (name, (text, count), gzipped, lines, what) in [
        ("records.json.gz", bomb.clone(), true, false, not_event),
        ("records.json", bomb, false, false, not_event),
        (
            "records-keyed.json.gz",
            object("{\"Other\":1,\"Records\":[", SMALLER),
            true,
            false,
            not_event,
        ),
        (
            "array.json.gz",
            filled(SMALLER, "[", "{}", ",", "]"),
            true,
            false,
            not_event,
        ),
        (
            "lines.ndjson.gz",
            filled(SMALLER, "", "{}", "\n", "\n"),
            true,
            true,
            not_event,
        ),
        (
            "lookup-events.json.gz",
            object("{\"Events\":[", SMALLER),
            true,
            false,
            no_string,
        ),
    ] {
        let bytes = if gzipped { gzip(&text) } else { text.clone() };
        let mut want: Vec<String> = (0..3)
            .map(|n| match lines {
                true => format!("{name}:{}: record 0 skipped: {what}", n + 1),
                false => format!("{name}: record {n} skipped: {what}"),
            })
            .collect();
        want.push(format!("{name}: {} more records skipped", count - 3));
        if lines {
            want.push(format!(
                "{name}: not a CloudTrail file: none of its {count} lines is a CloudTrail event"
            ));
        }
        if what == no_string {
            want.push(format!(
                "{name}: not a CloudTrail file: an \"Events\" list without CloudTrailEvent strings"
            ));
        }
        want.sort();
        let (rows, failures) = load_within(name, &bytes, text.len(), EMPTY_RECORDS_BUDGET, |batch| {
            let data = Dataset::from_batches([batch]);
            let failures: Vec<String> = data
                .failures
                .iter()
                .map(|f| format!("{}: {}", f.path, f.error))
                .collect();
            (data.store.len(), failures)
        });
        let mut failures = failures;
        failures.sort();
        assert_eq!(rows, 0, "{name}");
        assert_eq!(failures, want, "{name}");
    }
}

#[test]
fn a_list_of_the_smallest_events_costs_its_rows_beside_its_text() {
    let _alone = alone();
    let event = "{\"eventTime\":1}";
    for (name, head) in [
        ("records.json.gz", "{\"Records\":["),
        ("records-keyed.json.gz", "{\"Other\":1,\"Records\":["),
    ] {
        let (text, count) = filled(SMALLER, head, event, ",", "]}");
        let rows = load_within(name, &gzip(&text), text.len(), SMALLEST_KEPT_BUDGET, |batch| {
            assert!(batch.failures.is_empty(), "{name}: {:?}", batch.failures);
            batch.rows.columns.len()
        });
        assert_eq!(rows, count, "{name}");
    }
}

#[test]
fn a_digest_of_millions_of_entries_costs_a_few_times_its_text() {
    let _alone = alone();
    let head = "{\"digestStartTime\":\"2024-05-01T10:00:00Z\",\"logFiles\":[";
    for (name, entry, budget, kept) in [
        ("empty-entries.json.gz", "{}", EMPTY_RECORDS_BUDGET, false),
        (
            "named-entries.json.gz",
            "{\"s3Object\":\"a\"}",
            SMALLEST_KEPT_BUDGET,
            true,
        ),
    ] {
        let (text, count) = filled(SMALLER, head, entry, ",", "]}");
        let (digests, entries) = load_within(name, &gzip(&text), text.len(), budget, |batch| {
            assert!(batch.failures.is_empty(), "{name}: {:?}", batch.failures);
            (
                batch.digests.len(),
                batch.digests.iter().map(|d| d.log_files.len()).sum::<usize>(),
            )
        });
        assert_eq!((digests, entries), (1, if kept { count } else { 0 }), "{name}");
    }
}

#[test]
fn a_search_plan_holds_each_row_once_and_its_rows_found_in_room_for_them_alone() {
    let _alone = alone();
    let mut ingest = Ingest::new(IngestOptions::default());
    let (files, per_file) = (40u32, 1_000);
    for file in 0..files {
        let events: Vec<String> = (0..per_file)
            .map(|i| format!("{{\"eventTime\":\"2024-05-01T10:00:00Z\",\"eventID\":\"{file}-{i}\"}}"))
            .collect();
        let text = format!("{{\"Records\":[{}]}}", events.join(","));
        ingest.add_bytes(file, &format!("f{file}.json"), text.as_bytes());
    }
    let data = Dataset::from_batches([ingest.finish()]);
    let rows = data.store.len();
    assert_eq!(rows, (files * per_file) as usize);
    let before = in_use();
    let (plan, _) = measure(usize::MAX, || Plan::of(&data.store));
    let held = in_use() - before;
    // Its rows (4 bytes each) and, per file, its index and first row (8 bytes, twice for a
    // vector's room), and not each event's locator too (8 bytes an event): a part reads those
    // from the columns when it is searched.
    assert!(
        held <= 4 * rows + 8 * files as usize * 2,
        "{held} bytes for {rows} rows"
    );
    let parts: Vec<usize> = plan.by_origin(&data.store).concat();
    assert_eq!(parts.len(), files as usize);
    let searched = plan.parts(&data.store, &parts);
    let events: usize = searched.iter().map(|p| p.events.len()).sum();
    assert_eq!(events, rows, "every row's locator, read from the columns");
    // A text every event holds: its rows are kept in room for them alone.
    let hits: Vec<(usize, Vec<u32>)> = (searched.iter())
        .map(|p| (p.part as usize, (0..p.events.len() as u32).collect()))
        .collect();
    let before = in_use();
    let found = plan.rows(hits.iter().map(|(part, events)| (*part, &events[..])));
    assert_eq!(found, (0..rows as u32).collect::<Vec<u32>>());
    assert_eq!(in_use() - before, 4 * rows, "the rows found, in room for them alone");
}
