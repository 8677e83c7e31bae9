//! The files of a corpus folder, for the examples that load one.

use std::path::{Path, PathBuf};

/// Every file below `dir`, in path order.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("a readable folder")
        .map(|e| e.expect("an entry").path())
        .collect();
    entries.sort();
    entries
        .into_iter()
        .flat_map(|path| if path.is_dir() { files_under(&path) } else { vec![path] })
        .collect()
}
