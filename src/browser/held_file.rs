//! The files the worker keeps for re-reading (a search in every field, an event's JSON), held as
//! ranges of a few joined `Blob`s instead of one `File` each: Chromium's browser process keeps
//! about 8 KB for each live `File` (its blob's registration), 1.3 KB a file once 1,024 of them
//! are joined into one `Blob` and the `File`s are let go (decision 0046).

use super::describe;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::Blob;

/// Most files joined into one `Blob`: a slice of a joined blob walks its parts, so a join of a
/// whole 34,000-file drop would make each re-read slow.
pub const JOINED_FILES: usize = 1024;

/// Files received together, until they are joined, and then their one `Blob`.
enum Group {
    Open(Vec<Blob>),
    Joined(Blob),
}

/// One file the worker holds: its group and where its bytes are in it.
#[derive(Clone)]
pub struct HeldFile {
    group: Rc<RefCell<Group>>,
    index: usize,
    start: f64,
    size: f64,
}

impl HeldFile {
    /// `blob` held alone (a helper's file, sent for one job).
    pub fn whole(blob: Blob) -> HeldFile {
        let size = blob.size();
        HeldFile {
            group: Rc::new(RefCell::new(Group::Joined(blob))),
            index: 0,
            start: 0.0,
            size,
        }
    }

    /// The file's size in bytes.
    pub fn size(&self) -> f64 {
        self.size
    }

    /// The file's bytes as a `Blob` of their own: the `File` itself until its group is joined,
    /// then a slice of the joined `Blob`.
    pub fn blob(&self) -> Result<Blob, String> {
        self.range(self.start + self.size)
    }

    fn is_joined(&self) -> bool {
        matches!(&*self.group.borrow(), Group::Joined(_))
    }

    /// This file's bytes and those after it in its joined group, up to `end` (in the group): the
    /// `File` alone while the group is open.
    fn range(&self, end: f64) -> Result<Blob, String> {
        match &*self.group.borrow() {
            Group::Open(files) => Ok(files[self.index].clone()),
            Group::Joined(joined) if self.start == 0.0 && end == joined.size() => Ok(joined.clone()),
            Group::Joined(joined) => joined.slice_with_f64_and_f64(self.start, end).map_err(|e| describe(&e)),
        }
    }
}

/// The `Blob`s to read `files` (in order) as one: files that follow each other in one joined
/// `Blob` are one slice of it, so that a group read of 24 files asks the browser for one slice.
pub fn blobs_of(files: &[&HeldFile]) -> Result<js_sys::Array, String> {
    let parts = js_sys::Array::new();
    let mut run: Option<(&HeldFile, f64)> = None;
    for &file in files {
        match &mut run {
            Some((first, end)) if Rc::ptr_eq(&first.group, &file.group) && *end == file.start && file.is_joined() => {
                *end += file.size
            }
            _ => {
                if let Some((first, end)) = run.replace((file, file.start + file.size)) {
                    parts.push(&first.range(end)?.into());
                }
            }
        }
    }
    if let Some((first, end)) = run {
        parts.push(&first.range(end)?.into());
    }
    Ok(parts)
}

/// Joins the files the worker is sent, [`JOINED_FILES`] at a time, and the last ones of a load
/// when it says so.
#[derive(Default)]
pub struct Holder {
    open: Option<OpenGroup>,
}

/// The group files are being added to: how many it has and where its bytes end.
struct OpenGroup {
    group: Rc<RefCell<Group>>,
    count: usize,
    end: f64,
}

impl Default for OpenGroup {
    fn default() -> Self {
        OpenGroup {
            group: Rc::new(RefCell::new(Group::Open(Vec::new()))),
            count: 0,
            end: 0.0,
        }
    }
}

impl Holder {
    /// `files` as the worker holds them, in their order.
    pub fn hold(&mut self, files: Vec<Blob>) -> Vec<HeldFile> {
        let mut held = Vec::with_capacity(files.len());
        for file in files {
            let open = self.open.get_or_insert_with(OpenGroup::default);
            let size = file.size();
            if let Group::Open(files) = &mut *open.group.borrow_mut() {
                files.push(file);
            }
            held.push(HeldFile {
                group: open.group.clone(),
                index: open.count,
                start: open.end,
                size,
            });
            open.count += 1;
            open.end += size;
            if open.count == JOINED_FILES {
                self.join();
            }
        }
        held
    }

    /// Joins the files held since the last join into one `Blob`, letting their `File`s go. A
    /// group whose join fails keeps its `File`s.
    pub fn join(&mut self) {
        let Some(open) = self.open.take() else { return };
        let mut group = open.group.borrow_mut();
        let Group::Open(files) = &*group else { return };
        let parts: js_sys::Array = files.iter().collect();
        if let Ok(joined) = Blob::new_with_blob_sequence(&parts) {
            *group = Group::Joined(joined);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;
    use web_sys::File;

    fn file(text: &str) -> Blob {
        let parts: js_sys::Array = std::iter::once(js_sys::Uint8Array::from(text.as_bytes())).collect();
        File::new_with_u8_array_sequence(&parts, "f.json")
            .expect("a file")
            .into()
    }

    async fn read(blob: Blob) -> String {
        let bytes = wasm_bindgen_futures::JsFuture::from(blob.array_buffer())
            .await
            .expect("read");
        String::from_utf8(js_sys::Uint8Array::new(&bytes).to_vec()).expect("utf-8")
    }

    async fn text(held: &HeldFile) -> String {
        read(held.blob().expect("a blob")).await
    }

    /// What `files` read as one `Blob` of [`blobs_of`], and in how many parts.
    async fn read_together(files: &[&HeldFile]) -> (String, u32) {
        let parts = blobs_of(files).expect("parts");
        (
            read(Blob::new_with_blob_sequence(&parts).expect("a blob")).await,
            parts.length(),
        )
    }

    #[wasm_bindgen_test]
    async fn each_file_reads_its_own_bytes_before_and_after_its_group_is_joined() {
        let texts: Vec<String> = (0..JOINED_FILES + 3).map(|i| format!("{{\"file\":{i}}}")).collect();
        let mut holder = Holder::default();
        let held = holder.hold(texts.iter().map(|t| file(t)).collect());
        // The first 1,024 are joined; the last three are still their own files.
        assert!(matches!(&*held[0].group.borrow(), Group::Joined(_)));
        assert!(matches!(&*held[JOINED_FILES].group.borrow(), Group::Open(files) if files.len() == 3));
        for i in [0, 1, 517, JOINED_FILES - 1, JOINED_FILES, JOINED_FILES + 2] {
            assert_eq!(text(&held[i]).await, texts[i]);
        }
        // Files that follow each other in a joined group are one slice; open ones one part each.
        let picks = [
            &held[3],
            &held[4],
            &held[5],
            &held[9],
            &held[JOINED_FILES - 1],
            &held[JOINED_FILES],
            &held[JOINED_FILES + 1],
        ];
        let expected: String = [3, 4, 5, 9, JOINED_FILES - 1, JOINED_FILES, JOINED_FILES + 1]
            .map(|i| texts[i].as_str())
            .concat();
        assert_eq!(read_together(&picks).await, (expected, 5));
        holder.join();
        assert!(matches!(&*held[JOINED_FILES + 2].group.borrow(), Group::Joined(_)));
        let (all_of_the_last, parts) =
            read_together(&[&held[JOINED_FILES], &held[JOINED_FILES + 1], &held[JOINED_FILES + 2]]).await;
        assert_eq!(
            (all_of_the_last.as_str(), parts),
            (texts[JOINED_FILES..].concat().as_str(), 1)
        );
        for i in [JOINED_FILES, JOINED_FILES + 1, JOINED_FILES + 2] {
            assert_eq!(text(&held[i]).await, texts[i]);
            assert_eq!(held[i].size(), texts[i].len() as f64);
        }
    }
}
