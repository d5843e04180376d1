//! The walk: a JSON value read the way the emitted serde types read it, following the wire
//! shape of [`crate::wire`].

use super::json::{Node, Reader, J};
use super::Mismatch;
use crate::model::{Edm, Kind, Model, TypeKey, TypeRef};
use crate::wire;
use std::collections::{BTreeMap, BTreeSet};

/// What a dispatch enum (`AnyX`) does with a value, per `@odata.type`.
#[derive(Debug, Clone)]
struct Dispatch {
    /// Lowercased qualified name → the variant's type key.
    kinds: BTreeMap<String, TypeKey>,
    /// The base has a variant of its own (a value without `@odata.type` is the base).
    base: bool,
}

pub(super) struct Checker<'m> {
    model: &'m Model,
    dispatch: BTreeMap<String, Option<Dispatch>>,
}

fn path_member(path: &str, name: &str) -> String {
    let plain = !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        format!("{path}.{name}")
    } else {
        format!("{path}[{}]", serde_json::Value::String(name.to_string()))
    }
}

/// The offending value, shortened to about 40 characters.
fn short(n: &Node) -> String {
    const MAX: usize = 40;
    if let J::String(s) = &n.v {
        if s.chars().count() > MAX {
            let head: String = s.chars().take(MAX - 10).collect();
            let text = serde_json::Value::String(head).to_string();
            return format!("{}…\"", &text[..text.len() - 1]);
        }
    }
    let text = n.to_value().to_string();
    if text.chars().count() > MAX {
        let head: String = text.chars().take(MAX - 1).collect();
        format!("{head}…")
    } else {
        text
    }
}

impl<'m> Checker<'m> {
    pub(super) fn new(model: &'m Model) -> Checker<'m> {
        Checker {
            model,
            dispatch: BTreeMap::new(),
        }
    }

    pub(super) fn check_text(
        &mut self,
        text: &str,
        ty: &TypeRef,
        collection: bool,
    ) -> Option<Vec<Mismatch>> {
        let value: serde_json::Value = serde_json::from_str(text).ok()?;
        let node = Reader::parse(text).unwrap_or_else(|| Node::from_value(&value));
        Some(self.check(&node, ty, collection))
    }

    pub(super) fn check(&mut self, node: &Node, ty: &TypeRef, collection: bool) -> Vec<Mismatch> {
        let mut out = Vec::new();
        if collection {
            self.page(node, ty, &mut out);
        } else if wire::is_wrapped(self.model, ty) {
            self.single(node, ty, &mut out);
        } else {
            self.element(node, ty, "$", false, &mut out);
        }
        out
    }

    /// A single primitive or enum body, `{"value": x}`: `value` is required, other members
    /// (`@odata.context`) are kept.
    fn single(&mut self, n: &Node, ty: &TypeRef, out: &mut Vec<Mismatch>) {
        let expected = self.name(ty);
        let Some(members) = Self::body(n, &expected, "{\"value\": ...}", out) else {
            return;
        };
        let values: Vec<&Node> = members
            .iter()
            .filter(|(k, _)| k == "value")
            .map(|(_, v)| v)
            .collect();
        match values.as_slice() {
            [] => Self::miss(out, n, "$", expected, "no `value` member"),
            [v] => self.element(v, ty, "$.value", false, out),
            [_, v, ..] => Self::miss(out, v, "$.value", expected, "`value` is given twice"),
        }
    }

    /// The members of a body that must be an object shaped like `shape`; anything else is one
    /// mismatch at `$`.
    fn body<'n>(
        n: &'n Node,
        expected: &str,
        shape: &str,
        out: &mut Vec<Mismatch>,
    ) -> Option<&'n [(String, Node)]> {
        if let J::Object(members) = &n.v {
            return Some(members);
        }
        let reason = format!("{}, not a `{shape}` object", n.kind());
        Self::miss(out, n, "$", expected.to_string(), reason);
        None
    }

    fn name(&self, ty: &TypeRef) -> String {
        self.model.type_name(ty)
    }

    fn miss(
        out: &mut Vec<Mismatch>,
        n: &Node,
        path: &str,
        expected: String,
        reason: impl Into<String>,
    ) {
        out.push(Mismatch {
            path: path.to_string(),
            value: short(n),
            expected,
            reason: reason.into(),
            at: (n.at.0 > 0).then_some(n.at),
        });
    }

    /// `graphdoc_generated::Page<T>`: an object whose `value` is an array of `T` (required: an
    /// object without it is not a page), with optional string links and an integer count.
    fn page(&mut self, n: &Node, ty: &TypeRef, out: &mut Vec<Mismatch>) {
        let expected = format!("Collection({})", self.name(ty));
        let Some(members) = Self::body(n, &expected, "{\"value\": [...]}", out) else {
            return;
        };
        let mut seen = BTreeSet::new();
        for (k, v) in members {
            let path = path_member("$", k);
            let known = matches!(
                k.as_str(),
                "value" | "@odata.nextLink" | "@odata.deltaLink" | "@odata.count"
            );
            if known && !seen.insert(k.as_str()) {
                Self::miss(
                    out,
                    v,
                    &path,
                    expected.clone(),
                    format!("`{k}` is given twice"),
                );
                continue;
            }
            match k.as_str() {
                "value" => match &v.v {
                    J::Array(items) => {
                        for (i, item) in items.iter().enumerate() {
                            self.element(item, ty, &format!("{path}[{i}]"), false, out);
                        }
                    }
                    _ => Self::miss(
                        out,
                        v,
                        &path,
                        expected.clone(),
                        format!("{}, not an array", v.kind()),
                    ),
                },
                "@odata.nextLink" | "@odata.deltaLink"
                    if !matches!(v.v, J::Null | J::String(_)) =>
                {
                    Self::miss(
                        out,
                        v,
                        &path,
                        "Edm.String".into(),
                        format!("{}, not a string", v.kind()),
                    );
                }
                "@odata.count" if !matches!(v.v, J::Null) => {
                    self.primitive(v, Edm::Int64, &path, out)
                }
                _ => {}
            }
        }
        if !seen.contains("value") {
            Self::miss(
                out,
                n,
                "$",
                expected,
                "an object without `value`, not a `{\"value\": [...]}` page".to_string(),
            );
        }
    }

    /// A property value: `null` is always fine (every field is a `Field`, which reads it as `Null`).
    fn property(
        &mut self,
        n: &Node,
        ty: &TypeRef,
        collection: bool,
        path: &str,
        buffered: bool,
        out: &mut Vec<Mismatch>,
    ) {
        if matches!(n.v, J::Null) {
            return;
        }
        if !collection {
            self.element(n, ty, path, buffered, out);
            return;
        }
        let J::Array(items) = &n.v else {
            let expected = format!("Collection({})", self.name(ty));
            Self::miss(
                out,
                n,
                path,
                expected,
                format!("{}, not an array", n.kind()),
            );
            return;
        };
        for (i, item) in items.iter().enumerate() {
            self.element(item, ty, &format!("{path}[{i}]"), buffered, out);
        }
    }

    /// One value of `ty` (a collection item, a non-null property value, or a whole body).
    fn element(
        &mut self,
        n: &Node,
        ty: &TypeRef,
        path: &str,
        buffered: bool,
        out: &mut Vec<Mismatch>,
    ) {
        match ty {
            TypeRef::Primitive(e) => self.primitive(n, *e, path, out),
            TypeRef::Named(k) => {
                let model = self.model;
                let Some(t) = model.types.get(k) else { return };
                if t.kind == Kind::Enum {
                    if !matches!(n.v, J::String(_)) {
                        let why = if t.flags {
                            "a flags enum is a comma-separated string"
                        } else {
                            "an enum member is a string"
                        };
                        Self::miss(out, n, path, t.name.clone(), format!("{}; {why}", n.kind()));
                    }
                    return;
                }
                match self.dispatch_of(k) {
                    Some(d) => {
                        let kind = n.last("@odata.type").and_then(|v| match &v.v {
                            J::String(s) => Some(s.trim_start_matches('#').to_ascii_lowercase()),
                            _ => None,
                        });
                        match kind {
                            Some(kind) => {
                                if let Some(member) = d.kinds.get(&kind) {
                                    self.structure(n, member, path, true, out);
                                }
                            }
                            None if d.base => self.structure(n, k, path, true, out),
                            None => {}
                        }
                    }
                    None => self.structure(n, k, path, buffered, out),
                }
            }
        }
    }

    /// The dispatch family of `key` as a lookup by `@odata.type`, once per type.
    fn dispatch_of(&mut self, key: &str) -> Option<Dispatch> {
        if let Some(d) = self.dispatch.get(key) {
            return d.clone();
        }
        let model = self.model;
        let d = wire::family(model, key).map(|f| Dispatch {
            kinds: f
                .members
                .into_iter()
                .map(|k| (model.types[&k].name.to_lowercase(), k))
                .collect(),
            base: f.base,
        });
        self.dispatch.insert(key.to_string(), d.clone());
        d
    }

    /// A struct: an object; each documented member (streams aside, which stay unknown members)
    /// fits its type; unknown members are kept as they are.
    fn structure(
        &mut self,
        n: &Node,
        key: &str,
        path: &str,
        buffered: bool,
        out: &mut Vec<Mismatch>,
    ) {
        let model = self.model;
        let t = &model.types[key];
        let J::Object(members) = &n.v else {
            Self::miss(
                out,
                n,
                path,
                t.name.clone(),
                format!("{}, not an object", n.kind()),
            );
            return;
        };
        let props = wire::members(model, key);
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        for (k, v) in members {
            let Some(p) = props.iter().find(|p| p.name == *k) else {
                continue;
            };
            let member_path = path_member(path, k);
            // Inside a dispatch enum's value a repeated member replaces the first (the runtime's
            // `wire` decoders keep what a buffered `Value` did), but each is read, so each must fit.
            if !buffered && !seen.insert(k.as_str()) {
                Self::miss(
                    out,
                    v,
                    &member_path,
                    self.property_type(p),
                    format!("`{k}` is given twice"),
                );
                continue;
            }
            self.property(v, &p.ty, p.collection, &member_path, buffered, out);
        }
    }

    fn property_type(&self, p: &crate::model::Property) -> String {
        if p.collection {
            format!("Collection({})", self.name(&p.ty))
        } else {
            self.name(&p.ty)
        }
    }

    fn primitive(&mut self, n: &Node, e: Edm, path: &str, out: &mut Vec<Mismatch>) {
        let expected = || e.qualified().to_string();
        let reason: Option<String> = match (&n.v, e) {
            (_, Edm::Untyped | Edm::Stream) => None,
            (J::String(_), Edm::String) | (J::Bool(_), Edm::Boolean) => None,
            (J::Number(_), Edm::Single | Edm::Double | Edm::Decimal) => None,
            (J::Number(num), Edm::Byte | Edm::SByte | Edm::Int16 | Edm::Int32 | Edm::Int64) => {
                let (lo, hi): (i64, u64) = match e {
                    Edm::Byte => (0, u64::from(u8::MAX)),
                    Edm::SByte => (i64::from(i8::MIN), i8::MAX as u64),
                    Edm::Int16 => (i64::from(i16::MIN), i16::MAX as u64),
                    Edm::Int32 => (i64::from(i32::MIN), i32::MAX as u64),
                    _ => (i64::MIN, i64::MAX as u64),
                };
                if let Some(u) = num.as_u64() {
                    (u > hi).then(|| format!("out of range for {}", e.qualified()))
                } else if let Some(i) = num.as_i64() {
                    (i < lo).then(|| format!("out of range for {}", e.qualified()))
                } else {
                    Some("not a whole number (a fraction, an exponent or too many digits)".into())
                }
            }
            (J::String(s), _) => match wire::primitive_str(e, s) {
                Ok(()) => None,
                Err(why) => Some(match e {
                    Edm::Guid => "not a GUID".to_string(),
                    Edm::DateTimeOffset => format!("not an RFC 3339 timestamp: {why}"),
                    Edm::Date => format!("not a YYYY-MM-DD date: {why}"),
                    Edm::TimeOfDay => format!("not an HH:MM:SS time: {why}"),
                    Edm::Duration => format!("not an ISO 8601 duration: {why}"),
                    Edm::Binary => format!("not base64: {why}"),
                    _ => "a string, not a number or boolean".to_string(),
                }),
            },
            _ => Some(match e {
                Edm::String
                | Edm::Guid
                | Edm::DateTimeOffset
                | Edm::Date
                | Edm::TimeOfDay
                | Edm::Duration
                | Edm::Binary => {
                    format!("{}, not a string", n.kind())
                }
                Edm::Boolean => format!("{}, not true or false", n.kind()),
                _ => format!("{}, not a number", n.kind()),
            }),
        };
        if let Some(r) = reason {
            Self::miss(out, n, path, expected(), r);
        }
    }
}
