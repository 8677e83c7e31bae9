//! What was touched: the busiest resources of the filtered events with their type, account,
//! events, writes, denied calls and principals. Choosing a row narrows every view to the events
//! that touched that resource, the first step of "what happened to this bucket?"; its name opens
//! the resource's page.

use super::chart::format::{count_of, thousands};
use super::entity_link::EntityLink;
use super::identities_table::time_cell;
use super::shared_view::ViewPart;
use super::sort_header::{row_select, sort_header, sort_order, SortColumn};
use trailscope_core::query::entity::Entity;
use trailscope_core::query::resources::TouchedResource;
use yew::prelude::*;

/// Rows shown before "Show all", as in the identities table: every row drawn is redrawn at
/// each filter change.
const FIRST_ROWS: usize = 50;

/// Props of [`ResourcesTable`].
#[derive(Properties, PartialEq, Clone)]
pub struct ResourcesTableProps {
    /// The resources, as the core ranks them (busiest first).
    pub rows: ViewPart<Vec<TouchedResource>>,
    /// Resource keys the filter is narrowed to, highlighted.
    pub selected: Vec<String>,
    /// A resource was chosen (by key): the parent toggles it in the filter's resources.
    pub on_select: Callback<String>,
    /// A resource's name was followed: the parent opens its page.
    pub on_open: Callback<Entity>,
}

/// The columns a person can sort by.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum SortKey {
    Name,
    Events,
    Writes,
    Denied,
    Principals,
    LastSeen,
}

impl SortColumn for SortKey {
    fn default_descending(self) -> bool {
        self != SortKey::Name
    }
}

/// Row indices of `rows` in the order `key` (and `descending`) asks for, ties by key.
fn sorted(rows: &[TouchedResource], key: SortKey, descending: bool) -> Vec<usize> {
    let by = |a: &TouchedResource, b: &TouchedResource| match key {
        SortKey::Name => a.name.cmp(&b.name),
        SortKey::Events => a.events.cmp(&b.events),
        SortKey::Writes => a.writes.cmp(&b.writes),
        SortKey::Denied => a.denied.cmp(&b.denied),
        SortKey::Principals => a.principals.cmp(&b.principals),
        SortKey::LastSeen => a.last.cmp(&b.last),
    };
    sort_order(rows, descending, by, |a, b| a.key.cmp(&b.key))
}

/// Denied calls, marked when there are any: a refusal is what a responder looks for first.
fn denied_cell(n: u64) -> Html {
    html! { <td class={classes!("tsv-num", (n > 0).then_some("tsv-error-text"))}>{ thousands(n) }</td> }
}

fn name_cell(row: &TouchedResource, selected: bool, on_open: &Callback<Entity>) -> Html {
    html! {
        <td class="tsv-resource">
            <span class="tsv-resource-name tsv-mono" title={row.key.clone()}>
                <EntityLink entity={Entity::Resource(row.key.clone())} label={row.name.clone()} on_open={on_open.clone()} />
            </span>
            if selected {
                <span class="tsv-visually-hidden">{ " (selected)" }</span>
            }
        </td>
    }
}

/// The per-resource table with sortable columns and row selection.
#[component]
pub fn ResourcesTable(props: &ResourcesTableProps) -> Html {
    let sort = use_state(|| (SortKey::Events, true));
    let show_all = use_state(|| false);
    let (key, descending) = *sort;
    let order = sorted(&props.rows, key, descending);
    let shown = if *show_all {
        order.len()
    } else {
        order.len().min(FIRST_ROWS)
    };
    let header = |label, column, class| sort_header(label, column, class, &sort);
    let body = order.iter().take(shown).map(|&i| {
        let row = &props.rows[i];
        let is_selected = props.selected.contains(&row.key);
        let (onclick, onkeydown) = row_select(&props.on_select, &row.key);
        html! {
            <tr key={format!("r{i}")} class={classes!("tsv-row", is_selected.then_some("tsv-selected"))} tabindex="0"
                onclick={onclick} onkeydown={onkeydown}>
                { name_cell(row, is_selected, &props.on_open) }
                <td class="tsv-muted">{ row.kind.clone() }</td>
                <td class="tsv-mono">{ row.account.clone() }</td>
                <td class="tsv-num">{ thousands(row.events) }</td>
                <td class="tsv-num">{ thousands(row.writes) }</td>
                { denied_cell(row.denied) }
                <td class="tsv-num">{ thousands(row.principals) }</td>
                { time_cell(row.first) }
                { time_cell(row.last) }
            </tr>
        }
    });
    let show_all_button = (shown < order.len()).then(|| {
        let show_all = show_all.clone();
        html! {
            <button type="button" class="tsv-button tsv-show-all" onclick={move |_| show_all.set(true)}>
                { format!("Show all {}", thousands(order.len() as u64)) }
            </button>
        }
    });
    html! {
        <section class="tsv-panel tsv-resources" aria-labelledby="resources-title">
            <h2 class="tsv-title" id="resources-title">{ "Resources" }</h2>
            if props.rows.is_empty() {
                <p class="tsv-empty">{ "No resources were named by the events that match the filter." }</p>
            } else {
                <div class="tsv-table-scroll">
                    <table class="tsv-table tsv-resources-table">
                        <caption class="tsv-caption">
                            { format!("{}, most touched first; choose a row to filter every view to it, or a name to open its page.", count_of(props.rows.len() as u64, "resource")) }
                        </caption>
                        <thead>
                            <tr>
                                { header("Resource", SortKey::Name, "") }
                                <th scope="col">{ "Type" }</th>
                                <th scope="col">{ "Account" }</th>
                                { header("Events", SortKey::Events, "tsv-num") }
                                { header("Writes", SortKey::Writes, "tsv-num") }
                                { header("Denied", SortKey::Denied, "tsv-num") }
                                { header("Principals", SortKey::Principals, "tsv-num") }
                                <th scope="col">{ "First seen (UTC)" }</th>
                                { header("Last seen (UTC)", SortKey::LastSeen, "") }
                            </tr>
                        </thead>
                        <tbody>{ for body }</tbody>
                    </table>
                </div>
                { for show_all_button }
            }
        </section>
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn row(key: &str, events: u64, denied: u64, last: Option<i64>) -> TouchedResource {
        TouchedResource {
            key: key.into(),
            name: key.trim_start_matches("k-").into(),
            kind: String::new(),
            account: String::new(),
            events,
            writes: events / 2,
            denied,
            principals: 1,
            first: last,
            last,
        }
    }

    #[test]
    fn sorts_by_each_column_with_ties_by_key() {
        let rows = vec![
            row("k-b", 10, 0, Some(5)),
            row("k-a", 10, 3, None),
            row("k-c", 2, 1, Some(9)),
        ];
        assert_eq!(sorted(&rows, SortKey::Events, true), vec![1, 0, 2]);
        assert_eq!(sorted(&rows, SortKey::Denied, true), vec![1, 2, 0]);
        assert_eq!(sorted(&rows, SortKey::Writes, false), vec![2, 1, 0]);
        assert_eq!(sorted(&rows, SortKey::LastSeen, true), vec![2, 0, 1]);
        assert_eq!(sorted(&rows, SortKey::Name, false), vec![1, 0, 2]);
        assert!(!SortKey::Name.default_descending() && SortKey::Denied.default_descending());
    }
}
