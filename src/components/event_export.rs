//! Exporting the filtered events: NDJSON with each event's full JSON, or CSV of chosen columns.
//! The worker makes the file; this only offers the choice and tells how the last one went.

use crate::app::format::thousands;
use crate::protocol::{ExportFormat, Exported};
use trailscope_core::export::csv::CsvColumn;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The export's state and its intent.
#[derive(Properties, PartialEq)]
pub struct EventExportProps {
    /// Events the filter selects.
    pub events: u64,
    /// The export under way.
    pub exporting: Option<ExportFormat>,
    /// How the last one ended.
    pub last: Option<Exported>,
    /// Starts an export.
    pub on_export: Callback<ExportFormat>,
}

/// The export buttons and the CSV column chooser.
#[function_component]
pub fn EventExport(props: &EventExportProps) -> Html {
    let columns = use_state(|| CsvColumn::ALL.to_vec());
    let busy = props.exporting.is_some() || props.events == 0;
    let export = |format: ExportFormat| props.on_export.reform(move |_: MouseEvent| format.clone());
    let toggle = |column: CsvColumn| {
        let columns = columns.clone();
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            let chosen = CsvColumn::ALL
                .into_iter()
                .filter(|&c| if c == column { on } else { columns.contains(&c) })
                .collect();
            columns.set(chosen);
        })
    };
    let status = match (&props.exporting, &props.last) {
        (Some(format), _) => format!(
            "Exporting {} events as {}…",
            thousands(props.events),
            format.file_name()
        ),
        (None, Some(done)) => format!(
            "Saved {} events as {}.",
            thousands(done.events),
            done.format.file_name()
        ),
        (None, None) => String::new(),
    };
    html! {
        <div class="event-export" role="group" aria-label="Export the filtered events">
            <button type="button" class="button small" disabled={busy} onclick={export(ExportFormat::Ndjson)}
                title="Every filtered event's full JSON, one per line, re-read from your files">
                {"Export NDJSON"}
            </button>
            <button type="button" class="button small" disabled={busy || columns.is_empty()}
                onclick={export(ExportFormat::Csv((*columns).clone()))}
                title="The chosen columns of every filtered event">
                {"Export CSV"}
            </button>
            <details class="csv-columns">
                <summary>{"CSV columns"}</summary>
                <fieldset>
                    <legend>{"Columns in the CSV"}</legend>
                    { for CsvColumn::ALL.into_iter().map(|c| html! {
                        <label>
                            <input type="checkbox" checked={columns.contains(&c)} onchange={toggle(c)} />
                            { c.header() }
                        </label>
                    }) }
                </fieldset>
            </details>
            <span class="export-status" role="status" data-testid="export-status">{ status }</span>
        </div>
    }
}
