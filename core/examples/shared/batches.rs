//! A corpus read as the worker reads a load: largest files first, one batch per [`BATCH_BYTES`]
//! of files (as the browser's helpers read their jobs, each batch with dictionaries of its own),
//! each batch folded into one as it comes, its columns grown to the rows projected.

use std::path::PathBuf;
use trailscope_core::dataset::projected_rows;
use trailscope_core::ingest::{Ingest, IngestOptions};
use trailscope_core::Batch;

/// Compressed bytes read into one batch, as a helper's job (`worker::loading::JOB_BYTES`).
const BATCH_BYTES: u64 = 1 << 20;

/// Every file of `files` read and folded into one batch, largest first (the worker's queue
/// order), with the number of batches.
pub fn read_folded(files: &[PathBuf]) -> (Batch, usize) {
    let size = |f: &PathBuf| f.metadata().map_or(0, |m| m.len());
    let mut files = files.to_vec();
    files.sort_by_key(|f| std::cmp::Reverse(size(f)));
    let total: u64 = files.iter().map(size).sum();
    let mut read = Batch::default();
    let mut batches = 1;
    let mut ingest = Ingest::new(IngestOptions::default());
    let (mut in_batch, mut bytes_read) = (0, 0);
    let fold = |read: &mut Batch, batch: Batch, bytes_read: u64| {
        let rows = (read.rows.columns.len() + batch.rows.columns.len()) as u64;
        read.absorb(batch, projected_rows(rows, bytes_read, total));
    };
    for (origin, path) in files.iter().enumerate() {
        let bytes = std::fs::read(path).expect("a readable file");
        in_batch += bytes.len() as u64;
        bytes_read += bytes.len() as u64;
        ingest.add_bytes(origin as u32, &path.to_string_lossy(), &bytes);
        drop(bytes);
        if in_batch >= BATCH_BYTES {
            let batch = std::mem::replace(&mut ingest, Ingest::new(IngestOptions::default())).finish();
            fold(&mut read, batch, bytes_read);
            batches += 1;
            in_batch = 0;
        }
    }
    fold(&mut read, ingest.finish(), bytes_read);
    (read, batches)
}
