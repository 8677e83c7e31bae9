//! How numbers, sizes, durations and times read in the UI.

use trailscope_core::time::format_utc;

/// Shared with the views, so every number and service name reads the same everywhere.
pub use crate::components::views::chart::format::thousands;
/// Shared with the views.
pub use crate::components::views::chart::names::short_source;

/// Bytes as decimal megabytes with one decimal: `"12.3 MB"`.
pub fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// Milliseconds as seconds: `"1.2 s"`.
pub fn seconds(ms: u64) -> String {
    format!("{:.1} s", ms as f64 / 1000.0)
}

/// A UTC time, or `"undated"`.
pub fn time(ms: Option<i64>) -> String {
    ms.map_or_else(|| "undated".to_string(), format_utc)
}

/// The span between two times, or `"—"` when there is none.
pub fn span(first: Option<i64>, last: Option<i64>) -> String {
    match (first, last) {
        (Some(first), Some(last)) => format!("{} → {}", format_utc(first), format_utc(last)),
        _ => "—".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn numbers_read_well() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(5000), "5,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(megabytes(12_345_678), "12.3 MB");
        assert_eq!(seconds(1250), "1.2 s");
        assert_eq!(time(None), "undated");
        assert_eq!(time(Some(0)), "1970-01-01T00:00:00Z");
        assert_eq!(span(Some(0), None), "—");
        assert_eq!(short_source("s3.amazonaws.com"), "s3");
        assert_eq!(short_source("example.com"), "example.com");
    }
}
