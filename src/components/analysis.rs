//! The loaded data under the current filter, below the top bar: the tabs, then the events tab
//! (facets, the event table, the selected event) or one dashboard. Clicks in the views become
//! edits of the filter (see `app::filter_edits`), which the app turns into new views.

use crate::app::filter_edits::FilterEdits;
use crate::app::state::{Detail, Tab, TableCache};
use crate::components::dashboards::Dashboard;
use crate::components::tabs::TabList;
use crate::components::views::SharedView;
use crate::components::workspace::Workspace;
use crate::protocol::{ExportFormat, Exported, SqlAnswer, SqlAsk};
use std::rc::Rc;
use trailscope_core::integrity::IntegrityReport;
use trailscope_core::query::entity::Entity;
use trailscope_core::query::events::TableSort;
use trailscope_core::query::timeline::Stack;
use trailscope_core::query::view::ViewRequest;
use yew::prelude::*;

/// What the views show and report.
#[derive(Properties, PartialEq)]
pub struct AnalysisProps {
    /// The views for `request`.
    pub view: SharedView,
    /// The tab shown.
    pub tab: Tab,
    /// Shows another tab.
    pub on_tab: Callback<Tab>,
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
    /// The event table ordered by a column.
    pub on_sort: Callback<TableSort>,
    /// The store's integrity report, when it holds digests.
    pub integrity: Option<Rc<IntegrityReport>>,
    /// The export under way.
    pub exporting: Option<ExportFormat>,
    /// How the last export ended.
    pub last_export: Option<Exported>,
    /// Exports the filtered events.
    pub on_export: Callback<ExportFormat>,
    /// Tells the user something (a chart that could not be saved, a value copied or not).
    pub on_notice: Callback<String>,
    /// Opens an entity's page (a principal, session, IP or resource followed in a view).
    pub on_open: Callback<Entity>,
    /// The store's generation.
    pub generation: Option<u32>,
    /// The last SQL asked for, with the worker's answer.
    pub sql: Option<Rc<(SqlAsk, Result<SqlAnswer, String>)>>,
    /// Asks the worker for SQL.
    pub on_sql: Callback<SqlAsk>,
}

/// The tabs and the one shown; only that one is drawn, so a filter change redraws what is seen.
#[function_component]
pub fn Analysis(props: &AnalysisProps) -> Html {
    html! {
        <div class="views">
            <TabList current={Some(props.tab)} findings={props.view.0.findings.len()} on_tab={props.on_tab.clone()}
                integrity_alert={props.integrity.as_ref().is_some_and(|r| !r.is_clean())} />
            // A dashboard scrolls on its own, so it takes focus to be scrolled from the keyboard.
            <div id="tab-panel" role="tabpanel" aria-labelledby={props.tab.id()}
                tabindex={(props.tab != Tab::Events).then_some("0")}
                class={classes!("tab-panel", (props.tab != Tab::Events).then_some("dashboard"))}>
                if props.tab == Tab::Events {
                    <Workspace
                        view={props.view.clone()}
                        filter={props.request.filter.clone()}
                        table={props.table.clone()}
                        selected={props.selected.clone()}
                        edits={props.edits.clone()}
                        on_need_pages={props.on_need_pages.clone()}
                        on_select={props.on_select.clone()}
                        on_sort={props.on_sort.clone()}
                        exporting={props.exporting.clone()}
                        last_export={props.last_export.clone()}
                        on_export={props.on_export.clone()}
                        on_notice={props.on_notice.clone()}
                        on_open={props.on_open.clone()}
                    />
                } else {
                    <Dashboard
                        tab={props.tab}
                        view={props.view.clone()}
                        request={props.request.clone()}
                        edits={props.edits.clone()}
                        on_stack={props.on_stack.clone()}
                        integrity={props.integrity.clone()}
                        on_notice={props.on_notice.clone()}
                        on_open={props.on_open.clone()}
                        generation={props.generation}
                        sql={props.sql.clone()}
                        on_sql={props.on_sql.clone()}
                    />
                }
            </div>
        </div>
    }
}
