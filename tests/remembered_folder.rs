//! The remembered folder in a real browser: a real `FileSystemDirectoryHandle` from the origin's
//! private file system (no picker needed) goes into IndexedDB and back, is walked into the files a
//! dropped folder gives, and drives the drop zone's "Open a folder and remember it…", "Reopen"
//! and "Forget it"; its files, once the worker has let them go, are found again through it; and
//! the drop zone says when a filter came back without its data.
#![cfg(target_arch = "wasm32")]

mod support;

use js_sys::{Promise, Reflect};
use support::*;
use trailscope_app::browser::dropped_entries::PickedFile;
use trailscope_app::browser::held_file::{find_again, HeldFile, Holder};
use trailscope_app::browser::wire::{CarriedFile, FolderRef};
use trailscope_app::browser::{folder_handle, folder_store};
use trailscope_app::components::drop_zone::{DropZone, DropZoneProps};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{
    Element, FileSystemDirectoryHandle, FileSystemFileHandle, FileSystemGetDirectoryOptions, FileSystemGetFileOptions,
    FileSystemWritableFileStream,
};
use yew::{Callback, Renderer};

wasm_bindgen_test_configure!(run_in_browser);

const DIGEST_FREE: &str = "AWSLogs/111122223333/CloudTrail/us-east-1/2025/01/06";
const FIRST: &str = r#"{"Records":[{"eventVersion":"1.08","eventTime":"2025-01-06T00:00:00Z","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","awsRegion":"us-east-1","eventID":"e1"}]}"#;
const SECOND: &str = r#"{"Records":[{"eventVersion":"1.08","eventTime":"2025-01-06T00:05:00Z","eventSource":"iam.amazonaws.com","eventName":"ListUsers","awsRegion":"us-east-1","eventID":"e2"},{"eventVersion":"1.08","eventTime":"2025-01-06T00:06:00Z","eventSource":"iam.amazonaws.com","eventName":"ListRoles","awsRegion":"us-east-1","eventID":"e3"}]}"#;

async fn settled(promise: Promise) -> JsValue {
    JsFuture::from(promise).await.expect("the browser did it")
}

async fn subfolder(parent: &FileSystemDirectoryHandle, name: &str) -> FileSystemDirectoryHandle {
    let options = FileSystemGetDirectoryOptions::new();
    options.set_create(true);
    settled(parent.get_directory_handle_with_options(name, &options))
        .await
        .unchecked_into()
}

async fn write(folder: &FileSystemDirectoryHandle, name: &str, text: &str) {
    let options = FileSystemGetFileOptions::new();
    options.set_create(true);
    let file: FileSystemFileHandle = settled(folder.get_file_handle_with_options(name, &options))
        .await
        .unchecked_into();
    let stream: FileSystemWritableFileStream = settled(file.create_writable()).await.unchecked_into();
    settled(stream.write_with_str(text).unwrap()).await;
    settled(stream.close()).await;
}

/// A fresh folder `name` in the origin's private file system holding two CloudTrail files (and a
/// hidden file a dropped folder would skip).
async fn trail_folder(name: &str) -> FileSystemDirectoryHandle {
    let storage = web_sys::window().unwrap().navigator().storage();
    let root: FileSystemDirectoryHandle = settled(storage.get_directory()).await.unchecked_into();
    // Left over from an earlier run, if any.
    let options = web_sys::FileSystemRemoveOptions::new();
    options.set_recursive(true);
    let _ = JsFuture::from(root.remove_entry_with_options(name, &options)).await;
    let folder = subfolder(&root, name).await;
    write(&folder, ".DS_Store", "not a log").await;
    let mut logs = folder.clone();
    for part in DIGEST_FREE.split('/') {
        logs = subfolder(&logs, part).await;
    }
    write(&logs, "first.json", FIRST).await;
    write(&logs, "second.json", SECOND).await;
    folder
}

fn paths_and_sizes(files: &[PickedFile]) -> Vec<(String, f64)> {
    files.iter().map(|f| (f.path.clone(), f.file.size())).collect()
}

fn expected(name: &str) -> Vec<(String, f64)> {
    vec![
        (format!("{name}/{DIGEST_FREE}/first.json"), FIRST.len() as f64),
        (format!("{name}/{DIGEST_FREE}/second.json"), SECOND.len() as f64),
    ]
}

/// Waits (a few seconds at most) until `done` holds, for what the browser does in its own time.
async fn until(mut done: impl FnMut() -> bool) {
    for _ in 0..100 {
        if done() {
            return;
        }
        settle().await;
    }
    panic!("timed out");
}

fn mount(restored: bool) -> (Element, Log<Vec<PickedFile>>, Log<String>) {
    let root = root();
    let (on_files, files) = recorder();
    let (on_notice, notices) = recorder();
    let props = DropZoneProps {
        has_data: false,
        fetching_sample: false,
        restored,
        choose_first: false,
        on_choose_first: Callback::noop(),
        on_files,
        on_notice,
        on_sample: Callback::noop(),
        on_clear: Callback::noop(),
    };
    Renderer::<DropZone>::with_root_and_props(root.clone(), props).render();
    (root, files, notices)
}

/// Replaces the page's folder picker (`None`: as in a browser without one) until dropped.
struct Picker {
    _replacement: Option<Closure<dyn Fn() -> Promise>>,
}

impl Picker {
    fn returning(folder: &FileSystemDirectoryHandle) -> Picker {
        let folder = folder.clone();
        let picker = Closure::<dyn Fn() -> Promise>::new(move || Promise::resolve(&JsValue::from(&folder)));
        Reflect::set(
            &web_sys::window().unwrap(),
            &"showDirectoryPicker".into(),
            picker.as_ref(),
        )
        .unwrap();
        Picker {
            _replacement: Some(picker),
        }
    }

    fn missing() -> Picker {
        Reflect::set(
            &web_sys::window().unwrap(),
            &"showDirectoryPicker".into(),
            &JsValue::UNDEFINED,
        )
        .unwrap();
        Picker { _replacement: None }
    }
}

impl Drop for Picker {
    fn drop(&mut self) {
        Reflect::delete_property(&web_sys::window().unwrap(), &"showDirectoryPicker".into()).unwrap();
    }
}

#[wasm_bindgen_test]
async fn a_folder_is_remembered_recalled_walked_as_a_dropped_folder_and_forgotten() {
    let folder = trail_folder("remembered-trail").await;
    folder_store::remember(&folder).await.expect("remembered");
    let recalled = folder_store::recall().await.expect("read").expect("a folder");
    assert_eq!(recalled.name(), "remembered-trail");
    assert!(folder_handle::may_read(&recalled).await.expect("asked"));
    let (files, errors) = folder_handle::files_of(&recalled).await;
    assert_eq!(errors, Vec::<String>::new());
    assert_eq!(
        paths_and_sizes(&files),
        expected("remembered-trail"),
        "no hidden file, sorted"
    );

    let other = trail_folder("another-trail").await;
    folder_store::remember(&other).await.expect("remembered");
    let recalled = folder_store::recall().await.expect("read").expect("a folder");
    assert_eq!(recalled.name(), "another-trail", "one folder is remembered, the last");

    folder_store::forget().await.expect("forgotten");
    assert!(folder_store::recall().await.expect("read").is_none());
    assert!(
        !databases().await.contains(&"trailscope".to_string()),
        "Forget it leaves no database"
    );
}

/// The text of a file the worker holds, or why it cannot be read.
async fn text_of(file: &HeldFile) -> Result<String, String> {
    let bytes = JsFuture::from(file.blob()?.array_buffer())
        .await
        .map_err(|e| format!("{e:?}"))?;
    Ok(String::from_utf8(js_sys::Uint8Array::new(&bytes).to_vec()).expect("utf-8"))
}

#[wasm_bindgen_test]
async fn a_folders_files_let_go_are_found_again_by_path_unless_moved_or_changed() {
    let folder = trail_folder("found-again-trail").await;
    let (picked, _) = folder_handle::files_of(&folder).await;
    assert!(picked.iter().all(|file| file.folder.as_ref() == Some(&folder)));
    let paths: Vec<String> = picked.iter().map(|file| file.path.clone()).collect();
    // As the page sends them: the folder's handle with the first file, its number after.
    let carried = picked.into_iter().enumerate().map(|(i, p)| CarriedFile {
        file: p.file.into(),
        folder: Some(match i {
            0 => FolderRef::New(p.folder.expect("a folder's file")),
            _ => FolderRef::Sent(0),
        }),
    });
    let mut holder = Holder::default();
    let held = holder.hold(carried.collect(), &paths);
    let texts = [FIRST, SECOND].map(|text| Ok(text.to_string()));
    assert_eq!([text_of(&held[0]).await, text_of(&held[1]).await], texts);
    assert!(!holder.has_let_go());

    holder.let_go_found();
    assert!(held.iter().all(HeldFile::is_let_go) && holder.has_let_go());
    assert!(text_of(&held[0]).await.is_err(), "a file let go is not read");
    find_again(&[&held[1]]).await;
    assert!(
        held[0].is_let_go() && !held[1].is_let_go(),
        "only what is asked for is found"
    );
    find_again(&held.iter().collect::<Vec<_>>()).await;
    assert_eq!([text_of(&held[0]).await, text_of(&held[1]).await], texts);
    assert!(!holder.has_let_go(), "all found again");

    // Moved away, or changed since the load: each file says why it cannot be read.
    holder.let_go_found();
    let mut logs = folder.clone();
    for part in DIGEST_FREE.split('/') {
        logs = subfolder(&logs, part).await;
    }
    settled(logs.remove_entry("first.json")).await;
    write(&logs, "second.json", &SECOND.replace("ListUsers", "ListGroups")).await;
    find_again(&held.iter().collect::<Vec<_>>()).await;
    let first = text_of(&held[0]).await.expect_err("moved");
    assert!(
        first.starts_with("it is no longer where it was loaded from (NotFoundError"),
        "{first}"
    );
    assert_eq!(
        text_of(&held[1]).await,
        Err("it changed since it was loaded".to_string())
    );
}

/// The names of this origin's IndexedDB databases.
async fn databases() -> Vec<String> {
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    let list: js_sys::Function = Reflect::get(&factory, &"databases".into()).unwrap().unchecked_into();
    let list = settled(list.call0(&factory).unwrap().unchecked_into()).await;
    js_sys::Array::from(&list)
        .iter()
        .filter_map(|d| Reflect::get(&d, &"name".into()).ok()?.as_string())
        .collect()
}

#[wasm_bindgen_test]
async fn looking_for_a_remembered_folder_creates_no_database() {
    folder_store::forget().await.expect("forgotten");
    assert!(folder_store::recall().await.expect("read").is_none());
    let (root, _, _) = mount(false);
    settle().await;
    assert!(root.query_selector("[data-testid=reopen]").unwrap().is_none());
    assert_eq!(
        databases().await,
        Vec::<String>::new(),
        "nothing is stored until a folder is remembered"
    );
    let folder = trail_folder("stored-trail").await;
    folder_store::remember(&folder).await.expect("remembered");
    assert_eq!(databases().await, ["trailscope"]);
    folder_store::forget().await.expect("forgotten");
}

#[wasm_bindgen_test]
async fn open_and_remember_loads_the_picked_folder_then_reopen_loads_it_again_and_forget_forgets_it() {
    folder_store::forget().await.expect("forgotten");
    let folder = trail_folder("picked-trail").await;
    let _picker = Picker::returning(&folder);
    let (root, files, notices) = mount(false);
    settle().await;
    assert!(
        root.query_selector("[data-testid=reopen]").unwrap().is_none(),
        "nothing remembered yet"
    );

    click(&one(&root, "[data-testid=open-remember]"));
    until(|| files.borrow().len() == 1).await;
    assert_eq!(paths_and_sizes(&files.borrow()[0]), expected("picked-trail"));
    assert_eq!(
        folder_store::recall().await.expect("read").map(|f| f.name()),
        Some("picked-trail".to_string())
    );
    until(|| root.query_selector("[data-testid=reopen]").unwrap().is_some()).await;
    assert_eq!(texts(&root, "[data-testid=reopen]"), ["Reopen picked-trail"]);

    click(&one(&root, "[data-testid=reopen]"));
    until(|| files.borrow().len() == 2).await;
    assert_eq!(paths_and_sizes(&files.borrow()[1]), expected("picked-trail"));

    click(&one(&root, "[data-testid=forget-folder]"));
    until(|| root.query_selector("[data-testid=reopen]").unwrap().is_none()).await;
    assert!(folder_store::recall().await.expect("read").is_none());
    assert_eq!(*notices.borrow(), Vec::<String>::new());
}

#[wasm_bindgen_test]
async fn a_folder_remembered_earlier_is_offered_when_the_drop_zone_appears() {
    let folder = trail_folder("earlier-trail").await;
    folder_store::remember(&folder).await.expect("remembered");
    let (root, files, _) = mount(false);
    until(|| root.query_selector("[data-testid=reopen]").unwrap().is_some()).await;
    assert_eq!(texts(&root, "[data-testid=reopen]"), ["Reopen earlier-trail"]);
    assert_eq!(texts(&root, "[data-testid=forget-folder]"), ["Forget it"]);
    click(&one(&root, "[data-testid=reopen]"));
    until(|| files.borrow().len() == 1).await;
    assert_eq!(paths_and_sizes(&files.borrow()[0]), expected("earlier-trail"));
    folder_store::forget().await.expect("forgotten");
}

#[wasm_bindgen_test]
async fn without_a_folder_picker_only_the_usual_buttons_show() {
    folder_store::forget().await.expect("forgotten");
    let _picker = Picker::missing();
    let (root, _, _) = mount(false);
    settle().await;
    assert!(root.query_selector("[data-testid=open-remember]").unwrap().is_none());
    assert!(root.query_selector("[data-testid=reopen]").unwrap().is_none());
    assert!(!texts(&root, "button").is_empty(), "the drop zone is drawn");
}

#[wasm_bindgen_test]
async fn the_drop_zone_says_when_a_filter_came_back_without_its_data() {
    let (restored, _, _) = mount(true);
    settle().await;
    assert_eq!(
        texts(&restored, "[role=status]"),
        ["Filter restored from the link: drop the same files again to see it."]
    );
    let (plain, _, _) = mount(false);
    settle().await;
    assert!(plain.query_selector("[data-testid=restored-status]").unwrap().is_none());
}
