//! Primitive wire formats: the runtime's own parsers (the `graphdoc-edm` crate).

use super::*;

/// Checks the text of a string-typed primitive the way the runtime parses it: `Ok` when
/// deserialization of `e` from a JSON string holding `s` succeeds, else the reason. String-less
/// types (numbers, booleans) are never accepted from a string.
pub fn primitive_str(e: Edm, s: &str) -> Result<(), &'static str> {
    use graphdoc_edm::Syntax;
    let syntax = match e {
        Edm::String | Edm::Untyped | Edm::Stream => return Ok(()),
        Edm::Guid => Syntax::Guid,
        Edm::DateTimeOffset => Syntax::DateTimeOffset,
        Edm::Date => Syntax::Date,
        Edm::TimeOfDay => Syntax::TimeOfDay,
        Edm::Duration => Syntax::Duration,
        Edm::Binary => Syntax::Binary,
        Edm::Boolean
        | Edm::Byte
        | Edm::SByte
        | Edm::Int16
        | Edm::Int32
        | Edm::Int64
        | Edm::Single
        | Edm::Double
        | Edm::Decimal => return Err("a string, not a JSON number or boolean"),
    };
    graphdoc_edm::check(syntax, s)
}
