//! Reading one job call at load time: only events the table names get here, and of their own
//! JSON only `requestParameters` and `responseElements` are parsed again (the rest is skipped
//! unparsed), for the job key and status that the store's row does not keep.

use super::table::{Role, JOBS};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

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

/// The two parts of an event that hold job keys and statuses, left unparsed.
#[derive(Deserialize)]
struct Parts<'a> {
    #[serde(rename = "requestParameters", borrow, default)]
    request: Option<&'a RawValue>,
    #[serde(rename = "responseElements", borrow, default)]
    response: Option<&'a RawValue>,
}

impl Parts<'_> {
    /// The two parts parsed, under their own names, so that paths from the event's root apply.
    fn parse(&self) -> Value {
        let mut root = Map::new();
        for (name, raw) in [("requestParameters", self.request), ("responseElements", self.response)] {
            if let Some(value) = raw.and_then(|r| serde_json::from_str(r.get()).ok()) {
                root.insert(name.to_string(), value);
            }
        }
        Value::Object(root)
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
    let event = serde_json::from_str::<Parts>(json).ok()?.parse();
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

/// The scalar at a dotted `path` as text (`*` matches any member of an object); `None` when
/// absent, empty, or not a string or number.
fn text_at(value: &Value, path: &str) -> Option<String> {
    let found = match path.split_once('.') {
        None => value.get(path)?,
        Some(("*", rest)) => return value.as_object()?.values().find_map(|v| text_at(v, rest)),
        Some((head, rest)) => return text_at(value.get(head)?, rest),
    };
    match found {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::text_at;
    use serde_json::json;

    #[test]
    fn paths_step_into_objects_and_any_member() {
        let v = json!({"responseElements": {"entitiesDetectionJobProperties": {"jobStatus": "COMPLETED"}, "n": 3}});
        assert_eq!(
            text_at(&v, "responseElements.*.jobStatus").as_deref(),
            Some("COMPLETED")
        );
        assert_eq!(text_at(&v, "responseElements.n").as_deref(), Some("3"));
        assert_eq!(text_at(&v, "responseElements.jobStatus"), None);
        assert_eq!(
            text_at(&json!({"responseElements": null}), "responseElements.jobId"),
            None
        );
    }
}
