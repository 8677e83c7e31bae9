//! The page's keyboard shortcuts, wherever the focus is but in a text field: `/` goes to the
//! query, `j` and `k` step through the events (the event table answers its own keys, and these
//! bring the focus back to it from anywhere else on the page).

use super::focus;
use gloo_timers::callback::Timeout;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Document, KeyboardEvent};

/// Whether a key typed into `event`'s target is text: inputs, selects, text areas and editable
/// elements keep their keys.
fn typing(event: &KeyboardEvent) -> bool {
    let Some(element) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) else {
        return false;
    };
    matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || element.is_content_editable()
}

/// Calls `on_step` with +1 (`j`) or −1 (`k`) and focuses the event table; focuses the query on
/// `/`; until the returned listener is dropped.
pub fn listen(on_step: impl Fn(i64) + 'static) -> Option<ShortcutListener> {
    let document = web_sys::window()?.document()?;
    let closure = Closure::<dyn Fn(KeyboardEvent)>::new(move |event: KeyboardEvent| {
        if typing(&event) || event.ctrl_key() || event.meta_key() || event.alt_key() || event.default_prevented() {
            return;
        }
        let step = match event.key().as_str() {
            "/" => {
                if let Some(search) = focus::element("input[type=search]") {
                    event.prevent_default();
                    search.focus().ok();
                }
                return;
            }
            "j" => 1,
            "k" => -1,
            _ => return,
        };
        let Some(table) = focus::element("[data-testid=event-table]") else {
            return;
        };
        if table.contains(event.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok()).as_ref()) {
            return;
        }
        event.prevent_default();
        on_step(step);
        table.focus().ok();
        // The step is drawn after this handler returns: its row takes the focus once it is there.
        Timeout::new(0, || {
            if let Some(row) = focus::element("[data-testid=event-row][aria-selected=true]") {
                row.focus().ok();
            }
        })
        .forget();
    });
    document
        .add_event_listener_with_callback("keydown", closure.as_ref().unchecked_ref())
        .ok()?;
    Some(ShortcutListener { document, closure })
}

/// The shortcuts' `keydown` listener, removed when dropped.
pub struct ShortcutListener {
    document: Document,
    closure: Closure<dyn Fn(KeyboardEvent)>,
}

impl Drop for ShortcutListener {
    fn drop(&mut self) {
        let _ = self
            .document
            .remove_event_listener_with_callback("keydown", self.closure.as_ref().unchecked_ref());
    }
}
