//! The dashboards, one per tab beside the events: the overview (with the log-file integrity when
//! digests were loaded), findings, timeline, identities, resources, services and jobs, each under
//! the same filter as the event table. Choosing a finding, a principal or a resource in one shows
//! its events (see `app::filter_edits`).

use crate::app::filter_edits::FilterEdits;
use crate::app::state::Tab;
use crate::components::chart_export::ChartExport;
use crate::components::findings_panel::FindingsPanel;
use crate::components::integrity_panel::IntegrityPanel;
use crate::components::jobs_panel::JobsPanel;
use crate::components::overview::Overview;
use crate::components::query_at_scale::QueryAtScale;
use crate::components::views::{IdentitiesTable, ResourcesTable, ServicesChart, SharedView, TimelineChart};
use crate::protocol::{SqlAnswer, SqlAsk};
use std::rc::Rc;
use trailscope_core::integrity::IntegrityReport;
use trailscope_core::query::entity::Entity;
use trailscope_core::query::identities::IdentityRow;
use trailscope_core::query::resources::TouchedResource;
use trailscope_core::query::timeline::Stack;
use trailscope_core::query::view::ViewRequest;
use yew::prelude::*;

/// What the identities and resources tables draw from a view that did not ask for them: never
/// shown, as the tab says it is counting them instead.
static NO_IDENTITIES: Vec<IdentityRow> = Vec::new();
static NO_RESOURCES: Vec<TouchedResource> = Vec::new();

/// What a tab shows while the views that ask for its table are being computed.
fn counting(what: &str) -> Html {
    html! { <p class="muted" role="status" data-testid="table-counting">{ format!("Counting {what}…") }</p> }
}

/// What a dashboard shows and reports.
#[derive(Properties, PartialEq)]
pub struct DashboardProps {
    /// Which one (any tab but the events).
    pub tab: Tab,
    /// The views of the filter.
    pub view: SharedView,
    /// The filter and options they were computed for.
    pub request: ViewRequest,
    /// The edits of the filter.
    pub edits: FilterEdits,
    /// A new timeline stacking.
    pub on_stack: Callback<Stack>,
    /// The store's integrity report, when it holds digests.
    pub integrity: Option<Rc<IntegrityReport>>,
    /// Tells the user something (a chart that could not be saved).
    pub on_notice: Callback<String>,
    /// Opens an entity's page.
    pub on_open: Callback<Entity>,
    /// The store's generation.
    pub generation: Option<u32>,
    /// The last SQL asked for, with the worker's answer.
    pub sql: Option<Rc<(SqlAsk, Result<SqlAnswer, String>)>>,
    /// Asks the worker for SQL.
    pub on_sql: Callback<SqlAsk>,
}

/// The dashboard of the tab shown.
#[function_component]
pub fn Dashboard(props: &DashboardProps) -> Html {
    let (view, edits, filter) = (&props.view, &props.edits, &props.request.filter);
    let chart = use_node_ref();
    match props.tab {
        Tab::Events | Tab::Overview => html! {
            <>
                <section class="panel overview" aria-labelledby="overview-title">
                    <h2 id="overview-title">{"Overview"}</h2>
                    <Overview overview={view.0.overview.clone()} />
                </section>
                if let Some(report) = &props.integrity {
                    <IntegrityPanel report={report.clone()} />
                }
            </>
        },
        Tab::Findings => html! {
            <FindingsPanel findings={view.part(|v| &v.findings)} selected={filter.finding.clone()}
                on_select={edits.finding.clone()} on_open={props.on_open.clone()} />
        },
        Tab::Timeline => html! {
            <div class="slot timeline" ref={chart.clone()}>
                <TimelineChart
                    timeline={view.part(|v| &v.timeline)}
                    stack={props.request.stack}
                    on_stack={props.on_stack.clone()}
                    on_brush={edits.zoom.clone()}
                    on_reset={edits.unzoom.clone()}
                    zoomed={filter.from.is_some() || filter.to.is_some()}
                    insights={view.part(|v| &v.insights)}
                    insights_total={view.0.insights_total}
                />
                <ChartExport target={chart} name="trailscope-timeline" label="timeline"
                    on_notice={props.on_notice.clone()} />
            </div>
        },
        Tab::Identities if view.0.identities.is_none() => counting("identities"),
        Tab::Resources if view.0.resources.is_none() => counting("resources"),
        Tab::Identities => html! {
            <IdentitiesTable rows={view.part(|v| v.identities.as_ref().unwrap_or(&NO_IDENTITIES))}
                selected={filter.principals.clone()} on_select={edits.principal.clone()} on_open={props.on_open.clone()} />
        },
        Tab::Resources => html! {
            <ResourcesTable rows={view.part(|v| v.resources.as_ref().unwrap_or(&NO_RESOURCES))} selected={filter.resources.clone()}
                on_select={edits.resource.clone()} on_open={props.on_open.clone()} />
        },
        Tab::Services => html! {
            <div class="slot services" ref={chart.clone()}>
                <ServicesChart services={view.part(|v| &v.services)} on_operation={edits.operation.clone()}
                    on_service={edits.source.clone()} />
                <ChartExport target={chart} name="trailscope-operations" label="operations"
                    on_notice={props.on_notice.clone()} />
            </div>
        },
        Tab::Jobs => html! { <JobsPanel jobs={view.part(|v| &v.lifecycles)} total={view.0.lifecycles_total} /> },
        Tab::Sql => html! {
            <QueryAtScale filter={filter.clone()} generation={props.generation} sql={props.sql.clone()}
                on_ask={props.on_sql.clone()} on_notice={props.on_notice.clone()} />
        },
    }
}
