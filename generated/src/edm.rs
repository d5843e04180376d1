//! The OData Edm primitive types that Microsoft Graph puts on the wire.
//!
//! Graph's JSON carries dates, durations and binary blobs as plain strings,
//! and not always in the strictest form of their standards: timestamps may
//! lack an offset, fractions come with seven digits, durations use the full
//! ISO 8601 grammar. Generated models use these types so that such values are
//! checked once, at the serde boundary, and written back in a form that Graph
//! accepts. Every parser here returns a [`ParseError`] on bad input and never
//! panics, because the input comes from the network (the sweeps over random and
//! mutated input are in `graphdoc-edm`, which does the parsing; building the
//! chrono values from its parts cannot panic).
//!
//! # Examples
//!
//! ```
//! use graphdoc_generated::edm::{DateTimeOffset, Duration};
//!
//! // Graph sometimes omits the offset; such timestamps are taken as UTC.
//! let when: DateTimeOffset = serde_json::from_str("\"2021-07-16T10:00:00.0000000\"").unwrap();
//! assert_eq!(serde_json::to_string(&when).unwrap(), "\"2021-07-16T10:00:00Z\"");
//!
//! let reminder: Duration = "PT1H30M".parse().unwrap();
//! assert_eq!(reminder.to_std(), Some(std::time::Duration::from_secs(5400)));
//! ```
//!
//! The wire syntax itself (what is accepted) lives in the `graphdoc-edm` crate, which the
//! generator's example checker calls too; this module builds chrono and uuid values from it and
//! writes them back.
//!
//! ```
//! use graphdoc_generated::edm::Binary;
//!
//! let photo: Binary = serde_json::from_str("\"aGVsbG8\"").unwrap(); // no padding
//! assert_eq!(photo.as_bytes(), b"hello");
//! assert_eq!(serde_json::to_string(&photo).unwrap(), "\"aGVsbG8=\"");
//! ```

/// Implements `Serialize` through `Display` and `Deserialize` through
/// `FromStr`, because every type here travels as a JSON string whose text
/// form is exactly its `Display`/`FromStr` form.
macro_rules! serde_via_str {
    ($ty:ty, $expecting:literal) => {
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                struct StrVisitor;

                impl ::serde::de::Visitor<'_> for StrVisitor {
                    type Value = $ty;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str($expecting)
                    }

                    fn visit_str<E: ::serde::de::Error>(self, v: &str) -> Result<$ty, E> {
                        v.parse().map_err(E::custom)
                    }
                }

                deserializer.deserialize_str(StrVisitor)
            }
        }
    };
}

mod binary;
mod date_time;
mod duration;
mod error;
mod guid;
mod text;

pub use binary::Binary;
pub use date_time::{Date, DateTimeOffset, TimeOfDay};
pub use duration::Duration;
pub use error::{EdmKind, ParseError};
pub use guid::Guid;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guid_round_trips_as_hyphenated_lowercase() {
        let json = "\"5F4F2E1C-0B7A-4C3B-9D2E-8A1B2C3D4E5F\"";
        let guid: Guid = serde_json::from_str(json).unwrap();
        assert_eq!(
            serde_json::to_string(&guid).unwrap(),
            "\"5f4f2e1c-0b7a-4c3b-9d2e-8a1b2c3d4e5f\""
        );
        assert!(serde_json::from_str::<Guid>("\"not-a-guid\"").is_err());
    }
}
