//! Walking a dropped or picked folder, with many of the browser's file-system calls in flight at
//! once: the browser answers them one after another, and waiting for each answer before asking
//! again left it idle between them (a dropped folder of 11,000 files took 9 s to walk one entry at
//! a time, 5 s with 16 in flight).

use super::dropped_entries::{is_hidden, PickedFile};
use js_sys::{Array, Promise};
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::File;

/// The browser's calls in flight at once; more made no walk faster and let the answers arrive in
/// bursts that held the page for 100 ms and more.
const IN_FLIGHT: usize = 16;

/// What one entry of a folder turned out to be.
pub enum Found<H> {
    /// A file, to load.
    File(File),
    /// A folder, with what is in it, to walk next.
    Folder(Vec<H>),
}

/// Every file below `roots`, as `open` finds them: paths are the root's name and the names below
/// it joined by `/`, hidden files and folders are skipped, the files come sorted by path; and a
/// message per entry that could not be read.
pub async fn walk<H, Opened>(
    roots: Vec<H>,
    name: impl Fn(&H) -> String,
    open: impl Fn(H) -> Opened,
) -> (Vec<PickedFile>, Vec<String>)
where
    H: 'static,
    Opened: Future<Output = Result<Found<H>, String>> + 'static,
{
    let mut picked = Vec::new();
    let mut errors = Vec::new();
    let mut level: Vec<(String, H)> = roots.into_iter().map(|root| (name(&root), root)).collect();
    while !level.is_empty() {
        level.retain(|(path, _)| !is_hidden(path));
        let (paths, handles): (Vec<String>, Vec<H>) = std::mem::take(&mut level).into_iter().unzip();
        let opened = each_in_flight(handles, &open).await;
        for (path, found) in paths.into_iter().zip(opened) {
            match found {
                Ok(Found::File(file)) => picked.push(PickedFile { path, file }),
                Ok(Found::Folder(children)) => {
                    level.extend(
                        children
                            .into_iter()
                            .map(|child| (format!("{path}/{}", name(&child)), child)),
                    );
                }
                Err(error) => errors.push(format!("{path}: {error}")),
            }
        }
    }
    picked.sort_by(|a, b| a.path.cmp(&b.path));
    (picked, errors)
}

/// `work`'s answer for every item, in the items' order, with up to [`IN_FLIGHT`] of them running
/// at once.
async fn each_in_flight<T, R, Running>(items: Vec<T>, work: impl Fn(T) -> Running) -> Vec<R>
where
    R: 'static,
    Running: Future<Output = R> + 'static,
{
    let mut answers = Vec::with_capacity(items.len());
    let mut items = items.into_iter().peekable();
    while items.peek().is_some() {
        let slots: Rc<RefCell<Vec<Option<R>>>> = Rc::default();
        let running: Array = items
            .by_ref()
            .take(IN_FLIGHT)
            .enumerate()
            .map(|(slot, item)| {
                slots.borrow_mut().push(None);
                let (running, slots) = (work(item), slots.clone());
                future_to_promise(async move {
                    let answer = running.await;
                    slots.borrow_mut()[slot] = Some(answer);
                    Ok(JsValue::UNDEFINED)
                })
            })
            .collect();
        // None of these promises rejects: each resolves once its answer is in its slot.
        let _ = JsFuture::from(Promise::all(&running)).await;
        answers.extend(slots.borrow_mut().drain(..).flatten());
    }
    answers
}

#[cfg(test)]
mod tests {
    use super::{each_in_flight, IN_FLIGHT};
    use std::cell::Cell;
    use std::rc::Rc;
    use wasm_bindgen_futures::JsFuture;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// Resolves after `ms` milliseconds.
    async fn sleep(ms: i32) {
        let later = js_sys::Promise::new(&mut |resolve, _| {
            let window = web_sys::window().expect("a window");
            window
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
                .expect("a timer");
        });
        JsFuture::from(later).await.expect("the timer fires");
    }

    #[wasm_bindgen_test]
    async fn answers_keep_the_items_order_with_at_most_in_flight_running() {
        let running = Rc::new(Cell::new(0usize));
        let most = Rc::new(Cell::new(0usize));
        let items: Vec<i32> = (0..40).collect();
        let answers = each_in_flight(items, |item| {
            let (running, most) = (running.clone(), most.clone());
            async move {
                running.set(running.get() + 1);
                most.set(most.get().max(running.get()));
                // Later items finish first within each group.
                sleep(40 - item).await;
                running.set(running.get() - 1);
                item * 10
            }
        })
        .await;
        assert_eq!(answers, (0..40).map(|item| item * 10).collect::<Vec<_>>());
        assert_eq!(most.get(), IN_FLIGHT);
    }
}
