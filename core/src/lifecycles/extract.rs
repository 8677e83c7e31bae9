//! Reading one job call at load time: only events the table names get here, and of their own
//! JSON only `requestParameters` and `responseElements` are parsed again (the rest is skipped
//! unparsed), for the job key and status that the store's row does not keep.

use super::table::{Role, JOBS};
use crate::formats::parts::{request_and_response, text_at};
use crate::store::packed::PackedTexts;
use serde::{Deserialize, Serialize};

/// One call to an asynchronous job, self-contained so that batches can be merged and linked
/// without their dictionaries; its seven texts are one allocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobEvent {
    /// UTC ms of the call.
    pub time: i64,
    /// Index of its kind in [`JOBS`].
    pub kind: u16,
    /// What the call does to the job.
    pub role: Role,
    /// The operation, account, region, principal, key, status and error, in that order.
    texts: PackedTexts,
}

impl JobEvent {
    /// The folded operation name.
    pub fn operation(&self) -> &str {
        self.texts.get(0)
    }

    /// Account of the call.
    pub fn account(&self) -> &str {
        self.texts.get(1)
    }

    /// Region of the call.
    pub fn region(&self) -> &str {
        self.texts.get(2)
    }

    /// Who called.
    pub fn principal(&self) -> &str {
        self.texts.get(3)
    }

    /// The job key; empty only for a start that got no key (it failed, or its response is not
    /// logged).
    pub fn key(&self) -> &str {
        self.texts.get(4)
    }

    /// The job status the response reports, or empty.
    pub fn status(&self) -> &str {
        self.texts.get(5)
    }

    /// `errorCode`, or empty when the call succeeded.
    pub fn error(&self) -> &str {
        self.texts.get(6)
    }
}

/// The facts of a call that the loader already has from the row.
#[derive(Debug, Clone, Copy)]
pub struct Call<'a> {
    /// UTC ms.
    pub time: i64,
    /// Folded operation name.
    pub operation: &'a str,
    /// Account.
    pub account: &'a str,
    /// Region.
    pub region: &'a str,
    /// Principal.
    pub principal: &'a str,
    /// `errorCode`.
    pub error: &'a str,
}

/// The job call in `json`, for a call the table classified as `(kind, role)`; `None` when the
/// JSON does not parse or a call other than a start names no job.
pub fn job_event(json: &str, kind: u16, role: Role, call: Call<'_>) -> Option<JobEvent> {
    let pattern = JOBS.get(kind as usize)?;
    let event = request_and_response(json)?;
    let key = text_at(&event, pattern.key_path(role)).unwrap_or_default();
    if key.is_empty() && role != Role::Start {
        return None;
    }
    let status = pattern
        .status
        .iter()
        .find_map(|path| text_at(&event, path))
        .unwrap_or_default();
    let c = call;
    Some(JobEvent {
        time: c.time,
        kind,
        role,
        texts: PackedTexts::new(&[c.operation, c.account, c.region, c.principal, &key, &status, c.error]),
    })
}
