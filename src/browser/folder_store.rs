//! The one folder a person asked the app to remember, kept in this origin's IndexedDB so that it
//! can be reopened after a reload. What is kept is the browser's `FileSystemDirectoryHandle`, a
//! local reference that the browser alone can resolve: no name, path or byte of the folder is
//! written anywhere, and nothing leaves the machine.

use super::describe;
use js_sys::{Promise, Reflect};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    FileSystemDirectoryHandle, IdbDatabase, IdbFactory, IdbObjectStore, IdbRequest, IdbTransaction, IdbTransactionMode,
};

const DATABASE: &str = "trailscope";
const STORE: &str = "folders";
/// The store holds one folder at most, under this key.
const KEY: &str = "remembered";

/// Remembers `folder` in place of any folder remembered before.
pub async fn remember(folder: &FileSystemDirectoryHandle) -> Result<(), String> {
    let database = open(true).await?.ok_or("IndexedDB did not open")?;
    in_store(database, IdbTransactionMode::Readwrite, |store| {
        store.put_with_key(folder, &KEY.into())
    })
    .await?;
    Ok(())
}

/// The folder remembered, if any. Looking creates nothing: until a folder is remembered, the
/// app keeps no database at all.
pub async fn recall() -> Result<Option<FileSystemDirectoryHandle>, String> {
    let Some(database) = open(false).await? else {
        return Ok(None);
    };
    let found = in_store(database, IdbTransactionMode::Readonly, |store| store.get(&KEY.into())).await?;
    Ok(found.dyn_into::<FileSystemDirectoryHandle>().ok())
}

/// Forgets the folder remembered by deleting the database: nothing is left behind.
pub async fn forget() -> Result<(), String> {
    let deleting = factory()?.delete_database(DATABASE).map_err(|e| describe(&e))?;
    done(&deleting).await?;
    Ok(())
}

/// Runs one request on the store and returns its result once its transaction has committed (so
/// that a reload right after sees it), then closes the database.
async fn in_store(
    database: IdbDatabase,
    mode: IdbTransactionMode,
    request: impl FnOnce(&IdbObjectStore) -> Result<IdbRequest, JsValue>,
) -> Result<JsValue, String> {
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

fn factory() -> Result<IdbFactory, String> {
    web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or_else(|| "this browser does not offer IndexedDB here".to_string())
}

/// Opens the database; when it does not exist, creates it with its store if `create`, or else
/// gives `None` and leaves none behind (the creation is aborted).
async fn open(create: bool) -> Result<Option<IdbDatabase>, String> {
    let opening = factory()?.open_with_u32(DATABASE, 1).map_err(|e| describe(&e))?;
    let absent = Rc::new(Cell::new(false));
    let upgrade = {
        let (opening, absent) = (opening.clone(), absent.clone());
        Closure::<dyn Fn()>::new(move || {
            if !create {
                absent.set(true);
                if let Some(transaction) = opening.transaction() {
                    // Aborting the creation fails only if it already ended, which it cannot have.
                    let _ = transaction.abort();
                }
            } else if let Ok(database) = opening.result().and_then(|d| d.dyn_into::<IdbDatabase>()) {
                // Creating the store can only fail if it exists, which it cannot on version 1.
                let _ = database.create_object_store(STORE);
            }
        })
    };
    opening.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let opened = done(&opening).await;
    opening.set_onupgradeneeded(None);
    if absent.get() {
        return Ok(None);
    }
    let database = opened?.dyn_into::<IdbDatabase>();
    database.map(Some).map_err(|_| "IndexedDB did not open".to_string())
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
