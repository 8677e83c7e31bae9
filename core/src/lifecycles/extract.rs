//! Reading one job call at load time: only events the table names get here, and of their own
//! JSON only `requestParameters` and `responseElements` are parsed again (the rest is skipped
//! unparsed), for the job key and status that the store's row does not keep.

use super::table::{Role, JOBS};
use crate::formats::parts::{request_and_response, text_at};
use serde::{Deserialize, Serialize};

/// One call to an asynchronous job, self-contained so that batches can be merged and linked
/// without their dictionaries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobEvent {
    /// UTC ms of the call.
    pub time: i64,
    /// Index of its kind in [`JOBS`].
    pub kind: u16,
    /// What the call does to the job.
    pub role: Role,
    /// The folded operation name.
    pub operation: String,
    /// Account of the call.
    pub account: String,
    /// Region of the call.
    pub region: String,
    /// Who called.
    pub principal: String,
    /// The job key; empty only for a start that got no key (it failed, or its response is not
    /// logged).
    pub key: String,
    /// The job status the response reports, or empty.
    pub status: String,
    /// `errorCode`, or empty when the call succeeded.
    pub error: String,
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
    Some(JobEvent {
        time: call.time,
        kind,
        role,
        operation: call.operation.to_string(),
        account: call.account.to_string(),
        region: call.region.to_string(),
        principal: call.principal.to_string(),
        key,
        status,
        error: call.error.to_string(),
    })
}
