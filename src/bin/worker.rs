//! The worker's entry point: Trunk's loader shim (`worker_loader.js`) initialises this wasm
//! module inside the module worker the UI starts, and wasm-bindgen then runs `main`.

use trailscope_app::browser::held_memory::CountingAllocator;

/// Counts what the heap holds, so that a load stops before the worker runs out of memory.
#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

fn main() {
    trailscope_app::browser::panic::install_for_worker();
    if let Err(message) = trailscope_app::browser::worker_runtime::run() {
        // Without a running worker there is nothing left to do; the panic is reported to the UI.
        panic!("the worker could not start: {message}");
    }
}
