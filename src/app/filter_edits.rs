//! What each click in the views does to the filter: pure functions of the current one, and the
//! callbacks that apply them to the filter shown when the click happens.

use std::rc::Rc;
use trailscope_core::query::filter::Filter;
use yew::Callback;

/// The filter the page shows now, read when a click fires.
pub type CurrentFilter = Rc<dyn Fn() -> Filter>;

/// The views' clicks that change the filter. Each reads the filter shown when it fires instead of
/// holding the one it was made with, so they are made once: a component given them is not
/// redrawn because the filter changed, only when its own data did.
#[derive(Clone, PartialEq)]
pub struct FilterEdits {
    /// Adds or removes a principal.
    pub principal: Callback<String>,
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
    /// Edits of the filter `current` returns, each handed to `set` as a whole new filter.
    pub fn new(current: CurrentFilter, set: &Callback<Filter>) -> Self {
        FilterEdits {
            principal: edit(&current, set, toggle_principal),
            operation: edit(&current, set, toggle_operation),
            source: edit(&current, set, toggle_source),
            zoom: edit(&current, set, zoom),
            unzoom: edit(&current, set, |filter, ()| unzoom(filter)),
            finding: edit(&current, set, choose_finding),
        }
    }
}

fn edit<T: 'static>(
    current: &CurrentFilter,
    set: &Callback<Filter>,
    change: impl Fn(&Filter, T) -> Filter + 'static,
) -> Callback<T> {
    let (current, set) = (current.clone(), set.clone());
    Callback::from(move |value: T| set.emit(change(&current(), value)))
}

/// Narrows the time range to `[from, to)`.
pub fn zoom(filter: &Filter, (from, to): (i64, i64)) -> Filter {
    Filter {
        from: Some(from),
        to: Some(to),
        ..filter.clone()
    }
}

/// Drops the time range.
pub fn unzoom(filter: &Filter) -> Filter {
    Filter {
        from: None,
        to: None,
        ..filter.clone()
    }
}

/// Adds a principal to the filter, or removes it if it is there.
pub fn toggle_principal(filter: &Filter, principal: String) -> Filter {
    let mut next = filter.clone();
    toggle(&mut next.principals, principal);
    next
}

/// Adds an event source to the filter, or removes it if it is there.
pub fn toggle_source(filter: &Filter, source: String) -> Filter {
    let mut next = filter.clone();
    toggle(&mut next.sources, source);
    next
}

/// Adds an operation (`"<source> <operation>"`) to the filter, or removes it if it is there.
pub fn toggle_operation(filter: &Filter, operation: String) -> Filter {
    let mut next = filter.clone();
    toggle(&mut next.operations, operation);
    next
}

/// Narrows every view to one finding's events, or (`None`) drops that part of the filter.
pub fn choose_finding(filter: &Filter, finding: Option<String>) -> Filter {
    Filter {
        finding,
        ..filter.clone()
    }
}

fn toggle(list: &mut Vec<String>, value: String) {
    match list.iter().position(|v| *v == value) {
        Some(at) => {
            list.remove(at);
        }
        None => list.push(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn clicks_toggle_values_and_zoom_keeps_the_rest() {
        let base = Filter {
            text: "kms".into(),
            ..Filter::default()
        };
        let zoomed = zoom(&base, (10, 20));
        assert_eq!(
            (zoomed.from, zoomed.to, zoomed.text.as_str()),
            (Some(10), Some(20), "kms")
        );
        assert_eq!(unzoom(&zoomed), base);
        let one = toggle_principal(&base, "arn:a".into());
        assert_eq!(one.principals, ["arn:a"]);
        assert_eq!(toggle_principal(&one, "arn:a".into()), base);
        assert_eq!(
            toggle_source(&base, "s3.amazonaws.com".into()).sources,
            ["s3.amazonaws.com"]
        );
        let op = toggle_operation(&base, "s3.amazonaws.com GetObject".into());
        assert_eq!(op.operations, ["s3.amazonaws.com GetObject"]);
        let found = choose_finding(&base, Some("root-activity".into()));
        assert_eq!(
            (found.finding.as_deref(), found.text.as_str()),
            (Some("root-activity"), "kms")
        );
        assert_eq!(choose_finding(&found, None), base);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn edits_apply_to_the_filter_shown_when_they_fire() {
        let shown = Rc::new(std::cell::RefCell::new(Filter::default()));
        let current: CurrentFilter = {
            let shown = shown.clone();
            Rc::new(move || shown.borrow().clone())
        };
        let set = {
            let shown = shown.clone();
            Callback::from(move |filter: Filter| *shown.borrow_mut() = filter)
        };
        let edits = FilterEdits::new(current, &set);
        edits.principal.emit("arn:a".into());
        edits.source.emit("s3.amazonaws.com".into());
        edits.zoom.emit((10, 20));
        edits.finding.emit(Some("root-activity".into()));
        let all = shown.borrow().clone();
        assert_eq!(all.principals, ["arn:a"], "the second edit kept the first");
        assert_eq!(all.sources, ["s3.amazonaws.com"]);
        assert_eq!(
            (all.from, all.to, all.finding.as_deref()),
            (Some(10), Some(20), Some("root-activity"))
        );
        edits.operation.emit("s3.amazonaws.com GetObject".into());
        edits.operation.emit("s3.amazonaws.com GetObject".into());
        edits.unzoom.emit(());
        edits.finding.emit(None);
        let back = shown.borrow().clone();
        assert!(back.operations.is_empty(), "a second click removes the operation");
        assert_eq!((back.from, back.to, back.finding), (None, None, None));
        assert_eq!(back.principals, ["arn:a"]);
    }
}
