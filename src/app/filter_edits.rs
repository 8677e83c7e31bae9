//! What each click in the views does to the filter: the views report what was clicked (a
//! principal, a range of buckets, …) and these callbacks turn that into the [`FilterEdit`] the
//! app's reducer applies.

use trailscope_core::query::filter::{Dimension, FilterEdit};
use yew::Callback;

/// The callbacks that edit the filter. The reducer applies each edit to the filter it holds when
/// the edit arrives, so they are made once: a component given them is not redrawn because the
/// filter changed, only when its own data did.
#[derive(Clone, PartialEq)]
pub struct FilterEdits {
    /// Any edit (the filter bar's chips, pickers, choices and search box).
    pub edit: Callback<FilterEdit>,
    /// Adds or removes a principal.
    pub principal: Callback<String>,
    /// Adds or removes a resource (by key).
    pub resource: Callback<String>,
    /// Adds or removes an operation (`"<source> <operation>"`).
    pub operation: Callback<String>,
    /// Adds or removes an event source.
    pub source: Callback<String>,
    /// Narrows the time range to `[from, to)`.
    pub zoom: Callback<(i64, i64)>,
    /// Drops the time range.
    pub unzoom: Callback<()>,
    /// Shows one finding's events, or all events again.
    pub finding: Callback<Option<String>>,
}

impl FilterEdits {
    /// The views' clicks, each handed to `edit` as the edit it makes.
    pub fn new(edit: &Callback<FilterEdit>) -> Self {
        FilterEdits {
            edit: edit.clone(),
            principal: edit.reform(|principal| FilterEdit::Toggle(Dimension::Principal, principal)),
            resource: edit.reform(|key| FilterEdit::Toggle(Dimension::Resource, key)),
            operation: edit.reform(|operation| FilterEdit::Toggle(Dimension::Operation, operation)),
            source: edit.reform(|source| FilterEdit::Toggle(Dimension::Source, source)),
            zoom: edit.reform(|(from, to)| FilterEdit::SetTime(from, to)),
            unzoom: edit.reform(|()| FilterEdit::ClearTime),
            finding: edit.reform(FilterEdit::ChooseFinding),
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
        let edits = FilterEdits::new(&edit);
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
    }
}
