//! The asynchronous jobs and Insights bands a view shows: those overlapping its time range and
//! matching its account, region, event source and principal choices (the dimensions a job or
//! band has as one value). Rows are capped so that a view stays a small message; the total is
//! kept for "showing N of M".

use super::filter::Filter;
use crate::dataset::Dataset;
use crate::insights::InsightBand;
use crate::lifecycles::Lifecycle;

/// Whether `[first, last]` overlaps the filter's `[from, to)`.
fn overlaps(filter: &Filter, first: i64, last: i64) -> bool {
    filter.from.is_none_or(|from| last >= from) && filter.to.is_none_or(|to| first < to)
}

/// Whether `value` is allowed by a list of choices (empty: any).
fn chosen(choices: &[String], value: &str) -> bool {
    choices.is_empty() || choices.iter().any(|c| c == value)
}

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
    capped(data.lifecycles(), max, |l| {
        overlaps(filter, l.first_seen, l.last_seen)
            && chosen(&filter.accounts, &l.account)
            && chosen(&filter.regions, &l.region)
            && chosen(&filter.sources, &l.service)
            && chosen(&filter.principals, &l.principal)
    })
}

/// The Insights bands of the view, by time: at most `max`, and how many match in all. A band
/// whose End is not loaded reaches to the end of time, one whose Start is not loaded from its
/// beginning.
pub fn insight_bands(data: &Dataset, filter: &Filter, max: usize) -> (Vec<InsightBand>, u64) {
    capped(data.insight_bands(), max, |b| {
        overlaps(filter, b.start.unwrap_or(i64::MIN), b.end.unwrap_or(i64::MAX))
            && chosen(&filter.accounts, &b.insight.account)
            && chosen(&filter.regions, &b.insight.region)
            && chosen(&filter.sources, &b.insight.source)
    })
}
