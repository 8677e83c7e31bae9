//! The owner worker's wasm heap, replayed natively: a corpus read and folded as the worker does
//! (`shared/batches.rs`), merged and its findings computed, under dlmalloc (the allocator of
//! Rust's wasm32 std) over a heap that only grows, as `memory.grow` does. It prints the heap's
//! size, the part of it ever written (what a machine backs, and all a browser's tab pays for)
//! and the bytes held after reading, after the merge and after the findings: a wasm heap never
//! shrinks, so its size is the load's peak plus the free space too scattered to reuse, and a
//! browser run measures it within tens of MB of noise while this prints it exactly. Pointers
//! are 8 bytes here against wasm32's 4, so the bytes held run a little above the browser's.
//!
//! `cargo run --release -p trailscope-core --example wasm_heap -- bench/out/corpus-1000000`

#[path = "shared/batches.rs"]
mod batches;
#[path = "shared/corpus.rs"]
mod corpus;

use dlmalloc::{Allocator, Dlmalloc};
use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use trailscope_core::Dataset;

/// A wasm page.
const PAGE: usize = 64 << 10;
/// The address space reserved for the heap (only what is touched is ever backed): 16 GiB, on
/// the 64-bit machines this replay is for.
const RESERVED: usize = (16u64 << 30) as usize;

/// Where the reserved space starts (0 until the first growth).
static BASE: AtomicUsize = AtomicUsize::new(0);
/// The heap's size: how far it has grown.
static GROWN: AtomicUsize = AtomicUsize::new(0);
/// Bytes allocated and not yet freed.
static HELD: AtomicUsize = AtomicUsize::new(0);

/// `memory.grow`: whole pages at the top of one space, never given back.
struct GrowOnly;

unsafe impl Allocator for GrowOnly {
    fn alloc(&self, size: usize) -> (*mut u8, usize, u32) {
        if BASE.load(Ordering::Relaxed) == 0 {
            // Aligned by hand: `System` zeroes a block aligned past 16 bytes by writing it, which
            // would back every page, where `calloc` leaves fresh pages untouched.
            let layout = Layout::from_size_align(RESERVED + PAGE, 16).expect("a layout");
            let block = unsafe { System.alloc_zeroed(layout) } as usize;
            BASE.store(block.next_multiple_of(PAGE), Ordering::Relaxed);
        }
        let size = size.div_ceil(PAGE) * PAGE;
        let at = GROWN.fetch_add(size, Ordering::Relaxed);
        if at + size > RESERVED {
            return (std::ptr::null_mut(), 0, 0);
        }
        ((BASE.load(Ordering::Relaxed) + at) as *mut u8, size, 0)
    }

    fn remap(&self, _: *mut u8, _: usize, _: usize, _: bool) -> *mut u8 {
        std::ptr::null_mut()
    }

    fn free_part(&self, _: *mut u8, _: usize, _: usize) -> bool {
        false
    }

    fn free(&self, _: *mut u8, _: usize) -> bool {
        false
    }

    fn can_release_part(&self, _: u32) -> bool {
        false
    }

    fn allocates_zeros(&self) -> bool {
        true
    }

    fn page_size(&self) -> usize {
        PAGE
    }
}

/// dlmalloc over [`GrowOnly`], counting the bytes held.
struct WasmHeap(Mutex<Dlmalloc<GrowOnly>>);

unsafe impl GlobalAlloc for WasmHeap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        HELD.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { self.0.lock().expect("the heap").malloc(layout.size(), layout.align()) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe {
            self.0
                .lock()
                .expect("the heap")
                .free(ptr, layout.size(), layout.align())
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        HELD.fetch_add(new_size, Ordering::Relaxed);
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
        let mut heap = self.0.lock().expect("the heap");
        unsafe { heap.realloc(ptr, layout.size(), layout.align(), new_size) }
    }
}

#[global_allocator]
static HEAP: WasmHeap = WasmHeap(Mutex::new(Dlmalloc::new_with_allocator(GrowOnly)));

/// Bytes of the heap the machine backs: the pages ever written (a page reserved and never
/// touched is not, in a wasm heap as here), from the kernel's account of the heap's mapping.
fn resident() -> usize {
    let base = BASE.load(Ordering::Relaxed);
    let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap_or_default();
    let mut lines = smaps.lines();
    while let Some(line) = lines.next() {
        let range = line.split(' ').next().unwrap_or("");
        let Some((from, to)) = range.split_once('-') else {
            continue;
        };
        let (Ok(from), Ok(to)) = (usize::from_str_radix(from, 16), usize::from_str_radix(to, 16)) else {
            continue;
        };
        if (from..to).contains(&base) {
            let rss = lines.find_map(|l| l.strip_prefix("Rss:"));
            let kb = rss.and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<usize>().ok());
            return kb.unwrap_or(0) * 1024;
        }
    }
    0
}

/// Prints the heap's size, the part of it backed and the bytes held, in MB and bytes an event.
fn report(at: &str, events: usize) {
    let (heap, held) = (GROWN.load(Ordering::Relaxed), HELD.load(Ordering::Relaxed));
    let per_event = |bytes: usize| bytes as f64 / events.max(1) as f64;
    let backed = resident();
    println!(
        "{at:<22} heap {:>7.1} MB ({:>5.1} B/event), backed {:>7.1} MB ({:>5.1}), held {:>7.1} MB ({:>5.1} B/event)",
        heap as f64 / 1e6,
        per_event(heap),
        backed as f64 / 1e6,
        per_event(backed),
        held as f64 / 1e6,
        per_event(held)
    );
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "bench/out/corpus-1000000".into());
    let files = corpus::files_under(Path::new(&dir));
    let (read, batches) = batches::read_folded(&files);
    let events = read.rows.columns.len();
    println!("{dir}: {} files, {events} rows read in {batches} batches", files.len());
    report("read, folded", events);
    let data = Dataset::from_batches([read]);
    report("merged", events);
    let findings = data.findings().list().count();
    report(&format!("findings ({findings})"), events);
}
