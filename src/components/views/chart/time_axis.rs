//! Time-axis ticks for the timeline: UTC-aligned steps that are whole multiples of the bucket
//! width, labelled at the precision the bucket width warrants (`HH:MM:SS` for buckets under a
//! minute, `HH:MM` for sub-day buckets, `MM-DD` for days and weeks) with the date or year added
//! where it changes.

use super::format::utc_date_time;

const SECOND_MS: i64 = 1_000;
const MINUTE_MS: i64 = 60 * SECOND_MS;
const HOUR_MS: i64 = 60 * MINUTE_MS;
const DAY_MS: i64 = 24 * HOUR_MS;

/// Steps a person reads easily, smallest first.
const STEPS_MS: [i64; 30] = [
    SECOND_MS,
    2 * SECOND_MS,
    5 * SECOND_MS,
    10 * SECOND_MS,
    15 * SECOND_MS,
    30 * SECOND_MS,
    MINUTE_MS,
    2 * MINUTE_MS,
    5 * MINUTE_MS,
    10 * MINUTE_MS,
    15 * MINUTE_MS,
    30 * MINUTE_MS,
    HOUR_MS,
    2 * HOUR_MS,
    3 * HOUR_MS,
    6 * HOUR_MS,
    12 * HOUR_MS,
    DAY_MS,
    2 * DAY_MS,
    7 * DAY_MS,
    14 * DAY_MS,
    28 * DAY_MS,
    30 * DAY_MS,
    56 * DAY_MS,
    60 * DAY_MS,
    84 * DAY_MS,
    90 * DAY_MS,
    180 * DAY_MS,
    360 * DAY_MS,
    364 * DAY_MS,
];

/// One labelled tick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeTick {
    /// Its time (UTC ms), always a bucket edge.
    pub at: i64,
    /// The main label (`14:30:15`, `14:30`, `01-06`).
    pub label: String,
    /// A second line naming the larger unit where it changes (the date under times, the year
    /// under days), so the axis is never ambiguous.
    pub context: Option<String>,
}

/// The tick step for `buckets` buckets of `bucket_ms` with at most `max_ticks` ticks: the smallest
/// readable step that is a whole number of buckets, or whole buckets when none fits.
pub fn tick_step(buckets: usize, bucket_ms: i64, max_ticks: usize) -> i64 {
    let bucket_ms = bucket_ms.max(1);
    let span = bucket_ms.saturating_mul(i64::try_from(buckets).unwrap_or(i64::MAX));
    let max_ticks = i64::try_from(max_ticks.max(1)).unwrap_or(i64::MAX);
    STEPS_MS
        .iter()
        .copied()
        .find(|&step| step >= bucket_ms && step % bucket_ms == 0 && span / step <= max_ticks)
        .unwrap_or_else(|| {
            let buckets = i64::try_from(buckets).unwrap_or(i64::MAX);
            bucket_ms.saturating_mul((buckets / max_ticks).max(1) + 1)
        })
}

/// Ticks over `[start, start + buckets·bucket_ms]` at UTC-aligned multiples of the step.
pub fn time_ticks(start: i64, buckets: usize, bucket_ms: i64, max_ticks: usize) -> Vec<TimeTick> {
    if buckets == 0 || bucket_ms <= 0 {
        return Vec::new();
    }
    let step = tick_step(buckets, bucket_ms, max_ticks);
    let end = start.saturating_add(bucket_ms.saturating_mul(i64::try_from(buckets).unwrap_or(i64::MAX)));
    let sub_day = bucket_ms < DAY_MS;
    let label_chars = if bucket_ms < MINUTE_MS { 8 } else { 5 };
    let mut ticks: Vec<TimeTick> = Vec::new();
    let mut previous: Option<String> = None;
    let mut at = start.div_euclid(step).saturating_mul(step);
    if at < start {
        at = at.saturating_add(step);
    }
    while at <= end {
        let (date, time) = utc_date_time(at);
        let split = date.len().saturating_sub(5);
        let (year, month_day) = (
            date.get(..split).unwrap_or("").trim_end_matches('-'),
            date.get(split..).unwrap_or(""),
        );
        let (label, unit) = if sub_day {
            (time.get(..label_chars).unwrap_or(&time).to_string(), date.clone())
        } else {
            (month_day.to_string(), year.to_string())
        };
        let context = (previous.as_ref() != Some(&unit)).then(|| unit.clone());
        previous = Some(unit);
        ticks.push(TimeTick { at, label, context });
        match at.checked_add(step) {
            Some(next) => at = next,
            None => break,
        }
    }
    ticks
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use trailscope_core::time::parse_rfc3339;

    fn t(s: &str) -> i64 {
        parse_rfc3339(s).unwrap()
    }

    fn labels(ticks: &[TimeTick]) -> Vec<(String, Option<String>)> {
        ticks.iter().map(|t| (t.label.clone(), t.context.clone())).collect()
    }

    #[test]
    fn steps_are_whole_buckets_and_respect_the_tick_budget() {
        assert_eq!(tick_step(60, MINUTE_MS, 8), 10 * MINUTE_MS);
        assert_eq!(tick_step(120, 5 * MINUTE_MS, 8), 2 * HOUR_MS);
        assert_eq!(tick_step(10, DAY_MS, 8), 2 * DAY_MS);
        assert_eq!(tick_step(40, 7 * DAY_MS, 8), 56 * DAY_MS);
        assert_eq!(tick_step(5, 3 * HOUR_MS, 8), 3 * HOUR_MS);
        let fallback = tick_step(120, 30 * DAY_MS, 8);
        assert_eq!(fallback % (30 * DAY_MS), 0);
        assert!(120 * 30 * DAY_MS / fallback <= 8);
    }

    #[test]
    fn minute_buckets_read_hours_and_minutes_with_the_date_where_it_changes() {
        let ticks = time_ticks(t("2025-01-06T23:00:00Z"), 120, MINUTE_MS, 8);
        assert_eq!(ticks.first().map(|t| t.at), Some(t("2025-01-06T23:00:00Z")));
        let shown = labels(&ticks);
        assert_eq!(shown[0], ("23:00".into(), Some("2025-01-06".into())));
        assert_eq!(shown[1], ("23:15".into(), None));
        assert!(shown.contains(&("00:00".into(), Some("2025-01-07".into()))));
        assert!(ticks.len() <= 9);
    }

    #[test]
    fn second_buckets_read_seconds() {
        let ticks = time_ticks(t("2025-01-06T23:59:50Z"), 60, 5 * SECOND_MS, 8);
        assert_eq!(tick_step(60, 5 * SECOND_MS, 8), MINUTE_MS);
        assert_eq!(
            labels(&ticks)[..2],
            [
                ("00:00:00".into(), Some("2025-01-07".into())),
                ("00:01:00".into(), None),
            ]
        );
        let ticks = time_ticks(t("2025-01-06T10:00:00Z"), 30, SECOND_MS, 8);
        assert_eq!(tick_step(30, SECOND_MS, 8), 5 * SECOND_MS);
        assert_eq!(ticks[1].label, "10:00:05");
    }

    #[test]
    fn ticks_start_at_the_first_aligned_edge() {
        let ticks = time_ticks(t("2025-01-06T10:05:00Z"), 12, 5 * MINUTE_MS, 4);
        assert_eq!(ticks[0].at, t("2025-01-06T10:15:00Z"));
        assert_eq!(ticks[0].label, "10:15");
    }

    #[test]
    fn day_buckets_read_month_and_day_with_the_year_where_it_changes() {
        let ticks = time_ticks(t("2024-12-30T00:00:00Z"), 4, DAY_MS, 8);
        assert_eq!(
            labels(&ticks),
            vec![
                ("12-30".into(), Some("2024".into())),
                ("12-31".into(), None),
                ("01-01".into(), Some("2025".into())),
                ("01-02".into(), None),
                ("01-03".into(), None),
            ]
        );
    }

    #[test]
    fn nothing_to_tick() {
        assert!(time_ticks(0, 0, MINUTE_MS, 8).is_empty());
        assert!(time_ticks(0, 10, 0, 8).is_empty());
        assert!(!time_ticks(i64::MAX - DAY_MS, 3, DAY_MS, 8).is_empty());
    }
}
