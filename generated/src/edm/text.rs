//! Between the wire syntax (`graphdoc_edm`, which parses) and chrono: building chrono values
//! from parsed parts, and writing them back in the form Graph accepts.

use std::fmt::{self, Write as _};

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};

/// Nanoseconds from which chrono marks a leap second.
const LEAP_NANOS: u32 = 1_000_000_000;

/// The chrono date of a parsed `Edm.Date` (the parser already checked the day and chrono's
/// year range; the `Err` is there so no input can panic even if chrono's range narrows).
pub(crate) fn naive_date(d: graphdoc_edm::Date) -> Result<NaiveDate, &'static str> {
    NaiveDate::from_ymd_opt(d.year, d.month, d.day).ok_or("no such day, or year out of range")
}

/// The chrono time of a parsed time of day; a second of 60 is chrono's leap second.
pub(crate) fn naive_time(t: graphdoc_edm::Time) -> Result<NaiveTime, &'static str> {
    let (second, nanos) = if t.second == 60 {
        (59, t.nanos + LEAP_NANOS)
    } else {
        (t.second, t.nanos)
    };
    NaiveTime::from_hms_nano_opt(t.hour, t.minute, second, nanos).ok_or("no such time of day")
}

/// Writes `YYYY-MM-DD`; years past 9999 get more digits and no `+`, as XML
/// Schema wants, and negative years a leading `-`.
pub(crate) fn write_date(f: &mut fmt::Formatter<'_>, date: NaiveDate) -> fmt::Result {
    let year = date.year();
    if year < 0 {
        f.write_char('-')?;
    }
    write!(
        f,
        "{:04}-{:02}-{:02}",
        year.unsigned_abs(),
        date.month(),
        date.day()
    )
}

/// Writes `HH:MM:SS` plus a fraction of 3, 6 or 9 digits only when needed,
/// the same rule chrono calls `SecondsFormat::AutoSi`.
pub(crate) fn write_time(f: &mut fmt::Formatter<'_>, time: NaiveTime) -> fmt::Result {
    let (mut second, mut nanos) = (time.second(), time.nanosecond());
    if nanos >= LEAP_NANOS {
        second += 1;
        nanos -= LEAP_NANOS;
    }
    write!(f, "{:02}:{:02}:{:02}", time.hour(), time.minute(), second)?;
    if nanos == 0 {
        Ok(())
    } else if nanos % 1_000_000 == 0 {
        write!(f, ".{:03}", nanos / 1_000_000)
    } else if nanos % 1_000 == 0 {
        write!(f, ".{:06}", nanos / 1_000)
    } else {
        write!(f, ".{nanos:09}")
    }
}
