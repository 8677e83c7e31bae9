//! Moving keyboard focus to an element the page drew elsewhere (another component's row), found by
//! a selector, since a component holds references only to what it draws itself.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// The first element of the page matching `selector`, if it can take focus.
pub fn element(selector: &str) -> Option<HtmlElement> {
    web_sys::window()?
        .document()?
        .query_selector(selector)
        .ok()
        .flatten()?
        .dyn_into::<HtmlElement>()
        .ok()
}
