//! Dates and times, in one place: ISO 8601 body values (lint), `--now` (RFC 3339 or Unix seconds), UTC
//! formatting of claim times and "2 h 5 min" durations. Hand-written: a date library would be the crate's
//! largest dependency for ~150 lines.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch (negative before it).
pub(crate) fn unix_seconds(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}

/// The `SystemTime` at `secs` Unix seconds.
pub(crate) fn system_time(secs: i64) -> SystemTime {
    let magnitude = std::time::Duration::from_secs(secs.unsigned_abs());
    if secs >= 0 {
        UNIX_EPOCH + magnitude
    } else {
        UNIX_EPOCH - magnitude
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The (year, month, day) of a day count since 1970-01-01 (`civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// What is wrong with the values of an ISO 8601 date or date-time whose shape is right
/// (`YYYY-MM-DD[Thh:mm[:ss[.f]]][Z|±hh:mm]`): month 13, 30 February, hour 25, minute 60, offset +15:00.
/// `None` when it names a real instant (or the shape is not that one: the caller judges shapes).
pub(crate) fn calendar_problem(text: &str) -> Option<String> {
    let num = |s: Option<&str>| s.and_then(|s| s.parse::<i64>().ok());
    let (date, rest) = text.split_once('T').unwrap_or((text, ""));
    let date = date.strip_suffix('Z').unwrap_or(date);
    let mut d = date.split('-');
    let (year, month, day) = (num(d.next())?, num(d.next())?, num(d.next())?);
    if year == 0 {
        return Some("year 0000 does not exist (0001 is the first)".to_string());
    }
    if !(1..=12).contains(&month) {
        return Some(format!("month {month:02} does not exist (01 to 12)"));
    }
    let days = days_in_month(year, month);
    if !(1..=days).contains(&day) {
        let name = MONTHS[usize::try_from(month - 1).unwrap_or(0)];
        return Some(format!(
            "{name} {year} has no day {day:02} (it has {days} days)"
        ));
    }
    if rest.is_empty() {
        return None;
    }
    let (clock, zone) = match rest.find(['Z', '+', '-']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let mut c = clock.split(':');
    let hour = num(c.next())?;
    let minute = num(c.next())?;
    let second = c
        .next()
        .map(|s| num(s.split('.').next()))
        .unwrap_or(Some(0))?;
    if hour > 23 {
        return Some(format!("hour {hour:02} does not exist (00 to 23)"));
    }
    if minute > 59 {
        return Some(format!("minute {minute:02} does not exist (00 to 59)"));
    }
    if second > 59 {
        return Some(format!("second {second:02} does not exist (00 to 59)"));
    }
    if let Some(offset) = zone.strip_prefix(['+', '-']) {
        let (h, m) = offset.split_once(':')?;
        let (h, m) = (num(Some(h))?, num(Some(m))?);
        if m > 59 || h * 60 + m > 14 * 60 {
            return Some(format!("offset {zone} does not exist (at most ±14:00)"));
        }
    }
    None
}

/// Parses `--now`: Unix seconds (`1700000000`) or RFC 3339 (`2025-01-02T03:04:05Z`, fractions and
/// `±HH:MM` offsets accepted). Returns Unix seconds, or a message saying what is wrong.
pub(crate) fn parse_now(text: &str) -> Result<i64, String> {
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text
            .parse::<i64>()
            .map_err(|_| "Unix seconds out of range".to_string());
    }
    parse_rfc3339(text).ok_or_else(|| {
        "expected RFC 3339 (2025-01-02T03:04:05Z) or Unix seconds (1735787045)".to_string()
    })
}

fn number(bytes: &[u8]) -> Option<i64> {
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    bytes.iter().try_fold(0i64, |acc, b| {
        acc.checked_mul(10)?.checked_add(i64::from(b - b'0'))
    })
}

fn parse_rfc3339(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    // YYYY-MM-DDTHH:MM:SS is 19 bytes; the separators sit at fixed places.
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    if !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let year = number(&b[0..4])?;
    let month = number(&b[5..7])?;
    let day = number(&b[8..10])?;
    let hour = number(&b[11..13])?;
    let minute = number(&b[14..16])?;
    let second = number(&b[17..19])?;
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
    if rest.first() == Some(&b'.') {
        let digits = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        rest = &rest[1 + digits..];
    }
    let offset = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let hours = number(&[*h1, *h2])?;
            let minutes = number(&[*m1, *m2])?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            let secs = hours * 3600 + minutes * 60;
            if *sign == b'+' {
                secs
            } else {
                -secs
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    Some(days * 86_400 + hour * 3600 + minute * 60 + second.min(59) - offset)
}

/// Unix seconds as an RFC 3339 UTC timestamp: `2025-01-02T03:04:05Z`.
pub(crate) fn format_utc(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Unix seconds as an HTTP date (RFC 9110 IMF-fixdate), the form of a `Date` header:
/// `Mon, 07 Dec 2026 07:00:00 GMT`.
pub(crate) fn format_http_date(secs: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    // 1970-01-01 was a Thursday.
    let weekday = DAYS[days.rem_euclid(7) as usize];
    let month = MONTHS[(month as usize).clamp(1, 12) - 1];
    format!(
        "{weekday}, {day:02} {month} {year:04} {:02}:{:02}:{:02} GMT",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// A span of seconds for people, two units at most: `2 h 5 min`, `3 d 4 h`, `12 min`, `40 s`.
pub(crate) fn format_span(secs: i64) -> String {
    let secs = secs.unsigned_abs();
    let (d, h, m, s) = (
        secs / 86_400,
        secs % 86_400 / 3600,
        secs % 3600 / 60,
        secs % 60,
    );
    let pair = |big: u64, big_unit: &str, small: u64, small_unit: &str| {
        if small == 0 {
            format!("{big} {big_unit}")
        } else {
            format!("{big} {big_unit} {small} {small_unit}")
        }
    };
    if d > 0 {
        pair(d, "d", h, "h")
    } else if h > 0 {
        pair(h, "h", m, "min")
    } else if m > 0 {
        pair(m, "min", s, "s")
    } else {
        format!("{s} s")
    }
}

/// Parses an ISO 8601 date or date-time (`2020-12-12`, `2020-12-12T00:00:00Z`, `...T16:45:21.7115183+02:00`)
/// to Unix seconds; no zone means UTC.
pub(crate) fn parse_iso8601(value: &str) -> Option<i64> {
    let b = value.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let digits = b.get(from..from + len)?;
        if !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(digits).ok()?.parse().ok()
    };
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut seconds = days_from_civil(year, month, day) * 86_400;
    let mut i = 10;
    if i == b.len() {
        return Some(seconds);
    }
    if !matches!(b.get(i), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let (hour, minute) = (num(i + 1, 2)?, num(i + 4, 2)?);
    if b.get(i + 3) != Some(&b':') || hour > 23 || minute > 59 {
        return None;
    }
    seconds += hour * 3600 + minute * 60;
    i += 6;
    if b.get(i) == Some(&b':') {
        let second = num(i + 1, 2)?;
        if second > 60 {
            return None;
        }
        seconds += second;
        i += 3;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == start {
                return None;
            }
        }
    }
    match b.get(i) {
        None => Some(seconds),
        Some(b'Z' | b'z') if i + 1 == b.len() => Some(seconds),
        Some(sign @ (b'+' | b'-')) => {
            let oh = num(i + 1, 2)?;
            let om = match (b.get(i + 3), b.len() - i) {
                (Some(b':'), 6) => num(i + 4, 2)?,
                (_, 5) => num(i + 3, 2)?,
                (_, 3) => 0,
                _ => return None,
            };
            if oh > 23 || om > 59 {
                return None;
            }
            let offset = oh * 3600 + om * 60;
            Some(if *sign == b'+' {
                seconds - offset
            } else {
                seconds + offset
            })
        }
        _ => None,
    }
}

/// Seconds since the Unix epoch of an HTTP-date in any of its three forms (RFC 9110 §5.6.7): IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime
/// (`Sun Nov  6 08:49:37 1994`). The `httpdate` crate parses them: the obsolete forms have enough corners
/// (two-digit years, padded days) that we would rather not own them.
pub(crate) fn http_date(text: &str) -> Option<i64> {
    httpdate::parse_http_date(text.trim())
        .ok()
        .map(unix_seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates_are_written_as_they_are_read() {
        for text in [
            "Mon, 07 Dec 2026 07:00:00 GMT",
            "Thu, 01 Jan 1970 00:00:00 GMT",
            "Sun, 01 Nov 2026 10:22:30 GMT",
            "Tue, 29 Feb 2028 23:59:59 GMT",
        ] {
            let secs = http_date(text).expect(text);
            assert_eq!(format_http_date(secs), text);
        }
    }

    #[test]
    fn calendar_problems_are_named_and_real_instants_pass() {
        for ok in [
            "2024-02-29",
            "2018-08-01Z",
            "2019-11-22T00:00:00Z",
            "2026-12-01T08:00:00.0000000Z",
            "2024-01-01T10:00:00+14:00",
            "2024-12-31T23:59:59-05:30",
        ] {
            assert_eq!(calendar_problem(ok), None, "{ok}");
        }
        for (bad, says) in [
            ("2024-13-01T00:00:00Z", "month 13"),
            ("0000-01-01", "year 0000"),
            ("2023-02-29", "February 2023 has no day 29"),
            ("2024-02-30T00:00:00Z", "February 2024 has no day 30"),
            ("2024-04-31", "April 2024 has no day 31"),
            ("2024-01-00", "no day 00"),
            ("2024-01-01T25:00:00Z", "hour 25"),
            ("2024-01-01T10:60:00Z", "minute 60"),
            ("2024-01-01T10:00:61Z", "second 61"),
            ("2024-01-01T10:00:00+15:00", "offset +15:00"),
            ("2024-01-01T10:00:00+01:75", "offset +01:75"),
        ] {
            let got = calendar_problem(bad).unwrap_or_default();
            assert!(got.contains(says), "{bad}: {got}");
        }
    }

    #[test]
    fn all_three_http_date_forms_parse() {
        let want = Some(784_111_777);
        assert_eq!(http_date("Sun, 06 Nov 1994 08:49:37 GMT"), want);
        assert_eq!(http_date("Sunday, 06-Nov-94 08:49:37 GMT"), want);
        assert_eq!(http_date("Sun Nov  6 08:49:37 1994"), want);
        assert_eq!(http_date(" Sun, 06 Nov 1994 08:49:37 GMT\r"), want);
        for junk in ["", "120", "Sun, 32 Nov 1994 08:49:37 GMT", "yesterday"] {
            assert_eq!(http_date(junk), None, "{junk:?}");
        }
    }

    #[test]
    fn unix_seconds_and_rfc3339_agree() {
        assert_eq!(parse_now("1735787045"), Ok(1_735_787_045));
        assert_eq!(parse_now("2025-01-02T03:04:05Z"), Ok(1_735_787_045));
        assert_eq!(parse_now("2025-01-02t03:04:05.123z"), Ok(1_735_787_045));
        assert_eq!(parse_now("2025-01-02T05:04:05+02:00"), Ok(1_735_787_045));
        assert_eq!(parse_now("2025-01-01T22:04:05-05:00"), Ok(1_735_787_045));
        assert_eq!(parse_now("1970-01-01T00:00:00Z"), Ok(0));
        assert_eq!(parse_now("1969-12-31T23:59:59Z"), Ok(-1));
    }

    #[test]
    fn impossible_dates_and_junk_are_refused() {
        for bad in [
            "",
            "2025-02-30T00:00:00Z",
            "2025-13-01T00:00:00Z",
            "2025-01-01T24:00:00Z",
            "2025-01-01T00:00:00",
            "2025-01-01T00:00:00+2",
            "2025-01-01T00:00:00.Z",
            "yesterday",
            "99999999999999999999999",
            "2025-01-01T00:00:00Zjunk",
        ] {
            assert!(parse_now(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_now("2024-02-29T00:00:00Z"), Ok(1_709_164_800));
    }

    #[test]
    fn formats_round_trip() {
        for secs in [0, 1_735_787_045, 951_782_400, -86_400, 4_102_444_799] {
            assert_eq!(parse_now(&format_utc(secs)), Ok(secs), "{secs}");
        }
        assert_eq!(format_utc(1_735_787_045), "2025-01-02T03:04:05Z");
    }

    #[test]
    fn spans_read_like_speech() {
        assert_eq!(format_span(2 * 3600 + 5 * 60 + 9), "2 h 5 min");
        assert_eq!(format_span(-7200), "2 h");
        assert_eq!(format_span(3 * 86_400 + 4 * 3600), "3 d 4 h");
        assert_eq!(format_span(12 * 60), "12 min");
        assert_eq!(format_span(90), "1 min 30 s");
        assert_eq!(format_span(40), "40 s");
    }

    #[test]
    fn system_time_round_trips() {
        for secs in [0, 1_735_787_045, -5] {
            assert_eq!(unix_seconds(system_time(secs)), secs);
        }
    }

    #[test]
    fn iso_8601_date_times_parse_to_unix_seconds() {
        assert_eq!(parse_iso8601("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_iso8601("2020-12-12T00:00:00Z"), Some(1_607_731_200));
        assert_eq!(parse_iso8601("2020-12-12"), Some(1_607_731_200));
        assert_eq!(
            parse_iso8601("2018-08-03T16:45:21.7115183Z"),
            Some(1_533_314_721)
        );
        assert_eq!(parse_iso8601("1970-01-01T02:00:00+02:00"), Some(0));
        assert_eq!(parse_iso8601("2024-02-29T00:00Z"), Some(1_709_164_800));
        for bad in [
            "2023-02-29",
            "12/12/2020",
            "2020-13-01",
            "2020-12-12T25:00:00Z",
            "2020-12-12Tx",
            "2020-12-12T00:00:00ZZ",
            "",
        ] {
            assert_eq!(parse_iso8601(bad), None, "{bad}");
        }
    }
}
