//! The app's entry point: `static/boot.js` initialises this wasm module and wasm-bindgen runs
//! `main`, which renders the UI into the page's body.

fn main() {
    trailscope_app::browser::panic::install_for_page();
    // The page's "has not started" hint (for pages opened from disk) is no longer true.
    if let Some(hint) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot-wait"))
    {
        hint.remove();
    }
    trailscope_app::browser::local_store::open();
    yew::Renderer::<trailscope_app::app::App>::new().render();
}
