//! What each click in the views does to the filter, as pure functions of the current one.

use trailscope_core::query::filter::Filter;

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
    }
}
