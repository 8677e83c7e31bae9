//! Native timings of the load's stages on one thread, so that a change to decoding or parsing is
//! measured on its own before it is measured in the browser: inflating, the UTF-8 check, reading
//! the records (`formats::read`), and the whole `Ingest::add_bytes`, beside a bare
//! `serde_json` pass over the same text (the floor for any serde-based reader). Best of 3 over
//! the first N log files (digests left out) of a corpus directory.
//!
//! `cargo run --release -p trailscope-core --example parse_stages -- bench/out/corpus-1000000 [N]`

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Instant;
use trailscope_core::decode::text::Text;
use trailscope_core::decode::{Decoded, Decoder, MAX_CAP};
use trailscope_core::formats::lenient::Id;
use trailscope_core::formats::record::RawEvent;
use trailscope_core::formats::{self, EventSink};
use trailscope_core::{FileError, Ingest, IngestOptions};

/// Counts what the reader hands over, so that nothing is optimised away.
#[derive(Default)]
struct Tally {
    events: usize,
    failures: usize,
}

impl EventSink for Tally {
    fn event(&mut self, _: Range<usize>, _: &str, event: &RawEvent<'_>) {
        self.events += usize::from(event.event_id != Id::None);
    }
    fn failure(&mut self, _: Option<usize>, _: FileError) {
        self.failures += 1;
    }
}

fn log_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a readable folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            log_files(&path, out);
        } else if path.to_string_lossy().ends_with(".json.gz") && !path.to_string_lossy().contains("Digest") {
            out.push(path);
        }
    }
}

/// Best of 3 runs, in milliseconds.
fn best_ms(mut run: impl FnMut()) -> f64 {
    (0..3)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed().as_secs_f64() * 1e3
        })
        .fold(f64::MAX, f64::min)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: parse_stages CORPUS_DIR [FILES]");
    let count: usize = args.next().map_or(1500, |n| n.parse().expect("a number of files"));
    let mut paths = Vec::new();
    log_files(Path::new(&dir), &mut paths);
    paths.sort();
    paths.truncate(count);
    let gzipped: Vec<Vec<u8>> = paths
        .iter()
        .map(|p| std::fs::read(p).expect("a readable file"))
        .collect();
    let inflate = || -> Vec<Vec<u8>> {
        let text = |bytes: &Vec<u8>| match Decoder::decode_all(bytes, MAX_CAP) {
            Ok(Decoded::Text(text)) => text,
            other => panic!("not a gzipped text: {other:?}"),
        };
        gzipped.iter().map(text).collect()
    };
    let texts = inflate();
    let megabytes = texts.iter().map(Vec::len).sum::<usize>() as f64 / 1e6;

    let mut tally = Tally::default();
    let stages = [
        (
            "inflate (zune-inflate, CRC32)",
            best_ms(|| drop(std::hint::black_box(inflate()))),
        ),
        (
            "UTF-8 check",
            best_ms(|| texts.iter().for_each(|t| drop(std::hint::black_box(Text::new(t))))),
        ),
        (
            "serde_json, skipping every value",
            best_ms(|| {
                for text in &texts {
                    let text = std::str::from_utf8(text).expect("UTF-8");
                    std::hint::black_box(serde_json::from_str::<serde::de::IgnoredAny>(text).expect("JSON"));
                }
            }),
        ),
        (
            "reading the records (formats::read)",
            best_ms(|| {
                tally = Tally::default();
                for text in &texts {
                    formats::read(&Text::new(text).expect("text"), &mut tally).expect("a trail file");
                }
            }),
        ),
        (
            "all of Ingest::add_bytes",
            best_ms(|| {
                let mut ingest = Ingest::new(IngestOptions::default());
                for (origin, bytes) in gzipped.iter().enumerate() {
                    ingest.add_bytes(origin as u32, "file.json.gz", bytes);
                }
                std::hint::black_box(ingest.finish());
            }),
        ),
    ];
    println!(
        "{} files, {megabytes:.1} MB of JSON, {} events ({} failures), one thread, best of 3:",
        texts.len(),
        tally.events,
        tally.failures
    );
    for (stage, ms) in stages {
        println!("  {stage:<38} {ms:>8.1} ms  {:>7.0} MB/s", megabytes / ms * 1e3);
    }
}
