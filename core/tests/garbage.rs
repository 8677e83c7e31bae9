//! No panic on garbage: deterministic pseudo-random bytes (some behind a gzip, zip or JSON start)
//! and damaged fixtures (cut short at many places, bytes flipped) go through the loader, which
//! must return with a specific message for every failure, and every event it did load must be
//! re-readable from the same bytes.

mod common;

use trailscope_core::{Dataset, Ingest, IngestOptions};

/// xorshift64*: a fixed, dependency-free pseudo-random sequence.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

/// Loads one input alone (whole, and in 7-byte slices) and checks what came out.
fn check(name: &str, bytes: &[u8], cap: u64) -> (usize, usize) {
    let options = IngestOptions {
        max_decompressed: cap,
        ..IngestOptions::default()
    };
    let files = vec![(name.to_string(), bytes.to_vec())];
    let whole = common::batch_with(&files, options);
    let sliced = common::batch_in_chunks(&files, 7, options);
    assert_eq!(whole.failures, sliced.failures, "{name}: slicing changed the failures");
    assert_eq!(
        whole.rows.columns.len(),
        sliced.rows.columns.len(),
        "{name}: slicing changed the events"
    );
    for failure in &whole.failures {
        assert!(failure.path.starts_with(name), "{name}: {failure:?}");
        assert!(!failure.error.trim().is_empty(), "{name}: empty message");
    }
    let data = Dataset::from_batches([whole]);
    for row in 0..data.store.len() {
        let r = data.store.columns.row(row);
        let file = &data.store.files[r.file as usize];
        let json = trailscope_core::formats::extract::file_text(bytes, file, cap)
            .and_then(|text| trailscope_core::formats::extract::event_detail(&text, file, r.offset, r.len));
        assert!(
            json.is_ok(),
            "{name}: row {row} of {} cannot be re-read: {json:?}",
            file.path
        );
    }
    (data.store.len(), data.failures.len())
}

#[test]
fn random_bytes_behind_every_kind_of_start() {
    let prefixes: [&[u8]; 12] = [
        b"",
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03",
        b"\x1f\x8b\x08\x1e",
        b"PK\x03\x04",
        b"PK\x05\x06",
        b"{",
        b"[",
        b"\xef\xbb\xbf{",
        b"{\"Records\":[",
        b"{\"Events\":[{\"CloudTrailEvent\":\"",
        b"{\"eventTime\":\"2024-05-01T10:00:00Z\"}\n{",
        b"{\"digestStartTime\":",
    ];
    let mut rng = Rng(0x5EED_CAFE_F00D_0001);
    let mut failed = 0;
    for i in 0..400 {
        let mut input = prefixes[i % prefixes.len()].to_vec();
        let len = rng.below(600);
        input.extend(rng.bytes(len));
        let (_, failures) = check(&format!("random-{i}"), &input, 1 << 20);
        failed += usize::from(failures > 0);
    }
    // Random bytes are almost never CloudTrail: nearly every input must be reported.
    assert!(failed >= 390, "only {failed} of 400 random inputs failed");
}

#[test]
fn damaged_fixtures_never_panic() {
    let mut files = common::files(&["seeds", "shapes", "gzip", "zip", "bad"]);
    // Two generated log files and a digest, for real-sized gzip streams.
    let generated = common::files(&["ctgen/s3"]);
    let logs: Vec<_> = generated
        .iter()
        .filter(|(p, _)| p.contains("/CloudTrail/"))
        .take(2)
        .cloned()
        .collect();
    let digest = generated
        .iter()
        .find(|(p, _)| p.contains("/CloudTrail-Digest/"))
        .cloned()
        .unwrap();
    files.extend(logs);
    files.push(digest);
    files.push(("ctgen/events.ndjson.gz".into(), common::read("ctgen/events.ndjson.gz")));

    let mut rng = Rng(0xD00D_FEED_0000_0002);
    let mut inputs = 0;
    for (path, bytes) in &files {
        if bytes.is_empty() {
            continue;
        }
        // Cut short at about 40 places.
        let step = (bytes.len() / 40).max(1);
        for cut in (0..bytes.len()).step_by(step) {
            check(&format!("{path}@cut{cut}"), &bytes[..cut], 1 << 20);
            inputs += 1;
        }
        // 30 copies with 1 to 4 bytes overwritten.
        for n in 0..30 {
            let mut damaged = bytes.clone();
            for _ in 0..=rng.below(4) {
                let at = rng.below(damaged.len());
                damaged[at] ^= (rng.next() as u8) | 1;
            }
            check(&format!("{path}@flip{n}"), &damaged, 1 << 20);
            inputs += 1;
        }
        // And under a cap smaller than most of them.
        check(&format!("{path}@cap"), bytes, 600);
    }
    assert!(inputs > 2000, "{inputs} inputs");
}

#[test]
fn a_gzip_bomb_stops_at_the_cap() {
    // 8 MiB of zeros compress to a few KiB; a 1 MiB cap refuses it without inflating it all.
    let mut ingest = Ingest::new(IngestOptions {
        max_decompressed: 1 << 20,
        ..IngestOptions::default()
    });
    let bomb = {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&vec![b' '; 8 << 20]).unwrap();
        gz.finish().unwrap()
    };
    assert!(bomb.len() < 64 << 10);
    ingest.add_bytes(0, "bomb.json.gz", &bomb);
    let batch = ingest.finish();
    assert_eq!(batch.failures.len(), 1);
    assert_eq!(
        batch.failures[0].error,
        "too large: decompresses to more than the 1 MiB cap"
    );
}

#[test]
fn json_nested_100000_deep_gives_a_message_instead_of_overflowing_the_stack() {
    // Values the reader does not keep are skipped without recursion, however deep; what it must
    // parse stops at serde_json's 128 levels. Each input fails (or loads) with a specific reason.
    let deep = |open: &str, close: &str| format!("{}{}", open.repeat(100_000), close.repeat(100_000));
    let inputs = [
        (
            "records.json",
            format!("{{\"Records\":[{}]}}", deep("[", "]")),
            "record 0 skipped: not a JSON object",
        ),
        (
            "array.json",
            deep("[", "]"),
            "not a CloudTrail file: a JSON array that holds no event objects",
        ),
        (
            "objects.json",
            format!(
                "{{\"Records\":[{}1{}]}}",
                "{\"a\":".repeat(100_000),
                "}".repeat(100_000)
            ),
            "record 0 skipped: not a CloudTrail event (no eventName, eventSource or eventTime)",
        ),
    ];
    for (name, text, reason) in inputs {
        let mut ingest = Ingest::new(IngestOptions::default());
        ingest.add_bytes(0, name, text.as_bytes());
        let batch = ingest.finish();
        let errors: Vec<_> = batch.failures.iter().map(|f| f.error.as_str()).collect();
        assert_eq!(errors, [reason], "{name}");
        check(name, text.as_bytes(), 1 << 30);
    }
    // An event whose requestParameters nest 100,000 deep loads; opening it says why it cannot be shown.
    let text = format!(
        "{{\"Records\":[{{\"eventName\":\"Deep\",\"eventSource\":\"s3.amazonaws.com\",\"eventTime\":\"2025-01-06T10:00:00Z\",\"requestParameters\":{}}}]}}",
        deep("[", "]")
    );
    let mut ingest = Ingest::new(IngestOptions::default());
    ingest.add_bytes(0, "deep-field.json", text.as_bytes());
    let data = Dataset::from_batches([ingest.finish()]);
    assert_eq!((data.store.len(), data.failures.len()), (1, 0));
    let r = data.store.columns.row(0);
    let json = trailscope_core::formats::extract::event_detail(text.as_bytes(), &data.store.files[0], r.offset, r.len);
    let error = json.expect_err("too deep to show").to_string();
    assert!(error.ends_with(": nested more than 128 levels deep"), "{error}");
}
