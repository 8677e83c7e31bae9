//! The page for a given state: which panels show, in which order.

use super::filter_edits::FilterEdits;
use super::format::{seconds, thousands};
use super::state::{AppState, Tab};
use crate::browser::dropped_entries::PickedFile;
use crate::components::analysis::Analysis;
use crate::components::drop_zone::DropZone;
use crate::components::entity_page::EntityPageView;
use crate::components::error_panel::ErrorPanel;
use crate::components::failed_files::FailedFiles;
use crate::components::filter_scope::FilterScope;
use crate::components::key_picker::KeyPicker;
use crate::components::notices::Notices;
use crate::components::progress::ProgressPanel;
use crate::components::search_progress::{search_status, SearchProgressPanel};
use crate::components::skip_links::SkipLinks;
use crate::components::tabs::TabList;
use crate::components::views::SharedView;
use crate::protocol::{ExportFormat, SqlAsk};
use trailscope_core::catalog::choice::Choice;
use trailscope_core::query::entity::Entity;
use trailscope_core::query::events::TableSort;
use trailscope_core::query::filter::Filter;
use trailscope_core::query::timeline::Stack;
use yew::prelude::*;

/// Every callback the page's components use.
#[derive(Clone, PartialEq)]
pub struct Actions {
    /// Files to load.
    pub load: Callback<Vec<PickedFile>>,
    /// Fetch and load the sample.
    pub sample: Callback<()>,
    /// Forget everything.
    pub clear: Callback<()>,
    /// Read what was chosen of a drop shown as its keys, or none of it.
    pub choose: Callback<Option<Choice>>,
    /// Show every drop of a trail's files as its keys first, or only large ones.
    pub choose_first: Callback<bool>,
    /// Stop the running load.
    pub cancel: Callback<()>,
    /// Search every field of every event for a text (the filter's `json:` term starts one).
    pub search: Callback<String>,
    /// Stop the running search.
    pub cancel_search: Callback<()>,
    /// Show a notice.
    pub notice: Callback<String>,
    /// Dismiss the notices.
    pub dismiss: Callback<()>,
    /// Follow a link: the filter of every view and the entity whose page is open.
    pub link: Callback<(Filter, Option<Entity>)>,
    /// Open an entity's page, or close it.
    pub entity: Callback<Option<Entity>>,
    /// Open an entity's page (the views' links).
    pub open: Callback<Entity>,
    /// Edit the filter of every view.
    pub edits: FilterEdits,
    /// Show another tab.
    pub tab: Callback<Tab>,
    /// Change the timeline's stacking.
    pub stack: Callback<Stack>,
    /// Fetch pages of the event table.
    pub need_pages: Callback<Vec<u64>>,
    /// Order the event table by a column.
    pub sort: Callback<TableSort>,
    /// Select an event (or close the selection).
    pub select: Callback<Option<u32>>,
    /// Export the filtered events.
    pub export: Callback<ExportFormat>,
    /// Asks for the filter as SQL for an engine that scales.
    pub sql: Callback<SqlAsk>,
}

/// The whole page: after a fatal error, only the error. Once data is loaded the page is a
/// workspace the height of the window: a top bar (loading, the filter, the events it keeps, their
/// histogram) over the tabs, whose content scrolls on its own. Each part that comes and goes has
/// its own `region` element, so that parts appearing in the same render are always placed in
/// page order (Yew 0.23 can misplace adjacent fragments that were all empty).
pub fn page(state: &AppState, fetching_sample: bool, actions: &Actions) -> Html {
    let brand = html! {
        <div class="brand">
            <h1>{"Trailscope"}</h1>
            <p class="tagline">{"AWS CloudTrail logs, read in your browser. Nothing is uploaded."}</p>
        </div>
    };
    if let Some(message) = &state.fatal {
        return html! {
            <div class="app">
                <header class="masthead">{ brand }</header>
                <ErrorPanel message={message.clone()} />
            </div>
        };
    }
    let view = state.view.as_ref().map(|(_, view)| SharedView(view.clone()));
    html! {
        <div class={classes!("app", view.is_some().then_some("workspace-mode"))}>
            if view.is_some() {
                <SkipLinks on_tab={actions.tab.clone()} />
            }
            { type_scale() }
            <header class="masthead top-bar">
                <div class="top-row">
                    { brand }
                    <DropZone
                        has_data={state.generation.is_some() || state.is_loading()}
                        fetching_sample={fetching_sample}
                        restored={state.restored}
                        choose_first={state.choose_first}
                        on_choose_first={actions.choose_first.clone()}
                        on_files={actions.load.clone()}
                        on_notice={actions.notice.clone()}
                        on_sample={actions.sample.clone()}
                        on_clear={actions.clear.clone()}
                    />
                </div>
                <div class="region">
                    <Notices notices={state.notices.clone()} on_dismiss={actions.dismiss.clone()} />
                </div>
                <div class="region">
                    if let Some(catalog) = &state.catalog {
                        <KeyPicker catalog={catalog.clone()} on_choose={actions.choose.clone()} />
                    } else if let Some(progress) = &state.loading {
                        <ProgressPanel progress={progress.clone()} cancelling={state.cancelling} on_cancel={actions.cancel.clone()} />
                    }
                </div>
                <div class="region status-line">
                    { load_status(state) }
                    <FailedFiles failures={state.failures.clone()} sample={state.sample} />
                </div>
                <div class="region">
                    if let Some(progress) = &state.searching {
                        <SearchProgressPanel progress={progress.clone()} cancelling={state.search_cancelling} on_cancel={actions.cancel_search.clone()} />
                    } else if let Some(searched) = &state.last_search {
                        { search_status(searched) }
                    }
                </div>
                <div class="region">
                    if let Some(view) = &view {
                        <FilterScope view={view.clone()} filter={state.request.filter.clone()} edits={actions.edits.clone()} />
                    }
                </div>
            </header>
            <main class="page-main">
                <div class="region">{ views(state, actions) }</div>
            </main>
        </div>
    }
}

/// Every font of the type scale (`static/style.css`), in text nobody sees: laid out with the
/// empty page, so that the workspace's first layout after a load, while the browser process is
/// busy with the files, does not wait on it to set up each font the first time it is used.
fn type_scale() -> Html {
    let sizes = ["xs", "sm", "md", "base", "lg", "xl"];
    html! {
        <div class="type-scale" aria-hidden="true">
            { for sizes.iter().flat_map(|size| [classes!(*size), classes!(*size, "mono")]).map(|class| html! { <span {class}>{"a"}</span> }) }
        </div>
    }
}

/// "Loaded …" once a load has finished and its views are in.
fn load_status(state: &AppState) -> Html {
    let Some(summary) = state.last_load.as_ref().filter(|_| state.load_done()) else {
        return Html::default();
    };
    let text = format!(
        "{} {} {} in {}: {} events.",
        match (summary.memory_full, summary.cancelled) {
            (true, _) => "Memory full after",
            (false, true) => "Cancelled after",
            (false, false) => "Loaded",
        },
        thousands(summary.files),
        if summary.files == 1 { "file" } else { "files" },
        seconds(summary.elapsed_ms),
        thousands(summary.events),
    );
    html! { <p class="load-status" role="status" data-testid="loading-done">{text}</p> }
}

/// The views, or the open entity's page in their place; after a load or a filter change the
/// previous views stay up until the new ones arrive, so the page does not flash.
fn views(state: &AppState, actions: &Actions) -> Html {
    let Some((_, view)) = &state.view else {
        return Html::default();
    };
    if let Some(entity) = &state.entity {
        return html! {
            <div class="views">
                <TabList current={None::<Tab>} findings={view.findings.len()} on_tab={actions.tab.clone()}
                    integrity_alert={state.integrity.as_ref().is_some_and(|r| !r.is_clean())} />
                <div class="tab-panel dashboard" tabindex="0">
                    <EntityPageView entity={entity.clone()} page={state.current_entity_page()}
                        on_open={actions.entity.clone()} />
                </div>
            </div>
        };
    }
    html! {
        <Analysis
            view={SharedView(view.clone())}
            tab={state.tab}
            on_tab={actions.tab.clone()}
            request={state.request.clone()}
            table={state.table.clone()}
            selected={state.selected.clone()}
            edits={actions.edits.clone()}
            on_stack={actions.stack.clone()}
            on_need_pages={actions.need_pages.clone()}
            on_sort={actions.sort.clone()}
            on_select={actions.select.clone()}
            integrity={state.integrity.clone()}
            exporting={state.exporting.clone()}
            last_export={state.last_export.clone()}
            on_export={actions.export.clone()}
            on_notice={actions.notice.clone()}
            on_open={actions.open.clone()}
            generation={state.generation}
            sql={state.sql.clone()}
            on_sql={actions.sql.clone()}
        />
    }
}
