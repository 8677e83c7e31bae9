//! One entity's page, in place of the analysis: where a key's or a session's credentials came
//! from, its events over time, what it did (operations, outcomes, resources, its latest changes),
//! with what and from where (principals, sessions, keys, IPs, user agents), when, and the findings
//! its events are part of. Every other entity listed links to its own page, so an investigation
//! goes from one to the next and Back retraces it.

use crate::app::format::{thousands, time};
use crate::components::credentials;
use crate::components::findings_panel::severity_class;
use crate::components::views::chart::names::{session_name, short_operation, short_principal};
use crate::components::views::{outcome_figure, short_name, EntityLink};
use std::rc::Rc;
use trailscope_core::query::entity::page::{Change, EntityFinding, EntityPage, Ranked};
use trailscope_core::query::entity::Entity;
use trailscope_core::resources::name_of;
use yew::prelude::*;

/// Props of [`EntityPageView`].
#[derive(Properties, PartialEq)]
pub struct EntityPageViewProps {
    /// Whose page is open.
    pub entity: Entity,
    /// Its page, once the worker has answered.
    pub page: Option<Rc<EntityPage>>,
    /// Opens another entity's page, or (`None`) returns to the analysis.
    pub on_open: Callback<Option<Entity>>,
}

/// One ranked list under its heading, each value a link when `link` makes it an entity.
fn ranked_list(
    title: &'static str,
    ranked: &Ranked,
    link: Option<fn(String) -> Entity>,
    label: fn(&str) -> String,
    on_open: &Callback<Entity>,
) -> Html {
    let more = ranked.distinct.saturating_sub(ranked.top.len() as u64);
    let item = |(value, n): &(String, u64)| {
        let shown = match link {
            Some(kind) => {
                html! { <EntityLink entity={kind(value.clone())} label={label(value)} on_open={on_open.clone()} /> }
            }
            None => html! { <span title={value.clone()}>{ label(value) }</span> },
        };
        html! { <li>{ shown }<span class="tsv-muted">{ format!(" {}", thousands(*n)) }</span></li> }
    };
    html! {
        <section class="tsv-entity-list" aria-label={title}>
            <h4>{ title }</h4>
            if ranked.top.is_empty() {
                <p class="tsv-muted">{ "None." }</p>
            } else {
                <ul class="tsv-compact">{ for ranked.top.iter().map(item) }</ul>
            }
            if more > 0 {
                <p class="tsv-muted">{ format!("+{} more", thousands(more)) }</p>
            }
        </section>
    }
}

/// Its latest writes, newest first: who changed (or deleted) it, and whether it went through.
fn changes_table(changes: &[Change], on_open: &Callback<Entity>) -> Html {
    if changes.is_empty() {
        return html! { <p class="tsv-muted">{ "No writes among its events." }</p> };
    }
    let row = |change: &Change| {
        let principal = Entity::Principal(change.principal.clone());
        html! {
            <tr>
                <td class="tsv-time">{ time(change.time) }</td>
                <td>{ short_operation(&change.operation) }</td>
                <td><EntityLink entity={principal} label={short_principal(&change.principal).0} on_open={on_open.clone()} /></td>
                if change.error.is_empty() {
                    <td>{ "succeeded" }</td>
                } else {
                    <td class="tsv-error-text">{ change.error.clone() }</td>
                }
            </tr>
        }
    };
    html! {
        <div class="tsv-table-scroll">
            <table class="tsv-table">
                <caption class="tsv-caption">{ "Its latest writes, newest first." }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Time" }</th>
                        <th scope="col">{ "Operation" }</th>
                        <th scope="col">{ "Principal" }</th>
                        <th scope="col">{ "Outcome" }</th>
                    </tr>
                </thead>
                <tbody>{ for changes.iter().map(row) }</tbody>
            </table>
        </div>
    }
}

fn finding_item(finding: &EntityFinding) -> Html {
    html! {
        <li data-rule={finding.rule.clone()}>
            <span class={severity_class(finding.severity)}>{ finding.severity.label() }</span>
            { " " }{ finding.title.clone() }
            <span class="tsv-muted">{ format!(" ({} of its events)", thousands(finding.events)) }</span>
        </li>
    }
}

/// The page's body once it has arrived.
fn body(page: &EntityPage, on_open: &Callback<Entity>) -> Html {
    let plain = |v: &str| v.to_string();
    let successes = page.events - page.errors;
    html! {
        <>
            <dl class="tsv-entity-facts">
                <div><dt>{ "Events" }</dt><dd>{ thousands(page.events) }</dd></div>
                <div><dt>{ "Succeeded" }</dt><dd>{ thousands(successes) }</dd></div>
                <div><dt>{ "Failed" }</dt><dd>{ thousands(page.errors) }</dd></div>
                <div><dt>{ "First seen" }</dt><dd>{ time(page.first) }</dd></div>
                <div><dt>{ "Last seen" }</dt><dd>{ time(page.last) }</dd></div>
            </dl>
            if let Some(trace) = &page.credentials {
                { credentials::sections(trace, &page.entity, on_open) }
            }
            <section class="tsv-entity-section" aria-labelledby="entity-time">
                <h3 id="entity-time">{ "Events over time" }</h3>
                { outcome_figure(&page.timeline) }
            </section>
            <section class="tsv-entity-section tsv-entity-did" aria-labelledby="entity-did">
                <h3 id="entity-did">{ "What it did" }</h3>
                <div class="tsv-entity-lists">
                    { ranked_list("Operations", &page.operations, None, short_operation, on_open) }
                    { ranked_list("Error codes", &page.error_codes, None, plain, on_open) }
                    { ranked_list("Resources", &page.resources, Some(Entity::Resource), |v| name_of(v).to_string(), on_open) }
                </div>
            </section>
            <section class="tsv-entity-section tsv-entity-changes" aria-labelledby="entity-changes">
                <h3 id="entity-changes">{ "Latest changes" }</h3>
                { changes_table(&page.changes, on_open) }
            </section>
            <section class="tsv-entity-section tsv-entity-with" aria-labelledby="entity-with">
                <h3 id="entity-with">{ "With what and from where" }</h3>
                <div class="tsv-entity-lists">
                    { ranked_list("Principals", &page.principals, Some(Entity::Principal), |v| short_principal(v).0, on_open) }
                    { ranked_list("Role sessions", &page.sessions, Some(Entity::Session), |v| session_name(v).to_string(), on_open) }
                    { ranked_list("Access keys", &page.access_keys, Some(Entity::AccessKey), plain, on_open) }
                    { ranked_list("Source IPs", &page.ips, Some(Entity::Ip), plain, on_open) }
                    { ranked_list("User agents", &page.user_agents, None, plain, on_open) }
                </div>
            </section>
            <section class="tsv-entity-section tsv-entity-findings" aria-labelledby="entity-findings">
                <h3 id="entity-findings">{ "Findings" }</h3>
                if page.findings.is_empty() {
                    <p class="tsv-muted">{ "None of its events is part of a finding." }</p>
                } else {
                    <ul class="tsv-compact">{ for page.findings.iter().map(finding_item) }</ul>
                }
            </section>
        </>
    }
}

/// The page of one entity, with a way back to the analysis.
#[component]
pub fn EntityPageView(props: &EntityPageViewProps) -> Html {
    let title_ref = use_node_ref();
    {
        // A new page takes the keyboard focus to its title, as a page load would.
        let title_ref = title_ref.clone();
        use_effect_with(props.entity.clone(), move |_| {
            if let Some(title) = title_ref.cast::<web_sys::HtmlElement>() {
                let _ = title.focus();
            }
        });
    }
    let entity = &props.entity;
    let open = props.on_open.reform(Some);
    let close = props.on_open.reform(|_: MouseEvent| None);
    html! {
        <section class="panel tsv-entity-page" aria-labelledby="entity-title" data-entity={entity.word()}>
            <button type="button" class="tsv-button tsv-entity-close" onclick={close}>{ "← Back to the analysis" }</button>
            <p class="tsv-entity-kind">{ entity.label() }</p>
            <h2 id="entity-title" class="tsv-entity-title" tabindex="-1" ref={title_ref}>{ short_name(entity) }</h2>
            <p class="tsv-entity-value tsv-mono">{ entity.value().to_string() }</p>
            <p class="tsv-entity-note tsv-muted">
                { format!("Every loaded event of this {}, whatever the analysis is filtered to.", entity.label().to_lowercase()) }
            </p>
            if let Some(page) = props.page.as_ref().filter(|p| p.entity == *entity) {
                { body(page, &open) }
            } else {
                <p class="tsv-entity-loading" role="status">{ "Reading its events…" }</p>
            }
        </section>
    }
}
