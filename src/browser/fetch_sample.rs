//! Fetching the bundled sample archive from the page's own origin, as a `File` that is loaded
//! like a dropped one.

use super::describe;
use js_sys::Array;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, File, Response};

/// Where Trunk copies `static/sample/`, relative to the page so that any sub-path works.
pub const SAMPLE_URL: &str = "sample/trailscope-sample.zip";

/// The name the sample is shown under.
pub const SAMPLE_NAME: &str = "trailscope-sample.zip";

/// Fetches the sample in the background and hands `done` the `File`, or why it could not be had.
pub fn fetch_sample(done: impl FnOnce(Result<File, String>) + 'static) {
    wasm_bindgen_futures::spawn_local(async move { done(fetch_file(SAMPLE_URL, SAMPLE_NAME).await) });
}

/// Downloads `url` (same origin) and wraps it in a `File` named `name`.
async fn fetch_file(url: &str, name: &str) -> Result<File, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response: Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| describe(&e))?
        .dyn_into()
        .map_err(|_| "fetch did not return a response".to_string())?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {} {}", response.status(), response.status_text()));
    }
    let blob: Blob = JsFuture::from(response.blob().map_err(|e| describe(&e))?)
        .await
        .map_err(|e| describe(&e))?
        .dyn_into()
        .map_err(|_| "the response has no body".to_string())?;
    File::new_with_blob_sequence(&Array::of1(&blob), name).map_err(|e| describe(&e))
}
