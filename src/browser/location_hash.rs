//! The page URL's fragment, where the filter lives so a view can be bookmarked, shared and
//! restored on reload (`trailscope_core::query::filter::link` reads and writes its text).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::Window;

/// The fragment without its `#`; empty when there is none or no window.
pub fn read() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .map(|hash| hash.trim_start_matches('#').to_string())
        .unwrap_or_default()
}

/// Sets the fragment (a new history entry, so Back undoes a filter change) unless it already
/// holds `fragment`.
pub fn write(fragment: &str) {
    if read() != fragment {
        if let Some(window) = web_sys::window() {
            // Setting the fragment of our own page does not fail.
            let _ = window.location().set_hash(fragment);
        }
    }
}

/// Calls `on_change` with the new fragment whenever it changes (Back, Forward, an edited URL)
/// until the returned listener is dropped.
pub fn listen(on_change: impl Fn(String) + 'static) -> Option<HashListener> {
    let window = web_sys::window()?;
    let closure = Closure::<dyn Fn()>::new(move || on_change(read()));
    window
        .add_event_listener_with_callback("hashchange", closure.as_ref().unchecked_ref())
        .ok()?;
    Some(HashListener { window, closure })
}

/// A `hashchange` listener, removed when dropped.
pub struct HashListener {
    window: Window,
    closure: Closure<dyn Fn()>,
}

impl Drop for HashListener {
    fn drop(&mut self) {
        let _ = self
            .window
            .remove_event_listener_with_callback("hashchange", self.closure.as_ref().unchecked_ref());
    }
}
