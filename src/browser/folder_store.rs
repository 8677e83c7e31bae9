//! The one folder a person asked the app to remember, kept in this origin's IndexedDB so that it
//! can be reopened after a reload. What is kept is the browser's `FileSystemDirectoryHandle`, a
//! local reference that the browser alone can resolve: no name, path or byte of the folder is
//! written anywhere, and nothing leaves the machine.

use super::describe;
use js_sys::{Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{FileSystemDirectoryHandle, IdbDatabase, IdbObjectStore, IdbRequest, IdbTransaction, IdbTransactionMode};

const DATABASE: &str = "trailscope";
const STORE: &str = "folders";
/// The store holds one folder at most, under this key.
const KEY: &str = "remembered";

/// Remembers `folder` in place of any folder remembered before.
pub async fn remember(folder: &FileSystemDirectoryHandle) -> Result<(), String> {
    in_store(IdbTransactionMode::Readwrite, |store| {
        store.put_with_key(folder, &KEY.into())
    })
    .await?;
    Ok(())
}

/// The folder remembered, if any.
pub async fn recall() -> Result<Option<FileSystemDirectoryHandle>, String> {
    let found = in_store(IdbTransactionMode::Readonly, |store| store.get(&KEY.into())).await?;
    Ok(found.dyn_into::<FileSystemDirectoryHandle>().ok())
}

/// Forgets the folder remembered; nothing is remembered afterwards.
pub async fn forget() -> Result<(), String> {
    in_store(IdbTransactionMode::Readwrite, |store| store.delete(&KEY.into())).await?;
    Ok(())
}

/// Runs one request on the store and returns its result once its transaction has committed (so
/// that a reload right after sees it).
async fn in_store(
    mode: IdbTransactionMode,
    request: impl FnOnce(&IdbObjectStore) -> Result<IdbRequest, JsValue>,
) -> Result<JsValue, String> {
    let database = open().await?;
    let result = async {
        let transaction = database
            .transaction_with_str_and_mode(STORE, mode)
            .map_err(|e| describe(&e))?;
        let store = transaction.object_store(STORE).map_err(|e| describe(&e))?;
        let request = request(&store).map_err(|e| describe(&e))?;
        committed(&transaction).await?;
        request.result().map_err(|e| describe(&e))
    }
    .await;
    database.close();
    result
}

/// Opens the database, creating its store the first time.
async fn open() -> Result<IdbDatabase, String> {
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or("this browser does not offer IndexedDB here")?;
    let opening = factory.open_with_u32(DATABASE, 1).map_err(|e| describe(&e))?;
    let upgrade = {
        let opening = opening.clone();
        Closure::<dyn Fn()>::new(move || {
            if let Ok(database) = opening.result().and_then(|d| d.dyn_into::<IdbDatabase>()) {
                // Creating the store can only fail if it exists, which it cannot on version 1.
                let _ = database.create_object_store(STORE);
            }
        })
    };
    opening.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let opened = done(&opening).await;
    opening.set_onupgradeneeded(None);
    opened?
        .dyn_into::<IdbDatabase>()
        .map_err(|_| "IndexedDB did not open".to_string())
}

/// The result of a request once it succeeds, or its error.
async fn done(request: &IdbRequest) -> Result<JsValue, String> {
    let settled = Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    let outcome = JsFuture::from(settled).await;
    request.set_onsuccess(None);
    request.set_onerror(None);
    match outcome {
        Ok(_) => request.result().map_err(|e| describe(&e)),
        Err(_) => Err(error_of(request)),
    }
}

/// Waits until a transaction has committed, or says why it did not.
async fn committed(transaction: &IdbTransaction) -> Result<(), String> {
    let settled = Promise::new(&mut |resolve, reject| {
        transaction.set_oncomplete(Some(&resolve));
        transaction.set_onerror(Some(&reject));
        transaction.set_onabort(Some(&reject));
    });
    let outcome = JsFuture::from(settled).await;
    transaction.set_oncomplete(None);
    transaction.set_onerror(None);
    transaction.set_onabort(None);
    outcome.map(|_| ()).map_err(|_| error_of(transaction))
}

/// The `error` a failed request or transaction holds, described.
fn error_of(target: &JsValue) -> String {
    match Reflect::get(target, &"error".into()) {
        Ok(error) if !error.is_null() && !error.is_undefined() => describe(&error),
        _ => "IndexedDB failed".to_string(),
    }
}
