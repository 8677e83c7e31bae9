//! Glue between the browser's APIs and the rest of the app. Nothing here decides anything about
//! logs; it moves bytes, files and messages, and turns JS failures into messages for the user.

pub mod chart_image;
pub mod clipboard;
pub mod download;
pub mod dropped_entries;
pub mod fetch_sample;
pub mod file_reading;
pub mod file_source;
pub mod focus;
pub mod folder_files;
pub mod folder_handle;
pub mod folder_store;
pub mod folder_walk;
pub mod height_watch;
pub mod held_file;
pub mod held_memory;
pub mod helper;
pub mod helper_pool;
pub mod local_store;
pub mod location_hash;
pub mod next_task;
pub mod panic;
pub mod shortcuts;
pub mod wire;
pub mod worker_bridge;
pub mod worker_runtime;

use wasm_bindgen::{JsCast, JsValue};

/// A readable description of a thrown JS value (an `Error`, a `DOMException`, a string or
/// anything else), for messages shown to the user.
pub fn describe(error: &JsValue) -> String {
    if let Some(error) = error.dyn_ref::<js_sys::Error>() {
        let name = String::from(error.name());
        let message = String::from(error.message());
        return if message.is_empty() {
            name
        } else {
            format!("{name}: {message}")
        };
    }
    if let Some(text) = error.as_string() {
        return text;
    }
    js_sys::JSON::stringify(error)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| "an unknown browser error".to_string())
}
