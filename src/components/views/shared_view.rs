//! The views as the page hands them down: shared and compared by identity, never copied. Each
//! answer from the worker is a new value, so identity says whether it changed, while copying a
//! part into a component's props and comparing it field by field (every bucket, identity, service
//! and job) took milliseconds on each redraw of the page, a table page arriving included.

use std::ops::Deref;
use std::rc::Rc;
use trailscope_core::query::view::View;

/// A whole view, compared by identity.
#[derive(Clone)]
pub struct SharedView(pub Rc<View>);

impl PartialEq for SharedView {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl SharedView {
    /// The part `pick` returns, for the component that draws it.
    pub fn part<T: 'static>(&self, pick: fn(&View) -> &T) -> ViewPart<T> {
        ViewPart {
            view: self.0.clone(),
            pick,
        }
    }
}

/// One part of a shared view (its identities, its services, …). Two parts are equal when they
/// come from the same view: a prop always picks the same part, so that says whether it changed.
pub struct ViewPart<T: 'static> {
    view: Rc<View>,
    pick: fn(&View) -> &T,
}

impl<T> Clone for ViewPart<T> {
    fn clone(&self) -> Self {
        ViewPart {
            view: self.view.clone(),
            pick: self.pick,
        }
    }
}

impl<T> PartialEq for ViewPart<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.view, &other.view)
    }
}

impl<T> Deref for ViewPart<T> {
    type Target = T;

    fn deref(&self) -> &T {
        (self.pick)(&self.view)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn parts_read_their_view_and_change_with_it() {
        let view = SharedView(Rc::new(View {
            lifecycles_total: 7,
            ..View::default()
        }));
        let total = view.part(|v| &v.lifecycles_total);
        assert_eq!(*total, 7);
        assert!(total == view.clone().part(|v| &v.lifecycles_total));
        let same_numbers = SharedView(Rc::new((*view.0).clone()));
        assert!(
            total != same_numbers.part(|v| &v.lifecycles_total),
            "a new answer is a change"
        );
    }
}
