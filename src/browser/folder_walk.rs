//! Walking a dropped or picked folder, with many of the browser's file-system calls in flight at
//! once: the browser answers them one after another, and waiting for each answer before asking
//! again left it idle between them (a dropped folder of 11,000 files took 9 s to walk one entry at
//! a time, 5 s with 16 in flight).

use super::dropped_entries::{is_hidden, PickedFile};
use super::next_task::yield_if_task_over;
use js_sys::{Array, Promise};
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::File;

/// The browser's calls in flight at once; more made no walk faster and let the answers arrive in
/// bursts that held the page for 100 ms and more.
pub(super) const IN_FLIGHT: usize = 16;
/// How long a task of the walk may run: the answers of a level can all arrive at once.
pub(super) const TASK_MS: f64 = 10.0;

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
        let mut next = Vec::new();
        let mut unopened = level.into_iter().filter(|(path, _)| !is_hidden(path)).peekable();
        while unopened.peek().is_some() {
            let (paths, handles): (Vec<String>, Vec<H>) = unopened.by_ref().take(IN_FLIGHT).unzip();
            let opened = all_at_once(handles, &open).await;
            for (path, found) in paths.into_iter().zip(opened) {
                match found {
                    Ok(Found::File(file)) => picked.push(PickedFile::new(path, file)),
                    Ok(Found::Folder(children)) => {
                        // Each folder's entries in name order, so that the files come out
                        // nearly sorted and the final sort, in one task, has little to do.
                        let mut named: Vec<(String, H)> =
                            children.into_iter().map(|child| (name(&child), child)).collect();
                        named.sort_unstable_by(|a, b| a.0.cmp(&b.0));
                        next.extend(
                            named
                                .into_iter()
                                .map(|(child, handle)| (format!("{path}/{child}"), handle)),
                        );
                    }
                    Err(error) => errors.push(format!("{path}: {error}")),
                }
                // A folder's names cost a call to the browser each: thousands are a long task.
                yield_if_task_over(TASK_MS).await;
            }
        }
        level = next;
    }
    picked.sort_by(|a, b| a.path.cmp(&b.path));
    (picked, errors)
}

/// `work`'s answer for every item, in the items' order, all of them running at once.
pub(super) async fn all_at_once<T, R, Running>(items: Vec<T>, work: impl Fn(T) -> Running) -> Vec<R>
where
    R: 'static,
    Running: Future<Output = R> + 'static,
{
    let slots: Rc<RefCell<Vec<Option<R>>>> = Rc::new(RefCell::new(items.iter().map(|_| None).collect()));
    let running: Array = items
        .into_iter()
        .enumerate()
        .map(|(slot, item)| {
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
    let answers = slots.borrow_mut().drain(..).flatten().collect();
    answers
}

#[cfg(test)]
mod tests {
    use super::{walk, Found, IN_FLIGHT};
    use crate::browser::next_task::yield_to_browser;
    use std::cell::Cell;
    use std::rc::Rc;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// An entry of a made-up tree.
    enum Node {
        Folder(String, Vec<Node>),
        File(String),
        Locked(String),
    }

    fn name(node: &Node) -> String {
        match node {
            Node::Folder(name, _) | Node::File(name) | Node::Locked(name) => name.clone(),
        }
    }

    #[wasm_bindgen_test]
    async fn a_tree_gives_its_files_sorted_without_the_hidden_ones_and_each_failure_named() {
        // Three accounts of 20 files each, listed in reverse, beside a hidden file, a hidden
        // folder and an entry that cannot be opened.
        let accounts = ["333", "111", "222"].map(|account| {
            let files = (0..20).rev().map(|i| Node::File(format!("f{i:02}.json.gz"))).collect();
            Node::Folder(account.to_string(), files)
        });
        let mut logs: Vec<Node> = accounts.into_iter().collect();
        logs.push(Node::Locked("locked".into()));
        let tree = Node::Folder(
            "trail".into(),
            vec![
                Node::File(".DS_Store".into()),
                Node::Folder(".git".into(), vec![Node::File("config".into())]),
                Node::Folder("AWSLogs".into(), logs),
            ],
        );
        let running = Rc::new(Cell::new(0usize));
        let most = Rc::new(Cell::new(0usize));
        let (picked, errors) = walk(vec![tree], name, |node| {
            let (running, most) = (running.clone(), most.clone());
            async move {
                running.set(running.get() + 1);
                most.set(most.get().max(running.get()));
                yield_to_browser().await;
                running.set(running.get() - 1);
                match node {
                    Node::Folder(_, children) => Ok(Found::Folder(children)),
                    Node::File(name) => web_sys::File::new_with_str_sequence(&js_sys::Array::new(), &name)
                        .map(Found::File)
                        .map_err(|_| "no file".to_string()),
                    Node::Locked(_) => Err("permission denied".to_string()),
                }
            }
        })
        .await;
        let paths: Vec<&str> = picked.iter().map(|p| p.path.as_str()).collect();
        let expected: Vec<String> = ["111", "222", "333"]
            .iter()
            .flat_map(|account| (0..20).map(move |i| format!("trail/AWSLogs/{account}/f{i:02}.json.gz")))
            .collect();
        assert_eq!(paths, expected);
        assert_eq!(picked[0].file.name(), "f00.json.gz");
        assert_eq!(errors, vec!["trail/AWSLogs/locked: permission denied".to_string()]);
        assert_eq!(most.get(), IN_FLIGHT);
    }
}
