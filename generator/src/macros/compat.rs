//! Can a user's field type hold what the docs say a property is? Decided from the type as
//! written (a macro sees no type information): wrappers that only add optionality or
//! indirection are looked through, collections must be collections, primitives must be wide
//! enough, and a named type is taken on trust unless it is a primitive or the generated name of
//! an unrelated documented type.

use crate::emit::naming;
use crate::model::{Edm, Kind, Model, Property, TypeKey, TypeRef};
use quote::ToTokens;
use syn::{GenericArgument, PathArguments, Type};

/// The last segment's identifier and its one type argument, if it has exactly one.
fn last(ty: &Type) -> Option<(String, Option<&Type>)> {
    let Type::Path(p) = ty else { return None };
    let seg = p.path.segments.last()?;
    let arg = match &seg.arguments {
        PathArguments::AngleBracketed(a) => {
            let tys: Vec<&Type> = a
                .args
                .iter()
                .filter_map(|g| match g {
                    GenericArgument::Type(t) => Some(t),
                    _ => None,
                })
                .collect();
            (tys.len() == 1).then(|| tys[0])
        }
        _ => None,
    };
    Some((seg.ident.to_string(), arg))
}

/// Strips `Option`, `Field`, `Patch`, `Box`, `Rc`, `Arc` and parentheses.
fn unwrap(mut ty: &Type) -> &Type {
    loop {
        if let Type::Paren(p) = ty {
            ty = &p.elem;
            continue;
        }
        match last(ty) {
            Some((name, Some(inner)))
                if matches!(
                    name.as_str(),
                    "Option" | "Field" | "Patch" | "Box" | "Rc" | "Arc"
                ) =>
            {
                ty = inner
            }
            _ => return ty,
        }
    }
}

fn is_value(ty: &Type) -> bool {
    matches!(last(ty), Some((n, None)) if n == "Value")
}

const INTEGERS: &[&str] = &[
    "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
];
const PRIMITIVES: &[&str] = &[
    "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize", "f32",
    "f64", "bool", "char", "String", "str",
];

/// The Rust types that can hold an Edm primitive, the first being what graphdoc emits.
fn holders(edm: Edm) -> &'static [&'static str] {
    match edm {
        Edm::String => &["String"],
        Edm::Boolean => &["bool"],
        Edm::Byte => &[
            "u8", "u16", "i16", "u32", "i32", "u64", "i64", "u128", "i128",
        ],
        Edm::SByte => &["i8", "i16", "i32", "i64", "i128"],
        Edm::Int16 => &["i16", "i32", "i64", "i128"],
        Edm::Int32 => &["i32", "i64", "i128"],
        Edm::Int64 => &["i64", "i128"],
        Edm::Single => &["f64", "f32"],
        Edm::Double => &["f64"],
        Edm::Decimal => &["f64", "Decimal"],
        Edm::Guid => &["Guid", "Uuid", "String"],
        Edm::DateTimeOffset => &["DateTimeOffset", "DateTime", "OffsetDateTime", "String"],
        Edm::Date => &["Date", "NaiveDate", "String"],
        Edm::TimeOfDay => &["TimeOfDay", "NaiveTime", "Time", "String"],
        Edm::Duration => &["Duration", "String"],
        Edm::Binary | Edm::Stream => &["Binary", "String"],
        Edm::Untyped => &[],
    }
}

fn shown(ty: &Type) -> String {
    ty.to_token_stream()
        .to_string()
        .replace(" < ", "<")
        .replace(" >", ">")
        .replace("< ", "<")
        .replace(" :: ", "::")
        .replace(":: ", "::")
}

/// The documented type in words: `Edm.Int32`, `a collection of microsoft.graph.user`.
pub(super) fn describe(model: &Model, prop: &Property) -> String {
    let one = match &prop.ty {
        TypeRef::Primitive(e) => e.qualified().to_string(),
        TypeRef::Named(k) => model
            .types
            .get(k)
            .map_or_else(|| k.to_string(), |t| t.name.clone()),
    };
    if prop.collection {
        format!("a collection of `{one}`")
    } else {
        format!("`{one}`")
    }
}

/// `Ok` when a response that leaves `prop` out, or sends it as `null`, still decodes into `ty`:
/// the type is an `Option`/`Field`/`Patch` (or `serde_json::Value`, which holds `null`), or a
/// collection marked `#[serde(default)]` (Graph sends a collection as `[]`, never `null`, but
/// may leave it out). Otherwise what to write.
pub(super) fn tolerates_absence(
    prop: &Property,
    ty: &Type,
    serde_default: bool,
) -> Result<(), String> {
    let mut outer = ty;
    while let Some((name, Some(inner))) = last(outer) {
        match name.as_str() {
            "Option" | "Field" | "Patch" => return Ok(()),
            "Box" | "Rc" | "Arc" => outer = inner,
            _ => break,
        }
    }
    let written = shown(ty);
    if is_value(outer) {
        return Ok(());
    }
    if prop.collection {
        if serde_default {
            return Ok(());
        }
        return Err(format!(
            "a response may leave `{}` out, and `{written}` cannot decode a missing member; add `#[serde(default)]` (a missing collection reads as empty) or write `Option<{written}>`",
            prop.name
        ));
    }
    Err(format!(
        "a response may send `{0}` as `null` or leave it out, and `{written}` can hold neither; write `Option<{written}>` (both read as `None`) or `::graphdoc_generated::Field<{written}>` (keeps `null` and absent apart)",
        prop.name
    ))
}

/// `Ok` when `ty` can hold `prop`; otherwise what is wrong and what to write instead.
pub(super) fn check(model: &Model, prop: &Property, ty: &Type) -> Result<(), String> {
    let written = shown(ty);
    if let Type::Reference(_) = ty {
        return Err(format!(
            "`{written}` borrows, but a response is decoded into owned values; use an owned type such as `{}",
            suggestion(model, prop)
        ));
    }
    let inner = unwrap(ty);
    if is_value(inner) {
        return Ok(());
    }
    let (elem, is_collection) = match last(inner) {
        Some((n, Some(e))) if matches!(n.as_str(), "Vec" | "VecDeque" | "BTreeSet" | "HashSet") => {
            (unwrap(e), true)
        }
        _ => (inner, false),
    };
    match (prop.collection, is_collection) {
        (true, false) => {
            return Err(format!(
                "`{written}` holds one value, but the property is {}; use `{}",
                describe(model, prop),
                suggestion(model, prop)
            ))
        }
        (false, true) => {
            return Err(format!(
                "`{written}` is a collection, but the property is a single {}; use `{}",
                describe(model, prop),
                suggestion(model, prop)
            ))
        }
        _ => {}
    }
    if is_value(elem) {
        return Ok(());
    }
    let Some((name, _)) = last(elem) else {
        return Err(format!(
            "`{written}` cannot hold {}; use `{}",
            describe(model, prop),
            suggestion(model, prop)
        ));
    };
    let ok = match &prop.ty {
        TypeRef::Primitive(Edm::Untyped) => true,
        TypeRef::Primitive(edm) => holders(*edm).contains(&name.as_str()),
        TypeRef::Named(key) => named_fits(model, key, &name),
    };
    if ok {
        Ok(())
    } else {
        let why = match &prop.ty {
            TypeRef::Primitive(e)
                if INTEGERS.contains(&name.as_str()) && e.qualified().starts_with("Edm.Int") =>
            {
                format!("`{name}` is narrower than {}", describe(model, prop))
            }
            TypeRef::Named(k) if model.types.get(k).is_some_and(|t| t.kind != Kind::Enum) => {
                format!(
                    "`{written}` cannot hold {}, which is a JSON object",
                    describe(model, prop)
                )
            }
            _ => format!("`{written}` cannot hold {}", describe(model, prop)),
        };
        Err(format!("{why}; use `{}", suggestion(model, prop)))
    }
}

/// A named type fits a documented named type unless it is a primitive (only `String` fits an
/// enum) or the generated name of a documented type outside `key`'s family.
fn named_fits(model: &Model, key: &str, name: &str) -> bool {
    let Some(t) = model.types.get(key) else {
        return !PRIMITIVES.contains(&name);
    };
    if PRIMITIVES.contains(&name) {
        return t.kind == Kind::Enum && name == "String";
    }
    let family: Vec<&str> = std::iter::once(key)
        .chain(model.descendants(key).into_iter().map(TypeKey::as_str))
        .chain(model.ancestors(key).into_iter().map(|a| a.name.as_str()))
        .collect();
    let family_names: Vec<String> = family
        .iter()
        .filter_map(|k| model.get(k))
        .map(|t| naming::type_name(t.short_name()))
        .collect();
    if family_names
        .iter()
        .any(|f| f == name || format!("Any{f}") == name)
    {
        return true;
    }
    // A generated name of some other documented type is a mistake; anything else is the
    // user's own type, taken on trust.
    !model
        .types
        .values()
        .any(|o| naming::type_name(o.short_name()) == name)
}

/// What to write instead: the type graphdoc emits for the property, and for named types what
/// else would do.
fn suggestion(model: &Model, prop: &Property) -> String {
    let (one, note) = match &prop.ty {
        TypeRef::Primitive(Edm::Untyped) => ("serde_json::Value".to_string(), String::new()),
        TypeRef::Primitive(e) => match holders(*e)[0] {
            p if PRIMITIVES.contains(&p) => (p.to_string(), String::new()),
            p => (format!("graphdoc_generated::edm::{p}"), String::new()),
        },
        TypeRef::Named(k) => match model.types.get(k) {
            Some(t) => {
                let n = naming::type_name(t.short_name());
                if t.kind == Kind::Enum {
                    (
                        "String".to_string(),
                        format!(" or an enum of your own for `{}`", t.name),
                    )
                } else if model.derived(k).is_empty() {
                    (
                        n,
                        " (a struct of your own, or the one `graphdoc generate` writes)"
                            .to_string(),
                    )
                } else {
                    (
                        format!("Any{n}"),
                        " (the enum `graphdoc generate` writes for it and its subtypes) or a struct of your own".to_string(),
                    )
                }
            }
            None => ("serde_json::Value".to_string(), String::new()),
        },
    };
    if prop.collection {
        format!("Option<Vec<{one}>>`{note}")
    } else {
        format!("Option<{one}>`{note}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Pos;

    fn prop(ty: TypeRef, collection: bool) -> Property {
        Property {
            name: "x".into(),
            ty,
            collection,
            navigation: false,
            description: String::new(),
            pos: Pos::default(),
        }
    }

    fn ty(s: &str) -> Type {
        syn::parse_str(s).unwrap()
    }

    #[test]
    fn primitives_must_be_wide_enough() {
        let m = Model::default();
        let int32 = prop(TypeRef::Primitive(Edm::Int32), false);
        assert!(check(&m, &int32, &ty("Option<i64>")).is_ok());
        assert!(check(&m, &int32, &ty("i32")).is_ok());
        let e = check(&m, &int32, &ty("Option<i16>")).unwrap_err();
        assert!(e.contains("narrower"), "{e}");
        assert!(check(&m, &int32, &ty("String")).is_err());
        let s = prop(TypeRef::Primitive(Edm::String), false);
        assert!(check(&m, &s, &ty("::std::option::Option<::std::string::String>")).is_ok());
        assert!(check(&m, &s, &ty("&'static str")).is_err());
        assert!(check(&m, &s, &ty("serde_json::Value")).is_ok());
        let when = prop(TypeRef::Primitive(Edm::DateTimeOffset), false);
        assert!(check(&m, &when, &ty("Option<chrono::DateTime<chrono::Utc>>")).is_ok());
        assert!(check(&m, &when, &ty("Option<bool>")).is_err());
    }

    #[test]
    fn collections_must_be_collections() {
        let m = Model::default();
        let many = prop(TypeRef::Primitive(Edm::String), true);
        assert!(check(&m, &many, &ty("Option<Vec<String>>")).is_ok());
        let e = check(&m, &many, &ty("Option<String>")).unwrap_err();
        assert!(e.contains("Option<Vec<String>>"), "{e}");
        let one = prop(TypeRef::Primitive(Edm::String), false);
        assert!(check(&m, &one, &ty("Vec<String>")).is_err());
    }
}
