//! Preferences kept across reloads in `localStorage`. Storage may be missing or refused (a
//! private window, a full quota, a sandboxed frame): reads then give nothing and writes are
//! dropped, since a preference is a convenience the page works without.

use web_sys::Storage;

thread_local! {
    /// The page's storage, opened once ([`open`]): the first use of `localStorage` waits on the
    /// browser process for every stored item, and at a load's end, when the event table first
    /// reads its columns, that process is busy with the files.
    static STORAGE: Option<Storage> = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
}

/// Opens the storage while the page starts, before any load.
pub fn open() {
    STORAGE.with(|_| ());
}

/// The value stored under `key`, if storage can be read and holds one.
pub fn read(key: &str) -> Option<String> {
    STORAGE.with(|storage| storage.as_ref()?.get_item(key).ok()?)
}

/// Stores `value` under `key`, when storage can be written.
pub fn write(key: &str, value: &str) {
    STORAGE.with(|storage| {
        if let Some(storage) = storage {
            // A refused write (quota, privacy settings) only loses the preference.
            let _ = storage.set_item(key, value);
        }
    });
}
