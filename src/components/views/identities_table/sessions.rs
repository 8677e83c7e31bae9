//! A principal's role sessions (or Identity Center users), told apart by name and by the access
//! keys their events used.

use super::super::chart::format::thousands;
use super::super::chart::names::{session_name, short_principal};
use super::super::entity_link::EntityLink;
use super::cells::{errors_cell, time_cell};
use trailscope_core::query::entity::Entity;
use trailscope_core::query::identities::{IdentityRow, SessionRow};
use yew::prelude::*;

/// The sessions of `row`, busiest first, each with its keys.
pub(super) fn sessions_table(row: &IdentityRow, on_open: &Callback<Entity>) -> Html {
    let more = row.distinct_sessions.saturating_sub(row.sessions.len() as u64);
    let session = |s: &SessionRow| {
        let keys = s.access_keys.iter().map(|key| {
            html! {
                <li class="tsv-mono">
                    <EntityLink entity={Entity::AccessKey(key.clone())} label={key.clone()} on_open={on_open.clone()} />
                </li>
            }
        });
        html! {
            <tr>
                <td title={s.session.clone()}>
                    <EntityLink entity={Entity::Session(s.session.clone())} label={session_name(&s.session).to_string()}
                        on_open={on_open.clone()} />
                </td>
                <td>
                    if s.access_keys.is_empty() {
                        <span class="tsv-muted">{ "—" }</span>
                    } else {
                        <ul class="tsv-compact">{ for keys }</ul>
                    }
                </td>
                <td class="tsv-num">{ thousands(s.events) }</td>
                { errors_cell(s.errors, s.events) }
                { time_cell(s.first) }
                { time_cell(s.last) }
            </tr>
        }
    };
    html! {
        <table class="tsv-sessions">
            <caption>{ format!("Sessions of {}", short_principal(&row.principal).0) }</caption>
            <thead>
                <tr>
                    <th scope="col">{ "Session" }</th>
                    <th scope="col">{ "Access keys" }</th>
                    <th scope="col">{ "Events" }</th>
                    <th scope="col">{ "Errors" }</th>
                    <th scope="col">{ "First seen (UTC)" }</th>
                    <th scope="col">{ "Last seen (UTC)" }</th>
                </tr>
            </thead>
            <tbody>{ for row.sessions.iter().map(session) }</tbody>
            if more > 0 {
                <tfoot><tr><td colspan="6" class="tsv-muted">{ format!("+{} more sessions", thousands(more)) }</td></tr></tfoot>
            }
        </table>
    }
}
