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

thread_local! {
    /// When the page's current task began to be counted, until a timer queued then has fired.
    static TASK_COUNTED_SINCE: Cell<Option<f64>> = const { Cell::new(None) };
}

/// Ends the page's task once it has run `budget_ms` since this was first awaited in it: for
/// loops whose awaits may all be answered within one task (a folder listing the browser already
/// holds, promises that resolved together), which would otherwise run on as one long task.
pub async fn yield_if_task_over(budget_ms: f64) {
    let now = js_sys::Date::now();
    match TASK_COUNTED_SINCE.get() {
        None => {
            TASK_COUNTED_SINCE.set(Some(now));
            // The timer fires in a later task, after this one: counting starts again there.
            let forget = Closure::once_into_js(|| TASK_COUNTED_SINCE.set(None));
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(forget.unchecked_ref(), 0);
            }
        }
        Some(since) if now - since >= budget_ms => yield_to_browser().await,
        Some(_) => {}
    }
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

#[cfg(test)]
mod tests {
    use super::yield_if_task_over;
    use std::cell::Cell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    async fn a_loop_of_ready_awaits_ends_its_task_once_over_budget() {
        // A task counted by an earlier test ends first (its timer was queued before this one's).
        super::yield_to_browser().await;
        let fired = Rc::new(Cell::new(false));
        let timer = {
            let fired = fired.clone();
            Closure::once_into_js(move || fired.set(true))
        };
        let window = web_sys::window().expect("a window");
        window
            .set_timeout_with_callback_and_timeout_and_arguments_0(timer.unchecked_ref(), 0)
            .expect("a timer");
        let start = js_sys::Date::now();
        let mut timer_ran_after = None;
        while js_sys::Date::now() - start < 60.0 && timer_ran_after.is_none() {
            let busy = js_sys::Date::now();
            while js_sys::Date::now() - busy < 1.0 {}
            yield_if_task_over(10.0).await;
            if fired.get() {
                timer_ran_after = Some(js_sys::Date::now() - start);
            }
        }
        // Without the yield the loop is one task of 60 ms and the timer runs after it.
        let after = timer_ran_after.expect("the loop let the timer run");
        assert!((9.0..25.0).contains(&after), "the task ran {after} ms");
    }
}
