//! `Edm.Duration`: ISO 8601 durations, `[-|+]P[nY][nM][nW][nD][T[nH][nM][n[.f]S]]`, designators
//! in either case, `,` or `.` before the seconds' fraction.

use crate::cursor::{fraction_nanos, parse_u64, Cursor};

/// The components of a duration, each as written (`PT90M` stays 90 minutes).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Duration {
    /// Written with a leading `-`.
    pub negative: bool,
    /// Years.
    pub years: u64,
    /// Months.
    pub months: u64,
    /// Weeks.
    pub weeks: u64,
    /// Days.
    pub days: u64,
    /// Hours.
    pub hours: u64,
    /// Minutes.
    pub minutes: u64,
    /// Whole seconds.
    pub seconds: u64,
    /// The seconds' fraction, truncated to nanoseconds.
    pub nanos: u32,
}

/// Reads `digits[(.|,)digits]`: the integer part and, if present, the fraction in nanoseconds.
fn number(c: &mut Cursor<'_>) -> Result<(u64, Option<u32>), &'static str> {
    let int = c.digits();
    if int.is_empty() {
        return Err("expected a number before each designator");
    }
    let int = parse_u64(int).ok_or("number too large")?;
    if c.eat(b'.') || c.eat(b',') {
        let frac = c.digits();
        if frac.is_empty() {
            return Err("expected digits after the decimal point");
        }
        Ok((int, Some(fraction_nanos(frac))))
    } else {
        Ok((int, None))
    }
}

/// An `Edm.Duration`, the whole of `s`. Only the seconds may carry a fraction (as in XML
/// Schema); each component appears at most once, in order.
pub fn duration(s: &str) -> Result<Duration, &'static str> {
    let mut c = Cursor::new(s);
    let mut d = Duration {
        negative: c.eat(b'-'),
        ..Duration::default()
    };
    if !d.negative {
        c.eat(b'+');
    }
    if !c.eat_ignore_case(b'P') {
        return Err("expected 'P'");
    }

    let mut seen_any = false;
    let mut last = 0u8;
    while let Some(b) = c.peek() {
        if b.eq_ignore_ascii_case(&b'T') {
            break;
        }
        let (value, frac) = number(&mut c)?;
        let designator = c.bump().ok_or("expected a designator after the number")?;
        let (rank, field) = match designator.to_ascii_uppercase() {
            b'Y' => (1, &mut d.years),
            b'M' => (2, &mut d.months),
            b'W' => (3, &mut d.weeks),
            b'D' => (4, &mut d.days),
            b'H' | b'S' => return Err("hours and seconds must come after 'T'"),
            _ => return Err("expected one of the designators Y, M, W, D"),
        };
        if rank <= last {
            return Err("components must appear once each, in the order Y M W D");
        }
        if frac.is_some() {
            return Err("only the seconds may have a fraction");
        }
        last = rank;
        *field = value;
        seen_any = true;
    }

    if c.eat_ignore_case(b'T') {
        let mut seen_time = false;
        last = 0;
        while !c.is_empty() {
            let (value, frac) = number(&mut c)?;
            let designator = c.bump().ok_or("expected a designator after the number")?;
            let rank = match designator.to_ascii_uppercase() {
                b'H' => 1,
                b'M' => 2,
                b'S' => 3,
                b'Y' | b'W' | b'D' => return Err("years, weeks and days must come before 'T'"),
                _ => return Err("expected one of the designators H, M, S"),
            };
            if rank <= last {
                return Err("components must appear once each, in the order H M S");
            }
            last = rank;
            match (rank, frac) {
                (3, frac) => {
                    d.seconds = value;
                    d.nanos = frac.unwrap_or(0);
                }
                (_, Some(_)) => return Err("only the seconds may have a fraction"),
                (1, None) => d.hours = value,
                (_, None) => d.minutes = value,
            }
            seen_time = true;
        }
        if !seen_time {
            return Err("expected a component after 'T'");
        }
        seen_any = true;
    }

    c.end("unexpected text after the duration")?;
    if !seen_any {
        return Err("expected at least one component after 'P'");
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_components_as_written() {
        let d = duration("P1Y2M3W4DT5H6M7.123456789S").unwrap();
        assert_eq!(
            (d.years, d.months, d.weeks, d.days, d.hours, d.minutes, d.seconds, d.nanos),
            (1, 2, 3, 4, 5, 6, 7, 123_456_789)
        );
        let d = duration("-PT18446744073709551615S").unwrap();
        assert!(d.negative && d.seconds == u64::MAX);
        assert_eq!(duration("pt0,5s").unwrap().nanos, 500_000_000);
        assert_eq!(duration("+P1D").unwrap().days, 1);
        assert_eq!(duration("PT90M").unwrap().minutes, 90);
    }

    #[test]
    fn rejects_with_reasons() {
        for (s, why) in [
            ("", "expected 'P'"),
            ("P", "expected at least one component after 'P'"),
            ("PT", "expected a component after 'T'"),
            ("P1H", "hours and seconds must come after 'T'"),
            ("PT1D", "years, weeks and days must come before 'T'"),
            (
                "P1D1Y",
                "components must appear once each, in the order Y M W D",
            ),
            (
                "PT1S1M",
                "components must appear once each, in the order H M S",
            ),
            ("P1.5D", "only the seconds may have a fraction"),
            ("PT1.5H", "only the seconds may have a fraction"),
            ("PT1.S", "expected digits after the decimal point"),
            ("PT18446744073709551616S", "number too large"),
            ("PT1", "expected a designator after the number"),
            ("P1X", "expected one of the designators Y, M, W, D"),
            ("PT1X", "expected one of the designators H, M, S"),
            ("PTS", "expected a number before each designator"),
        ] {
            assert_eq!(duration(s), Err(why), "{s:?}");
        }
    }
}
