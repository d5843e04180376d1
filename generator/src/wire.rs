//! The wire shape: what a value of a documented type looks like in JSON, decided once from the
//! model. The emitter (`emit::plan`, `emit::types`, `emit::paths`) renders it as serde types and
//! the example checker (`check`) walks examples against it, so the two cannot drift apart:
//! - a type with subtypes is read through a dispatch family keyed by `@odata.type`
//!   ([`family`]), whose base has a variant of its own unless it [acts abstract](acts_abstract);
//! - a struct's wire members are its documented properties, inherited ones first, streams left
//!   out (they are fetched by URL, never inline) ([`members`]);
//! - a whole body of a primitive or enum type travels wrapped, `{"value": x}` ([`is_wrapped`]);
//! - string-typed Edm primitives follow the runtime's syntax ([`primitive_str`], the
//!   `graphdoc-edm` crate).

use crate::model::{Edm, Kind, Model, Property, TypeKey, TypeRef};

/// The members of a dispatch enum (`AnyX`): which types a value of a polymorphic type may be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Family {
    /// Member type keys: the base first when it has a variant of its own, then every
    /// non-abstract subtype in key order. Each is told apart by its qualified name in
    /// `@odata.type` (no `#`, any ASCII casing).
    pub members: Vec<TypeKey>,
    /// The base has a variant of its own: a value without `@odata.type` is the base type.
    pub base: bool,
}

/// The dispatch family of `key`, or `None` when it has no subtypes (a plain struct).
pub fn family(model: &Model, key: &str) -> Option<Family> {
    let (root, descendants) = model.hierarchy().descendants.get_key_value(key)?;
    let base = !acts_abstract(model, key);
    let mut members = Vec::with_capacity(descendants.len() + 1);
    if base {
        members.push(root.clone());
    }
    members.extend(
        descendants
            .iter()
            .filter(|k| model.types.get(*k).is_some_and(|t| !t.is_abstract))
            .cloned(),
    );
    Some(Family { members, base })
}

/// True when a value of `key` is only ever one of its subtypes: documented as abstract, or a
/// base that (with its own bases) declares no properties at all, so a value of it alone would
/// carry nothing. Such a type gets no variant of its own in its dispatch enum.
pub fn acts_abstract(model: &Model, key: &str) -> bool {
    let Some(t) = model.types.get(key) else {
        return false;
    };
    t.is_abstract
        || (model.hierarchy().descendants.contains_key(key) && model.all_properties(key).is_empty())
}

/// The members a struct of `key` reads by name: its properties, inherited ones first, streams
/// left out (a stream is fetched by its own URL; in a body it is an unknown member).
pub fn members<'m>(model: &'m Model, key: &str) -> Vec<&'m Property> {
    let mut all = model.all_properties(key);
    all.retain(|p| p.ty != TypeRef::Primitive(Edm::Stream));
    all
}

/// True when a whole body of `ty` (not a collection) is OData's wrapper `{"value": x}`: a
/// primitive (other than untyped JSON or a stream) or an enum. Structured values are sent as
/// the object itself.
pub fn is_wrapped(model: &Model, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Primitive(e) => !matches!(e, Edm::Untyped | Edm::Stream),
        TypeRef::Named(k) => model.types.get(k).is_some_and(|t| t.kind == Kind::Enum),
    }
}

/// Checks the text of a string-typed primitive the way the runtime parses it (the same
/// parsers, from `graphdoc-edm`): `Ok` when deserialization of `e` from a JSON string holding
/// `s` succeeds, else the reason. String-less types (numbers, booleans) are never accepted from
/// a string.
pub fn primitive_str(e: Edm, s: &str) -> Result<(), &'static str> {
    match e {
        Edm::String | Edm::Untyped | Edm::Stream => Ok(()),
        Edm::Guid => graphdoc_edm::guid(s).map(drop),
        Edm::DateTimeOffset => graphdoc_edm::date_time_offset(s).map(drop),
        Edm::Date => graphdoc_edm::date(s).map(drop),
        Edm::TimeOfDay => graphdoc_edm::time_of_day(s).map(drop),
        Edm::Duration => graphdoc_edm::duration(s).map(drop),
        Edm::Binary => graphdoc_edm::base64::decode(s).map(drop),
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
