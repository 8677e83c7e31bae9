//! A drop held unread until the user has chosen what to read of it. Its files' S3 keys alone
//! say which accounts, regions and days it holds (a [`Catalog`]); when it is large (or the user
//! always wants to choose) the page shows them, and only the files the [`Choice`] keeps are read.

use super::source::FileSource;
use crate::protocol::Choose;
use trailscope_core::catalog::choice::Choice;
use trailscope_core::catalog::Catalog;

/// A file held unread.
struct StagedFile<H> {
    origin: u32,
    path: String,
    size: u64,
    handle: H,
}

/// The files of a load that waits for a choice.
pub struct Staging<H> {
    files: Vec<StagedFile<H>>,
    choose: Choose,
    /// More parts of the drop are on their way.
    more: bool,
    /// The user cancelled before the last part came: nothing is to be read.
    cancelled: bool,
}

impl<H> Staging<H> {
    /// An empty staging that asks for a choice as `choose` says.
    pub fn new(choose: Choose) -> Self {
        Staging {
            files: Vec::new(),
            choose,
            more: true,
            cancelled: false,
        }
    }

    /// Cancels the drop: once its last part is here, none of it is read.
    pub fn cancel(&mut self) {
        self.cancelled = true;
    }

    /// Whether it was cancelled.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled
    }

    /// Holds files given as (origin, path, handle); `more` says whether others follow.
    pub fn add<S: FileSource<Handle = H>>(&mut self, source: &S, files: Vec<(u32, String, H)>, more: bool) {
        self.files
            .extend(files.into_iter().map(|(origin, path, handle)| StagedFile {
                origin,
                path,
                size: source.size(&handle),
                handle,
            }));
        self.more = more;
    }

    /// Whether every part of the drop is here.
    pub fn is_complete(&self) -> bool {
        !self.more
    }

    /// What the held files' keys say.
    pub fn catalog(&self) -> Catalog {
        Catalog::of(self.files.iter().map(|f| (f.path.as_str(), f.size)))
    }

    /// Whether the user is asked to choose from `catalog` (else everything is read at once).
    pub fn asks(&self, catalog: &Catalog) -> bool {
        let events = || catalog.total(|_| true).events + catalog.keyless.events;
        !catalog.is_empty()
            && match self.choose {
                Choose::Never => false,
                Choose::AboveEvents(limit) => events() > limit,
                Choose::Always => true,
            }
    }

    /// The files to read as (origin, path, handle): those `choice` keeps, none for `None`.
    pub fn into_files(self, choice: Option<&Choice>) -> Vec<(u32, String, H)> {
        self.files
            .into_iter()
            .filter(|f| choice.is_some_and(|c| c.keeps(&f.path)))
            .map(|f| (f.origin, f.path, f.handle))
            .collect()
    }
}
