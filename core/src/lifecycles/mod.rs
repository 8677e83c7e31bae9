//! Asynchronous jobs (a Transcribe transcription, a Textract analysis, an Athena query, …) whose
//! start call and status checks are separate events: each is linked into one row with its start,
//! checks, duration and outcome. Which calls belong to which job is data ([`table::JOBS`]); the
//! loader reads the job key and status of only those calls ([`extract`]), and [`link()`] joins them.

pub mod extract;
pub mod link;
pub mod table;

pub use extract::JobEvent;
pub use link::{link, Lifecycle, Linked, Outcome};
pub use table::{JobKind, Role, JOBS};
