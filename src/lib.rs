//! Trailscope's browser app: a Yew UI (`app`, `components`) and a Web Worker (`worker`) that does
//! all decoding, parsing and aggregation with the engine (`trailscope_core`), talking through the
//! messages of `protocol`. `browser` is the glue to the browser's APIs.
//!
//! ```text
//!  UI thread                                      worker
//!  app ── state (reducer) ── components            browser::worker_runtime ── worker::Worker ── core
//!   └── worker_client ── browser::worker_bridge ⇄ postMessage(protocol) ⇄ browser::file_source
//! ```
//!
//! Both binaries (`src/main.rs`, `src/bin/worker.rs`) are entry points only, so that the browser
//! tests reach every module through this library.
#![deny(missing_docs)]

pub mod app;
pub mod browser;
pub mod components;
pub mod protocol;
pub mod worker;

#[cfg(test)]
mod test_support;

// The library's unit tests run in a page (`cargo test --target wasm32-unknown-unknown`); the
// worker-only reader is tested from a dedicated worker in tests/file_reading.rs.
#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
