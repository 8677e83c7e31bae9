//! The events tab, the investigator's workspace: the facets on the left, the event table in the
//! middle filling the window's height, and the selected event on the right. Each column scrolls
//! on its own, so the table never moves away from the filter above it.

use crate::app::filter_edits::FilterEdits;
use crate::app::state::{Detail, TableCache};
use crate::browser::next_task::yield_to_browser;
use crate::components::event_detail::EventDetail;
use crate::components::event_export::EventExport;
use crate::components::event_table::EventTable;
use crate::components::views::facet_rail::FacetRail;
use crate::components::views::SharedView;
use crate::protocol::{ExportFormat, Exported};
use std::rc::Rc;
use trailscope_core::query::entity::Entity;
use trailscope_core::query::events::TableSort;
use trailscope_core::query::filter::Filter;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// What the workspace shows and reports.
#[derive(Properties, PartialEq)]
pub struct WorkspaceProps {
    /// The views of the filter.
    pub view: SharedView,
    /// The filter.
    pub filter: Filter,
    /// The event table's pages.
    pub table: Rc<TableCache>,
    /// The selected event.
    pub selected: Option<(u32, Detail)>,
    /// The edits of the filter.
    pub edits: FilterEdits,
    /// Pages the event table needs.
    pub on_need_pages: Callback<Vec<u64>>,
    /// An event selected, or the selection closed.
    pub on_select: Callback<Option<u32>>,
    /// The event table ordered by a column.
    pub on_sort: Callback<TableSort>,
    /// The export under way.
    pub exporting: Option<ExportFormat>,
    /// How the last export ended.
    pub last_export: Option<Exported>,
    /// Exports the filtered events.
    pub on_export: Callback<ExportFormat>,
    /// Tells the user something.
    pub on_notice: Callback<String>,
    /// Opens an entity's page.
    pub on_open: Callback<Entity>,
}

/// The workspace. Its first drawing (after a load, or back from a dashboard) puts the table up
/// first and the facets in the next task, each under the 50 ms the page may block at 1M events.
#[function_component]
pub fn Workspace(props: &WorkspaceProps) -> Html {
    let facets_drawn = use_state(|| false);
    {
        let facets_drawn = facets_drawn.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                yield_to_browser().await;
                facets_drawn.set(true);
            });
        });
    }
    let selected_row = props.selected.as_ref().map(|(row, _)| *row);
    let selected_event = selected_row.and_then(|row| {
        let mut held = props.table.pages.values().flat_map(|page| page.iter());
        held.find(|r| r.row == row).cloned()
    });
    let view = &props.view;
    html! {
        <div class={classes!("workspace", selected_row.is_some().then_some("with-detail"))}>
            <aside id="facets" class="facet-rail" aria-label="Facets" tabindex="-1">
                if *facets_drawn {
                    <FacetRail facets={view.part(|v| &v.facets)} filter={props.filter.clone()}
                        on_edit={props.edits.edit.clone()} />
                }
            </aside>
            <section class="panel events" aria-labelledby="events-title">
                <div class="events-head">
                    <h2 id="events-title">{"Events"}</h2>
                    <EventExport events={view.0.overview.events} exporting={props.exporting.clone()}
                        last={props.last_export.clone()} on_export={props.on_export.clone()} />
                </div>
                <EventTable
                    table={props.table.clone()}
                    selected={selected_row}
                    on_need={props.on_need_pages.clone()}
                    on_select={props.on_select.clone()}
                    on_sort={props.on_sort.clone()}
                />
            </section>
            <EventDetail selected={props.selected.clone()} row={selected_event}
                on_open={props.on_open.clone()} on_close={props.on_select.reform(|()| None)}
                on_edit={props.edits.edit.clone()} on_notice={props.on_notice.clone()} />
        </div>
    }
}
