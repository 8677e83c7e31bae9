//! Shared helpers of the integration tests: fixture paths, and loading files the way the
//! `trailscope summary` command does (folders walked recursively in name order, each file read
//! whole and handed to [`Ingest::add_bytes`] with its index as origin).
//!
//! Paths given to the loader are relative to `core/tests/fixtures` and use `/`, so that expected
//! failure paths do not depend on where the repository is checked out.
#![allow(dead_code)]

pub mod attacks;

pub mod budget;

pub mod plain;

pub mod python;

pub mod records;

pub mod requests;

pub mod zipper;

use std::path::{Path, PathBuf};
use trailscope_core::decode::{Decoded, Decoder};
use trailscope_core::error::FileError;
use trailscope_core::query::filter::Filter;
use trailscope_core::{Batch, Failure};
use trailscope_core::{Dataset, Ingest, IngestOptions, Summary};

/// `bytes` gzipped at the default level (flate2 on its pure-Rust backend).
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut packed = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    packed.write_all(bytes).expect("in memory");
    packed.finish().expect("in memory")
}

/// `core/tests/fixtures`.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("fixtures")
}

/// The bytes of one fixture file.
pub fn read(rel: &str) -> Vec<u8> {
    let path = root().join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()))
}

/// Every file below the fixture paths (files or folders), folders walked recursively in name
/// order, as `(relative path, bytes)`. Fixture-making scripts and notes are left out.
pub fn files(rels: &[&str]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for rel in rels {
        collect(&root(), Path::new(rel), &mut out);
    }
    assert!(!out.is_empty(), "no fixture files under {rels:?}");
    out
}

/// Every file below `rel` in the end-to-end tests' fixtures (`tests/e2e/fixtures`), as
/// [`files`] gives them, for the generated multi-account folder the browser tests load.
pub fn e2e_files(rel: &str) -> Vec<(String, Vec<u8>)> {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/e2e/fixtures");
    let mut out = Vec::new();
    collect(&base, Path::new(rel), &mut out);
    assert!(!out.is_empty(), "no fixture files under {rel}");
    out
}

fn collect(base: &Path, rel: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    let path = base.join(rel);
    let meta = std::fs::metadata(&path).unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()));
    if meta.is_dir() {
        let mut children: Vec<PathBuf> = std::fs::read_dir(&path)
            .unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()))
            .map(|entry| rel.join(entry.expect("directory entry").file_name()))
            .collect();
        children.sort();
        for child in children {
            collect(base, &child, out);
        }
    } else {
        let name = rel.to_string_lossy().replace('\\', "/");
        if name.ends_with(".py") || name.ends_with(".md") {
            return;
        }
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()));
        out.push((name, bytes));
    }
}

/// One batch holding the files, loaded whole with `options`.
pub fn batch_with(files: &[(String, Vec<u8>)], options: IngestOptions) -> Batch {
    let mut ingest = Ingest::new(options);
    for (origin, (path, bytes)) in files.iter().enumerate() {
        ingest.add_bytes(origin as u32, path, bytes);
    }
    ingest.finish()
}

/// One batch of the files, default options.
pub fn batch(files: &[(String, Vec<u8>)]) -> Batch {
    batch_with(files, IngestOptions::default())
}

/// The files below the fixture paths loaded into one data, like `trailscope summary PATH...`.
pub fn load(rels: &[&str]) -> Dataset {
    Dataset::from_batches([batch(&files(rels))])
}

/// The summary of the files below the fixture paths.
pub fn summary(rels: &[&str]) -> Summary {
    Summary::of(&load(rels), &Filter::default())
}

/// The summary with a decompressed-size cap.
pub fn summary_capped(rels: &[&str], cap: u64) -> Summary {
    let options = IngestOptions {
        max_decompressed: cap,
        ..IngestOptions::default()
    };
    Summary::of(
        &Dataset::from_batches([batch_with(&files(rels), options)]),
        &Filter::default(),
    )
}

/// Decodes `bytes` by feeding a [`Decoder`] slices of `chunk` bytes (the whole file for 0).
pub fn decode_in_chunks(bytes: &[u8], chunk: usize, cap: u64) -> Result<Decoded, FileError> {
    let mut decoder = Decoder::new(cap);
    if chunk == 0 {
        decoder.push(bytes);
    } else {
        for piece in bytes.chunks(chunk) {
            decoder.push(piece);
        }
    }
    decoder.finish()
}

/// The files loaded with each one decoded in slices of `chunk` bytes, the way the browser
/// worker reads `Blob` slices.
pub fn batch_in_chunks(files: &[(String, Vec<u8>)], chunk: usize, options: IngestOptions) -> Batch {
    let mut ingest = Ingest::new(options);
    for (origin, (path, bytes)) in files.iter().enumerate() {
        ingest.add_decoded(
            origin as u32,
            path,
            decode_in_chunks(bytes, chunk, options.max_decompressed),
        );
    }
    ingest.finish()
}

/// The failure messages recorded against exactly `path`.
pub fn errors_of<'a>(failed: &'a [Failure], path: &str) -> Vec<&'a str> {
    failed
        .iter()
        .filter(|f| f.path == path)
        .map(|f| f.error.as_str())
        .collect()
}

/// The one failure message recorded against `path` (panics unless there is exactly one).
pub fn error_of<'a>(failed: &'a [Failure], path: &str) -> &'a str {
    match errors_of(failed, path)[..] {
        [one] => one,
        ref other => panic!("expected one failure for {path}, found {other:?} in {failed:#?}"),
    }
}

/// A `BTreeMap<String, u64>` from literal pairs, to compare with the summary maps.
pub fn counts(pairs: &[(&str, u64)]) -> std::collections::BTreeMap<String, u64> {
    pairs.iter().map(|&(k, n)| (k.to_string(), n)).collect()
}

/// Every view of `data` under `filter`, as the app asks for them.
pub fn view(data: &Dataset, filter: trailscope_core::query::filter::Filter) -> trailscope_core::query::view::View {
    use trailscope_core::query::view::{View, ViewRequest};
    View::compute(
        data,
        &ViewRequest {
            filter,
            ..ViewRequest::default()
        },
    )
}

/// The JSON of row `row` as the app shows it, re-read from its file's bytes (`files` as loaded,
/// indexed by the file's origin) the way the app opens an event.
pub fn event_json(data: &Dataset, files: &[(String, Vec<u8>)], row: usize) -> Result<String, FileError> {
    let r = data.store.columns.row(row);
    let file = &data.store.files[r.file as usize];
    let top = &files[file.origin as usize].1;
    let cap = IngestOptions::default().max_decompressed;
    let mut read = |range: std::ops::Range<u64>| Ok(top[range.start as usize..range.end as usize].to_vec());
    let text = trailscope_core::formats::extract::file_text_read(file, top.len() as u64, &mut read, cap)?;
    trailscope_core::formats::extract::event_detail(&text, file, r.offset, r.len).map(|detail| detail.json)
}

/// Row `row`'s event re-read and parsed.
pub fn event_value(data: &Dataset, files: &[(String, Vec<u8>)], row: usize) -> serde_json::Value {
    let json = event_json(data, files, row).unwrap_or_else(|e| panic!("row {row} cannot be re-read: {e}"));
    serde_json::from_str(&json).expect("event_json returns JSON")
}

/// The events of `data` passing `filter`, `offset..offset + limit`, as the worker pages them.
pub fn page(
    data: &Dataset,
    filter: &trailscope_core::query::filter::Filter,
    offset: usize,
    limit: usize,
) -> trailscope_core::query::events::EventPage {
    let rows = filter.compile(data).selected(&data.store);
    trailscope_core::query::events::page_of(&data.store, rows.rows(), offset, limit)
}
