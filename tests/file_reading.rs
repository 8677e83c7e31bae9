//! The worker-side reader on real `Blob`s with the real `FileReaderSync`, which exists only in
//! workers: whatever the slice size, the bytes read and the decoded text are those of the file.
#![cfg(target_arch = "wasm32")]

use flate2::write::GzEncoder;
use flate2::Compression;
use js_sys::{Array, Uint8Array};
use std::io::Write;
use trailscope_app::browser::file_reading::{decode_blob, read_all, read_range, read_slices, SLICE_BYTES};
use trailscope_core::decode::Decoded;
use trailscope_core::FileError;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Blob, FileReaderSync};

wasm_bindgen_test_configure!(run_in_dedicated_worker);

const CAP: u64 = 1 << 30;

/// Bytes that are not a repeating pattern, so a misplaced slice shows.
fn bytes(n: usize) -> Vec<u8> {
    let mut x: u32 = 0x1234_5678;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect()
}

fn blob(data: &[u8]) -> Blob {
    let parts = Array::of1(&Uint8Array::from(data));
    Blob::new_with_u8_array_sequence(&parts).expect("a blob")
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(data).expect("in memory");
    encoder.finish().expect("in memory")
}

fn reader() -> FileReaderSync {
    FileReaderSync::new().expect("FileReaderSync exists in a worker")
}

#[wasm_bindgen_test]
fn slices_concatenate_to_the_file_whatever_their_size() {
    let data = bytes(5_003);
    let file = blob(&data);
    for slice in [1u64, 7, 4096, 5_003, SLICE_BYTES] {
        let mut read = Vec::new();
        let mut calls = 0;
        read_slices(&reader(), &file, slice, |part| {
            assert!(part.len() as u64 <= slice);
            read.extend_from_slice(part);
            calls += 1;
        })
        .expect("reads");
        assert_eq!(read, data, "slice size {slice}");
        assert_eq!(calls as u64, (data.len() as u64).div_ceil(slice));
    }
    assert_eq!(read_all(&reader(), &file, 999).expect("reads"), data);
}

#[wasm_bindgen_test]
fn a_gzip_file_decodes_the_same_in_any_slices() {
    let text = br#"{"Records":[{"eventID":"e1","eventTime":"2024-05-01T10:00:00Z"}]}"#.repeat(500);
    let file = blob(&gzip(&text));
    for slice in [1u64, 3, 1000, SLICE_BYTES] {
        let mut reported = 0;
        let decoded = decode_blob(&reader(), &file, CAP, slice, |n| reported += n).expect("reads");
        match decoded {
            Ok(Decoded::Text(out)) => assert!(out == text, "slice size {slice}"),
            other => panic!("slice size {slice}: {other:?}"),
        }
        assert_eq!(reported as f64, file.size());
    }
}

#[wasm_bindgen_test]
fn empty_and_oversized_files_fail_as_the_engine_says() {
    let empty = decode_blob(&reader(), &blob(&[]), CAP, SLICE_BYTES, |_| {}).expect("reads");
    assert!(matches!(empty, Err(FileError::Empty)));
    let big = decode_blob(&reader(), &blob(&gzip(&[b' '; 10_000])), 100, 512, |_| {}).expect("reads");
    assert!(matches!(big, Err(FileError::TooLarge { cap: 100 })));
}

#[wasm_bindgen_test]
fn a_plain_file_over_the_cap_is_refused_after_its_first_slice() {
    // 1 MiB of JSON text under a 64 KiB cap: refused by its size, and only one slice is read.
    let mut text = b"{\"Records\":[".to_vec();
    text.resize(1 << 20, b' ');
    let mut slices = 0;
    let decoded = decode_blob(&reader(), &blob(&text), 64 << 10, 4096, |_| slices += 1).expect("reads");
    assert!(
        matches!(decoded, Err(FileError::TooLarge { cap: 65536 })),
        "{decoded:?}"
    );
    assert_eq!(slices, 1);
    // A gzip bomb stops being read once its output passes the cap.
    let bomb = gzip(&vec![b' '; 8 << 20]);
    let mut slices = 0;
    let decoded = decode_blob(&reader(), &blob(&bomb), 1 << 20, 64, |_| slices += 1).expect("reads");
    assert!(
        matches!(decoded, Err(FileError::TooLarge { cap: 1048576 })),
        "{decoded:?}"
    );
    assert!(
        (slices as u64) < (bomb.len() as u64).div_ceil(64),
        "read all {slices} slices"
    );
}

#[wasm_bindgen_test]
fn a_range_reads_exactly_its_bytes_and_past_the_end_is_an_error() {
    let data = bytes(3 * 1024 * 1024 + 7);
    let file = blob(&data);
    for range in [
        0..4,
        1000..1000 + (2 << 20),
        (data.len() - 65_557) as u64..data.len() as u64,
    ] {
        let got = read_range(&reader(), &file, range.clone()).expect("read");
        assert_eq!(got, data[range.start as usize..range.end as usize], "{range:?}");
    }
    let len = data.len() as u64;
    assert!(
        read_range(&reader(), &file, len - 10..len + 10).is_err(),
        "a range past the end"
    );
}
