//! What the views' browser tests share: an element to mount a component into, a pause for Yew
//! to render, callbacks that record what they report, and elements to read, click and press
//! keys on.

#[allow(dead_code)] // only the timeline's tests mount it
pub mod timeline;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent, KeyboardEventInit, PointerEvent, PointerEventInit};
use yew::Callback;

/// 2025-01-06T00:00:00Z.
#[allow(dead_code)] // the entity page's tests read their own trail
pub const START: i64 = 1_736_121_600_000;
/// Five minutes, a bucket of the sample timelines.
#[allow(dead_code)] // the filter bar's tests have no buckets
pub const FIVE_MIN: i64 = 300_000;
/// Log text that would run script if it were ever drawn as HTML.
#[allow(dead_code)] // the timeline's tests draw no log text
pub const XSS: &str = "<img src=x onerror=alert(1)>";

/// What a recording callback was called with, in order.
pub type Log<T> = Rc<RefCell<Vec<T>>>;

/// A fresh element in the page to mount one component into.
pub fn root() -> Element {
    let document = gloo_document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

/// The page's document.
pub fn gloo_document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Lets Yew run its scheduled renders and effects.
pub async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(30)).await;
}

/// A callback that records what it was called with.
pub fn recorder<T: 'static>() -> (Callback<T>, Log<T>) {
    let log = Rc::new(RefCell::new(Vec::new()));
    let sink = log.clone();
    (Callback::from(move |v| sink.borrow_mut().push(v)), log)
}

/// Every element under `root` that `selector` matches.
pub fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().dyn_into().unwrap())
        .collect()
}

/// The first element under `root` that `selector` matches; the test fails without one.
pub fn one(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
}

/// The text of every element under `root` that `selector` matches.
pub fn texts(root: &Element, selector: &str) -> Vec<String> {
    all(root, selector)
        .iter()
        .map(|e| e.text_content().unwrap_or_default())
        .collect()
}

/// A click, as `HTMLElement.click()` makes it (no pointer: `detail` is 0).
pub fn click(element: &Element) {
    element.dyn_ref::<HtmlElement>().unwrap().click();
}

/// A keydown of `key` on `element`.
#[allow(dead_code)] // the remembered folder's tests press no key
pub fn key(element: &Element, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    element.dispatch_event(&event).unwrap();
}

/// A pointer event of `kind` at `client_x`, with the main button.
#[allow(dead_code)] // only the charts' tests point
pub fn pointer(element: &Element, kind: &str, client_x: f64) {
    let init = PointerEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_button(0);
    init.set_pointer_id(1);
    init.set_client_x(client_x.round() as i32);
    let event = PointerEvent::new_with_event_init_dict(kind, &init).unwrap();
    element.dispatch_event(&event).unwrap();
}
