//! Primitive wire formats, as the runtime (`generated/src/edm/`, `uuid`) parses them.

use super::*;

/// Checks the text of a string-typed primitive the way the runtime parses it: `Ok` when
/// deserialization of `e` from a JSON string holding `s` succeeds, else the reason. String-less
/// types (numbers, booleans) are never accepted from a string.
pub fn primitive_str(e: Edm, s: &str) -> Result<(), &'static str> {
    match e {
        Edm::String | Edm::Untyped | Edm::Stream => Ok(()),
        Edm::Guid => guid(s),
        Edm::DateTimeOffset => date_time_offset(s),
        Edm::Date => {
            let mut c = Cursor(s.as_bytes());
            date(&mut c)?;
            if c.0.is_empty() {
                Ok(())
            } else {
                Err("unexpected text after the date")
            }
        }
        Edm::TimeOfDay => {
            let mut c = Cursor(s.as_bytes());
            time(&mut c)?;
            if c.0.is_empty() {
                Ok(())
            } else {
                Err("unexpected text after the time")
            }
        }
        Edm::Duration => duration(s),
        Edm::Binary => base64(s),
        Edm::Boolean
        | Edm::Byte
        | Edm::SByte
        | Edm::Int16
        | Edm::Int32
        | Edm::Int64
        | Edm::Single
        | Edm::Double
        | Edm::Decimal => Err("a string, not a JSON number or boolean"),
    }
}

struct Cursor<'a>(&'a [u8]);

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.0.first().copied()
    }
    fn bump(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }
    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.0 = &self.0[1..];
            true
        } else {
            false
        }
    }
    fn eat_ignore_case(&mut self, b: u8) -> bool {
        match self.peek() {
            Some(n) if n.eq_ignore_ascii_case(&b) => {
                self.0 = &self.0[1..];
                true
            }
            _ => false,
        }
    }
    fn digits(&mut self) -> &[u8] {
        let n = self.0.iter().take_while(|b| b.is_ascii_digit()).count();
        let (run, rest) = self.0.split_at(n);
        self.0 = rest;
        run
    }
    fn fixed(&mut self, n: usize) -> Option<u32> {
        let run = self.digits();
        (run.len() == n)
            .then(|| parse_u64(run).and_then(|v| u32::try_from(v).ok()))
            .flatten()
    }
}

fn parse_u64(d: &[u8]) -> Option<u64> {
    if d.is_empty() {
        return None;
    }
    d.iter().try_fold(0u64, |acc, &b| {
        acc.checked_mul(10)?.checked_add(u64::from(b - b'0'))
    })
}

/// chrono's `NaiveDate` range.
const MIN_YEAR: i64 = -262_143;
const MAX_YEAR: i64 = 262_142;

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

fn date(c: &mut Cursor<'_>) -> Result<(i64, u32, u32), &'static str> {
    let negative = if c.eat(b'-') {
        true
    } else {
        c.eat(b'+');
        false
    };
    let yd = c.digits();
    if yd.len() < 4 {
        return Err("expected a year of at least four digits");
    }
    let year = parse_u64(yd)
        .and_then(|y| i32::try_from(y).ok())
        .ok_or("year out of range")?;
    let year = if negative {
        -i64::from(year)
    } else {
        i64::from(year)
    };
    if !c.eat(b'-') {
        return Err("expected '-' after the year");
    }
    let month = c.fixed(2).ok_or("expected a two-digit month")?;
    if !c.eat(b'-') {
        return Err("expected '-' after the month");
    }
    let day = c.fixed(2).ok_or("expected a two-digit day")?;
    if !(1..=12).contains(&month) {
        return Err("month must be 01 to 12");
    }
    if day == 0 || day > days_in_month(year, month) || !(MIN_YEAR..=MAX_YEAR).contains(&year) {
        return Err("no such day, or year out of range");
    }
    Ok((year, month, day))
}

/// Seconds into the day.
fn time(c: &mut Cursor<'_>) -> Result<u32, &'static str> {
    let hour = c.fixed(2).ok_or("expected a two-digit hour")?;
    if !c.eat(b':') {
        return Err("expected ':' after the hour");
    }
    let minute = c.fixed(2).ok_or("expected two-digit minutes")?;
    let mut second = 0;
    if c.eat(b':') {
        second = c.fixed(2).ok_or("expected two-digit seconds")?;
        if c.eat(b'.') && c.digits().is_empty() {
            return Err("expected digits after '.'");
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
    Ok(hour * 3600 + minute * 60 + second.min(59))
}

fn date_time_offset(s: &str) -> Result<(), &'static str> {
    let mut c = Cursor(s.as_bytes());
    let (y, m, d) = date(&mut c)?;
    if !(c.eat(b'T') || c.eat(b't')) {
        return Err("expected 'T' between date and time");
    }
    let secs = time(&mut c)?;
    let offset: i64 = match c.bump() {
        None | Some(b'Z' | b'z') => 0,
        Some(sign @ (b'+' | b'-')) => {
            let h = c.fixed(2).ok_or("expected a two-digit offset hour")?;
            if !c.eat(b':') {
                return Err("expected ':' in the offset");
            }
            let mi = c.fixed(2).ok_or("expected two-digit offset minutes")?;
            if h > 23 || mi > 59 {
                return Err("offset out of range");
            }
            let mag = i64::from(h * 3600 + mi * 60);
            if sign == b'-' {
                -mag
            } else {
                mag
            }
        }
        Some(_) => return Err("expected 'Z', an offset like +05:30, or nothing after the time"),
    };
    if !c.0.is_empty() {
        return Err("unexpected text after the offset");
    }
    let utc = days_from_civil(y, m, d) * 86_400 + i64::from(secs) - offset;
    let min = days_from_civil(MIN_YEAR, 1, 1) * 86_400;
    let max = days_from_civil(MAX_YEAR, 12, 31) * 86_400 + 86_399;
    if utc < min || utc > max {
        return Err("date and time out of range");
    }
    Ok(())
}

fn duration(s: &str) -> Result<(), &'static str> {
    fn number(c: &mut Cursor<'_>) -> Result<bool, &'static str> {
        let int = c.digits();
        if int.is_empty() {
            return Err("expected a number before each designator");
        }
        parse_u64(int).ok_or("number too large")?;
        if c.eat(b'.') || c.eat(b',') {
            if c.digits().is_empty() {
                return Err("expected digits after the decimal point");
            }
            return Ok(true);
        }
        Ok(false)
    }
    let mut c = Cursor(s.as_bytes());
    if !c.eat(b'-') {
        c.eat(b'+');
    }
    if !c.eat_ignore_case(b'P') {
        return Err("expected 'P'");
    }
    let mut seen_any = false;
    let mut last = 0;
    while let Some(b) = c.peek() {
        if b.eq_ignore_ascii_case(&b'T') {
            break;
        }
        let frac = number(&mut c)?;
        let rank = match c
            .bump()
            .ok_or("expected a designator after the number")?
            .to_ascii_uppercase()
        {
            b'Y' => 1,
            b'M' => 2,
            b'W' => 3,
            b'D' => 4,
            b'H' | b'S' => return Err("hours and seconds must come after 'T'"),
            _ => return Err("expected one of the designators Y, M, W, D"),
        };
        if rank <= last {
            return Err("components must appear once each, in the order Y M W D");
        }
        if frac {
            return Err("only the seconds may have a fraction");
        }
        last = rank;
        seen_any = true;
    }
    if c.eat_ignore_case(b'T') {
        let mut seen_time = false;
        last = 0;
        while !c.0.is_empty() {
            let frac = number(&mut c)?;
            let rank = match c
                .bump()
                .ok_or("expected a designator after the number")?
                .to_ascii_uppercase()
            {
                b'H' => 1,
                b'M' => 2,
                b'S' => 3,
                b'Y' | b'W' | b'D' => return Err("years, weeks and days must come before 'T'"),
                _ => return Err("expected one of the designators H, M, S"),
            };
            if rank <= last {
                return Err("components must appear once each, in the order H M S");
            }
            if frac && rank != 3 {
                return Err("only the seconds may have a fraction");
            }
            last = rank;
            seen_time = true;
        }
        if !seen_time {
            return Err("expected a component after 'T'");
        }
        seen_any = true;
    }
    if !c.0.is_empty() {
        return Err("unexpected text after the duration");
    }
    if !seen_any {
        return Err("expected at least one component after 'P'");
    }
    Ok(())
}

/// base64 as the runtime's `Binary` reads it: the standard alphabet with `-`/`_` mapped onto
/// `+`/`/`, padding optional but never misplaced, no stray bits in the last symbol.
fn base64(s: &str) -> Result<(), &'static str> {
    fn morsel(b: u8) -> Option<u32> {
        Some(u32::from(match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        }))
    }
    let b = s.as_bytes();
    if b.is_empty() {
        return Ok(());
    }
    let rem = b.len() % 4;
    if rem == 1 && b[b.len() - 1] != b'=' && morsel(b[b.len() - 1]).is_none() {
        return Err("invalid base64 character");
    }
    let body = b
        .len()
        .saturating_sub(rem)
        .saturating_sub(usize::from(rem == 0) * 4);
    if b[..body].iter().any(|&x| morsel(x).is_none()) {
        return Err("invalid base64 character");
    }
    let mut pad = 0;
    let mut ms = Vec::with_capacity(4);
    for (i, &x) in b[body..].iter().enumerate() {
        if x == b'=' {
            if i < 2 {
                return Err("invalid base64 character");
            }
            pad += 1;
            continue;
        }
        if pad > 0 {
            return Err("invalid base64 character");
        }
        ms.push(morsel(x).ok_or("invalid base64 character")?);
    }
    if ms.len() < 2 {
        return Err("invalid base64 length");
    }
    let bytes = ms.len() * 6 / 8;
    ms.resize(4, 0);
    let num = (ms[0] << 26) | (ms[1] << 20) | (ms[2] << 14) | (ms[3] << 8);
    if num & (u32::MAX >> (bytes * 8)) != 0 {
        return Err("base64 ends in a non-canonical symbol");
    }
    Ok(())
}

fn guid(s: &str) -> Result<(), &'static str> {
    fn hyphenated(b: &[u8]) -> bool {
        b.len() == 36
            && b.iter().enumerate().all(|(i, c)| match i {
                8 | 13 | 18 | 23 => *c == b'-',
                _ => c.is_ascii_hexdigit(),
            })
    }
    let b = s.as_bytes();
    let ok = match b.len() {
        32 => b.iter().all(u8::is_ascii_hexdigit),
        36 => hyphenated(b),
        38 => b[0] == b'{' && b[37] == b'}' && hyphenated(&b[1..37]),
        45 => b[..9].eq_ignore_ascii_case(b"urn:uuid:") && hyphenated(&b[9..]),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err("not a GUID")
    }
}
