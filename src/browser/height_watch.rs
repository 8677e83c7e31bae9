//! An element's height followed with a `ResizeObserver`. Its callback runs once layout is done
//! and before the paint, so reading the height there never lays the page out again, unlike
//! measuring while a component first draws (~30 ms at 1M events for the event table).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, ResizeObserver};

/// Reports an element's inner height when it is first laid out and each time it changes;
/// stops when dropped.
pub struct HeightWatch {
    observer: ResizeObserver,
    _callback: Closure<dyn FnMut()>,
}

impl HeightWatch {
    /// Watches `element`, calling `on_height` with its `clientHeight`; `None` when the browser
    /// has no `ResizeObserver`.
    pub fn new(element: &HtmlElement, on_height: impl Fn(f64) + 'static) -> Option<Self> {
        let target = element.clone();
        let callback = Closure::<dyn FnMut()>::new(move || on_height(f64::from(target.client_height())));
        let observer = ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        observer.observe(element);
        Some(HeightWatch {
            observer,
            _callback: callback,
        })
    }
}

impl Drop for HeightWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}
