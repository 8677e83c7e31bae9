//! Reading files from disk on several threads: each thread pulls the next file, loads it into its
//! own batch, and the batches are merged into one store at the end.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use trailscope_core::{Batch, Dataset, Failure, FileError, Ingest, IngestOptions};

/// Every file below the paths, folders walked recursively in name order; unreadable paths are
/// returned as failures.
fn walk(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Failure>) {
    let mut files = Vec::new();
    let mut failures = Vec::new();
    let mut stack: Vec<PathBuf> = paths.iter().rev().cloned().collect();
    while let Some(path) = stack.pop() {
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => match std::fs::read_dir(&path) {
                Ok(entries) => {
                    let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
                    children.sort();
                    stack.extend(children.into_iter().rev());
                }
                Err(e) => failures.push(failure(&path, &e)),
            },
            Ok(_) => files.push(path),
            Err(e) => failures.push(failure(&path, &e)),
        }
    }
    (files, failures)
}

fn failure(path: &Path, error: &std::io::Error) -> Failure {
    Failure {
        path: path.display().to_string(),
        error: FileError::Unreadable(error.to_string()).to_string(),
    }
}

/// Loads every file below `paths` into one store, using `threads` threads.
pub fn load_paths(paths: &[PathBuf], options: IngestOptions, threads: usize) -> Dataset {
    let (files, walk_failures) = walk(paths);
    let next = AtomicUsize::new(0);
    let batches = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..threads.min(files.len()).max(1) {
            scope.spawn(|| {
                let mut ingest = Ingest::new(options);
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(index) else { break };
                    match std::fs::read(path) {
                        Ok(bytes) => ingest.add_bytes(index as u32, &path.display().to_string(), &bytes),
                        Err(e) => ingest.add_unreadable(&path.display().to_string(), e.to_string()),
                    }
                }
                let batch = ingest.finish();
                if let Ok(mut all) = batches.lock() {
                    all.push(batch);
                }
            });
        }
    });
    let mut batches = batches.into_inner().unwrap_or_default();
    batches.push(Batch {
        files_read: walk_failures.len() as u64,
        failures: walk_failures,
        ..Batch::default()
    });
    Dataset::from_batches(batches)
}
