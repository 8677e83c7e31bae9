//! The worker's allocator counts what the heap holds: a block allocated is counted until it is
//! freed, so that a load can stop before the worker's memory is full (wasm32's linear memory
//! never shrinks, so its size could not tell).

use trailscope_app::browser::held_memory::{held_bytes, CountingAllocator};
use wasm_bindgen_test::wasm_bindgen_test;

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

#[wasm_bindgen_test(unsupported = test)]
fn a_block_is_counted_while_it_is_held_and_resized() {
    const MIB: u64 = 1 << 20;
    let before = held_bytes();
    let mut block = vec![1u8; 8 << 20];
    let holding = held_bytes();
    assert!(holding >= before + 8 * MIB, "{before} then {holding}");
    block.resize(24 << 20, 2);
    let grown = held_bytes();
    assert!(grown >= holding + 16 * MIB, "{holding} then {grown}");
    assert_eq!(block[(24 << 20) - 1], 2);
    drop(block);
    let after = held_bytes();
    assert!(after + 20 * MIB < grown, "{grown} then {after}");
}
