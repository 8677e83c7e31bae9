//! Where loading starts: a drop target for files and whole folders, a file picker, a folder
//! picker, a folder to remember (`remembered_folder`), the sample data and Clear; and, after a
//! reload that kept the filter but not the files, a line that says so.

use super::remembered_folder::RememberedFolder;
use crate::browser::dropped_entries::{self, PickedFile};
use wasm_bindgen_futures::spawn_local;
use web_sys::{DragEvent, HtmlInputElement};
use yew::prelude::*;

/// What the drop zone needs.
#[derive(Properties, PartialEq)]
pub struct DropZoneProps {
    /// Whether anything is loaded (Clear is offered then).
    pub has_data: bool,
    /// Whether the sample is being fetched.
    pub fetching_sample: bool,
    /// Whether a filter or entity page came back from the URL with no data to show it on.
    pub restored: bool,
    /// Whether every drop of a trail's files is first shown as its keys (else only large ones).
    pub choose_first: bool,
    /// Ticks or unticks that.
    pub on_choose_first: Callback<bool>,
    /// Files picked or dropped, sorted by path.
    pub on_files: Callback<Vec<PickedFile>>,
    /// A message about files that could not be picked.
    pub on_notice: Callback<String>,
    /// "Try sample data".
    pub on_sample: Callback<()>,
    /// "Clear".
    pub on_clear: Callback<()>,
}

/// The drop target and pickers.
#[function_component]
pub fn DropZone(props: &DropZoneProps) -> Html {
    let hovering = use_state(|| false);

    let on_drag_over = {
        let hovering = hovering.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            if let Some(data) = event.data_transfer() {
                data.set_drop_effect("copy");
            }
            hovering.set(true);
        })
    };
    let on_drag_leave = {
        let hovering = hovering.clone();
        Callback::from(move |_: DragEvent| hovering.set(false))
    };
    let on_drop = {
        let (hovering, on_files, on_notice) = (hovering.clone(), props.on_files.clone(), props.on_notice.clone());
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            hovering.set(false);
            let Some(data) = event.data_transfer() else { return };
            let dropped = dropped_entries::take(&data);
            let (on_files, on_notice) = (on_files.clone(), on_notice.clone());
            spawn_local(async move {
                let (files, errors) = dropped_entries::collect(dropped).await;
                for error in errors {
                    on_notice.emit(format!("Could not read a dropped item: {error}"));
                }
                emit_files(files, &on_files, &on_notice);
            });
        })
    };
    let on_pick = {
        let (on_files, on_notice) = (props.on_files.clone(), props.on_notice.clone());
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let (on_files, on_notice) = (on_files.clone(), on_notice.clone());
            spawn_local(async move {
                if let Some(list) = input.files() {
                    emit_files(dropped_entries::from_file_list(&list).await, &on_files, &on_notice);
                }
                // Picking the same files again must fire `change` again (cleared only now: the
                // list is read over several tasks).
                input.set_value("");
            });
        })
    };
    let on_choose_first = props.on_choose_first.reform(|event: Event| {
        let input: HtmlInputElement = event.target_unchecked_into();
        input.checked()
    });
    let on_sample = props.on_sample.reform(|_: MouseEvent| ());
    let on_clear = props.on_clear.reform(|_: MouseEvent| ());

    html! {
        <section
            class={classes!("drop-zone", hovering.then_some("hovering"))}
            aria-labelledby="drop-title"
            ondragover={on_drag_over}
            ondragenter={Callback::from(|event: DragEvent| event.prevent_default())}
            ondragleave={on_drag_leave}
            ondrop={on_drop}
        >
            <h2 id="drop-title">{"Drop CloudTrail logs here"}</h2>
            <p class="hint">
                {"CloudTrail files (.json, .json.gz, .zip, .tar.gz, CloudWatch Logs, CSV query results) or whole AWSLogs/ folders. They are read in this browser and never uploaded."}
            </p>
            <div class="actions">
                <label class="button primary">
                    <input
                        type="file"
                        multiple=true
                        class="visually-hidden"
                        data-testid="file-input"
                        onchange={on_pick.clone()}
                    />
                    {"Choose files…"}
                </label>
                <label class="button">
                    <input
                        type="file"
                        multiple=true
                        webkitdirectory=true
                        class="visually-hidden"
                        data-testid="folder-input"
                        onchange={on_pick}
                    />
                    {"Choose a folder…"}
                </label>
                <RememberedFolder on_files={props.on_files.clone()} on_notice={props.on_notice.clone()} />
                <button type="button" class="button" onclick={on_sample} disabled={props.fetching_sample}>
                    { if props.fetching_sample { "Fetching sample…" } else { "Try sample data" } }
                </button>
                if props.has_data {
                    <button type="button" class="button danger" onclick={on_clear}>{"Clear"}</button>
                }
            </div>
            <label class="choose-first">
                <input type="checkbox" data-testid="choose-first" checked={props.choose_first} onchange={on_choose_first} />
                {" Choose accounts, regions and days before reading a trail (large drops always ask)"}
            </label>
            if props.restored {
                <p class="restored-status" role="status" data-testid="restored-status">
                    {"Filter restored from the link: drop the same files again to see it."}
                </p>
            }
        </section>
    }
}

/// Hands files on, or says that there were none.
pub(super) fn emit_files(files: Vec<PickedFile>, on_files: &Callback<Vec<PickedFile>>, on_notice: &Callback<String>) {
    if files.is_empty() {
        on_notice.emit("No files were found in what was dropped or picked.".to_string());
    } else {
        on_files.emit(files);
    }
}
