//! Preferences kept across reloads in `localStorage`. Storage may be missing or refused (a
//! private window, a full quota, a sandboxed frame): reads then give nothing and writes are
//! dropped, since a preference is a convenience the page works without.

/// The value stored under `key`, if storage can be read and holds one.
pub fn read(key: &str) -> Option<String> {
    web_sys::window()?.local_storage().ok()??.get_item(key).ok()?
}

/// Stores `value` under `key`, when storage can be written.
pub fn write(key: &str, value: &str) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        // A refused write (quota, privacy settings) only loses the preference.
        let _ = storage.set_item(key, value);
    }
}
