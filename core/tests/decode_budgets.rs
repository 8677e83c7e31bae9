//! Hostile containers decode within time and memory budgets: a gzip file of a million members,
//! a zip archive whose central directory lists one large entry thousands of times, and a gzip
//! bomb under a cap that is no power of two. Each budget holds with room in a debug build on a
//! slow 2-core machine, and is one that the reader each test guards against (quadratic,
//! inflating without end, or allocating past the cap) breaks.
//!
//! The binary counts its heap (`common::budget`), so it holds only measured tests.

mod common;

use common::budget::measure;
use std::io::Write;
use std::time::{Duration, Instant};
use trailscope_core::decode::{Decoded, Decoder};

#[global_allocator]
static HEAP: common::budget::Budget = common::budget::Budget;

const CAP: u64 = 1 << 30;

fn gzip(text: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(text).expect("in memory");
    encoder.finish().expect("in memory")
}

/// Decodes `file` whole ([`Decoder::decode_all`]) and pushed in slices of `slice` bytes, each
/// within `seconds` and `heap` bytes, and checks that both give `text`.
fn decodes_within(name: &str, file: &[u8], text: &[u8], slice: usize, seconds: u64, heap: usize) {
    for way in ["decode_all", "slices"] {
        let started = Instant::now();
        let (decoded, peak) = measure(heap, || match way {
            "decode_all" => Decoder::decode_all(file, CAP),
            _ => common::decode_in_chunks(file, slice, CAP),
        });
        let took = started.elapsed();
        println!("{name}, {way}: {took:.2?}, heap peak {} KiB", peak >> 10);
        match decoded {
            Ok(Decoded::Text(t)) => assert!(t == text, "{name}, {way}: {} bytes instead of {}", t.len(), text.len()),
            other => panic!("{name}, {way}: {other:?}"),
        }
        assert!(took < Duration::from_secs(seconds), "{name}, {way}: took {took:?}");
    }
}

#[test]
fn a_million_gzip_members_decode_in_linear_time() {
    let _alone = common::budget::alone();
    // 20 MB of empty members. Each member once copied the rest of its slice: in the browser's
    // 2 MiB slices that took over a minute; read linearly it takes about 6 s each way (the
    // inflater sets up its Huffman tables once a member).
    let member = gzip(b"");
    let file = member.repeat(1_000_000);
    decodes_within("1,000,000 empty members", &file, b"", 2 << 20, 20, 1 << 20);
    // Members of one byte, each unlike the one before, so that the whole file is not read from
    // its first member alone: about 2 s each way, and a minute once.
    let (a, b) = (gzip(b"a"), gzip(b"b"));
    let file: Vec<u8> = [a, b].concat().repeat(150_000);
    let text = b"ab".repeat(150_000);
    decodes_within("300,000 one-byte members", &file, &text, 2 << 20, 10, 2 << 20);
}

#[test]
fn a_zip_listing_one_large_entry_twenty_thousand_times_stops_at_the_cap() {
    let _alone = common::budget::alone();
    // The issue's archive: 1.2 MB on disk, whose central directory lists one 11.6 MB deflated
    // trail 20,000 times under other names: 232 GB to inflate. Each entry was capped, the
    // archive was not: it grew without end (2.6 GB after 120 s). Under a 32 MiB cap two copies
    // are read and kept, then the archive fails with the reason.
    let event = r#"{"eventVersion":"1.08","eventTime":"2024-05-01T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"10.0.0.1","eventID":"ID","recipientAccountId":"111122223333"}"#;
    let mut text = String::from("{\"Records\":[");
    let mut events = 0;
    while text.len() < 11_600_000 {
        text.push_str(&event.replace("\"ID\"", &format!("\"{events}\"")));
        text.push(',');
        events += 1;
    }
    text.pop();
    text.push_str("]}");
    let listing: Vec<(String, usize)> = (0..20_000).map(|i| (format!("copy{i:05}.json"), 0)).collect();
    let archive = common::zipper::zip_listing(&[("trail.json", text.as_bytes())], &listing);
    assert!(archive.len() < 1_400_000, "{} bytes", archive.len());
    // 64 MiB is more than 32 times the archive's size, so it bounds the entries in all.
    let options = trailscope_core::IngestOptions {
        max_decompressed: 64 << 20,
        ..trailscope_core::IngestOptions::default()
    };
    let started = Instant::now();
    let (batch, peak) = measure(200 << 20, || {
        let mut ingest = trailscope_core::Ingest::new(options);
        ingest.add_bytes(0, "copies.zip", &archive);
        ingest.finish()
    });
    let took = started.elapsed();
    println!(
        "20,000 listings of {} bytes: {took:.2?}, heap peak {} MiB",
        text.len(),
        peak >> 20
    );
    let loaded: Vec<&str> = batch.rows.files.iter().map(|f| f.path.as_str()).collect();
    let copies: Vec<String> = (0..5).map(|i| format!("copies.zip/copy{i:05}.json")).collect();
    assert_eq!(loaded, copies, "five copies of {} bytes fit in 64 MiB", text.len());
    assert_eq!(batch.rows.columns.len(), 5 * events);
    assert_eq!(
        batch.failures,
        [trailscope_core::Failure {
            path: "copies.zip".into(),
            error: "too large: its entries together decompress to more than the 64 MiB cap, so the rest were not read"
                .into()
        }]
    );
    assert!(took < Duration::from_secs(15), "took {took:?}");
}

#[test]
fn a_gzip_bomb_holds_at_most_the_cap_when_the_cap_is_no_power_of_two() {
    let _alone = common::budget::alone();
    // Two members of 3 MiB of spaces each, past a 5,000,000-byte cap. The output grows by
    // doubling up to the cap; `Vec::resize` alone rounds that last step up to twice the room
    // before it, an 8 MiB allocation for a 5 MB cap.
    let cap = 5_000_000;
    let member = gzip(&vec![b' '; 3 << 20]);
    let file = [gzip(b"{\"Records\":[]}"), member.clone(), member].concat();
    for way in ["decode_all", "slices"] {
        let (decoded, peak) = measure(4 * cap as usize, || match way {
            "decode_all" => Decoder::decode_all(&file, cap),
            _ => common::decode_in_chunks(&file, 1 << 16, cap),
        });
        println!("bomb under a {cap}-byte cap, {way}: heap peak {} KiB", peak >> 10);
        assert_eq!(
            decoded.err(),
            Some(trailscope_core::error::FileError::TooLarge { cap }),
            "{way}"
        );
        assert!(peak <= cap as usize + (64 << 10), "{way}: heap peak {peak} bytes");
    }
}

/// A `{"Records":[…]}` text of `size` bytes, its list all white space.
fn spaces_trail(size: usize) -> Vec<u8> {
    let mut text = b"{\"Records\":[".to_vec();
    text.resize(size - 2, b' ');
    text.extend(b"]}");
    text
}

#[test]
fn one_call_inflation_never_allocates_past_the_cap_whatever_the_size_stated() {
    let _alone = common::budget::alone();
    // The one-call inflater grows its output by doubling, to up to twice its limit: a bomb (or
    // a zip entry) stating a small size once took twice the cap, 2 GiB under the default 1 GiB
    // cap, more than a wasm32 Vec can hold. A single member of 8 MiB, its trailer honest or
    // forged to say one byte; a zip entry whose directory says 1,000 bytes; and an honest entry
    // past half the cap, which loads.
    let bomb = spaces_trail(8 << 20);
    let honest = gzip(&bomb);
    let mut forged = honest.clone();
    let n = forged.len();
    forged[n - 4..].copy_from_slice(&1u32.to_le_bytes());
    for cap in [4u64 << 20, 5_000_000] {
        for (name, file) in [("honest trailer", &honest), ("forged trailer", &forged)] {
            let (decoded, peak) = measure(4 * cap as usize, || Decoder::decode_all(file, cap));
            println!("{name} under a {cap}-byte cap: heap peak {} KiB", peak >> 10);
            assert_eq!(
                decoded.err(),
                Some(trailscope_core::error::FileError::TooLarge { cap }),
                "{name}"
            );
            assert!(
                peak <= cap as usize + (64 << 10),
                "{name}, cap {cap}: heap peak {peak} bytes"
            );
        }
        let mut lying = common::zipper::zip_of(&[("bomb.json", &bomb)]);
        let central = lying
            .windows(4)
            .position(|w| w == b"PK\x01\x02")
            .expect("a central directory");
        lying[central + 24..central + 28].copy_from_slice(&1000u32.to_le_bytes());
        let fitting = common::zipper::zip_of(&[("big.json", &spaces_trail(cap as usize * 3 / 4))]);
        for (name, archive, failure) in [
            ("lying.zip", &lying, Some("lying.zip/bomb.json")),
            ("fitting.zip", &fitting, None),
        ] {
            let options = trailscope_core::IngestOptions {
                max_decompressed: cap,
                ..trailscope_core::IngestOptions::default()
            };
            let (batch, peak) = measure(4 * cap as usize, || {
                let mut ingest = trailscope_core::Ingest::new(options);
                ingest.add_bytes(0, name, archive);
                ingest.finish()
            });
            println!("{name} under a {cap}-byte cap: heap peak {} KiB", peak >> 10);
            let failed: Vec<&str> = batch.failures.iter().map(|f| f.path.as_str()).collect();
            assert_eq!(failed, failure.into_iter().collect::<Vec<_>>(), "{:?}", batch.failures);
            assert!(
                peak <= cap as usize + (256 << 10),
                "{name}, cap {cap}: heap peak {peak} bytes"
            );
        }
    }
}
