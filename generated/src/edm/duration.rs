use std::fmt::{self, Write as _};
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use super::error::{EdmKind, ParseError};

const NANOS_PER_SEC: u32 = 1_000_000_000;

/// `Edm.Duration`: an ISO 8601 duration such as `PT1H30M`, `P1D`, `-PT5M`
/// or `P2W`, as Graph sends for reminders, retention periods and time-outs.
///
/// Each component is kept as written, because years and months have no fixed
/// length and folding `PT90M` into `PT1H30M` would change what is sent back.
/// Only the seconds may carry a fraction (as in XML Schema); it is kept to
/// the nanosecond. Equality and hashing are therefore structural: `PT60M` and
/// `PT1H` differ; compare [`to_std`](Self::to_std) to compare lengths. A
/// negative zero equals zero.
///
/// ```
/// use graphdoc_generated::edm::Duration;
///
/// let d: Duration = "P1Y2M10DT2H30M".parse().unwrap();
/// assert_eq!((d.years(), d.months(), d.days()), (1, 2, 10));
/// assert_eq!(d.to_std(), None); // a year has no fixed length
///
/// let half: Duration = "PT0.5S".parse().unwrap();
/// assert_eq!(half.to_std(), Some(std::time::Duration::from_millis(500)));
/// assert_eq!(Duration::ZERO.with_hours(1).with_minutes(30).to_string(), "PT1H30M");
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Duration {
    negative: bool,
    years: u64,
    months: u64,
    weeks: u64,
    days: u64,
    hours: u64,
    minutes: u64,
    seconds: u64,
    nanos: u32,
}

/// `with_x`, the builder, and `x`, the getter, of each whole-number component.
macro_rules! components {
    ($($field:ident, $with:ident, $what:literal;)*) => {
        $(
            #[doc = concat!("Sets the number of ", $what, ".")]
            pub const fn $with(mut self, $field: u64) -> Self {
                self.$field = $field;
                self
            }

            #[doc = concat!("The ", $what, " component.")]
            pub const fn $field(&self) -> u64 {
                self.$field
            }
        )*
    };
}

impl Duration {
    /// The empty duration, written `PT0S`; the starting point for the
    /// `with_*` builders.
    pub const ZERO: Duration = Duration {
        negative: false,
        years: 0,
        months: 0,
        weeks: 0,
        days: 0,
        hours: 0,
        minutes: 0,
        seconds: 0,
        nanos: 0,
    };

    /// Splits a std duration into hours, minutes and seconds, leaving days
    /// out since a calendar day is not always 24 hours.
    pub const fn from_std(d: std::time::Duration) -> Self {
        let secs = d.as_secs();
        Duration::ZERO
            .with_hours(secs / 3600)
            .with_minutes(secs % 3600 / 60)
            .with_seconds(secs % 60)
            .with_nanos(d.subsec_nanos())
    }

    components! {
        years, with_years, "years";
        months, with_months, "months";
        weeks, with_weeks, "weeks";
        days, with_days, "days";
        hours, with_hours, "hours";
        minutes, with_minutes, "minutes";
        seconds, with_seconds, "whole seconds";
    }

    /// Sets the fraction of a second; whole seconds in `nanos` carry into
    /// the seconds (saturating) so the fraction always stays below one.
    pub const fn with_nanos(mut self, nanos: u32) -> Self {
        self.seconds = self.seconds.saturating_add((nanos / NANOS_PER_SEC) as u64);
        self.nanos = nanos % NANOS_PER_SEC;
        self
    }

    /// The same components with the opposite sign (zero stays zero).
    pub const fn negated(mut self) -> Self {
        self.negative = !self.negative;
        self
    }

    /// Whether the duration points backwards (`-P…`); never true for zero.
    pub const fn is_negative(&self) -> bool {
        self.negative && !self.is_zero()
    }

    /// Whether every component is zero.
    pub const fn is_zero(&self) -> bool {
        self.years == 0
            && self.months == 0
            && self.weeks == 0
            && self.days == 0
            && self.hours == 0
            && self.minutes == 0
            && self.seconds == 0
            && self.nanos == 0
    }

    /// The fraction of the seconds component, in nanoseconds (below one
    /// second).
    pub const fn nanos(&self) -> u32 {
        self.nanos
    }

    /// Total length in seconds, taking a day as 24 hours; `None` if there are
    /// years or months, which have no fixed length, or on overflow.
    fn fixed_seconds(&self) -> Option<u64> {
        if self.years != 0 || self.months != 0 {
            return None;
        }
        self.weeks
            .checked_mul(7 * 86_400)?
            .checked_add(self.days.checked_mul(86_400)?)?
            .checked_add(self.hours.checked_mul(3_600)?)?
            .checked_add(self.minutes.checked_mul(60)?)?
            .checked_add(self.seconds)
    }

    /// The length as a std duration, taking a day as 24 hours, for timers
    /// and time-outs. `None` when the length is not fixed (years or months),
    /// when it is negative, or when it does not fit.
    pub fn to_std(&self) -> Option<std::time::Duration> {
        if self.is_negative() {
            return None;
        }
        Some(std::time::Duration::new(self.fixed_seconds()?, self.nanos))
    }

    /// The length as a signed chrono delta, taking a day as 24 hours, for
    /// date arithmetic that may go backwards. `None` when there are years or
    /// months, or when it does not fit.
    pub fn to_chrono(&self) -> Option<chrono::TimeDelta> {
        let secs = i64::try_from(self.fixed_seconds()?).ok()?;
        let delta = chrono::TimeDelta::new(secs, self.nanos)?;
        Some(if self.is_negative() { -delta } else { delta })
    }

    /// The fields that decide equality, with a negative zero made positive.
    fn key(&self) -> (bool, u64, u64, u64, u64, u64, u64, u64, u32) {
        (
            self.is_negative(),
            self.years,
            self.months,
            self.weeks,
            self.days,
            self.hours,
            self.minutes,
            self.seconds,
            self.nanos,
        )
    }
}

impl PartialEq for Duration {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Duration {}

impl Hash for Duration {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

impl From<std::time::Duration> for Duration {
    fn from(d: std::time::Duration) -> Self {
        Duration::from_std(d)
    }
}

impl std::ops::Neg for Duration {
    type Output = Duration;

    fn neg(self) -> Duration {
        self.negated()
    }
}

fn parse_duration(s: &str) -> Result<Duration, &'static str> {
    let d = graphdoc_edm::duration(s)?;
    Ok(Duration {
        negative: d.negative,
        years: d.years,
        months: d.months,
        weeks: d.weeks,
        days: d.days,
        hours: d.hours,
        minutes: d.minutes,
        seconds: d.seconds,
        nanos: d.nanos,
    })
}

impl FromStr for Duration {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_duration(s).map_err(|reason| ParseError::new(EdmKind::Duration, s, reason))
    }
}

impl fmt::Display for Duration {
    /// Writes `[-]P[nY][nM][nW][nD][T[nH][nM][n[.f]S]]`, leaving out zero
    /// components and trailing fraction zeros, and `PT0S` for zero.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_zero() {
            return f.write_str("PT0S");
        }
        if self.is_negative() {
            f.write_char('-')?;
        }
        f.write_char('P')?;
        for (value, designator) in [
            (self.years, 'Y'),
            (self.months, 'M'),
            (self.weeks, 'W'),
            (self.days, 'D'),
        ] {
            if value != 0 {
                write!(f, "{value}{designator}")?;
            }
        }
        if self.hours == 0 && self.minutes == 0 && self.seconds == 0 && self.nanos == 0 {
            return Ok(());
        }
        f.write_char('T')?;
        if self.hours != 0 {
            write!(f, "{}H", self.hours)?;
        }
        if self.minutes != 0 {
            write!(f, "{}M", self.minutes)?;
        }
        if self.seconds != 0 || self.nanos != 0 {
            write!(f, "{}", self.seconds)?;
            if self.nanos != 0 {
                let mut frac = self.nanos;
                let mut width = 9;
                while frac % 10 == 0 {
                    frac /= 10;
                    width -= 1;
                }
                write!(f, ".{frac:0width$}")?;
            }
            f.write_char('S')?;
        }
        Ok(())
    }
}

serde_via_str!(Duration, "an ISO 8601 Edm.Duration string such as PT1H30M");

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration as Std;

    use crate::edm::error::test_support::{dur, reason};

    #[test]
    fn parses_what_graph_sends() {
        assert_eq!(
            dur("PT1H30M"),
            Duration::ZERO.with_hours(1).with_minutes(30)
        );
        assert_eq!(dur("P1D"), Duration::ZERO.with_days(1));
        assert_eq!(dur("-PT5M"), Duration::ZERO.with_minutes(5).negated());
        assert_eq!(dur("P2W"), Duration::ZERO.with_weeks(2));
        assert_eq!(dur("PT0.5S"), Duration::ZERO.with_nanos(500_000_000));
        let d = dur("P1Y2M10DT2H30M");
        assert_eq!(
            (
                d.years(),
                d.months(),
                d.weeks(),
                d.days(),
                d.hours(),
                d.minutes(),
                d.seconds()
            ),
            (1, 2, 0, 10, 2, 30, 0)
        );
        assert!(!d.is_negative());
    }

    #[test]
    fn accepts_lenient_forms() {
        assert_eq!(dur("pt1h30m"), dur("PT1H30M"));
        assert_eq!(dur("+P1D"), dur("P1D"));
        assert_eq!(dur("PT0,5S"), dur("PT0.5S"));
        assert_eq!(dur("PT1.1234567891234S").nanos(), 123_456_789);
        assert_eq!(dur("PT0S"), Duration::ZERO);
        assert_eq!(dur("-PT0S"), Duration::ZERO);
        assert_eq!(dur("P0D"), Duration::ZERO);
        assert_eq!(dur("P1W3D"), Duration::ZERO.with_weeks(1).with_days(3));
        assert_eq!(dur("PT18446744073709551615S").seconds(), u64::MAX);
        assert_eq!(dur("PT36H").hours(), 36);
    }

    #[test]
    fn display_is_canonical_and_round_trips() {
        for (input, canonical) in [
            ("PT1H30M", "PT1H30M"),
            ("P1D", "P1D"),
            ("-PT5M", "-PT5M"),
            ("P2W", "P2W"),
            ("PT0.5S", "PT0.5S"),
            ("P1Y2M10DT2H30M", "P1Y2M10DT2H30M"),
            ("P1Y2M3W4DT5H6M7.000000008S", "P1Y2M3W4DT5H6M7.000000008S"),
            ("PT0.0000000S", "PT0S"),
            ("-P0Y", "PT0S"),
            ("P0Y1M", "P1M"),
            ("PT0H0M1.250S", "PT1.25S"),
            ("PT0.1234567S", "PT0.1234567S"),
            ("pt15m", "PT15M"),
            ("P1DT0H", "P1D"),
        ] {
            let d = dur(input);
            assert_eq!(d.to_string(), canonical, "{input}");
            assert_eq!(dur(canonical), d, "{input}");
        }
    }

    #[test]
    fn keeps_components_apart() {
        assert_ne!(dur("PT60M"), dur("PT1H"));
        assert_eq!(dur("PT60M").to_std(), dur("PT1H").to_std());
        assert_eq!(dur("PT90M").to_string(), "PT90M");
    }

    #[test]
    fn converts_to_std_only_when_fixed_and_forward() {
        assert_eq!(dur("PT1H30M").to_std(), Some(Std::from_secs(5400)));
        assert_eq!(dur("P1DT1S").to_std(), Some(Std::from_secs(86_401)));
        assert_eq!(dur("P2W").to_std(), Some(Std::from_secs(14 * 86_400)));
        assert_eq!(dur("PT0.5S").to_std(), Some(Std::from_millis(500)));
        assert_eq!(dur("-PT0S").to_std(), Some(Std::ZERO));
        assert_eq!(dur("P1Y").to_std(), None);
        assert_eq!(dur("P1M").to_std(), None);
        assert_eq!(dur("PT1M").to_std(), Some(Std::from_secs(60)));
        assert_eq!(dur("-PT5M").to_std(), None);
        assert_eq!(dur("P18446744073709551615W").to_std(), None);
        assert_eq!(dur("PT18446744073709551615H").to_std(), None);
        assert_eq!(
            dur("PT18446744073709551615.999999999S").to_std(),
            Some(Std::new(u64::MAX, 999_999_999))
        );
    }

    #[test]
    fn converts_to_chrono_with_sign() {
        assert_eq!(
            dur("-PT5M").to_chrono(),
            Some(chrono::TimeDelta::minutes(-5))
        );
        assert_eq!(dur("P1D").to_chrono(), Some(chrono::TimeDelta::days(1)));
        assert_eq!(
            dur("-PT0.5S").to_chrono(),
            Some(chrono::TimeDelta::milliseconds(-500))
        );
        assert_eq!(dur("P1Y").to_chrono(), None);
        assert_eq!(dur("PT18446744073709551615S").to_chrono(), None);
        assert_eq!(dur("PT9223372036854775807S").to_chrono(), None);
    }

    #[test]
    fn from_std_splits_into_time_components() {
        let d = Duration::from(Std::new(5_430, 250_000_000));
        assert_eq!(d.to_string(), "PT1H30M30.25S");
        assert_eq!(d.to_std(), Some(Std::new(5_430, 250_000_000)));
        assert_eq!(Duration::from_std(Std::ZERO), Duration::ZERO);
        let max = Duration::from_std(Std::MAX);
        assert_eq!(max.to_std(), Some(Std::MAX));
    }

    #[test]
    fn builders_keep_the_fraction_below_a_second() {
        let d = Duration::ZERO.with_seconds(1).with_nanos(2_500_000_000);
        assert_eq!((d.seconds(), d.nanos()), (3, 500_000_000));
        let d = Duration::ZERO.with_seconds(u64::MAX).with_nanos(u32::MAX);
        assert_eq!(d.seconds(), u64::MAX);
        assert!(d.nanos() < NANOS_PER_SEC);
    }

    #[test]
    fn sign_and_zero() {
        let d = -dur("PT5M");
        assert!(d.is_negative());
        assert_eq!(-d, dur("PT5M"));
        assert!(!(-Duration::ZERO).is_negative());
        assert_eq!(-Duration::ZERO, Duration::ZERO);
        assert_eq!((-Duration::ZERO).to_string(), "PT0S");
        assert!(Duration::default().is_zero());
        use std::collections::HashSet;
        let set: HashSet<Duration> = [dur("-PT0S"), dur("PT0S"), dur("P0D")]
            .into_iter()
            .collect();
        assert_eq!(set.len(), 1);
    }

    #[test]
    fn rejects_garbage_with_reasons() {
        for (s, why) in [
            ("", "expected 'P'"),
            ("1H", "expected 'P'"),
            ("T1H", "expected 'P'"),
            ("--P1D", "expected 'P'"),
            ("P", "expected at least one component after 'P'"),
            ("-P", "expected at least one component after 'P'"),
            ("PT", "expected a component after 'T'"),
            ("P1DT", "expected a component after 'T'"),
            ("PD", "expected a number before each designator"),
            ("P-1D", "expected a number before each designator"),
            ("PT.5S", "expected a number before each designator"),
            ("P1", "expected a designator after the number"),
            ("PT1", "expected a designator after the number"),
            ("P1H", "hours and seconds must come after 'T'"),
            ("P1S", "hours and seconds must come after 'T'"),
            ("PT1D", "years, weeks and days must come before 'T'"),
            ("P1X", "expected one of the designators Y, M, W, D"),
            ("PT1X", "expected one of the designators H, M, S"),
            (
                "P1D1Y",
                "components must appear once each, in the order Y M W D",
            ),
            (
                "P1D1D",
                "components must appear once each, in the order Y M W D",
            ),
            (
                "PT1S1M",
                "components must appear once each, in the order H M S",
            ),
            (
                "PT1M1M",
                "components must appear once each, in the order H M S",
            ),
            ("P1.5D", "only the seconds may have a fraction"),
            ("PT1.5H", "only the seconds may have a fraction"),
            ("PT1.5M", "only the seconds may have a fraction"),
            ("PT1.S", "expected digits after the decimal point"),
            ("PT18446744073709551616S", "number too large"),
            ("P1DT1HT1M", "expected a number before each designator"),
            ("P1D ", "expected a number before each designator"),
            (" P1D", "expected 'P'"),
            ("PT5M\u{e9}", "expected a number before each designator"),
        ] {
            assert_eq!(reason::<Duration>(s), why, "{s:?}");
        }
    }

    #[test]
    fn serde_round_trip() {
        let d: Duration = serde_json::from_str("\"PT1H30M\"").unwrap();
        assert_eq!(d, dur("PT1H30M"));
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"PT1H30M\"");
        let back: Duration =
            serde_json::from_str(&serde_json::to_string(&dur("-P1Y2M3W4DT5H6M7.8S")).unwrap())
                .unwrap();
        assert_eq!(back, dur("-P1Y2M3W4DT5H6M7.8S"));
        let err = serde_json::from_str::<Duration>("\"PT\"").unwrap_err();
        assert!(err.to_string().contains("invalid Edm.Duration"), "{err}");
        assert!(serde_json::from_str::<Duration>("3600").is_err());
    }
}
