//! Saving what the app made (an export, a chart) as a file the user downloads: a `Blob` behind a
//! temporary object URL, clicked through a link that is never attached to the page. The bytes
//! stay on the machine: an object URL is local to this page.

use super::describe;
use gloo_timers::callback::Timeout;
use js_sys::{Array, Uint8Array};
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// How long an object URL outlives its click, so that the browser has started the download.
const REVOKE_AFTER_MS: u32 = 30_000;

/// The parts of a file arriving from the worker, held as JS buffers (not in wasm memory) until
/// the file is complete.
#[derive(Default)]
pub struct Download {
    parts: Vec<Uint8Array>,
}

impl Download {
    /// Adds the next part.
    pub fn push(&mut self, bytes: &[u8]) {
        self.parts.push(Uint8Array::from(bytes));
    }

    /// Saves the parts received so far as `name` and starts over.
    pub fn save(&mut self, name: &str, mime: &str) -> Result<(), String> {
        let parts: Array = self.parts.drain(..).collect();
        let options = BlobPropertyBag::new();
        options.set_type(mime);
        let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(|e| describe(&e))?;
        save_blob(&blob, name)
    }
}

/// Offers `blob` to the user as a download named `name`.
pub fn save_blob(blob: &Blob, name: &str) -> Result<(), String> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let url = Url::create_object_url_with_blob(blob).map_err(|e| describe(&e))?;
    let link: HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| describe(&e))?
        .dyn_into()
        .map_err(|_| "an <a> element is not a link")?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    Timeout::new(REVOKE_AFTER_MS, move || {
        // Revoking only fails for a URL already gone.
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}
