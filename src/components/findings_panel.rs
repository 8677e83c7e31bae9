//! The findings: each security rule that fired on the loaded events, most severe first. Picking
//! one narrows every view to its events (the `finding` part of the filter); picking it again
//! lets go. Each names its busiest principal, a link to that principal's page.

use crate::app::format::thousands;
use crate::components::views::chart::names::short_principal;
use crate::components::views::entity_link::EntityLink;
use crate::components::views::ViewPart;
use trailscope_core::findings::{Finding, Severity};
use trailscope_core::query::entity::Entity;
use yew::prelude::*;

/// The findings and the one picked.
#[derive(Properties, PartialEq)]
pub struct FindingsPanelProps {
    /// Every rule that fired, most severe first.
    pub findings: ViewPart<Vec<Finding>>,
    /// The rule id the filter is narrowed to.
    pub selected: Option<String>,
    /// A rule picked (`None`: let go).
    pub on_select: Callback<Option<String>>,
    /// Opens an entity's page (a finding's busiest principal).
    pub on_open: Callback<Entity>,
}

/// The classes that colour a severity's label, here and on entity pages.
pub fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "sev sev-critical",
        Severity::High => "sev sev-high",
        Severity::Medium => "sev sev-medium",
        Severity::Low => "sev sev-low",
    }
}

/// The Findings panel.
#[function_component]
pub fn FindingsPanel(props: &FindingsPanelProps) -> Html {
    let item = |finding: &Finding| {
        let picked = props.selected.as_deref() == Some(finding.rule.as_str());
        let onclick = {
            let (rule, on_select) = (finding.rule.clone(), props.on_select.clone());
            Callback::from(move |_: MouseEvent| on_select.emit((!picked).then(|| rule.clone())))
        };
        html! {
            <li class={classes!("finding", picked.then_some("picked"))} data-testid="finding" data-rule={finding.rule.clone()}>
                <button type="button" class="finding-pick" aria-pressed={picked.to_string()} {onclick}
                    title={if picked { "Show every event again" } else { "Show only this finding's events" }}>
                    <span class={severity_class(finding.severity)}>{ finding.severity.label() }</span>
                    <span class="finding-title">{ finding.title.clone() }</span>
                    <span class="finding-count" data-testid="finding-events">{ thousands(finding.events) }</span>
                </button>
                <p class="finding-detail">{ finding.detail.clone() }</p>
                if !finding.principal.is_empty() {
                    <p class="finding-who">{ "Busiest principal: " }
                        <EntityLink entity={Entity::Principal(finding.principal.clone())}
                            label={short_principal(&finding.principal).0} on_open={props.on_open.clone()} />
                    </p>
                }
                <p class="finding-why">{ finding.description.clone() }
                    <span class="finding-technique" data-testid="finding-technique">{ format!(" ATT&CK {}", finding.technique) }</span>
                </p>
            </li>
        }
    };
    let body = if props.findings.is_empty() {
        html! { <p class="muted">{"No rule fired on the loaded events."}</p> }
    } else {
        html! { <ul class="findings-list">{ for props.findings.iter().map(item) }</ul> }
    };
    html! {
        <section class="panel findings" aria-labelledby="findings-title" data-testid="findings">
            <h2 id="findings-title">{ format!("Findings ({})", props.findings.len()) }</h2>
            { body }
        </section>
    }
}
