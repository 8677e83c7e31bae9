//! The header of a sortable column, shared by the tables a person can reorder (identities,
//! resources): a button that names its column, with `aria-sort` on the active one; their order
//! and their rows' selection.

use std::cmp::Ordering;
use yew::prelude::*;

/// What a table's sort is: the column and whether it descends.
pub trait SortColumn: Copy + PartialEq + 'static {
    /// Names ascend by default, numbers and times descend (biggest and latest first).
    fn default_descending(self) -> bool;
}

/// The click and key handlers of a selectable row: a click, Enter or Space emits `value` on
/// `on_select`.
pub fn row_select(on_select: &Callback<String>, value: &str) -> (Callback<MouseEvent>, Callback<KeyboardEvent>) {
    let emit = on_select.reform({
        let value = value.to_string();
        move |()| value.clone()
    });
    let onclick = emit.reform(|_: MouseEvent| ());
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if matches!(e.key().as_str(), "Enter" | " ") {
            e.prevent_default();
            emit.emit(());
        }
    });
    (onclick, onkeydown)
}

/// Indices of `rows` ordered by `by` (turned round when `descending`), ties by `tie` ascending,
/// so that equal rows keep one order whichever column sorts them.
pub fn sort_order<T>(
    rows: &[T],
    descending: bool,
    by: impl Fn(&T, &T) -> Ordering,
    tie: impl Fn(&T, &T) -> Ordering,
) -> Vec<usize> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&rows[a], &rows[b]);
        let primary = by(a, b);
        let primary = if descending { primary.reverse() } else { primary };
        primary.then_with(|| tie(a, b))
    });
    order
}

/// The `<th>` of `column` in a table sorted as `sort` says; a click sorts by it, turning the
/// order round when it is the active column already.
pub fn sort_header<K: SortColumn>(
    label: &'static str,
    column: K,
    class: &'static str,
    sort: &UseStateHandle<(K, bool)>,
) -> Html {
    let (key, descending) = **sort;
    let active = key == column;
    let aria_sort = active.then_some(if descending { "descending" } else { "ascending" });
    let arrow = match (active, descending) {
        (false, _) => "↕",
        (true, true) => "▼",
        (true, false) => "▲",
    };
    let onclick = {
        let sort = sort.clone();
        move |_| {
            let next = if active {
                !descending
            } else {
                column.default_descending()
            };
            sort.set((column, next));
        }
    };
    html! {
        <th scope="col" class={class} aria-sort={aria_sort}>
            <button type="button" class="tsv-sort" onclick={onclick}>
                { label }<span class="tsv-sort-arrow" aria-hidden="true">{ arrow }</span>
            </button>
        </th>
    }
}
