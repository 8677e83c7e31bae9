//! RFC 3339 timestamps to UTC milliseconds and back, written out because it runs once per event
//! (millions of times a load) and CloudTrail uses one narrow format.

/// Marks an event without a usable time: counted and shown as "undated", never dropped.
pub const UNDATED: i64 = i64::MIN;

/// The length of a day in milliseconds.
pub const MS_PER_DAY: i64 = 86_400_000;

/// Milliseconds since the Unix epoch (UTC) of an RFC 3339 time such as `2016-11-02T03:49:39Z`
/// or `2022-03-07T15:03:44.229000-08:00`; `None` for anything else (`"timestamp"`, empty, …).
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 19
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't' | b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let year = digits(&b[0..4])?;
    let month = digits(&b[5..7])?;
    let day = digits(&b[8..10])?;
    let hour = digits(&b[11..13])?;
    let minute = digits(&b[14..16])?;
    let second = digits(&b[17..19])?;
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut rest = &b[19..];
    let mut millis = 0;
    if let Some((b'.', frac)) = rest.split_first() {
        let len = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if len == 0 {
            return None;
        }
        millis =
            frac[..len.min(3)].iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')) * 10_i64.pow(3 - len.min(3) as u32);
        rest = &frac[len..];
    }
    let offset_minutes = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] | [sign @ (b'+' | b'-'), h1, h2, m1, m2] => {
            let minutes = digits(&[*h1, *h2])? * 60 + digits(&[*m1, *m2])?;
            if *sign == b'-' {
                -minutes
            } else {
                minutes
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some(seconds * 1000 + millis)
}

fn digits(b: &[u8]) -> Option<i64> {
    b.iter()
        .try_fold(0i64, |n, &c| c.is_ascii_digit().then(|| n * 10 + i64::from(c - b'0')))
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date (year, month, day) of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if month <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        month,
        day,
    )
}

/// `YYYY-MM-DDTHH` (UTC) of a time, the key of hourly counts.
pub fn hour_key(ms: i64) -> String {
    let (y, mo, d, h, _, _) = parts(ms);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}")
}

/// `YYYY-MM-DDTHH:MM:SSZ` (UTC) of a time, as shown to users.
pub fn format_utc(ms: i64) -> String {
    let (y, mo, d, h, mi, s) = parts(ms);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// `YYYY-MM-DD HH:MM:SS.mmm` (UTC) of a time: the form SQL engines read a timestamp literal in.
pub fn format_sql_utc(ms: i64) -> String {
    let (y, mo, d, h, mi, s) = parts(ms);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}.{:03}", ms.rem_euclid(1000))
}

/// `YYYY/MM/DD` (UTC) of a time: the date folders CloudTrail delivers log files into.
pub fn format_day_folder(ms: i64) -> String {
    let (y, mo, d, _, _, _) = parts(ms);
    format!("{y:04}/{mo:02}/{d:02}")
}

fn parts(ms: i64) -> (i64, i64, i64, i64, i64, i64) {
    let days = ms.div_euclid(MS_PER_DAY);
    let in_day = ms.rem_euclid(MS_PER_DAY) / 1000;
    let (y, mo, d) = civil_from_days(days);
    (y, mo, d, in_day / 3600, in_day / 60 % 60, in_day % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_utc_and_offsets_to_the_same_instant() {
        let z = parse_rfc3339("2022-03-07T23:03:44.229Z").unwrap();
        assert_eq!(parse_rfc3339("2022-03-07T15:03:44.229000-08:00"), Some(z));
        assert_eq!(parse_rfc3339("2022-03-08T00:33:44.229+0130"), Some(z));
        assert_eq!(format_utc(z), "2022-03-07T23:03:44Z");
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339("2016-11-02T03:49:39Z"), Some(1_478_058_579_000));
    }

    #[test]
    fn rejects_placeholders_and_impossible_dates() {
        for s in [
            "timestamp",
            "",
            "2019-02-29T00:00:00Z",
            "2019-13-01T00:00:00Z",
            "2019-01-01T00:00:00",
            "2019-01-01T00:00:00.Z",
            "Nov 5, 2018 6:06:01 AM",
        ] {
            assert_eq!(parse_rfc3339(s), None, "{s}");
        }
    }

    #[test]
    fn round_trips_calendar_days() {
        for day in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
        assert_eq!(
            hour_key(parse_rfc3339("2024-02-29T13:59:59Z").unwrap()),
            "2024-02-29T13"
        );
    }
}
