//! `Edm.Date` (`[+|-]YYYY-MM-DD`), `Edm.TimeOfDay` (`HH:MM[:SS[.fraction]]`) and
//! `Edm.DateTimeOffset` (RFC 3339, plus what Graph sends: any number of fraction digits, seconds
//! left out, and no offset at all, meaning UTC). Ranges are chrono's, which the runtime builds
//! its values with: a value accepted here is one chrono can hold.

use crate::cursor::{fraction_nanos, parse_u64, read_all, Cursor};

/// chrono's `NaiveDate` range.
const MIN_YEAR: i32 = -262_143;
const MAX_YEAR: i32 = 262_142;

/// A calendar day, validated (the day exists, the year is in range).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Date {
    /// The proleptic Gregorian year (0 is 1 BC).
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
    /// 1 to the month's length.
    pub day: u32,
}

/// A time of day, validated; `second` is 60 for a leap second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Time {
    /// 0 to 23.
    pub hour: u32,
    /// 0 to 59.
    pub minute: u32,
    /// 0 to 60 (a leap second).
    pub second: u32,
    /// The fraction of the second, truncated to nanoseconds.
    pub nanos: u32,
}

/// A timestamp with the offset it was written in (0 for `Z` or none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateTimeOffset {
    /// The local date.
    pub date: Date,
    /// The local time.
    pub time: Time,
    /// Seconds east of UTC.
    pub offset_seconds: i32,
}

fn leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if leap(y) => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `[+|-]YYYY-MM-DD`, the year with four or more digits as in XML Schema and OData (Graph
/// itself only sends four).
pub(crate) fn read_date(c: &mut Cursor<'_>) -> Result<Date, &'static str> {
    let negative = if c.eat(b'-') {
        true
    } else {
        c.eat(b'+');
        false
    };
    let year_digits = c.digits();
    if year_digits.len() < 4 {
        return Err("expected a year of at least four digits");
    }
    let year = parse_u64(year_digits)
        .and_then(|y| i32::try_from(y).ok())
        .ok_or("year out of range")?;
    let year = if negative { -year } else { year };
    if !c.eat(b'-') {
        return Err("expected '-' after the year");
    }
    let month = c.fixed_digits(2).ok_or("expected a two-digit month")?;
    if !c.eat(b'-') {
        return Err("expected '-' after the month");
    }
    let day = c.fixed_digits(2).ok_or("expected a two-digit day")?;
    if !(1..=12).contains(&month) {
        return Err("month must be 01 to 12");
    }
    if day == 0
        || day > days_in_month(i64::from(year), month)
        || !(MIN_YEAR..=MAX_YEAR).contains(&year)
    {
        return Err("no such day, or year out of range");
    }
    Ok(Date { year, month, day })
}

/// `HH:MM[:SS[.fraction]]`: seconds are optional in OData's grammar; a second of 60 is a leap
/// second, so whatever the runtime writes can be read back.
pub(crate) fn read_time(c: &mut Cursor<'_>) -> Result<Time, &'static str> {
    let hour = c.fixed_digits(2).ok_or("expected a two-digit hour")?;
    if !c.eat(b':') {
        return Err("expected ':' after the hour");
    }
    let minute = c.fixed_digits(2).ok_or("expected two-digit minutes")?;
    let (mut second, mut nanos) = (0, 0);
    if c.eat(b':') {
        second = c.fixed_digits(2).ok_or("expected two-digit seconds")?;
        if c.eat(b'.') {
            let frac = c.digits();
            if frac.is_empty() {
                return Err("expected digits after '.'");
            }
            nanos = fraction_nanos(frac);
        }
    }
    if hour > 23 {
        return Err("hour must be 00 to 23");
    }
    if minute > 59 {
        return Err("minutes must be 00 to 59");
    }
    if second > 60 {
        return Err("seconds must be 00 to 59");
    }
    Ok(Time {
        hour,
        minute,
        second,
        nanos,
    })
}

/// An `Edm.Date`, the whole of `s`.
pub fn date(s: &str) -> Result<Date, &'static str> {
    read_all(s, read_date, "unexpected text after the date")
}

/// An `Edm.TimeOfDay`, the whole of `s`.
pub fn time_of_day(s: &str) -> Result<Time, &'static str> {
    read_all(s, read_time, "unexpected text after the time")
}

/// An `Edm.DateTimeOffset`, the whole of `s`; the instant (in UTC) must be one chrono can hold.
pub fn date_time_offset(s: &str) -> Result<DateTimeOffset, &'static str> {
    let mut c = Cursor::new(s);
    let date = read_date(&mut c)?;
    if !(c.eat(b'T') || c.eat(b't')) {
        return Err("expected 'T' between date and time");
    }
    let time = read_time(&mut c)?;
    let offset_seconds: i32 = match c.bump() {
        // Graph sends local-looking timestamps that are in fact UTC.
        None | Some(b'Z' | b'z') => 0,
        Some(sign @ (b'+' | b'-')) => {
            let hours = c
                .fixed_digits(2)
                .ok_or("expected a two-digit offset hour")?;
            if !c.eat(b':') {
                return Err("expected ':' in the offset");
            }
            let minutes = c
                .fixed_digits(2)
                .ok_or("expected two-digit offset minutes")?;
            if hours > 23 || minutes > 59 {
                return Err("offset out of range");
            }
            // At most 23:59, so the cast cannot truncate.
            let magnitude = (hours * 3600 + minutes * 60) as i32;
            if sign == b'-' {
                -magnitude
            } else {
                magnitude
            }
        }
        Some(_) => return Err("expected 'Z', an offset like +05:30, or nothing after the time"),
    };
    c.end("unexpected text after the offset")?;
    let secs = time.hour * 3600 + time.minute * 60 + time.second.min(59);
    let utc = days_from_civil(i64::from(date.year), date.month, date.day) * 86_400
        + i64::from(secs)
        - i64::from(offset_seconds);
    let min = days_from_civil(i64::from(MIN_YEAR), 1, 1) * 86_400;
    let max = days_from_civil(i64::from(MAX_YEAR), 12, 31) * 86_400 + 86_399;
    if utc < min || utc > max {
        return Err("date and time out of range");
    }
    Ok(DateTimeOffset {
        date,
        time,
        offset_seconds,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_graph_sends() {
        // Seconds and offset left out, a leap second, the ends of chrono's range.
        for s in [
            "2021-07-16T10:00",
            "2016-12-31T23:59:60Z",
            "+262142-12-31T23:59:59.999999999Z",
        ] {
            assert!(date_time_offset(s).is_ok(), "{s}");
        }
        assert_eq!(time_of_day("23:59:60.5").map(|t| t.second), Ok(60));
        assert_eq!(date("-0044-03-15").map(|d| d.year), Ok(-44));
        let t = date_time_offset("2021-07-16T15:30:00.5-05:30").unwrap();
        assert_eq!(
            t,
            DateTimeOffset {
                date: Date {
                    year: 2021,
                    month: 7,
                    day: 16
                },
                time: Time {
                    hour: 15,
                    minute: 30,
                    second: 0,
                    nanos: 500_000_000
                },
                offset_seconds: -(5 * 3600 + 30 * 60),
            }
        );
    }

    #[test]
    fn rejects_with_reasons() {
        for (s, why) in [
            ("", "expected a year of at least four digits"),
            ("2021-07-16", "expected 'T' between date and time"),
            ("2021-07-16T10:00:00.Z", "expected digits after '.'"),
            ("2021-02-30T10:00:00Z", "no such day, or year out of range"),
            (
                "2021-07-16T10:00:00+0530",
                "expected a two-digit offset hour",
            ),
            ("2021-07-16T10:00:00+24:00", "offset out of range"),
            ("2021-07-16T10:00:00ZZ", "unexpected text after the offset"),
            ("99999999999-07-16T10:00:00Z", "year out of range"),
            ("+262142-12-31T23:59:59-01:00", "date and time out of range"),
            ("-262143-01-01T00:00:00+01:00", "date and time out of range"),
        ] {
            assert_eq!(date_time_offset(s), Err(why), "{s:?}");
        }
        assert_eq!(date("2023-02-29"), Err("no such day, or year out of range"));
        assert_eq!(
            date("262143-01-01"),
            Err("no such day, or year out of range")
        );
        assert_eq!(date("2021-07-16 "), Err("unexpected text after the date"));
        assert_eq!(time_of_day("23:59:61"), Err("seconds must be 00 to 59"));
        assert_eq!(
            time_of_day("08:00:00Z"),
            Err("unexpected text after the time")
        );
    }
}
