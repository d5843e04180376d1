use std::fmt;

/// Which Edm type a [`ParseError`] came from, so callers can react to a bad
/// duration differently from a bad timestamp without matching on messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum EdmKind {
    /// `Edm.DateTimeOffset`
    DateTimeOffset,
    /// `Edm.Date`
    Date,
    /// `Edm.TimeOfDay`
    TimeOfDay,
    /// `Edm.Duration`
    Duration,
    /// `Edm.Binary`
    Binary,
    /// `Edm.Guid`
    Guid,
}

impl EdmKind {
    /// The name the Graph metadata uses, so messages match the docs.
    pub const fn name(self) -> &'static str {
        match self {
            EdmKind::DateTimeOffset => "Edm.DateTimeOffset",
            EdmKind::Date => "Edm.Date",
            EdmKind::TimeOfDay => "Edm.TimeOfDay",
            EdmKind::Duration => "Edm.Duration",
            EdmKind::Binary => "Edm.Binary",
            EdmKind::Guid => "Edm.Guid",
        }
    }
}

impl fmt::Display for EdmKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Longest input, in characters, that an error keeps; a multi-megabyte bad
/// value should not turn into a multi-megabyte log line.
const MAX_KEPT_CHARS: usize = 100;

/// A string that is not a valid value of an Edm type.
///
/// It keeps the offending text (cut to a bounded length) so that a failure to
/// deserialise a Graph response can be diagnosed from the message alone.
/// `Edm.Binary` input is never kept, because it may encode a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    kind: EdmKind,
    input: Option<String>,
    input_chars: usize,
    reason: &'static str,
}

impl ParseError {
    pub(crate) fn new(kind: EdmKind, input: &str, reason: &'static str) -> Self {
        let kept = match kind {
            EdmKind::Binary => None,
            _ => Some(input.chars().take(MAX_KEPT_CHARS).collect()),
        };
        ParseError {
            kind,
            input: kept,
            input_chars: input.chars().count(),
            reason,
        }
    }

    /// The Edm type that was being parsed.
    pub fn kind(&self) -> EdmKind {
        self.kind
    }

    /// The rejected text, cut to its first 100 characters; `None` for
    /// `Edm.Binary`, whose input is withheld.
    pub fn input(&self) -> Option<&str> {
        self.input.as_deref()
    }

    /// Whether [`input`](Self::input) was cut short.
    pub fn is_input_truncated(&self) -> bool {
        self.input.is_some() && self.input_chars > MAX_KEPT_CHARS
    }

    /// What was wrong, in a few words.
    pub fn reason(&self) -> &'static str {
        self.reason
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.input {
            Some(input) if self.is_input_truncated() => write!(
                f,
                "invalid {} {:?}… ({} characters): {}",
                self.kind, input, self.input_chars, self.reason
            ),
            Some(input) => write!(f, "invalid {} {:?}: {}", self.kind, input, self.reason),
            None => write!(
                f,
                "invalid {} (input of {} characters withheld): {}",
                self.kind, self.input_chars, self.reason
            ),
        }
    }
}

impl std::error::Error for ParseError {}

/// The conversions both ways between an Edm type and the value it wraps, and `FromStr` through
/// `parse` (the wire syntax to the wrapped value) with its errors as `ParseError`s of `kind`:
/// written once, so the wrappers cannot drift apart.
macro_rules! wraps {
    ($ty:ident($inner:ty), $kind:ident, $parse:expr) => {
        impl From<$inner> for $ty {
            fn from(value: $inner) -> Self {
                $ty(value)
            }
        }

        impl From<$ty> for $inner {
            fn from(value: $ty) -> Self {
                value.0
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = $crate::edm::ParseError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let parse: fn(&str) -> Result<$inner, &'static str> = $parse;
                parse(s).map($ty).map_err(|reason| {
                    $crate::edm::ParseError::new($crate::edm::EdmKind::$kind, s, reason)
                })
            }
        }
    };
}

pub(super) use wraps;

/// What the tests of every Edm type need: a value that must parse, and why one must not.
#[cfg(test)]
pub(super) mod test_support {
    use std::fmt::Debug;
    use std::str::FromStr;

    use super::ParseError;

    /// `s` parsed, or a panic that names it.
    pub(crate) fn parsed<T: FromStr<Err = ParseError>>(s: &str) -> T {
        s.parse()
            .unwrap_or_else(|e| panic!("{s:?} should parse: {e}"))
    }

    /// `s` as a timestamp, for the many tests that read one.
    pub(crate) fn dto(s: &str) -> crate::edm::DateTimeOffset {
        parsed(s)
    }

    /// `s` as a duration, likewise.
    pub(crate) fn dur(s: &str) -> crate::edm::Duration {
        parsed(s)
    }

    /// Why `s` does not parse, or a panic showing what it parsed as.
    pub(crate) fn reason<T: FromStr<Err = ParseError> + Debug>(s: &str) -> &'static str {
        match s.parse::<T>() {
            Ok(v) => panic!("{s:?} should not parse, got {v:?}"),
            Err(e) => e.reason(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_names_type_input_and_reason() {
        let e = ParseError::new(EdmKind::Duration, "PT", "expected a component after 'T'");
        assert_eq!(e.kind(), EdmKind::Duration);
        assert_eq!(e.input(), Some("PT"));
        assert!(!e.is_input_truncated());
        assert_eq!(
            e.to_string(),
            "invalid Edm.Duration \"PT\": expected a component after 'T'"
        );
    }

    #[test]
    fn long_input_is_cut_on_a_char_boundary() {
        let long = "é".repeat(150);
        let e = ParseError::new(EdmKind::Date, &long, "bad");
        assert!(e.is_input_truncated());
        assert_eq!(e.input().map(|s| s.chars().count()), Some(MAX_KEPT_CHARS));
        assert!(e.to_string().contains("(150 characters)"));
    }

    #[test]
    fn binary_input_is_withheld() {
        let e = ParseError::new(EdmKind::Binary, "c2VjcmV0!", "invalid base64 character");
        assert_eq!(e.input(), None);
        assert!(!e.is_input_truncated());
        assert!(!e.to_string().contains("c2VjcmV0"));
        assert_eq!(
            e.to_string(),
            "invalid Edm.Binary (input of 9 characters withheld): invalid base64 character"
        );
    }

    #[test]
    fn is_a_std_error() {
        let e: Box<dyn std::error::Error> =
            Box::new(ParseError::new(EdmKind::TimeOfDay, "x", "bad"));
        assert!(e.to_string().starts_with("invalid Edm.TimeOfDay"));
    }
}
