//! The loaded data under the current filter: overview, filter chips, timeline, identities,
//! services, and the event table with the selected event. Clicks in the views become a new
//! filter (see `app::filter_edits`), which the app turns into new views.

use crate::app::filter_edits::{toggle_operation, toggle_principal, toggle_source, unzoom, zoom};
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
use crate::components::views::{FilterBar, IdentitiesTable, ServicesChart, TimelineChart};
use crate::protocol::{ExportFormat, Exported};
use std::rc::Rc;
use trailscope_core::integrity::IntegrityReport;
use trailscope_core::query::filter::Filter;
use trailscope_core::query::timeline::Stack;
use trailscope_core::query::view::{View, ViewRequest};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// A view as the page passes it down: compared by identity. Each answer from the worker is a new
/// value, so identity says whether it changed, while comparing a view with itself field by field
/// (every bucket, identity, service and job) took milliseconds on each render of the page.
#[derive(Clone)]
pub struct SharedView(pub Rc<View>);

impl PartialEq for SharedView {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

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
    /// A new filter.
    pub on_filter: Callback<Filter>,
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
}

/// The views of the page once data is loaded. The views render their own labelled panels;
/// their `slot` wrappers only place them in the grid.
#[function_component]
pub fn Analysis(props: &AnalysisProps) -> Html {
    let view = &props.view.0;
    let filter = &props.request.filter;
    let edit = |change: fn(&Filter, String) -> Filter| {
        let (filter, on_filter) = (filter.clone(), props.on_filter.clone());
        Callback::from(move |value: String| on_filter.emit(change(&filter, value)))
    };
    let on_brush = {
        let (filter, on_filter) = (filter.clone(), props.on_filter.clone());
        Callback::from(move |range: (i64, i64)| on_filter.emit(zoom(&filter, range)))
    };
    let on_reset = {
        let (filter, on_filter) = (filter.clone(), props.on_filter.clone());
        Callback::from(move |()| on_filter.emit(unzoom(&filter)))
    };
    let on_finding = {
        let (filter, on_filter) = (filter.clone(), props.on_filter.clone());
        Callback::from(move |finding: Option<String>| {
            on_filter.emit(Filter {
                finding,
                ..filter.clone()
            })
        })
    };
    // The first drawing (after a load) is cut into four tasks, each under the 50 ms the page
    // may block at 1M events: the overview, findings, filter and events first, then the
    // timeline, the identities, and the services and jobs. Later redraws are whole.
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
    let timeline_ref = use_node_ref();
    let services_ref = use_node_ref();
    html! {
        <div class="views">
            <section class="panel overview" aria-labelledby="overview-title">
                <h2 id="overview-title">{"Overview"}</h2>
                <Overview overview={view.overview.clone()} />
            </section>
            if let Some(report) = &props.integrity {
                <IntegrityPanel report={report.clone()} />
            }
            <FindingsPanel findings={view.findings.clone()} selected={filter.finding.clone()} on_select={on_finding} />
            <div class="slot filters">
                <FilterBar filter={filter.clone()} facets={view.facets.clone()} on_change={props.on_filter.clone()} />
            </div>
            if *stage >= 1 {
                <div class="slot timeline" ref={timeline_ref.clone()}>
                    <TimelineChart
                        timeline={view.timeline.clone()}
                        stack={props.request.stack}
                        on_stack={props.on_stack.clone()}
                        on_brush={on_brush}
                        on_reset={on_reset}
                        zoomed={filter.from.is_some() || filter.to.is_some()}
                        insights={view.insights.clone()}
                        insights_total={view.insights_total}
                    />
                    <ChartExport target={timeline_ref} name="trailscope-timeline" label="timeline"
                        on_notice={props.on_notice.clone()} />
                </div>
            }
            if *stage >= 2 {
                <div class="slot identities">
                    <IdentitiesTable
                        rows={view.identities.clone()}
                        selected={filter.principals.clone()}
                        on_select={edit(toggle_principal)}
                    />
                </div>
            }
            if *stage >= 3 {
                <div class="slot services" ref={services_ref.clone()}>
                    <ServicesChart
                        services={view.services.clone()}
                        on_operation={edit(toggle_operation)}
                        on_service={edit(toggle_source)}
                    />
                    <ChartExport target={services_ref} name="trailscope-operations" label="operations"
                        on_notice={props.on_notice.clone()} />
                </div>
                <JobsPanel jobs={view.lifecycles.clone()} total={view.lifecycles_total} />
            }
            <section class="panel events" aria-labelledby="events-title">
                <div class="events-head">
                    <h2 id="events-title">{"Events"}</h2>
                    <EventExport events={view.overview.events} exporting={props.exporting.clone()}
                        last={props.last_export.clone()} on_export={props.on_export.clone()} />
                </div>
                <div class="events-split">
                    <EventTable
                        key={props.table.epoch.to_string()}
                        table={props.table.clone()}
                        selected={selected_row}
                        on_need={props.on_need_pages.clone()}
                        on_select={props.on_select.clone()}
                    />
                    <EventDetail selected={props.selected.clone()} on_close={props.on_select.reform(|()| None)} />
                </div>
            </section>
        </div>
    }
}
