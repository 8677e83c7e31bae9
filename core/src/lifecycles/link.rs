//! Linking job calls into one row per job: the start, how often and until when its status was
//! checked, how long it ran as far as the log shows, and how it ended.

use super::extract::JobEvent;
use super::table::{Role, JOBS};
use hashbrown::HashMap;
use serde::{Deserialize, Serialize};

/// How a job ended, as far as the loaded calls tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Outcome {
    /// The start call failed (see [`Lifecycle::error`]): no job ran.
    StartFailed,
    /// The last status seen is a success (COMPLETED, SUCCEEDED, …).
    Completed,
    /// The last status seen is a failure (FAILED, TIMED_OUT, …).
    Failed,
    /// The last status seen is a stop (STOPPED, CANCELLED, …), or a stop call succeeded and no
    /// status came after it.
    Stopped,
    /// The last status seen is not final (IN_PROGRESS, RUNNING, QUEUED, …).
    InProgress,
    /// Started, but no response in the log reports a status.
    Unknown,
    /// Calls about the job without its start in the loaded range, and no status.
    NoStart,
}

/// One asynchronous job with all its calls linked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lifecycle {
    /// `eventSource` of its calls.
    pub service: String,
    /// What kind of job it is ("transcription job", "query", …).
    pub job: String,
    /// Its name or id; empty for a start that got none.
    pub key: String,
    /// Account.
    pub account: String,
    /// Region.
    pub region: String,
    /// Who started it (or, without a start, who first called about it).
    pub principal: String,
    /// The start call's operation, when it is loaded.
    pub start_operation: Option<String>,
    /// When it was started (UTC ms), when the start is loaded.
    pub start: Option<i64>,
    /// Status checks (Get/Describe calls).
    pub checks: u32,
    /// The last status check (UTC ms).
    pub last_check: Option<i64>,
    /// Every call about it, the start included.
    pub calls: u32,
    /// The first call about it (UTC ms).
    pub first_seen: i64,
    /// The last call about it (UTC ms).
    pub last_seen: i64,
    /// From the start to the last call, when the start is loaded.
    pub duration_ms: Option<i64>,
    /// The last status a response reported.
    pub status: Option<String>,
    /// How it ended.
    pub outcome: Outcome,
    /// The start's error code when it failed, else the last call's error code.
    pub error: Option<String>,
}

/// What a status value means, whatever its service's spelling (`SUCCEEDED`, `Completed`,
/// `inProgress`, `CREATE FAILED`).
pub fn outcome_of(status: &str) -> Outcome {
    let folded: String = status
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    match folded.as_str() {
        "COMPLETED" | "SUCCEEDED" | "SUCCESS" | "ACTIVE" | "PARTIALSUCCESS" => Outcome::Completed,
        "FAILED" | "CREATEFAILED" | "ERROR" | "TIMEOUT" | "TIMEDOUT" | "EXPIRED" => Outcome::Failed,
        "STOPPED" | "CANCELLED" | "CANCELED" | "ABORTED" => Outcome::Stopped,
        _ => Outcome::InProgress,
    }
}

/// One row per job, newest first (by start, else first call). Calls are grouped by kind,
/// account, region and key; a start without a key is a row of its own; a start seen twice for
/// one key (a name reused after a delete) begins a new row.
pub fn link(events: &[JobEvent]) -> Vec<Lifecycle> {
    let mut order: Vec<&JobEvent> = events.iter().collect();
    order.sort_by_key(|e| (e.time, e.role != Role::Start));
    let mut rows: Vec<Building> = Vec::new();
    let mut open: HashMap<(u16, &str, &str, &str), usize> = HashMap::new();
    for event in order {
        let id = (
            event.kind,
            event.account.as_str(),
            event.region.as_str(),
            event.key.as_str(),
        );
        let existing = open
            .get(&id)
            .copied()
            .filter(|&row| !(event.role == Role::Start && rows[row].start.is_some()));
        match existing {
            Some(row) if !event.key.is_empty() => rows[row].add(event),
            _ => {
                if !event.key.is_empty() {
                    open.insert(id, rows.len());
                }
                rows.push(Building::new(event));
            }
        }
    }
    let mut lifecycles: Vec<Lifecycle> = rows.into_iter().map(Building::finish).collect();
    lifecycles.sort_by(|a, b| {
        let at = |l: &Lifecycle| l.start.unwrap_or(l.first_seen);
        at(b).cmp(&at(a)).then_with(|| a.key.cmp(&b.key))
    });
    lifecycles
}

/// A row while its calls come in, in time order.
struct Building<'e> {
    first: &'e JobEvent,
    start: Option<&'e JobEvent>,
    checks: u32,
    last_check: Option<i64>,
    calls: u32,
    last: &'e JobEvent,
    status: Option<&'e str>,
    /// A stop call succeeded after the last status seen.
    stopped: bool,
}

impl<'e> Building<'e> {
    fn new(event: &'e JobEvent) -> Self {
        let mut row = Building {
            first: event,
            start: None,
            checks: 0,
            last_check: None,
            calls: 0,
            last: event,
            status: None,
            stopped: false,
        };
        row.add(event);
        row
    }

    fn add(&mut self, event: &'e JobEvent) {
        self.calls += 1;
        self.last = event;
        match event.role {
            Role::Start => self.start = Some(event),
            Role::Check => {
                self.checks += 1;
                self.last_check = Some(event.time);
            }
            Role::Stop if event.error.is_empty() => self.stopped = true,
            Role::Stop | Role::Delete => {}
        }
        if !event.status.is_empty() {
            self.status = Some(&event.status);
            self.stopped = false;
        }
    }

    fn finish(self) -> Lifecycle {
        let kind = &JOBS[self.first.kind as usize];
        let start_error = self.start.filter(|s| !s.error.is_empty());
        let by_status = self.status.map(outcome_of);
        let outcome = match by_status {
            _ if start_error.is_some() => Outcome::StartFailed,
            None | Some(Outcome::InProgress) if self.stopped => Outcome::Stopped,
            Some(outcome) => outcome,
            None if self.start.is_some() => Outcome::Unknown,
            None => Outcome::NoStart,
        };
        let error = start_error.unwrap_or(self.last).error.as_str();
        let named_by = self.start.unwrap_or(self.first);
        Lifecycle {
            service: kind.source.to_string(),
            job: kind.job.to_string(),
            key: self.first.key.clone(),
            account: self.first.account.clone(),
            region: self.first.region.clone(),
            principal: named_by.principal.clone(),
            start_operation: self.start.map(|s| s.operation.clone()),
            start: self.start.map(|s| s.time),
            checks: self.checks,
            last_check: self.last_check,
            calls: self.calls,
            first_seen: self.first.time,
            last_seen: self.last.time,
            duration_ms: self.start.map(|s| self.last.time - s.time),
            status: self.status.map(str::to_string),
            outcome,
            error: (!error.is_empty()).then(|| error.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{outcome_of, Outcome};

    #[test]
    fn statuses_of_every_spelling_are_understood() {
        for (status, outcome) in [
            ("COMPLETED", Outcome::Completed),
            ("SUCCEEDED", Outcome::Completed),
            ("completed", Outcome::Completed),
            ("ACTIVE", Outcome::Completed),
            ("FAILED", Outcome::Failed),
            ("CREATE FAILED", Outcome::Failed),
            ("TIMED_OUT", Outcome::Failed),
            ("Stopped", Outcome::Stopped),
            ("CANCELLED", Outcome::Stopped),
            ("IN_PROGRESS", Outcome::InProgress),
            ("inProgress", Outcome::InProgress),
            ("QUEUED", Outcome::InProgress),
        ] {
            assert_eq!(outcome_of(status), outcome, "{status}");
        }
    }
}
