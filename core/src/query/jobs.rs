//! The asynchronous jobs and Insights bands a view shows: those overlapping its time range and
//! matching its account, region, event source and principal choices (the dimensions a job or
//! band has as one value, tested by [`Filter::admits_record`]). Rows are capped so that a view stays a small message; the total is
//! kept for "showing N of M".

use super::filter::{Dimension, Filter};
use crate::dataset::Dataset;
use crate::insights::InsightBand;
use crate::lifecycles::Lifecycle;

/// The first `max` of `rows` that `keep` accepts, and how many it accepts in all.
fn capped<T: Clone>(rows: &[T], max: usize, keep: impl Fn(&T) -> bool) -> (Vec<T>, u64) {
    let mut total = 0u64;
    let mut shown = Vec::new();
    for row in rows.iter().filter(|r| keep(r)) {
        total += 1;
        if shown.len() < max {
            shown.push(row.clone());
        }
    }
    (shown, total)
}

/// The jobs of the view, newest first: at most `max`, and how many match in all.
pub fn lifecycles(data: &Dataset, filter: &Filter, max: usize) -> (Vec<Lifecycle>, u64) {
    let calls = &data.jobs;
    let (shown, total) = capped(data.lifecycles(), max, |l| {
        let first = l.first(calls);
        filter.admits_record(
            l.span(calls),
            &[
                (Dimension::Account, first.account()),
                (Dimension::Region, first.region()),
                (Dimension::Source, l.service(calls)),
                (Dimension::Principal, l.principal(calls)),
            ],
        )
    });
    (shown.iter().map(|l| l.lifecycle(calls)).collect(), total)
}

/// The Insights bands of the view, by time: at most `max`, and how many match in all. A band
/// whose End is not loaded reaches to the end of time, one whose Start is not loaded from its
/// beginning.
pub fn insight_bands(data: &Dataset, filter: &Filter, max: usize) -> (Vec<InsightBand>, u64) {
    capped(data.insight_bands(), max, |b| {
        filter.admits_record(
            (b.start.unwrap_or(i64::MIN), b.end.unwrap_or(i64::MAX)),
            &[
                (Dimension::Account, &b.insight.account),
                (Dimension::Region, &b.insight.region),
                (Dimension::Source, &b.insight.source),
            ],
        )
    })
}
