//! Copying text to the system clipboard with `navigator.clipboard.writeText`, which the browser
//! may refuse (no focus, no permission, an insecure page): the caller is told either way so that
//! a person sees "Copied" or why not.

use super::describe;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Writes `text` to the clipboard and then calls `done` with the outcome.
pub fn copy(text: String, done: impl FnOnce(Result<(), String>) + 'static) {
    wasm_bindgen_futures::spawn_local(async move { done(write_text(&text).await) });
}

async fn write_text(text: &str) -> Result<(), String> {
    let unavailable = || "this browser offers no clipboard to this page".to_string();
    let navigator = Reflect::get(&js_sys::global(), &"navigator".into()).map_err(|e| describe(&e))?;
    let clipboard = Reflect::get(&navigator, &"clipboard".into()).map_err(|e| describe(&e))?;
    if clipboard.is_undefined() || clipboard.is_null() {
        return Err(unavailable());
    }
    let write: Function = Reflect::get(&clipboard, &"writeText".into())
        .map_err(|e| describe(&e))?
        .dyn_into()
        .map_err(|_| unavailable())?;
    let promise: Promise = write
        .call1(&clipboard, &JsValue::from_str(text))
        .map_err(|e| describe(&e))?
        .dyn_into()
        .map_err(|_| unavailable())?;
    JsFuture::from(promise).await.map(|_| ()).map_err(|e| describe(&e))
}
