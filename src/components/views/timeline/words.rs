//! What a person reads or hears about a timeline: series names, the chart in one sentence, and the
//! read-out of one bucket (its range, total, busiest series and findings), written once so that
//! the pointer, the keys and the top bar's histogram all say the same thing.

use super::layout::range_of;
use crate::components::views::chart::format::{count_of, duration, thousands, utc, utc_range};
use crate::components::views::chart::names::short_principal;
use trailscope_core::query::timeline::{SeriesKey, Stack, Timeline};

/// Series named in a bucket's read-out, busiest first, before the rest are counted.
const READOUT_SERIES: usize = 3;

/// A series' full name: in tooltips, the table, and the legend's accessible text.
pub fn series_full_name(key: &SeriesKey, stack: Stack) -> String {
    match key {
        SeriesKey::Source(source) => source.clone(),
        SeriesKey::Principal(who) if who.is_empty() => "no principal".into(),
        SeriesKey::Ip(ip) if ip.is_empty() => "no source address".into(),
        SeriesKey::Principal(name) | SeriesKey::Ip(name) => name.clone(),
        SeriesKey::Other => match stack {
            Stack::BySource | Stack::ByOutcome => "other services",
            Stack::ByPrincipal => "other principals",
            Stack::ByIp => "other addresses",
        }
        .into(),
        SeriesKey::Success => "success".into(),
        SeriesKey::Error => "error".into(),
    }
}

/// A series' name where space is short (the legend, the read-out): a principal's ARN shortened
/// as the identities table shows it.
pub fn series_name(key: &SeriesKey, stack: Stack) -> String {
    match key {
        SeriesKey::Principal(who) if !who.is_empty() => short_principal(who).0,
        _ => series_full_name(key, stack),
    }
}

/// The chart in one sentence, for its `aria-label`.
pub fn summary(timeline: &Timeline, totals: &[u64]) -> String {
    let total: u64 = totals.iter().sum();
    let (from, to) = range_of(timeline, 0, totals.len().saturating_sub(1));
    let by = match timeline.stack {
        Stack::BySource => "by service",
        Stack::ByOutcome => "by outcome",
        Stack::ByPrincipal => "by principal",
        Stack::ByIp => "by source address",
    };
    let peak = totals
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))
        .map(|(b, &n)| {
            format!(
                " Busiest bucket: {} with {} events.",
                utc(range_of(timeline, b, b).0),
                thousands(n)
            )
        })
        .unwrap_or_default();
    let findings = if timeline.marks.is_empty() {
        String::new()
    } else {
        format!(
            " {} with events here; focus the chart and use ← → to hear them.",
            count_of(timeline.marks.len() as u64, "finding")
        )
    };
    format!(
        "Events over time, {} events from {} in {} buckets of {}, stacked {by}.{peak}{findings}",
        thousands(total),
        utc_range(from, to),
        totals.len(),
        duration(timeline.bucket_ms)
    )
}

/// The findings with events in bucket `b`, most severe first: `Title (severity) n events`.
pub fn findings_in(timeline: &Timeline, b: usize) -> Vec<String> {
    timeline
        .marks
        .iter()
        .filter_map(|m| {
            let &(_, n) = m.buckets.iter().find(|&&(at, _)| at as usize == b)?;
            Some(format!("{} ({}) {}", m.title, m.severity.label(), count_of(n, "event")))
        })
        .collect()
}

/// Bucket `b` in words: its range and total, its busiest series with their counts, and the
/// findings with events in it.
pub fn bucket_words(timeline: &Timeline, totals: &[u64], b: usize) -> String {
    let (from, to) = range_of(timeline, b, b);
    let mut counts: Vec<(u64, &SeriesKey)> = timeline
        .series
        .iter()
        .filter_map(|s| s.counts.get(b).copied().filter(|&n| n > 0).map(|n| (n, &s.key)))
        .collect();
    counts.sort_by_key(|&(n, _)| std::cmp::Reverse(n));
    let mut parts: Vec<String> = counts
        .iter()
        .take(READOUT_SERIES)
        .map(|&(n, key)| format!("{} {}", series_name(key, timeline.stack), thousands(n)))
        .collect();
    if counts.len() > READOUT_SERIES {
        parts.push(format!("{} more", counts.len() - READOUT_SERIES));
    }
    let detail = if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    };
    let findings = findings_in(timeline, b);
    let findings = if findings.is_empty() {
        String::new()
    } else {
        format!("; findings: {}", findings.join(", "))
    };
    format!(
        "{}: {} events{detail}{findings}",
        utc_range(from, to),
        thousands(totals.get(b).copied().unwrap_or(0))
    )
}

/// Bucket `b` in a few words, for the top bar: its range, total and failed calls.
pub fn bucket_short(timeline: &Timeline, totals: &[u64], b: usize) -> String {
    let (from, to) = range_of(timeline, b, b);
    let errors = timeline.errors.get(b).copied().unwrap_or(0);
    let failed = if errors == 0 {
        String::new()
    } else {
        format!(", {} failed", thousands(errors))
    };
    format!(
        "{}: {}{failed}",
        utc_range(from, to),
        count_of(totals.get(b).copied().unwrap_or(0), "event")
    )
}

/// What the read-out says, and whether a screen reader should hear it: the bucket highlighted from
/// the keyboard (announced), else the bucket under the pointer (not announced, or every pointer
/// move would be read out), else how to zoom.
pub fn readout(
    timeline: &Timeline,
    totals: &[u64],
    highlighted: Option<usize>,
    pointed: Option<usize>,
) -> (String, bool) {
    match (highlighted, pointed) {
        (Some(b), _) => (
            format!("{}. Enter zooms to this bucket.", bucket_words(timeline, totals, b)),
            true,
        ),
        (None, Some(b)) => (
            format!("{}. Click or drag to zoom.", bucket_words(timeline, totals, b)),
            false,
        ),
        (None, None) => (
            "Drag across the bars to zoom, or focus the chart and use ← → and Enter; Escape resets.".to_string(),
            true,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::layout::tests::timeline;
    use super::super::layout::totals;
    use super::*;
    use trailscope_core::findings::Severity;
    use trailscope_core::query::timeline::{FindingMarks, Series};
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn summary_and_readouts_read_as_sentences() {
        let t = timeline();
        let totals = totals(&t);
        assert_eq!(
            summary(&t, &totals),
            "Events over time, 7 events from 2025-01-06 00:00:00–00:20:00 UTC in 4 buckets of 5 min, stacked by \
             service. Busiest bucket: 2025-01-06 00:00:00 UTC with 4 events."
        );
        let keys = "2025-01-06 00:00:00–00:05:00 UTC: 4 events (s3.amazonaws.com 3, other services 1). Enter zooms to \
                    this bucket.";
        assert_eq!(readout(&t, &totals, Some(0), Some(3)), (keys.to_string(), true));
        let (pointed, announced) = readout(&t, &totals, None, Some(3));
        assert_eq!(
            pointed,
            "2025-01-06 00:15:00–00:20:00 UTC: 2 events (other services 2). Click or drag to zoom."
        );
        assert!(!announced, "pointer moves are not read out");
        assert_eq!(series_name(&SeriesKey::Other, Stack::BySource), "other services");
        assert_eq!(series_name(&SeriesKey::Other, Stack::ByIp), "other addresses");
        assert_eq!(series_name(&SeriesKey::Error, Stack::ByOutcome), "error");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_bucket_names_its_busiest_series_short_and_its_findings() {
        let admin = "arn:aws:iam::111122223333:role/path/Admin";
        let t = Timeline {
            stack: Stack::ByPrincipal,
            series: ["a", admin, "b", "c", "d"]
                .iter()
                .enumerate()
                .map(|(k, who)| Series {
                    key: SeriesKey::Principal(who.to_string()),
                    counts: vec![k as u64 + 1],
                })
                .collect(),
            errors: vec![2],
            marks: vec![FindingMarks {
                rule: "root-activity".into(),
                title: "Root activity".into(),
                severity: Severity::High,
                buckets: vec![(0, 3)],
            }],
            ..timeline()
        };
        let totals = totals(&t);
        assert_eq!(
            bucket_words(&t, &totals, 0),
            "2025-01-06 00:00:00–00:05:00 UTC: 15 events (d 5, c 4, b 3, 2 more); findings: Root activity (high) 3 events"
        );
        assert_eq!(
            bucket_short(&t, &totals, 0),
            "2025-01-06 00:00:00–00:05:00 UTC: 15 events, 2 failed"
        );
        assert_eq!(series_name(&t.series[1].key, t.stack), "role/Admin");
        assert_eq!(series_full_name(&t.series[1].key, t.stack), admin);
        assert_eq!(
            series_name(&SeriesKey::Ip(String::new()), Stack::ByIp),
            "no source address"
        );
    }
}
