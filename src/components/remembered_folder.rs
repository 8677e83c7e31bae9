//! A folder the app may open again after a reload, where the browser allows it (Chromium's File
//! System Access API): "Open a folder and remember it…", then "Reopen <folder>" and "Forget it".
//! Remembering is opt-in and stays on this machine (see `browser::folder_store`); Clear forgets
//! the data loaded, never this folder.

use super::drop_zone::emit_files;
use crate::browser::dropped_entries::PickedFile;
use crate::browser::{folder_handle, folder_store};
use wasm_bindgen_futures::spawn_local;
use web_sys::FileSystemDirectoryHandle;
use yew::prelude::*;

/// What the remembered folder's buttons need.
#[derive(Properties, PartialEq)]
pub struct RememberedFolderProps {
    /// The folder's files, as a dropped folder's.
    pub on_files: Callback<Vec<PickedFile>>,
    /// A message about a folder that could not be opened, remembered or read.
    pub on_notice: Callback<String>,
}

/// The buttons; the folder remembered is read from the browser's storage once, when they appear.
#[function_component]
pub fn RememberedFolder(props: &RememberedFolderProps) -> Html {
    let remembered = use_state(|| None::<FileSystemDirectoryHandle>);
    let can_pick = *use_memo((), |_| folder_handle::can_pick());
    {
        let remembered = remembered.clone();
        use_effect_with((), move |_| {
            // A browser that cannot remember (no IndexedDB here) simply offers nothing to reopen.
            spawn_local(async move {
                if let Ok(Some(folder)) = folder_store::recall().await {
                    remembered.set(Some(folder));
                }
            });
        });
    }

    let on_open = {
        let (remembered, on_files, on_notice) = (remembered.clone(), props.on_files.clone(), props.on_notice.clone());
        Callback::from(move |_: MouseEvent| {
            let (remembered, on_files, on_notice) = (remembered.clone(), on_files.clone(), on_notice.clone());
            spawn_local(async move {
                let folder = match folder_handle::pick().await {
                    Ok(Some(folder)) => folder,
                    Ok(None) => return,
                    Err(error) => return on_notice.emit(format!("The folder could not be opened: {error}")),
                };
                match folder_store::remember(&folder).await {
                    Ok(()) => remembered.set(Some(folder.clone())),
                    Err(error) => on_notice.emit(format!("The folder could not be remembered: {error}")),
                }
                load(&folder, &on_files, &on_notice).await;
            });
        })
    };
    let on_reopen = {
        let (remembered, on_files, on_notice) = (remembered.clone(), props.on_files.clone(), props.on_notice.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(folder) = (*remembered).clone() else { return };
            let (on_files, on_notice) = (on_files.clone(), on_notice.clone());
            spawn_local(async move {
                match folder_handle::may_read(&folder).await {
                    Ok(true) => load(&folder, &on_files, &on_notice).await,
                    Ok(false) => on_notice.emit(format!("Reading the folder {} was not allowed.", folder.name())),
                    Err(error) => {
                        on_notice.emit(format!("The folder {} could not be reopened: {error}", folder.name()))
                    }
                }
            });
        })
    };
    let on_forget = {
        let (remembered, on_notice) = (remembered.clone(), props.on_notice.clone());
        Callback::from(move |_: MouseEvent| {
            let (remembered, on_notice) = (remembered.clone(), on_notice.clone());
            spawn_local(async move {
                match folder_store::forget().await {
                    Ok(()) => remembered.set(None),
                    Err(error) => on_notice.emit(format!("The folder could not be forgotten: {error}")),
                }
            });
        })
    };

    html! {
        <span class="remembered-folder">
            if can_pick {
                <button type="button" class="button" data-testid="open-remember" onclick={on_open}>
                    {"Open a folder and remember it…"}
                </button>
            }
            if let Some(folder) = &*remembered {
                <button type="button" class="button primary" data-testid="reopen" onclick={on_reopen}>
                    {format!("Reopen {}", folder.name())}
                </button>
                <button type="button" class="button" data-testid="forget-folder" onclick={on_forget}>
                    {"Forget it"}
                </button>
            }
        </span>
    }
}

/// Loads a folder's files as a dropped folder's.
async fn load(folder: &FileSystemDirectoryHandle, on_files: &Callback<Vec<PickedFile>>, on_notice: &Callback<String>) {
    let (files, errors) = folder_handle::files_of(folder).await;
    for error in errors {
        on_notice.emit(format!("Could not read an item of the folder: {error}"));
    }
    emit_files(files, on_files, on_notice);
}
