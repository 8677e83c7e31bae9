//! The app's entry point: `static/boot.js` initialises this wasm module and wasm-bindgen runs
//! `main`, which renders the UI into the page's body.

fn main() {
    trailscope_app::browser::panic::install_for_page();
    yew::Renderer::<trailscope_app::app::App>::new().render();
}
