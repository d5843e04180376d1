//! Byte-level scanning shared by the parsers. Everything goes through `split_first`/`get`, so
//! no input can cause an out-of-bounds panic.

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

    /// `Err(trailing)` unless the whole input has been read: every parser takes all of it.
    pub(crate) fn end(&self, trailing: &'static str) -> Result<(), &'static str> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(trailing)
        }
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

/// Reads the whole of `s` with `read`; text left after what it reads is the error `trailing`.
pub(crate) fn read_all<T>(
    s: &str,
    read: fn(&mut Cursor<'_>) -> Result<T, &'static str>,
    trailing: &'static str,
) -> Result<T, &'static str> {
    let mut c = Cursor::new(s);
    let value = read(&mut c)?;
    c.end(trailing)?;
    Ok(value)
}

/// Decimal value of a run of ASCII digits; `None` on overflow, a non-digit or empty input.
pub fn parse_u64(digits: &[u8]) -> Option<u64> {
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

/// Nanoseconds denoted by the digits after a decimal point. Digits past the ninth are below a
/// nanosecond and are dropped, not rounded, so a value never moves into the next second.
pub fn fraction_nanos(digits: &[u8]) -> u32 {
    let mut nanos = 0u32;
    let mut scale = 100_000_000u32;
    for &d in digits.iter().take(9) {
        nanos += u32::from(d.wrapping_sub(b'0') % 10) * scale;
        scale /= 10;
    }
    nanos
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
