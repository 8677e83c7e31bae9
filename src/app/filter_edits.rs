//! What each click in the views does to the filter: the views report what was clicked (a
//! principal, a range of buckets, …) and these callbacks turn that into the [`FilterEdit`] the
//! app's reducer applies. Choosing a finding, a principal or a resource on a dashboard also
//! shows the events tab, so that its events are on screen at once.

use super::state::Tab;
use trailscope_core::query::filter::{Dimension, FilterEdit};
use yew::Callback;

/// The callbacks that edit the filter. The reducer applies each edit to the filter it holds when
/// the edit arrives, so they are made once: a component given them is not redrawn because the
/// filter changed, only when its own data did.
#[derive(Clone, PartialEq)]
pub struct FilterEdits {
    /// Any edit (the filter bar's chips, pickers, choices and search box).
    pub edit: Callback<FilterEdit>,
    /// Adds or removes a principal, and shows the events.
    pub principal: Callback<String>,
    /// Adds or removes a resource (by key), and shows the events.
    pub resource: Callback<String>,
    /// Adds or removes an operation (`"<source> <operation>"`).
    pub operation: Callback<String>,
    /// Adds or removes an event source.
    pub source: Callback<String>,
    /// Narrows the time range to `[from, to)`.
    pub zoom: Callback<(i64, i64)>,
    /// Drops the time range.
    pub unzoom: Callback<()>,
    /// Shows one finding's events (on the events tab), or all events again.
    pub finding: Callback<Option<String>>,
}

/// `edit` of what `make` turns a value into, followed (when `chosen` says the value was chosen
/// rather than put back) by the events tab.
fn then_events<T: 'static>(
    edit: &Callback<FilterEdit>,
    show: &Callback<Tab>,
    make: fn(&T) -> FilterEdit,
    chosen: fn(&T) -> bool,
) -> Callback<T> {
    let (edit, show) = (edit.clone(), show.clone());
    Callback::from(move |value: T| {
        edit.emit(make(&value));
        if chosen(&value) {
            show.emit(Tab::Events);
        }
    })
}

impl FilterEdits {
    /// The views' clicks, each handed to `edit` as the edit it makes; `show` changes the tab.
    pub fn new(edit: &Callback<FilterEdit>, show: &Callback<Tab>) -> Self {
        FilterEdits {
            edit: edit.clone(),
            principal: then_events(
                edit,
                show,
                |principal: &String| FilterEdit::Toggle(Dimension::Principal, principal.clone()),
                |_| true,
            ),
            resource: then_events(
                edit,
                show,
                |key: &String| FilterEdit::Toggle(Dimension::Resource, key.clone()),
                |_| true,
            ),
            operation: edit.reform(|operation| FilterEdit::Toggle(Dimension::Operation, operation)),
            source: edit.reform(|source| FilterEdit::Toggle(Dimension::Source, source)),
            zoom: edit.reform(|(from, to)| FilterEdit::SetTime(from, to)),
            unzoom: edit.reform(|()| FilterEdit::ClearTime),
            finding: then_events(
                edit,
                show,
                |rule: &Option<String>| FilterEdit::ChooseFinding(rule.clone()),
                Option::is_some,
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn each_click_is_the_edit_it_makes() {
        let made = Rc::new(RefCell::new(Vec::new()));
        let edit = {
            let made = made.clone();
            Callback::from(move |edit: FilterEdit| made.borrow_mut().push(edit))
        };
        let tabs = Rc::new(RefCell::new(Vec::new()));
        let show = {
            let tabs = tabs.clone();
            Callback::from(move |tab: Tab| tabs.borrow_mut().push(tab))
        };
        let edits = FilterEdits::new(&edit, &show);
        edits.principal.emit("arn:a".into());
        edits.operation.emit("s3.amazonaws.com GetObject".into());
        edits.resource.emit("arn:aws:s3:::b".into());
        edits.source.emit("s3.amazonaws.com".into());
        edits.zoom.emit((10, 20));
        edits.unzoom.emit(());
        edits.finding.emit(Some("root-activity".into()));
        edits.finding.emit(None);
        assert_eq!(
            *made.borrow(),
            [
                FilterEdit::Toggle(Dimension::Principal, "arn:a".into()),
                FilterEdit::Toggle(Dimension::Operation, "s3.amazonaws.com GetObject".into()),
                FilterEdit::Toggle(Dimension::Resource, "arn:aws:s3:::b".into()),
                FilterEdit::Toggle(Dimension::Source, "s3.amazonaws.com".into()),
                FilterEdit::SetTime(10, 20),
                FilterEdit::ClearTime,
                FilterEdit::ChooseFinding(Some("root-activity".into())),
                FilterEdit::ChooseFinding(None),
            ]
        );
        assert_eq!(
            *tabs.borrow(),
            [Tab::Events; 3],
            "a principal, a resource and a finding chosen show their events; a finding put back does not"
        );
    }
}
