//! The loaded data under the current filter: overview, filter chips, timeline, identities,
//! resources, services, and the event table with the selected event. Clicks in the views become edits of the
//! filter (see `app::filter_edits`), which the app turns into new views.

use crate::app::filter_edits::FilterEdits;
use crate::app::state::{Detail, TableCache};
use crate::browser::next_task::yield_to_browser;
use crate::components::chart_export::ChartExport;
use crate::components::event_detail::EventDetail;
use crate::components::event_export::EventExport;
use crate::components::event_table::EventTable;
use crate::components::findings_panel::FindingsPanel;
use crate::components::integrity_panel::IntegrityPanel;
use crate::components::jobs_panel::JobsPanel;
use crate::components::overview::Overview;
use crate::components::views::{FilterBar, IdentitiesTable, ResourcesTable, ServicesChart, SharedView, TimelineChart};
use crate::protocol::{ExportFormat, Exported};
use std::rc::Rc;
use trailscope_core::integrity::IntegrityReport;
use trailscope_core::query::entity::Entity;
use trailscope_core::query::timeline::Stack;
use trailscope_core::query::view::ViewRequest;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// What the views show and report.
#[derive(Properties, PartialEq)]
pub struct AnalysisProps {
    /// The views for `request`.
    pub view: SharedView,
    /// The filter and options they were computed for.
    pub request: ViewRequest,
    /// The event table's pages.
    pub table: Rc<TableCache>,
    /// The selected event.
    pub selected: Option<(u32, Detail)>,
    /// The edits of the filter, by the filter bar and the views' clicks.
    pub edits: FilterEdits,
    /// A new timeline stacking.
    pub on_stack: Callback<Stack>,
    /// Pages the event table needs.
    pub on_need_pages: Callback<Vec<u64>>,
    /// An event selected, or the selection closed.
    pub on_select: Callback<Option<u32>>,
    /// The store's integrity report, when it holds digests.
    pub integrity: Option<Rc<IntegrityReport>>,
    /// The export under way.
    pub exporting: Option<ExportFormat>,
    /// How the last export ended.
    pub last_export: Option<Exported>,
    /// Exports the filtered events.
    pub on_export: Callback<ExportFormat>,
    /// Tells the user something went wrong (a chart that could not be saved).
    pub on_notice: Callback<String>,
    /// Opens an entity's page (a principal, session, IP or resource followed in a view).
    pub on_open: Callback<Entity>,
}

/// The views of the page once data is loaded. The views render their own labelled panels;
/// their `slot` wrappers only place them in the grid. Each gets its own part of the view and
/// callbacks that never change, so a filter change redraws the filter bar at once and every
/// other view only when its new part arrives.
#[function_component]
pub fn Analysis(props: &AnalysisProps) -> Html {
    let view = &props.view;
    let filter = &props.request.filter;
    let edits = &props.edits;
    // The first drawing (after a load) is cut into four tasks, each under the 50 ms the page
    // may block at 1M events: the overview, findings, filter and events first, then the
    // timeline, the identities and resources, and the services and jobs. Later redraws are whole.
    let stage = use_state(|| 0u8);
    {
        let stage = stage.clone();
        use_effect_with(*stage, move |&drawn| {
            if drawn < 3 {
                spawn_local(async move {
                    yield_to_browser().await;
                    stage.set(drawn + 1);
                });
            }
        });
    }
    let selected_row = props.selected.as_ref().map(|(row, _)| *row);
    let selected_event = selected_row.and_then(|row| {
        let mut held = props.table.pages.values().flat_map(|page| page.iter());
        held.find(|r| r.row == row).cloned()
    });
    let timeline_ref = use_node_ref();
    let services_ref = use_node_ref();
    html! {
        <div class="views">
            <section class="panel overview" aria-labelledby="overview-title">
                <h2 id="overview-title">{"Overview"}</h2>
                <Overview overview={view.0.overview.clone()} />
            </section>
            if let Some(report) = &props.integrity {
                <IntegrityPanel report={report.clone()} />
            }
            <FindingsPanel findings={view.part(|v| &v.findings)} selected={filter.finding.clone()}
                on_select={edits.finding.clone()} on_open={props.on_open.clone()} />
            <div class="slot filters">
                <FilterBar filter={filter.clone()} facets={view.part(|v| &v.facets)} on_edit={edits.edit.clone()} />
            </div>
            if *stage >= 1 {
                <div class="slot timeline" ref={timeline_ref.clone()}>
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
                    <ChartExport target={timeline_ref} name="trailscope-timeline" label="timeline"
                        on_notice={props.on_notice.clone()} />
                </div>
            }
            if *stage >= 2 {
                <div class="slot identities">
                    <IdentitiesTable
                        rows={view.part(|v| &v.identities)}
                        selected={filter.principals.clone()}
                        on_select={edits.principal.clone()}
                        on_open={props.on_open.clone()}
                    />
                </div>
                <div class="slot resources">
                    <ResourcesTable
                        rows={view.part(|v| &v.resources)}
                        selected={filter.resources.clone()}
                        on_select={edits.resource.clone()}
                        on_open={props.on_open.clone()}
                    />
                </div>
            }
            if *stage >= 3 {
                <div class="slot services" ref={services_ref.clone()}>
                    <ServicesChart
                        services={view.part(|v| &v.services)}
                        on_operation={edits.operation.clone()}
                        on_service={edits.source.clone()}
                    />
                    <ChartExport target={services_ref} name="trailscope-operations" label="operations"
                        on_notice={props.on_notice.clone()} />
                </div>
                <JobsPanel jobs={view.part(|v| &v.lifecycles)} total={view.0.lifecycles_total} />
            }
            <section class="panel events" aria-labelledby="events-title">
                <div class="events-head">
                    <h2 id="events-title">{"Events"}</h2>
                    <EventExport events={view.0.overview.events} exporting={props.exporting.clone()}
                        last={props.last_export.clone()} on_export={props.on_export.clone()} />
                </div>
                <div class="events-split">
                    <EventTable
                        table={props.table.clone()}
                        selected={selected_row}
                        on_need={props.on_need_pages.clone()}
                        on_select={props.on_select.clone()}
                    />
                    <EventDetail selected={props.selected.clone()} row={selected_event}
                        on_open={props.on_open.clone()} on_close={props.on_select.reform(|()| None)} />
                </div>
            </section>
        </div>
    }
}
