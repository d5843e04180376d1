//! The Edm primitive types and every spelling of them the real pages use.

use serde::Serialize;

/// An OData Edm primitive type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[allow(missing_docs)] // the variants are the Edm names
pub enum Edm {
    String,
    Boolean,
    Byte,
    SByte,
    Int16,
    Int32,
    Int64,
    Single,
    Double,
    Decimal,
    Guid,
    DateTimeOffset,
    Date,
    TimeOfDay,
    Duration,
    Binary,
    Stream,
    /// Any JSON value: pages that document a property as an untyped JSON object.
    Untyped,
}

impl Edm {
    /// The canonical `Edm.X` name used in the model JSON.
    pub fn qualified(self) -> &'static str {
        match self {
            Edm::String => "Edm.String",
            Edm::Boolean => "Edm.Boolean",
            Edm::Byte => "Edm.Byte",
            Edm::SByte => "Edm.SByte",
            Edm::Int16 => "Edm.Int16",
            Edm::Int32 => "Edm.Int32",
            Edm::Int64 => "Edm.Int64",
            Edm::Single => "Edm.Single",
            Edm::Double => "Edm.Double",
            Edm::Decimal => "Edm.Decimal",
            Edm::Guid => "Edm.Guid",
            Edm::DateTimeOffset => "Edm.DateTimeOffset",
            Edm::Date => "Edm.Date",
            Edm::TimeOfDay => "Edm.TimeOfDay",
            Edm::Duration => "Edm.Duration",
            Edm::Binary => "Edm.Binary",
            Edm::Stream => "Edm.Stream",
            Edm::Untyped => "Edm.Untyped",
        }
    }

    /// Reads one spelling of a primitive type: `String`, `string`, `Edm.String`, `Int`, `GUID`,
    /// `datetime`, `string, maximum size 20`, `String (identifier)`, … Returns `None` for
    /// anything that is not a primitive (it may be a named type).
    pub fn from_spelling(text: &str) -> Option<Edm> {
        let t = text.trim().trim_matches(['`', '*', '"', '\'']);
        // Qualifiers after the type name: `string, maximum size 20`, `String (timestamp)`.
        let t = t.split([',', '(']).next().unwrap_or("").trim();
        let t = t.strip_suffix("?").unwrap_or(t).trim();
        let lower = t.to_ascii_lowercase();
        let lower = lower.strip_prefix("edm.").unwrap_or(&lower);
        let lower = lower.strip_suffix(" (readonly)").unwrap_or(lower).trim();
        Some(match lower {
            "string" | "str" | "text" | "url" | "uri" | "email" => Edm::String,
            "boolean" | "bool" => Edm::Boolean,
            "byte" => Edm::Byte,
            "sbyte" => Edm::SByte,
            "int16" | "short" => Edm::Int16,
            "int32" => Edm::Int32,
            // `Int` and `Integer` state no width, and Graph's schema has Int64 behind several of
            // them (a NumericDate past 2038 does not fit in 32 bits): take the width that
            // decodes every value the server may send.
            "int" | "integer" | "int64" | "long" | "bigint" => Edm::Int64,
            "single" | "float" => Edm::Single,
            "double" | "number" => Edm::Double,
            "decimal" | "numeric" => Edm::Decimal,
            "guid" | "uuid" => Edm::Guid,
            "datetimeoffset"
            | "datetime"
            | "timestamp"
            | "date time"
            | "date-time"
            | "datetimeoffset (timestamp)" => Edm::DateTimeOffset,
            "date" => Edm::Date,
            "timeofday" | "time" => Edm::TimeOfDay,
            "duration" | "timespan" => Edm::Duration,
            "binary" | "byte[]" | "base64" | "base64binary" | "bytes" => Edm::Binary,
            "stream" => Edm::Stream,
            "untyped"
            | "json"
            | "json object"
            | "untyped json object"
            | "untyped json"
            | "object"
            | "any" => Edm::Untyped,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings() {
        for (s, e) in [
            ("String", Edm::String),
            ("string", Edm::String),
            ("Edm.String", Edm::String),
            ("`string`", Edm::String),
            ("string, maximum size 20", Edm::String),
            ("String (identifier)", Edm::String),
            ("Int", Edm::Int64),
            ("Integer", Edm::Int64),
            ("int32", Edm::Int32),
            ("GUID", Edm::Guid),
            ("datetime", Edm::DateTimeOffset),
            ("dateTimeOffset", Edm::DateTimeOffset),
            ("Edm.Binary", Edm::Binary),
            ("numeric", Edm::Decimal),
            ("TimeOfDay", Edm::TimeOfDay),
        ] {
            assert_eq!(Edm::from_spelling(s), Some(e), "{s}");
        }
        assert_eq!(Edm::from_spelling("identitySet"), None);
        assert_eq!(Edm::from_spelling(""), None);
    }
}
