use std::fmt::{self, Write as _};

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

use super::error::wraps;
use super::text::{naive_date, naive_time, write_date, write_time};

/// `Edm.DateTimeOffset`: an instant together with the offset it was written
/// in.
///
/// Parsing is RFC 3339 plus what Graph actually sends: any number of fraction
/// digits (`.0000000Z` is common), seconds left out as OData allows, and
/// timestamps with no offset at all, which Graph means as UTC. Output is RFC
/// 3339 with `Z` for UTC and only the fraction digits needed, which Graph
/// accepts everywhere.
///
/// Like chrono's own type, equality, ordering and hashing look at the instant
/// only: `10:00:00Z` equals `15:30:00+05:30`.
///
/// ```
/// use graphdoc_generated::edm::DateTimeOffset;
///
/// let t: DateTimeOffset = "2021-07-16T15:30:00.5+05:30".parse().unwrap();
/// assert_eq!(t, "2021-07-16T10:00:00.500Z".parse().unwrap());
/// assert_eq!(t.to_string(), "2021-07-16T15:30:00.500+05:30");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateTimeOffset(DateTime<FixedOffset>);

impl DateTimeOffset {
    /// The chrono value, for arithmetic and formatting this type leaves out.
    pub fn as_chrono(&self) -> DateTime<FixedOffset> {
        self.0
    }

    /// The same instant in UTC, for comparing with clocks and for storage.
    pub fn to_utc(&self) -> DateTime<Utc> {
        self.0.to_utc()
    }
}

wraps!(
    DateTimeOffset(DateTime<FixedOffset>),
    DateTimeOffset,
    parse_date_time_offset
);

impl From<DateTime<Utc>> for DateTimeOffset {
    fn from(value: DateTime<Utc>) -> Self {
        DateTimeOffset(value.fixed_offset())
    }
}

impl From<DateTimeOffset> for DateTime<Utc> {
    fn from(value: DateTimeOffset) -> Self {
        value.to_utc()
    }
}

fn parse_date_time_offset(s: &str) -> Result<DateTime<FixedOffset>, &'static str> {
    let parsed = graphdoc_edm::date_time_offset(s)?;
    let local = NaiveDateTime::new(naive_date(parsed.date)?, naive_time(parsed.time)?);
    let offset = FixedOffset::east_opt(parsed.offset_seconds).ok_or("offset out of range")?;
    offset
        .from_local_datetime(&local)
        .single()
        .ok_or("date and time out of range")
}

impl fmt::Display for DateTimeOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let offset = self.0.offset().local_minus_utc();
        // RFC 3339 offsets have no seconds; rather than shift the instant,
        // such a value is written in UTC.
        let (local, offset) = if offset % 60 == 0 {
            (self.0.naive_local(), offset)
        } else {
            (self.0.naive_utc(), 0)
        };
        write_date(f, local.date())?;
        f.write_char('T')?;
        write_time(f, local.time())?;
        if offset == 0 {
            f.write_char('Z')
        } else {
            let sign = if offset < 0 { '-' } else { '+' };
            let minutes = offset.unsigned_abs() / 60;
            write!(f, "{sign}{:02}:{:02}", minutes / 60, minutes % 60)
        }
    }
}

serde_via_str!(
    DateTimeOffset,
    "an Edm.DateTimeOffset string such as 2021-07-16T10:00:00Z"
);

/// `Edm.Date`: a calendar day with no time or zone, as Graph uses for
/// birthdays and all-day dates, written `YYYY-MM-DD`.
///
/// ```
/// use graphdoc_generated::edm::Date;
///
/// let d: Date = "2024-02-29".parse().unwrap();
/// assert_eq!(d.to_string(), "2024-02-29");
/// assert!("2023-02-29".parse::<Date>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date(NaiveDate);

impl Date {
    /// The chrono value, for calendar arithmetic this type leaves out.
    pub fn as_chrono(&self) -> NaiveDate {
        self.0
    }
}

wraps!(Date(NaiveDate), Date, |s| graphdoc_edm::date(s)
    .and_then(naive_date));

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_date(f, self.0)
    }
}

serde_via_str!(Date, "an Edm.Date string such as 2021-07-16");

/// `Edm.TimeOfDay`: a wall-clock time with no date or zone, as in working
/// hours. Graph sends it with seven fraction digits (`08:00:00.0000000`); it
/// is written back with only the digits needed.
///
/// ```
/// use graphdoc_generated::edm::TimeOfDay;
///
/// let t: TimeOfDay = "08:30:00.0000000".parse().unwrap();
/// assert_eq!(t.to_string(), "08:30:00");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TimeOfDay(NaiveTime);

impl TimeOfDay {
    /// The chrono value, for arithmetic this type leaves out.
    pub fn as_chrono(&self) -> NaiveTime {
        self.0
    }
}

wraps!(TimeOfDay(NaiveTime), TimeOfDay, |s| {
    graphdoc_edm::time_of_day(s).and_then(naive_time)
});

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_time(f, self.0)
    }
}

serde_via_str!(TimeOfDay, "an Edm.TimeOfDay string such as 08:00:00");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edm::error::test_support::{dto, reason};

    #[test]
    fn date_time_offset_accepts_rfc3339_forms() {
        let utc = Utc.with_ymd_and_hms(2021, 7, 16, 10, 0, 0).unwrap();
        for s in [
            "2021-07-16T10:00:00Z",
            "2021-07-16T10:00:00z",
            "2021-07-16t10:00:00Z",
            "2021-07-16T10:00:00.0Z",
            "2021-07-16T10:00:00.0000000Z",
            "2021-07-16T10:00:00.000000000Z",
            "2021-07-16T10:00:00.0000000000000Z",
            "2021-07-16T10:00:00+00:00",
            "2021-07-16T10:00:00-00:00",
            "2021-07-16T15:30:00+05:30",
            "2021-07-16T02:00:00-08:00",
            "2021-07-16T10:00Z",
        ] {
            assert_eq!(dto(s).to_utc(), utc, "{s}");
        }
    }

    /// The offset a timestamp is read with (none written is UTC), and how it is written back:
    /// in that offset, with only the fraction digits needed.
    #[test]
    fn date_time_offset_keeps_its_offset_and_writes_what_is_needed() {
        for (s, offset, written) in [
            (
                "2021-07-16T15:30:00+05:30",
                5 * 3600 + 30 * 60,
                "2021-07-16T15:30:00+05:30",
            ),
            (
                "2021-07-16T02:00:00-08:00",
                -8 * 3600,
                "2021-07-16T02:00:00-08:00",
            ),
            ("2021-07-16T10:00:00", 0, "2021-07-16T10:00:00Z"),
            ("2021-07-16T10:00:00.0000000", 0, "2021-07-16T10:00:00Z"),
            ("2021-07-16T10:00:00.5Z", 0, "2021-07-16T10:00:00.500Z"),
            (
                "2021-07-16T10:00:00.1234Z",
                0,
                "2021-07-16T10:00:00.123400Z",
            ),
            (
                "2021-07-16T10:00:00.1234567Z",
                0,
                "2021-07-16T10:00:00.123456700Z",
            ),
            (
                "2021-07-16T10:00:00.123456789999Z",
                0,
                "2021-07-16T10:00:00.123456789Z",
            ),
        ] {
            let t = dto(s);
            assert_eq!(t.as_chrono().offset().local_minus_utc(), offset, "{s}");
            assert_eq!(t.to_string(), written, "{s}");
        }
    }

    #[test]
    fn date_time_offset_matches_chrono_auto_si() {
        for s in [
            "2021-07-16T10:00:00Z",
            "2021-07-16T10:00:00.25+01:00",
            "1999-12-31T23:59:59.999999-12:45",
            "0001-01-01T00:00:00Z",
        ] {
            let ours = dto(s);
            let chrono = ours
                .as_chrono()
                .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
            assert_eq!(ours.to_string(), chrono);
        }
    }

    #[test]
    fn date_time_offset_edges() {
        // Leap seconds and the ends of chrono's range survive a round trip.
        for s in [
            "2016-12-31T23:59:60Z",
            "2016-12-31T23:59:60.500Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
            "10000-01-01T00:00:00Z",
            "-0001-06-01T00:00:00+01:00",
        ] {
            assert_eq!(dto(s).to_string(), s);
        }
        assert_eq!(
            reason::<DateTimeOffset>("+262142-12-31T23:59:59-01:00"),
            "date and time out of range"
        );
        assert!("-262143-01-01T00:00:00+01:00"
            .parse::<DateTimeOffset>()
            .is_err());
        // An offset with seconds cannot be written in RFC 3339: use UTC.
        let odd = FixedOffset::east_opt(3661).unwrap();
        let t = DateTimeOffset::from(odd.with_ymd_and_hms(2021, 7, 16, 11, 1, 1).unwrap());
        assert_eq!(t.to_string(), "2021-07-16T10:00:00Z");
        // chrono's extremes format without panicking.
        let max = DateTimeOffset::from(DateTime::<Utc>::MAX_UTC);
        assert_eq!(max.to_string(), "262142-12-31T23:59:59.999999999Z");
        let min = DateTimeOffset::from(DateTime::<Utc>::MIN_UTC);
        assert_eq!(min.to_string().parse::<DateTimeOffset>(), Ok(min));
    }

    #[test]
    fn date_time_offset_rejects_garbage() {
        for (s, why) in [
            ("", "expected a year of at least four digits"),
            ("2021-07-16", "expected 'T' between date and time"),
            ("2021-07-16 10:00:00Z", "expected 'T' between date and time"),
            ("2021-07-16T", "expected a two-digit hour"),
            ("2021-07-16T10", "expected ':' after the hour"),
            ("2021-07-16T10:00:00.Z", "expected digits after '.'"),
            ("2021-07-16T24:00:00Z", "hour must be 00 to 23"),
            ("2021-07-16T10:60:00Z", "minutes must be 00 to 59"),
            ("2021-07-16T10:00:61Z", "seconds must be 00 to 59"),
            ("2021-02-30T10:00:00Z", "no such day, or year out of range"),
            ("2021-13-01T10:00:00Z", "month must be 01 to 12"),
            (
                "2021-07-16T10:00:00+0530",
                "expected a two-digit offset hour",
            ),
            ("2021-07-16T10:00:00+05", "expected ':' in the offset"),
            ("2021-07-16T10:00:00+24:00", "offset out of range"),
            ("2021-07-16T10:00:00+05:60", "offset out of range"),
            ("2021-07-16T10:00:00ZZ", "unexpected text after the offset"),
            (
                "2021-07-16T10:00:00 ",
                "expected 'Z', an offset like +05:30, or nothing after the time",
            ),
            (
                "2021-07-16T10:00:00é",
                "expected 'Z', an offset like +05:30, or nothing after the time",
            ),
            (
                "21-07-16T10:00:00Z",
                "expected a year of at least four digits",
            ),
            ("99999999999-07-16T10:00:00Z", "year out of range"),
        ] {
            assert_eq!(reason::<DateTimeOffset>(s), why, "{s:?}");
        }
    }

    #[test]
    fn date_time_offset_serde() {
        let t: DateTimeOffset = serde_json::from_str("\"2021-07-16T10:00:00.0000000Z\"").unwrap();
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            "\"2021-07-16T10:00:00Z\""
        );
        let back: DateTimeOffset =
            serde_json::from_str(&serde_json::to_string(&t).unwrap()).unwrap();
        assert_eq!(back, t);
        let err = serde_json::from_str::<DateTimeOffset>("\"yesterday\"").unwrap_err();
        assert!(
            err.to_string()
                .contains("invalid Edm.DateTimeOffset \"yesterday\""),
            "{err}"
        );
        let err = serde_json::from_str::<DateTimeOffset>("12").unwrap_err();
        assert!(
            err.to_string().contains("Edm.DateTimeOffset string"),
            "{err}"
        );
    }

    #[test]
    fn date_time_offset_conversions() {
        let utc = Utc.with_ymd_and_hms(2021, 7, 16, 10, 0, 0).unwrap();
        let t = DateTimeOffset::from(utc);
        assert_eq!(DateTime::<Utc>::from(t), utc);
        assert_eq!(DateTime::<FixedOffset>::from(t), utc.fixed_offset());
        assert!(dto("2021-07-16T10:00:00Z") < dto("2021-07-16T10:00:01+00:00"));
        assert_eq!(
            dto("2021-07-16T10:00:00Z"),
            dto("2021-07-16T12:00:00+02:00")
        );
    }

    #[test]
    fn date_parses_and_round_trips() {
        let d: Date = "2021-07-16".parse().unwrap();
        assert_eq!(d.as_chrono(), NaiveDate::from_ymd_opt(2021, 7, 16).unwrap());
        assert_eq!(d.to_string(), "2021-07-16");
        for s in [
            "0001-01-01",
            "9999-12-31",
            "2024-02-29",
            "0000-01-01",
            "-0044-03-15",
            "12345-01-01",
        ] {
            assert_eq!(s.parse::<Date>().unwrap().to_string(), s);
        }
        assert_eq!("+2021-07-16".parse::<Date>().unwrap(), d);
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(json, "\"2021-07-16\"");
        assert_eq!(serde_json::from_str::<Date>(&json).unwrap(), d);
        assert_eq!(Date::from(d.as_chrono()), d);
        assert_eq!(NaiveDate::from(d), d.as_chrono());
        assert!(d < "2021-07-17".parse().unwrap());
    }

    #[test]
    fn date_rejects_garbage() {
        for (s, why) in [
            ("", "expected a year of at least four digits"),
            ("2021-7-16", "expected a two-digit month"),
            ("2021-07-6", "expected a two-digit day"),
            ("2021/07/16", "expected '-' after the year"),
            ("2021-07", "expected '-' after the month"),
            ("2021-00-10", "month must be 01 to 12"),
            ("2021-04-31", "no such day, or year out of range"),
            ("2023-02-29", "no such day, or year out of range"),
            ("2021-07-16T00:00:00Z", "unexpected text after the date"),
            ("2021-07-16 ", "unexpected text after the date"),
            (" 2021-07-16", "expected a year of at least four digits"),
            ("262144-01-01", "no such day, or year out of range"),
        ] {
            assert_eq!(reason::<Date>(s), why, "{s:?}");
        }
        assert!(serde_json::from_str::<Date>("20210716").is_err());
    }

    #[test]
    fn time_of_day_parses_and_round_trips() {
        let t: TimeOfDay = "08:00:00.0000000".parse().unwrap();
        assert_eq!(t.as_chrono(), NaiveTime::from_hms_opt(8, 0, 0).unwrap());
        assert_eq!(t.to_string(), "08:00:00");
        assert_eq!("08:00".parse::<TimeOfDay>().unwrap(), t);
        for s in [
            "00:00:00",
            "23:59:59",
            "12:34:56.700",
            "12:34:56.123456",
            "12:34:56.123456789",
            "23:59:60",
        ] {
            assert_eq!(s.parse::<TimeOfDay>().unwrap().to_string(), s);
        }
        assert_eq!(
            "17:30:00.1234567".parse::<TimeOfDay>().unwrap().to_string(),
            "17:30:00.123456700"
        );
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, "\"08:00:00\"");
        assert_eq!(
            serde_json::from_str::<TimeOfDay>("\"08:00:00.0000000\"").unwrap(),
            t
        );
        assert_eq!(TimeOfDay::from(t.as_chrono()), t);
        assert_eq!(NaiveTime::from(t), t.as_chrono());
    }

    #[test]
    fn time_of_day_rejects_garbage() {
        for (s, why) in [
            ("", "expected a two-digit hour"),
            ("8:00:00", "expected a two-digit hour"),
            ("08", "expected ':' after the hour"),
            ("08:0", "expected two-digit minutes"),
            ("08:00:0", "expected two-digit seconds"),
            ("08:00:00.", "expected digits after '.'"),
            ("24:00:00", "hour must be 00 to 23"),
            ("23:60:00", "minutes must be 00 to 59"),
            ("23:59:61", "seconds must be 00 to 59"),
            ("08:00:00Z", "unexpected text after the time"),
            ("08:00:00+01:00", "unexpected text after the time"),
        ] {
            assert_eq!(reason::<TimeOfDay>(s), why, "{s:?}");
        }
    }
}
