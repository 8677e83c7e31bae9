//! The cells of a principal's row: times, errors and MFA as shares, the principal's name, and
//! the source IPs and access keys, the busiest shown and every one a disclosure away (a rare IP
//! is often the one that matters, so none is left to a tooltip).

use super::super::chart::format::{percent, thousands};
use super::super::chart::names::short_principal;
use super::super::entity_link::EntityLink;
use trailscope_core::query::entity::Entity;
use trailscope_core::query::identities::{IdentityRow, MAX_LISTED};
use web_sys::KeyboardEvent;
use yew::prelude::*;

/// A time in UTC, or "undated" for a row without one.
pub(in super::super) fn time_cell(ms: Option<i64>) -> Html {
    match ms {
        Some(ms) => html! { <td class="tsv-time">{ super::super::chart::format::utc_plain(ms) }</td> },
        None => html! { <td class="tsv-muted">{ "undated" }</td> },
    }
}

/// Errors with their share of the events.
pub(super) fn errors_cell(errors: u64, events: u64) -> Html {
    if errors == 0 {
        return html! { <td class="tsv-num">{ "0" }</td> };
    }
    html! {
        <td class="tsv-num tsv-error-text">
            { thousands(errors) }<span class="tsv-share">{ format!(" ({})", percent(errors, events)) }</span>
        </td>
    }
}

/// How many of a principal's calls were made with MFA: "none", "all", or "12 of 40 (30%)".
pub(super) fn mfa_text(mfa_events: u64, events: u64) -> String {
    match mfa_events {
        0 => "none".into(),
        n if n >= events => "all".into(),
        n => format!("{} of {} ({})", thousands(n), thousands(events), percent(n, events)),
    }
}

/// The principal's short name, a link to its page, with its account under it.
pub(super) fn principal_cell(row: &IdentityRow, selected: bool, on_open: &Callback<Entity>) -> Html {
    let (short, account) = short_principal(&row.principal);
    html! {
        <td class="tsv-principal">
            <span class="tsv-principal-name" title={row.principal.clone()}>
                <EntityLink entity={Entity::Principal(row.principal.clone())} label={short} on_open={on_open.clone()} />
            </span>
            if let Some(account) = account {
                <span class="tsv-account">{ account }</span>
            }
            if selected {
                <span class="tsv-visually-hidden">{ " (selected)" }</span>
            }
        </td>
    }
}

/// What a row lists in full on request.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(super) enum Listing {
    /// Its source IPs.
    Ips,
    /// Its access keys.
    Keys,
}

impl Listing {
    /// The row's values with their counts (busiest first) and how many there are in all.
    fn of(self, row: &IdentityRow) -> (&[(String, u64)], u64) {
        match self {
            Listing::Ips => (&row.source_ips, row.distinct_ips),
            Listing::Keys => (&row.access_keys, row.access_keys.len() as u64),
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Listing::Ips => "source IPs",
            Listing::Keys => "access keys",
        }
    }

    fn entity(self, value: &str) -> Entity {
        match self {
            Listing::Ips => Entity::Ip(value.to_string()),
            Listing::Keys => Entity::AccessKey(value.to_string()),
        }
    }
}

/// One value with its count, a link to its page.
fn value_item(listing: Listing, value: &str, count: u64, on_open: &Callback<Entity>) -> Html {
    html! {
        <>
            <span class="tsv-mono">
                <EntityLink entity={listing.entity(value)} label={value.to_string()} on_open={on_open.clone()} />
            </span>
            <span class="tsv-muted">{ format!(" ({})", thousands(count)) }</span>
        </>
    }
}

/// The busiest of a row's IPs (or keys) and, when it has more, a button showing every one with
/// its count, each a link to its page. The list is drawn only while open: a principal may have a
/// thousand IPs, and the table is redrawn at each filter change.
pub(super) fn listing_cell(
    row: &IdentityRow,
    listing: Listing,
    open: bool,
    on_toggle: Callback<MouseEvent>,
    on_open: &Callback<Entity>,
) -> Html {
    let (values, distinct) = listing.of(row);
    let Some((top, count)) = values.first() else {
        return html! { <td class="tsv-muted">{ "—" }</td> };
    };
    let listed = values.len() as u64;
    // The count on the button is part of its name (WCAG 2.5.3, label in name).
    let label = format!(
        "{} all {} {} of {}",
        if open { "Hide" } else { "Show" },
        thousands(distinct),
        listing.noun(),
        short_principal(&row.principal).0
    );
    let stop_keys = |e: KeyboardEvent| e.stop_propagation();
    html! {
        <td class="tsv-listing">
            { value_item(listing, top, *count, on_open) }
            if distinct > 1 {
                <button type="button" class="tsv-disclosure tsv-list-toggle" aria-expanded={open.to_string()}
                    aria-label={label} onclick={on_toggle} onkeydown={stop_keys}>
                    <span aria-hidden="true">{ if open { "▾ " } else { "▸ " } }</span>
                    { format!("all {}", thousands(distinct)) }
                </button>
            }
            if open && distinct > 1 {
                <ul class="tsv-compact tsv-full-list" aria-label={format!("Every {}", listing.noun())}
                    onclick={|e: MouseEvent| e.stop_propagation()} onkeydown={stop_keys}>
                    { for values.iter().map(|(value, n)| html! { <li>{ value_item(listing, value, *n, on_open) }</li> }) }
                    if listed as usize >= MAX_LISTED || distinct > listed {
                        <li class="tsv-muted">{ format!("the busiest {} are listed", thousands(listed)) }</li>
                    }
                </ul>
            }
        </td>
    }
}
