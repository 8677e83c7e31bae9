//! Panic hooks. A Rust panic aborts the wasm instance, so the page would otherwise freeze with
//! no word of why: on the page the hook draws an error panel itself (Yew can no longer render),
//! and in the worker it reports the panic to the UI, which shows it.

use super::wire::pack_response;
use crate::protocol::Response;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, Document};

/// Class of the panel, shared with the Yew error panel so both look the same.
pub const FATAL_CLASS: &str = "fatal";

/// Installs the page's hook: log to the console and replace the page with an error panel.
pub fn install_for_page() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            // Nothing more can be done if the DOM refuses: the console has the message.
            let _ = show_panel(&document, &info.to_string());
        }
    }));
}

/// Installs the worker's hook: log to the console and post [`Response::Panic`] to the UI.
pub fn install_for_worker() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        if let Ok(packed) = pack_response(&Response::Panic {
            message: info.to_string(),
        }) {
            // The UI also learns of a dead worker through its `error` event.
            let _ = scope.post_message_with_transfer(&packed.value, &packed.transfer);
        }
    }));
}

fn show_panel(document: &Document, message: &str) -> Result<(), JsValue> {
    let body = document.body().ok_or("no body")?;
    let panel = document.create_element("section")?;
    panel.set_class_name(FATAL_CLASS);
    panel.set_attribute("role", "alert")?;
    let title = document.create_element("h2")?;
    title.set_text_content(Some("Trailscope stopped because of an internal error"));
    let text = document.create_element("pre")?;
    text.set_text_content(Some(message));
    // No button: after a panic the wasm instance cannot safely run a click handler.
    let hint = document.create_element("p")?;
    hint.set_text_content(Some(
        "Reload the page to start again. Your files never left this browser.",
    ));
    panel.append_with_node_3(&title, &text, &hint)?;
    body.prepend_with_node_1(&panel)?;
    Ok(())
}
