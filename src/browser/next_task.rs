//! Running a long job in the worker as a series of short tasks, so that messages from the UI
//! (a Cancel, a query) are handled between them. A message posted to our own `MessageChannel`
//! queues the next step as a new task without the 4 ms clamp that nested `setTimeout(0)` gets,
//! which would add minutes to a load of thousands of small files. The page has its own forms,
//! [`yield_to_browser`] and [`in_page_tasks`], to post a large load in parts.

use super::describe;
use js_sys::Promise;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::MessageChannel;

/// Runs a step function in later tasks while it asks to continue.
pub struct NextTask {
    channel: MessageChannel,
    queued: Rc<Cell<bool>>,
}

impl NextTask {
    /// Prepares to run `step` in later tasks; `step` returns whether it has more to do. The
    /// handler lives as long as the worker (it is never dropped).
    pub fn new(mut step: impl FnMut() -> bool + 'static) -> Result<Self, String> {
        let channel = MessageChannel::new().map_err(|e| describe(&e))?;
        let queued = Rc::new(Cell::new(false));
        let again = channel.port2();
        let on_message = {
            let queued = queued.clone();
            Closure::<dyn FnMut()>::new(move || {
                queued.set(false);
                if step() {
                    queued.set(true);
                    // Posting to our own open port does not fail.
                    let _ = again.post_message(&JsValue::NULL);
                }
            })
        };
        channel.port1().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        Ok(NextTask { channel, queued })
    }

    /// Queues a step unless one is already queued.
    pub fn schedule(&self) {
        if !self.queued.replace(true) {
            let _ = self.channel.port2().post_message(&JsValue::NULL);
        }
    }
}

/// Ends the current task of the page: resolves in a later task (`setTimeout(0)`), so that the
/// browser can render and handle input in between (the page's counterpart of [`NextTask`]).
pub async fn yield_to_browser() {
    let later = Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            // Without a timer the promise still resolves, at once.
            if window
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
                .is_ok()
            {
                return;
            }
        }
        let _ = resolve.call0(&JsValue::NULL);
    });
    // The promise never rejects.
    let _ = JsFuture::from(later).await;
}

/// Calls `step` until it returns `false`, for `part_ms` milliseconds per task of the page and
/// yielding to the browser between tasks, so that a long series of calls never freezes the page.
pub fn in_page_tasks(part_ms: f64, mut step: impl FnMut() -> bool + 'static) {
    wasm_bindgen_futures::spawn_local(async move {
        loop {
            let started = js_sys::Date::now();
            while js_sys::Date::now() - started < part_ms {
                if !step() {
                    return;
                }
            }
            yield_to_browser().await;
        }
    });
}
