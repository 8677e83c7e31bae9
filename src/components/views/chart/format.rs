//! Number and time labels as people read them: thousands separators, error shares and UTC times,
//! written once so every view agrees.

use trailscope_core::time::format_utc;

const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 86_400_000;

/// `1234567` as `1,234,567`: counts in incident work are compared digit by digit.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `n` things with thousands separators and the right plural (`1 principal`, `2 principals`).
pub fn count_of(n: u64, thing: &str) -> String {
    format!("{} {thing}{}", thousands(n), if n == 1 { "" } else { "s" })
}

/// `part` as a share of `whole` with one decimal (`12.5%`); a non-zero share too small to show
/// reads `<0.1%` so a single failure is never rounded away to `0%`. Worked out in integers
/// (tenths of a percent, rounded half up): charts write hundreds of these on every filter
/// change, and formatting a float to a fixed precision is slow in wasm.
pub fn percent(part: u64, whole: u64) -> String {
    if whole == 0 || part == 0 {
        return "0%".into();
    }
    if part >= whole {
        return "100%".into();
    }
    let (part, whole) = (u128::from(part), u128::from(whole));
    if part * 1000 < whole {
        return "<0.1%".into();
    }
    let tenths = ((part * 2000 + whole) / (2 * whole)).min(999);
    if tenths % 10 == 0 {
        format!("{}%", tenths / 10)
    } else {
        format!("{}.{}%", tenths / 10, tenths % 10)
    }
}

/// An SVG coordinate or length with two decimals at most (`12.5`, `-3.14`, `40`), written from
/// integers for the same reason as [`percent`].
pub fn svg_number(x: f64) -> String {
    let hundredths = (x.abs() * 100.0).round() as u64;
    let sign = if x < 0.0 && hundredths > 0 { "-" } else { "" };
    let whole = hundredths / 100;
    match hundredths % 100 {
        0 => format!("{sign}{whole}"),
        n if n % 10 == 0 => format!("{sign}{whole}.{}", n / 10),
        n => format!("{sign}{whole}.{n:02}"),
    }
}

/// `YYYY-MM-DD` and `HH:MM:SS` (UTC) of a time, the pieces every time label is built from.
pub fn utc_date_time(ms: i64) -> (String, String) {
    let full = format_utc(ms);
    let trimmed = full.strip_suffix('Z').unwrap_or(&full);
    match trimmed.split_once('T') {
        Some((date, time)) => (date.to_string(), time.to_string()),
        None => (trimmed.to_string(), String::new()),
    }
}

/// A time as `YYYY-MM-DD HH:MM:SS`, for table cells whose header says UTC.
pub fn utc_plain(ms: i64) -> String {
    let (date, time) = utc_date_time(ms);
    format!("{date} {time}")
}

/// A time as `YYYY-MM-DD HH:MM:SS UTC`, the form used in chips and tooltips.
pub fn utc(ms: i64) -> String {
    format!("{} UTC", utc_plain(ms))
}

/// A half-open range `[from, to)` in UTC, the end's date left out when it is the same day, so a
/// bucket reads `2025-01-06 10:00:00–10:05:00 UTC`.
pub fn utc_range(from: i64, to: i64) -> String {
    let (d0, t0) = utc_date_time(from);
    let (d1, t1) = utc_date_time(to);
    if d0 == d1 {
        format!("{d0} {t0}–{t1} UTC")
    } else {
        format!("{d0} {t0} – {d1} {t1} UTC")
    }
}

/// A bucket width in words (`1 min`, `3 h`, `1 day`, `7 days`), for the axis caption.
pub fn duration(ms: i64) -> String {
    let plural = |n: i64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    if ms >= DAY_MS && ms % DAY_MS == 0 {
        plural(ms / DAY_MS, "day")
    } else if ms >= HOUR_MS && ms % HOUR_MS == 0 {
        format!("{} h", ms / HOUR_MS)
    } else if ms >= MINUTE_MS && ms % MINUTE_MS == 0 {
        format!("{} min", ms / MINUTE_MS)
    } else {
        format!("{} s", ms / 1000)
    }
}

/// `s` cut to at most `max` characters with an ellipsis, for labels inside fixed-width SVG space
/// (the full text always goes in a tooltip or accessible name beside it).
pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use trailscope_core::time::parse_rfc3339;

    fn t(s: &str) -> i64 {
        parse_rfc3339(s).unwrap()
    }

    #[test]
    fn counts_read_in_the_singular_and_plural() {
        assert_eq!(count_of(1, "principal"), "1 principal");
        assert_eq!(count_of(0, "operation"), "0 operations");
        assert_eq!(count_of(1234, "principal"), "1,234 principals");
    }

    #[test]
    fn thousands_groups_by_three() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn svg_numbers_keep_two_decimals_at_most() {
        for (x, text) in [
            (0.0, "0"),
            (24.0, "24"),
            (12.5, "12.5"),
            (1.23456, "1.23"),
            (2.005, "2.01"),
            (7.999, "8"),
            (0.04, "0.04"),
            (-3.0, "-3"),
            (-0.001, "0"),
            (-12.25, "-12.25"),
            (366.1, "366.1"),
        ] {
            assert_eq!(svg_number(x), text, "{x}");
        }
    }

    #[test]
    fn percent_never_hides_a_failure() {
        assert_eq!(percent(0, 0), "0%");
        assert_eq!(percent(0, 10), "0%");
        assert_eq!(percent(1, 8), "12.5%");
        assert_eq!(percent(1, 4), "25%");
        assert_eq!(percent(1, 100_000), "<0.1%");
        assert_eq!(percent(99_999, 100_000), "99.9%");
        assert_eq!(percent(5, 5), "100%");
        assert_eq!(percent(7, 5), "100%");
        assert_eq!(percent(1, 3), "33.3%");
        assert_eq!(percent(2, 3), "66.7%");
        assert_eq!(percent(1, 1000), "0.1%");
        assert_eq!(percent(999, 1000), "99.9%");
        assert_eq!(percent(u64::MAX - 1, u64::MAX), "99.9%");
    }

    #[test]
    fn utc_labels() {
        let ms = t("2025-01-06T10:05:09Z");
        assert_eq!(utc_date_time(ms), ("2025-01-06".into(), "10:05:09".into()));
        assert_eq!(utc_plain(ms), "2025-01-06 10:05:09");
        assert_eq!(utc(ms), "2025-01-06 10:05:09 UTC");
        assert_eq!(
            utc_range(t("2025-01-06T10:00:00Z"), t("2025-01-06T10:05:00Z")),
            "2025-01-06 10:00:00–10:05:00 UTC"
        );
        assert_eq!(
            utc_range(t("2025-01-06T00:00:00Z"), t("2025-01-07T00:00:00Z")),
            "2025-01-06 00:00:00 – 2025-01-07 00:00:00 UTC"
        );
        assert!(!utc(i64::MIN).is_empty());
        assert!(!utc(i64::MAX).is_empty());
    }

    #[test]
    fn durations_in_words() {
        assert_eq!(duration(60_000), "1 min");
        assert_eq!(duration(900_000), "15 min");
        assert_eq!(duration(3 * 3_600_000), "3 h");
        assert_eq!(duration(86_400_000), "1 day");
        assert_eq!(duration(7 * 86_400_000), "7 days");
        assert_eq!(duration(1_000), "1 s");
    }

    #[test]
    fn truncate_counts_characters_not_bytes() {
        assert_eq!(truncate("GetObject", 20), "GetObject");
        assert_eq!(truncate("ListObjectVersions", 10), "ListObjec…");
        assert_eq!(truncate("Zoë Zoë Zoë", 4), "Zoë…");
        assert_eq!(truncate("abc", 0), "…");
    }
}
