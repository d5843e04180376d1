//! Byte-level scanning shared by the parsers. Everything goes through
//! `split_first`/`get` so that no input can cause an out-of-bounds panic.

use std::fmt::{self, Write as _};

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};

/// Nanoseconds from which chrono marks a leap second.
const LEAP_NANOS: u32 = 1_000_000_000;

/// A forward-only reader over the bytes of an input string.
pub(crate) struct Cursor<'a> {
    rest: &'a [u8],
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(s: &'a str) -> Self {
        Cursor { rest: s.as_bytes() }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    pub(crate) fn peek(&self) -> Option<u8> {
        self.rest.first().copied()
    }

    pub(crate) fn bump(&mut self) -> Option<u8> {
        let (&b, rest) = self.rest.split_first()?;
        self.rest = rest;
        Some(b)
    }

    /// Consumes `b` if it is next.
    pub(crate) fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.rest = self.rest.get(1..).unwrap_or_default();
            true
        } else {
            false
        }
    }

    /// Consumes `b` if it is next, in either ASCII case.
    pub(crate) fn eat_ignore_case(&mut self, b: u8) -> bool {
        match self.peek() {
            Some(next) if next.eq_ignore_ascii_case(&b) => {
                self.rest = self.rest.get(1..).unwrap_or_default();
                true
            }
            _ => false,
        }
    }

    /// Consumes the longest run of ASCII digits, possibly empty.
    pub(crate) fn digits(&mut self) -> &'a [u8] {
        let len = self.rest.iter().take_while(|b| b.is_ascii_digit()).count();
        let (run, rest) = self.rest.split_at(len);
        self.rest = rest;
        run
    }

    /// Consumes exactly `n` digits (no more may follow directly).
    pub(crate) fn fixed_digits(&mut self, n: usize) -> Option<u32> {
        let run = self.digits();
        if run.len() == n {
            parse_u64(run).and_then(|v| u32::try_from(v).ok())
        } else {
            None
        }
    }
}

/// Decimal value of a run of ASCII digits; `None` on overflow or empty input.
pub(crate) fn parse_u64(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0u64, |acc, &d| {
        if !d.is_ascii_digit() {
            return None;
        }
        acc.checked_mul(10)?.checked_add(u64::from(d - b'0'))
    })
}

/// Nanoseconds denoted by the digits after a decimal point. Digits past the
/// ninth are below chrono's resolution and are dropped, not rounded, so that
/// a value never moves into the next second.
pub(crate) fn fraction_nanos(digits: &[u8]) -> u32 {
    let mut nanos = 0u32;
    let mut scale = 100_000_000u32;
    for &d in digits.iter().take(9) {
        nanos += u32::from(d.wrapping_sub(b'0') % 10) * scale;
        scale /= 10;
    }
    nanos
}

/// Parses `[+|-]YYYY-MM-DD`, where the year has four or more digits as in
/// XML Schema and OData (Graph itself only sends four).
pub(crate) fn parse_date(c: &mut Cursor<'_>) -> Result<NaiveDate, &'static str> {
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
    NaiveDate::from_ymd_opt(year, month, day).ok_or("no such day, or year out of range")
}

/// Parses `HH:MM[:SS[.fraction]]`. Seconds are optional in OData's grammar;
/// a second of 60 is taken as a leap second so that whatever
/// [`write_time`] prints can be read back.
pub(crate) fn parse_time(c: &mut Cursor<'_>) -> Result<NaiveTime, &'static str> {
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
    if second == 60 {
        second = 59;
        nanos += LEAP_NANOS;
    } else if second > 60 {
        return Err("seconds must be 00 to 59");
    }
    NaiveTime::from_hms_nano_opt(hour, minute, second, nanos).ok_or("no such time of day")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_u64_checks_overflow_and_emptiness() {
        assert_eq!(parse_u64(b"0"), Some(0));
        assert_eq!(parse_u64(b"18446744073709551615"), Some(u64::MAX));
        assert_eq!(parse_u64(b"18446744073709551616"), None);
        assert_eq!(parse_u64(b""), None);
        assert_eq!(parse_u64(b"1a"), None);
    }

    #[test]
    fn fraction_is_truncated_to_nanoseconds() {
        assert_eq!(fraction_nanos(b"5"), 500_000_000);
        assert_eq!(fraction_nanos(b"0000000"), 0);
        assert_eq!(fraction_nanos(b"1234567"), 123_456_700);
        assert_eq!(fraction_nanos(b"9999999999999"), 999_999_999);
    }

    #[test]
    fn cursor_fixed_digits_rejects_longer_runs() {
        let mut c = Cursor::new("123");
        assert_eq!(c.fixed_digits(2), None);
        let mut c = Cursor::new("12:");
        assert_eq!(c.fixed_digits(2), Some(12));
        assert!(c.eat(b':'));
        assert!(c.is_empty());
        assert_eq!(c.bump(), None);
    }
}
