//! Who did what: one row per principal with its credentials, MFA share, activity span, errors,
//! services, busiest operations, and its source IPs and access keys (the busiest shown, every one
//! a disclosure away), and its role sessions with their keys one disclosure away. Choosing a row
//! narrows every view to that principal, the usual next step when a suspicious identity shows up.

mod cells;
mod sessions;

use super::chart::format::{count_of, thousands};
use super::chart::names::{short_operation, short_principal};
use super::shared_view::ViewPart;
use super::sort_header::{row_select, sort_header, sort_order, SortColumn};
pub(super) use cells::time_cell;
use cells::{errors_cell, listing_cell, mfa_text, principal_cell, Listing};
use sessions::sessions_table;
use std::collections::HashSet;
use trailscope_core::query::entity::Entity;
use trailscope_core::query::identities::IdentityRow;
use web_sys::KeyboardEvent;
use yew::prelude::*;

/// Rows shown before "Show all": the busiest fifty fill a screen or two, and every row drawn is
/// redrawn at each filter change.
const FIRST_ROWS: usize = 50;
/// Columns of a principal row, for the sessions row spanning them all.
const COLUMNS: usize = 13;

/// Props of [`IdentitiesTable`].
#[derive(Properties, PartialEq, Clone)]
pub struct IdentitiesTableProps {
    /// The principals, as the core ranks them (busiest first).
    pub rows: ViewPart<Vec<IdentityRow>>,
    /// Principals the filter is narrowed to, highlighted.
    pub selected: Vec<String>,
    /// A principal was chosen: the parent toggles it in the filter's principals.
    pub on_select: Callback<String>,
    /// A principal's name was followed: the parent opens its page.
    pub on_open: Callback<Entity>,
}

/// The columns a person can sort by.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum SortKey {
    Principal,
    Events,
    Errors,
    LastSeen,
}

impl SortColumn for SortKey {
    fn default_descending(self) -> bool {
        self != SortKey::Principal
    }
}

/// Row indices of `rows` in the order `key` (and `descending`) asks for, ties by principal.
fn sorted(rows: &[IdentityRow], key: SortKey, descending: bool) -> Vec<usize> {
    let by = |a: &IdentityRow, b: &IdentityRow| match key {
        SortKey::Principal => a.principal.cmp(&b.principal),
        SortKey::Events => a.events.cmp(&b.events),
        SortKey::Errors => a.errors.cmp(&b.errors),
        SortKey::LastSeen => a.last.cmp(&b.last),
    };
    sort_order(rows, descending, by, |a, b| a.principal.cmp(&b.principal))
}

/// The per-principal table with sortable columns, expandable sessions and row selection.
#[component]
pub fn IdentitiesTable(props: &IdentitiesTableProps) -> Html {
    let sort = use_state(|| (SortKey::Events, true));
    let expanded = use_state(HashSet::<String>::new);
    let listings = use_state(HashSet::<(String, Listing)>::new);
    let show_all = use_state(|| false);
    let (key, descending) = *sort;
    let order = sorted(&props.rows, key, descending);
    let shown = if *show_all {
        order.len()
    } else {
        order.len().min(FIRST_ROWS)
    };

    let header = |label, column, class| sort_header(label, column, class, &sort);

    // Rows are keyed by their index in `rows` so sorting, expanding and "Show all" move DOM rows
    // (and the keyboard focus in them) with their principal.
    let body = order.iter().take(shown).flat_map(|&i| {
        let row = &props.rows[i];
        let is_selected = props.selected.contains(&row.principal);
        let is_expanded = expanded.contains(&row.principal);
        let (onclick, onkeydown) = row_select(&props.on_select, &row.principal);
        let toggle = {
            let (expanded, principal) = (expanded.clone(), row.principal.clone());
            move |e: MouseEvent| {
                e.stop_propagation();
                let mut next = (*expanded).clone();
                if !next.remove(&principal) {
                    next.insert(principal.clone());
                }
                expanded.set(next);
            }
        };
        let disclosure = (!row.sessions.is_empty()).then(|| {
            // The count shown on the button is part of its name (WCAG 2.5.3, label in name).
            let label = format!(
                "{} {} sessions of {}",
                if is_expanded { "Hide" } else { "Show" },
                thousands(row.distinct_sessions),
                short_principal(&row.principal).0
            );
            html! {
                <button type="button" class="tsv-disclosure" aria-expanded={is_expanded.to_string()}
                    aria-label={label} onclick={toggle} onkeydown={|e: KeyboardEvent| e.stop_propagation()}>
                    <span aria-hidden="true">{ if is_expanded { "▾" } else { "▸" } }</span>
                    <span class="tsv-count">{ thousands(row.distinct_sessions) }</span>
                </button>
            }
        });
        let listing = |listing: Listing| {
            let key = (row.principal.clone(), listing);
            let open = listings.contains(&key);
            let listings = listings.clone();
            let on_toggle = Callback::from(move |e: MouseEvent| {
                e.stop_propagation();
                let mut next = (*listings).clone();
                if !next.remove(&key) {
                    next.insert(key.clone());
                }
                listings.set(next);
            });
            listing_cell(row, listing, open, on_toggle, &props.on_open)
        };
        let credentials = row.credentials.iter().map(|c| {
            let class = classes!("tsv-badge", (c == "root").then_some("tsv-badge-warn"));
            html! { <span class={class}>{ c.clone() }</span> }
        });
        let type_class = classes!((row.identity_type == "Root").then_some("tsv-warn-text"));
        let main = html! {
            <tr key={format!("r{i}")} class={classes!("tsv-row", is_selected.then_some("tsv-selected"))} tabindex="0"
                onclick={onclick} onkeydown={onkeydown}>
                <td class="tsv-expander">{ for disclosure }</td>
                { principal_cell(row, is_selected, &props.on_open) }
                <td class={type_class}>{ row.identity_type.clone() }</td>
                <td class="tsv-badges">{ for credentials }</td>
                <td class="tsv-mfa">{ mfa_text(row.mfa_events, row.events) }</td>
                { time_cell(row.first) }
                { time_cell(row.last) }
                <td class="tsv-num">{ thousands(row.events) }</td>
                { errors_cell(row.errors, row.events) }
                <td class="tsv-num">{ thousands(row.services) }</td>
                <td>
                    <ul class="tsv-compact">
                        { for row.top_operations.iter().map(|(op, n)| html! {
                            <li title={op.clone()}>
                                { short_operation(op) }<span class="tsv-muted">{ format!(" {}", thousands(*n)) }</span>
                            </li>
                        }) }
                    </ul>
                </td>
                { listing(Listing::Ips) }
                { listing(Listing::Keys) }
            </tr>
        };
        let sessions = is_expanded.then(|| {
            html! {
                <tr key={format!("s{i}")} class="tsv-sessions-row">
                    <td></td>
                    <td colspan={(COLUMNS - 1).to_string()}>{ sessions_table(row, &props.on_open) }</td>
                </tr>
            }
        });
        std::iter::once(main).chain(sessions)
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
        <section class="tsv-panel tsv-identities" aria-label="Identities">
            <h2 class="tsv-title">{ "Identities" }</h2>
            if props.rows.is_empty() {
                <p class="tsv-empty">{ "No identities match the filter." }</p>
            } else {
                <div class="tsv-table-scroll">
                    <table class="tsv-table">
                        <caption class="tsv-caption">
                            { format!("{}; choose a row to filter every view to it.", count_of(props.rows.len() as u64, "principal")) }
                        </caption>
                        <thead>
                            <tr>
                                <th scope="col"><span class="tsv-visually-hidden">{ "Sessions" }</span></th>
                                { header("Principal", SortKey::Principal, "") }
                                <th scope="col">{ "Type" }</th>
                                <th scope="col">{ "Credentials" }</th>
                                <th scope="col">{ "MFA" }</th>
                                <th scope="col">{ "First seen (UTC)" }</th>
                                { header("Last seen (UTC)", SortKey::LastSeen, "") }
                                { header("Events", SortKey::Events, "tsv-num") }
                                { header("Errors", SortKey::Errors, "tsv-num") }
                                <th scope="col" class="tsv-num">{ "Services" }</th>
                                <th scope="col">{ "Top operations" }</th>
                                <th scope="col">{ "Source IPs" }</th>
                                <th scope="col">{ "Access keys" }</th>
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

    fn row(principal: &str, events: u64, errors: u64, last: Option<i64>) -> IdentityRow {
        IdentityRow {
            principal: principal.into(),
            identity_type: "IAMUser".into(),
            credentials: Vec::new(),
            mfa_events: 0,
            first: last,
            last,
            events,
            errors,
            services: 1,
            top_operations: Vec::new(),
            source_ips: Vec::new(),
            distinct_ips: 0,
            access_keys: Vec::new(),
            sessions: Vec::new(),
            distinct_sessions: 0,
        }
    }

    #[test]
    fn sorts_by_each_column_with_ties_by_principal() {
        let rows = vec![row("b", 10, 0, Some(5)), row("a", 10, 3, None), row("c", 2, 1, Some(9))];
        assert_eq!(sorted(&rows, SortKey::Events, true), vec![1, 0, 2]);
        assert_eq!(sorted(&rows, SortKey::Events, false), vec![2, 1, 0]);
        assert_eq!(sorted(&rows, SortKey::Errors, true), vec![1, 2, 0]);
        assert_eq!(sorted(&rows, SortKey::LastSeen, true), vec![2, 0, 1]);
        assert_eq!(sorted(&rows, SortKey::Principal, false), vec![1, 0, 2]);
        assert!(!SortKey::Principal.default_descending() && SortKey::Events.default_descending());
    }
}
