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

/// One job's calls linked: where its calls are among the calls it was linked from (the
/// dataset's, in load order) and what linking counted. The texts stay the calls' own, and a
/// [`Lifecycle`] is made only for a job a view shows (a trail can hold a job per call).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Linked {
    first: u32,
    start: Option<u32>,
    last: u32,
    /// The call whose response reported the last status.
    status: Option<u32>,
    checks: u32,
    last_check: Option<i64>,
    calls: u32,
    outcome: Outcome,
}

impl Linked {
    /// The job's row, its texts copied from `calls` (those it was linked from).
    pub fn lifecycle(&self, calls: &[JobEvent]) -> Lifecycle {
        let call = |i: u32| &calls[i as usize];
        let (first, last, start) = (call(self.first), call(self.last), self.start.map(call));
        let kind = &JOBS[first.kind as usize];
        let error = start.filter(|s| !s.error().is_empty()).unwrap_or(last).error();
        Lifecycle {
            service: self.service(calls).to_string(),
            job: kind.job.to_string(),
            key: first.key().to_string(),
            account: first.account().to_string(),
            region: first.region().to_string(),
            principal: self.principal(calls).to_string(),
            start_operation: start.map(|s| s.operation().to_string()),
            start: start.map(|s| s.time),
            checks: self.checks,
            last_check: self.last_check,
            calls: self.calls,
            first_seen: first.time,
            last_seen: last.time,
            duration_ms: start.map(|s| last.time - s.time),
            status: self.status.map(|i| call(i).status().to_string()),
            outcome: self.outcome,
            error: (!error.is_empty()).then(|| error.to_string()),
        }
    }

    /// Its first and last calls' times (UTC ms).
    pub fn span(&self, calls: &[JobEvent]) -> (i64, i64) {
        (calls[self.first as usize].time, calls[self.last as usize].time)
    }

    /// Its first call: its service's kind, account, region and key are the job's.
    pub fn first<'c>(&self, calls: &'c [JobEvent]) -> &'c JobEvent {
        &calls[self.first as usize]
    }

    /// Its calls' `eventSource`.
    pub fn service(&self, calls: &[JobEvent]) -> &'static str {
        JOBS[calls[self.first as usize].kind as usize].source
    }

    /// Who started it (or, without a start, who first called about it).
    pub fn principal<'c>(&self, calls: &'c [JobEvent]) -> &'c str {
        calls[self.start.unwrap_or(self.first) as usize].principal()
    }
}

/// One row per job, newest first (by start, else first call). Calls are grouped by kind,
/// account, region and key; a start without a key is a row of its own; a start seen twice for
/// one key (a name reused after a delete) begins a new row.
pub fn link(calls: &[JobEvent]) -> Vec<Linked> {
    let mut order: Vec<u32> = (0..calls.len() as u32).collect();
    order.sort_by_key(|&i| (calls[i as usize].time, calls[i as usize].role != Role::Start));
    let mut rows: Vec<Building> = Vec::new();
    let mut open: HashMap<(u16, &str, &str, &str), usize> = HashMap::new();
    for i in order {
        let event = &calls[i as usize];
        let id = (event.kind, event.account(), event.region(), event.key());
        let existing = open
            .get(&id)
            .copied()
            .filter(|&row| !(event.role == Role::Start && rows[row].linked.start.is_some()));
        match existing {
            Some(row) if !event.key().is_empty() => rows[row].add(i, event),
            _ => {
                if !event.key().is_empty() {
                    open.insert(id, rows.len());
                }
                rows.push(Building::new(i, event));
            }
        }
    }
    let mut linked: Vec<Linked> = rows.into_iter().map(|row| row.finish(calls)).collect();
    let began = |l: &Linked| l.start.map_or(calls[l.first as usize].time, |s| calls[s as usize].time);
    let key = |l: &Linked| calls[l.first as usize].key();
    linked.sort_by(|a, b| began(b).cmp(&began(a)).then_with(|| key(a).cmp(key(b))));
    linked
}

/// A row while its calls come in, in time order.
struct Building {
    linked: Linked,
    /// A stop call succeeded after the last status seen.
    stopped: bool,
}

impl Building {
    fn new(i: u32, event: &JobEvent) -> Self {
        let mut row = Building {
            linked: Linked {
                first: i,
                start: None,
                last: i,
                status: None,
                checks: 0,
                last_check: None,
                calls: 0,
                outcome: Outcome::Unknown,
            },
            stopped: false,
        };
        row.add(i, event);
        row
    }

    fn add(&mut self, i: u32, event: &JobEvent) {
        let row = &mut self.linked;
        row.calls += 1;
        row.last = i;
        match event.role {
            Role::Start => row.start = Some(i),
            Role::Check => {
                row.checks += 1;
                row.last_check = Some(event.time);
            }
            Role::Stop if event.error().is_empty() => self.stopped = true,
            Role::Stop | Role::Delete => {}
        }
        if !event.status().is_empty() {
            row.status = Some(i);
            self.stopped = false;
        }
    }

    fn finish(self, calls: &[JobEvent]) -> Linked {
        let row = self.linked;
        let start_failed = row.start.is_some_and(|s| !calls[s as usize].error().is_empty());
        let by_status = row.status.map(|i| outcome_of(calls[i as usize].status()));
        let outcome = match by_status {
            _ if start_failed => Outcome::StartFailed,
            None | Some(Outcome::InProgress) if self.stopped => Outcome::Stopped,
            Some(outcome) => outcome,
            None if row.start.is_some() => Outcome::Unknown,
            None => Outcome::NoStart,
        };
        Linked { outcome, ..row }
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
