//! Hostile containers decode within time and memory budgets: a gzip file of a million members,
//! and a zip archive whose central directory lists one large entry thousands of times. Each
//! budget holds with room in a debug build on a slow 2-core machine, and is one that the
//! unbounded reader each test guards against (quadratic, or inflating without end) breaks.
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
