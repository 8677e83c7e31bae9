//! Where the findings' events fall on a timeline, so a responder sees which bars hold the events
//! a rule flagged. Only the filtered rows count: a finding's events outside the filter are not
//! on the chart either.

use super::Timeline;
use crate::findings::{Findings, Severity};
use crate::query::selection::Rows;
use crate::store::EventStore;
use serde::{Deserialize, Serialize};

/// One finding's events per drawn bucket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingMarks {
    /// The rule's id.
    pub rule: String,
    /// The finding's title, for the marks' accessible text.
    pub title: String,
    /// How urgent it is, which colours its marks.
    pub severity: Severity,
    /// `(bucket, events)` for each bucket holding some of its filtered events, in bucket order.
    pub buckets: Vec<(u32, u64)>,
}

impl Timeline {
    /// This timeline with the marks of every finding whose rows include some of `rows` (the
    /// filtered rows it was made of, ascending) in its buckets. Each finding's rows are looked up
    /// in `rows`, so the cost follows the findings' sizes and not the filter's.
    pub fn marked(mut self, store: &EventStore, findings: &Findings, rows: Rows<'_>) -> Self {
        let time = |i: u32| store.columns.time[i as usize];
        let from = self.start;
        let to = self
            .start
            .saturating_add(self.bucket_ms.saturating_mul(self.buckets() as i64));
        self.marks = findings
            .list()
            .filter_map(|finding| {
                let own = findings.rows(&finding.rule)?;
                // Its rows are in time order too: only those in the drawn range are looked up.
                let own = &own[own.partition_point(|&i| time(i) < from)..];
                let own = &own[..own.partition_point(|&i| time(i) < to)];
                let mut buckets: Vec<(u32, u64)> = Vec::new();
                for &i in own.iter().filter(|&&i| rows.contains(i)) {
                    let Some(b) = self.bucket_of(time(i)) else { continue };
                    match buckets.last_mut() {
                        Some((last, n)) if *last == b as u32 => *n += 1,
                        _ => buckets.push((b as u32, 1)),
                    }
                }
                (!buckets.is_empty()).then(|| FindingMarks {
                    rule: finding.rule.clone(),
                    title: finding.title.clone(),
                    severity: finding.severity,
                    buckets,
                })
            })
            .collect();
        self
    }
}
