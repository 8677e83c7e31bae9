//! The page's panic hook, on a real Rust panic: the product has no way to panic on purpose (and
//! must not get one for tests), so this test installs the page's hook and panics in a callback, as
//! any bug would, then checks what a person sees: the error panel with the panic's message.
//! Its own test binary, because a panic leaves the wasm instance unusable for later panics.
#![cfg(target_arch = "wasm32")]

use trailscope_app::browser::panic::{install_for_page, FATAL_CLASS};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let window = web_sys::window().expect("a window");
        window
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("setTimeout");
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.expect("resolves");
}

#[wasm_bindgen_test]
async fn a_rust_panic_draws_the_error_panel_with_its_message() {
    install_for_page();
    let document = web_sys::window().and_then(|w| w.document()).expect("a document");
    assert!(document.query_selector(".fatal").expect("selector").is_none());
    // A panic in an event handler, the way a bug in the page would panic: it traps that call only.
    let boom =
        Closure::<dyn FnMut()>::new(|| panic!("index 7 out of range for <b>slice</b> of length 3")).into_js_value();
    web_sys::window()
        .expect("a window")
        .set_timeout_with_callback_and_timeout_and_arguments_0(boom.unchecked_ref(), 0)
        .expect("setTimeout");
    sleep(200).await;
    let panel = document
        .query_selector(&format!("section.{FATAL_CLASS}"))
        .expect("selector")
        .expect("the panel is drawn");
    assert_eq!(panel.get_attribute("role").as_deref(), Some("alert"));
    let title = panel.query_selector("h2").expect("selector").expect("a title");
    assert_eq!(
        title.text_content().as_deref(),
        Some("Trailscope stopped because of an internal error")
    );
    let message = panel.query_selector("pre").expect("selector").expect("the message");
    let text = message.text_content().unwrap_or_default();
    assert!(
        text.contains("index 7 out of range for <b>slice</b> of length 3") && text.contains("panic_panel.rs"),
        "{text}"
    );
    assert_eq!(message.children().length(), 0, "the message is text, never markup");
    assert!(panel
        .text_content()
        .unwrap_or_default()
        .contains("Your files never left this browser."));
}
