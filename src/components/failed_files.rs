//! The files (or lines) that could not be loaded, each with its reason.

use crate::app::format::thousands;
use std::rc::Rc;
use trailscope_core::Failure;
use yew::prelude::*;

/// Failures listed one by one; past this many the rest are counted.
pub const MAX_LISTED: usize = 1000;
/// Up to this many failures the list starts open.
const OPEN_UP_TO: usize = 10;

/// The failures to list.
#[derive(Properties)]
pub struct FailedFilesProps {
    /// Every failure, sorted by path.
    pub failures: Rc<Vec<Failure>>,
    /// Whether they are the bundled sample's, which holds an unreadable file on purpose: shown
    /// as an example rather than as an error on a first look.
    pub sample: bool,
}

impl PartialEq for FailedFilesProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.failures, &other.failures) && self.sample == other.sample
    }
}

/// "N files could not be read", or "N problems in M files" when some file failed in parts.
fn heading(failures: &[Failure]) -> String {
    let files = Failure::files_among(failures);
    let files_word = if files == 1 { "file" } else { "files" };
    match failures.len() {
        n if n == files => format!("{files} {files_word} could not be read"),
        n => format!("{} problems in {files} {files_word}", thousands(n as u64)),
    }
}

/// The failed-files list; nothing when every file loaded.
#[function_component]
pub fn FailedFiles(props: &FailedFilesProps) -> Html {
    let failures = &props.failures;
    if failures.is_empty() {
        return Html::default();
    }
    let more = failures.len().saturating_sub(MAX_LISTED);
    let example = props.sample.then_some("sample-example");
    html! {
        <section aria-label="Files that could not be read">
        <details class={classes!("failed-files", example)} open={!props.sample && failures.len() <= OPEN_UP_TO}>
            <summary>
                { heading(failures) }
                if props.sample {
                    {": the sample includes one on purpose, to show how a file that cannot be read is reported"}
                }
            </summary>
            <ul>
                { for failures.iter().take(MAX_LISTED).map(|f| html! {
                    <li data-testid="failed-file">
                        <span class="path">{f.path.clone()}</span>
                        <span class="reason">{f.error.clone()}</span>
                    </li>
                }) }
            </ul>
            if more > 0 {
                <p>{format!("…and {more} more.")}</p>
            }
        </details>
        </section>
    }
}
