//! A memory budget for tests: a global allocator that counts the heap in use, remembers its peak
//! and refuses any allocation past a limit, so that a test can assert how much memory a hostile
//! input costs, and a regression fails the test instead of taking the machine's memory.
//!
//! A test binary opts in with
//! `#[global_allocator] static HEAP: common::budget::Budget = common::budget::Budget;`
//! and wraps the work it measures in [`measure`]. A refused allocation makes Rust abort the test
//! binary ("memory allocation of N bytes failed"), which fails the run as loudly as a panic. The
//! counters are the whole binary's, so such a binary holds only measured tests, each holding
//! [`alone`] from its start.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

/// Bytes allocated and not yet freed.
static CURRENT: AtomicUsize = AtomicUsize::new(0);
/// Highest `CURRENT` since the last [`measure`] began.
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// Largest `CURRENT` allowed; allocations past it fail.
static LIMIT: AtomicUsize = AtomicUsize::new(usize::MAX);
/// One measurement at a time: the counters are global to the test binary.
static MEASURING: Mutex<()> = Mutex::new(());
/// One measured test at a time, so that no test builds its inputs while another measures.
static TESTING: Mutex<()> = Mutex::new(());

/// The counting allocator (the system's, with the counters around it).
pub struct Budget;

unsafe impl GlobalAlloc for Budget {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !reserve(layout.size()) {
            return std::ptr::null_mut();
        }
        let ptr = unsafe { System.alloc(layout) };
        if ptr.is_null() {
            CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let old = layout.size();
        if new_size > old && !reserve(new_size - old) {
            return std::ptr::null_mut();
        }
        let moved = unsafe { System.realloc(ptr, layout, new_size) };
        match (moved.is_null(), new_size > old) {
            (true, true) => {
                CURRENT.fetch_sub(new_size - old, Ordering::Relaxed);
            }
            (false, false) => {
                CURRENT.fetch_sub(old - new_size, Ordering::Relaxed);
            }
            _ => {}
        }
        moved
    }
}

/// Counts `bytes` more in use unless that passes the limit.
fn reserve(bytes: usize) -> bool {
    let limit = LIMIT.load(Ordering::Relaxed);
    let mut current = CURRENT.load(Ordering::Relaxed);
    loop {
        let Some(next) = current.checked_add(bytes).filter(|&n| n <= limit) else {
            return false;
        };
        match CURRENT.compare_exchange_weak(current, next, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => {
                PEAK.fetch_max(next, Ordering::Relaxed);
                return true;
            }
            Err(seen) => current = seen,
        }
    }
}

/// Bytes allocated and not yet freed, now.
pub fn in_use() -> usize {
    CURRENT.load(Ordering::Relaxed)
}

/// Held by a measured test from its start: the test binary runs its tests on several threads.
pub fn alone() -> MutexGuard<'static, ()> {
    TESTING.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs `work` allowed at most `limit` bytes more than were in use when it began, and returns
/// its result with the most it used at once beyond that.
pub fn measure<T>(limit: usize, work: impl FnOnce() -> T) -> (T, usize) {
    let _one_at_a_time = MEASURING.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    LIMIT.store(base.saturating_add(limit), Ordering::Relaxed);
    let result = work();
    LIMIT.store(usize::MAX, Ordering::Relaxed);
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(base);
    (result, peak)
}
