//! The work that the threads share: each thread takes the next item, and an item may add more
//! (a zip archive read in parts adds its entries), so a thread finding the queue empty waits
//! while others are still busy with items that may add some.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard};

/// Items still to do, and how many threads are busy with one.
pub struct Queue<W> {
    state: Mutex<State<W>>,
    changed: Condvar,
}

struct State<W> {
    items: VecDeque<W>,
    busy: usize,
}

impl<W> Queue<W> {
    fn new(items: impl IntoIterator<Item = W>) -> Self {
        Queue {
            state: Mutex::new(State {
                items: items.into_iter().collect(),
                busy: 0,
            }),
            changed: Condvar::new(),
        }
    }

    /// Adds items to do before those waiting, so that an archive's entries are read while its
    /// file is open.
    pub fn push_front(&self, items: impl DoubleEndedIterator<Item = W>) {
        let mut state = self.lock();
        for item in items.rev() {
            state.items.push_front(item);
        }
        self.changed.notify_all();
    }

    /// The next item, once there is one; `None` when none is left and no thread may add more.
    fn take(&self) -> Option<W> {
        let mut state = self.lock();
        loop {
            if let Some(item) = state.items.pop_front() {
                state.busy += 1;
                return Some(item);
            }
            if state.busy == 0 {
                return None;
            }
            state = self
                .changed
                .wait(state)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
    }
}

/// An item being done: marked done when dropped, even by a panic, so that no thread waits on it.
struct Busy<'q, W>(&'q Queue<W>);

impl<W> Drop for Busy<'_, W> {
    fn drop(&mut self) {
        self.0.lock().busy -= 1;
        self.0.changed.notify_all();
    }
}

impl<W> Queue<W> {
    fn lock(&self) -> MutexGuard<'_, State<W>> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Runs `each(state, item, queue)` for every item of `work`, and every item added to the queue
/// on the way, on `threads` threads, each taking the next item into its own state (made by
/// `new`); returns the threads' states.
pub fn on_threads<W: Send, T: Send>(
    work: impl IntoIterator<Item = W>,
    threads: usize,
    new: impl Fn() -> T + Sync,
    each: impl Fn(&mut T, W, &Queue<W>) + Sync,
) -> Vec<T> {
    let queue = Queue::new(work);
    let states = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| {
                let mut state = new();
                while let Some(item) = queue.take() {
                    let _busy = Busy(&queue);
                    each(&mut state, item, &queue);
                }
                if let Ok(mut all) = states.lock() {
                    all.push(state);
                }
            });
        }
    });
    states.into_inner().unwrap_or_default()
}
