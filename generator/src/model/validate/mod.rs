//! Over 600 lines: the walk mirrors the emitted wire shapes in one place (the JSON reader is `json.rs`, the Edm syntax `syntax.rs`); issue 9 replaces it with one wire-shape plan and moves it out of `model/`.
//! Documented JSON examples checked against the documented types.
//!
//! [`check_example`] walks a JSON value exactly as the serde types that graphdoc emits would
//! read it, and reports every place where reading would fail: a string where the docs say
//! `Edm.Int64`, `"String (timestamp)"` for an `Edm.DateTimeOffset`, an object where a collection
//! is documented, a number out of range, a non-GUID for `Edm.Guid`, and so on. A mismatch is a
//! contradiction between a page's example and its Properties table (or a generator bug, when the
//! two disagree about what is accepted; the corpus step tells the two apart by deserializing the
//! same examples into the emitted types).
//!
//! What the emitted types accept (see `emit/types.rs` and the runtime in `generated/`):
//! - every struct field is `Option<_>`: `null` or a missing member is fine; unknown members are
//!   kept (so any extra key is fine), but a documented member given twice is an error, except
//!   inside a dispatch enum's value, where the last one counts (each must still fit its type);
//! - collections are `Vec<T>`: an array whose items are never `null` (unless `T` is untyped);
//! - Graph enums take any string, flags enums any string; structs take objects only;
//! - a type with subtypes dispatches on `@odata.type` (no `#`, any ASCII casing); an unknown kind
//!   is kept raw, a value without one is the base type unless the base acts abstract;
//! - primitives as in `generated/src/edm/` (RFC 3339 timestamps with an optional offset, ISO 8601
//!   durations, base64 with either alphabet and optional padding, GUIDs in every `uuid` form).
//!
//! Whole bodies: a collection is a `graphdoc_generated::Page` (`{"value": [...]}`); a single
//! primitive or enum value travels as OData writes it, `{"value": x}` (see [`is_wrapped`]); a
//! structured value is the object itself.

use super::{Edm, Kind, Model, TypeRef};
use crate::diag::{Diagnostic, Severity};
use std::collections::{BTreeMap, BTreeSet};

/// One place where an example's JSON does not fit its documented type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// JSON path of the offending value: `$.value[0].authenticationConfiguration.notAfter`.
    pub path: String,
    /// The offending JSON, shortened.
    pub value: String,
    /// The documented type: `Edm.Int64`, `microsoft.graph.x`, `Collection(Edm.String)`.
    pub expected: String,
    /// Why the value does not fit, in a few words: `not a GUID`, `has a fraction`.
    pub reason: String,
    /// Where the offending value starts in the JSON text (1-based line and column), when the
    /// check was run on text.
    pub at: Option<(u32, u32)>,
}

/// Checks `json` against `ty` (a `{"value": [...]}` page of it when `collection`), the way the
/// emitted serde types would read it. Empty when deserialization would succeed.
pub fn check_example(
    model: &Model,
    ty: &TypeRef,
    collection: bool,
    json: &serde_json::Value,
) -> Vec<Mismatch> {
    Checker::new(model).check(&Node::from_value(json), ty, collection)
}

/// Like [`check_example`] on JSON text, with the position of each mismatch. `None` when the
/// text is not strict JSON (`serde_json::from_str` refuses it).
pub fn check_example_text(
    model: &Model,
    ty: &TypeRef,
    collection: bool,
    text: &str,
) -> Option<Vec<Mismatch>> {
    Checker::new(model).check_text(text, ty, collection)
}

/// One example, as the example checks see it.
#[derive(Debug, Clone)]
pub struct ExampleCheck {
    /// The API page.
    pub page: String,
    /// Line in the page where the JSON starts.
    pub line: u32,
    /// True for a response example.
    pub response: bool,
    /// The documented type of the body, when known.
    pub ty: Option<TypeRef>,
    /// A `{"value": [...]}` page of `ty`.
    pub collection: bool,
    /// The JSON text.
    pub json: String,
    /// `None` when the JSON is not strict (or the type is unknown, or a raw stream); else the
    /// mismatches found (empty: the example fits).
    pub mismatches: Option<Vec<Mismatch>>,
}

/// What [`examples`] found over a model.
#[derive(Debug, Clone, Default)]
pub struct ExamplesReport {
    /// Every example with a JSON body, once per page and line (an API page that several
    /// resources link to appears once).
    pub examples: Vec<ExampleCheck>,
}

impl ExamplesReport {
    /// Examples with a JSON body.
    pub fn found(&self) -> usize {
        self.examples.len()
    }

    /// Examples whose body type is known (and is not a raw stream).
    pub fn typed(&self) -> usize {
        self.examples
            .iter()
            .filter(|e| typed(e.ty.as_ref()))
            .count()
    }

    /// Typed examples whose JSON is strict.
    pub fn strict(&self) -> usize {
        self.examples
            .iter()
            .filter(|e| e.mismatches.is_some())
            .count()
    }

    /// Typed examples whose JSON is not strict (skipped).
    pub fn not_strict(&self) -> usize {
        self.typed() - self.strict()
    }

    /// Typed strict examples with at least one mismatch.
    pub fn contradicted(&self) -> usize {
        self.examples
            .iter()
            .filter(|e| e.mismatches.as_ref().is_some_and(|m| !m.is_empty()))
            .count()
    }
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

fn typed(ty: Option<&TypeRef>) -> bool {
    matches!(ty, Some(t) if *t != TypeRef::Primitive(Edm::Stream))
}

/// Checks every operation example of the model whose type is known and whose JSON is strict.
pub fn examples(model: &Model) -> ExamplesReport {
    let mut checker = Checker::new(model);
    let mut seen: BTreeMap<(&str, u32), usize> = BTreeMap::new();
    let mut out: Vec<ExampleCheck> = Vec::new();
    for op in &model.operations {
        for ex in &op.examples {
            let check = |checker: &mut Checker| ExampleCheck {
                page: op.page.clone(),
                line: ex.line,
                response: ex.response,
                ty: ex.ty.clone(),
                collection: ex.collection,
                json: ex.json.clone(),
                mismatches: match &ex.ty {
                    Some(ty) if typed(Some(ty)) => checker.check_text(&ex.json, ty, ex.collection),
                    _ => None,
                },
            };
            match seen.get(&(op.page.as_str(), ex.line)) {
                // The same page linked from several resources: keep the first typing, unless
                // only a later one knows the type.
                Some(&i) => {
                    if !typed(out[i].ty.as_ref()) && typed(ex.ty.as_ref()) {
                        out[i] = check(&mut checker);
                    }
                }
                None => {
                    seen.insert((op.page.as_str(), ex.line), out.len());
                    out.push(check(&mut checker));
                }
            }
        }
    }
    out.sort_by(|a, b| (&a.page, a.line).cmp(&(&b.page, b.line)));
    ExamplesReport { examples: out }
}

/// One `example-mismatch` warning per mismatch of every example [`examples`] checks, at the
/// offending member's line in the page.
pub fn check_examples(model: &Model) -> Vec<Diagnostic> {
    diagnostics(model, &examples(model))
}

/// The diagnostics of a report made by [`examples`].
pub fn diagnostics(model: &Model, report: &ExamplesReport) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for e in &report.examples {
        let Some(ms) = &e.mismatches else { continue };
        let what = match (&e.ty, e.response) {
            (Some(t), true) => format!(
                "response example ({}{})",
                if e.collection { "a page of " } else { "" },
                model.type_name(t)
            ),
            (Some(t), false) => format!("request example ({})", model.type_name(t)),
            (None, _) => "example".to_string(),
        };
        for m in ms {
            let (line, column) = match m.at {
                Some((l, c)) => (e.line + l - 1, c),
                None => (e.line, 1),
            };
            out.push(Diagnostic {
                severity: Severity::Warning,
                code: "example-mismatch",
                file: e.page.clone(),
                line,
                column,
                message: format!(
                    "the {what}'s `{}` is `{}` but the docs type it `{}` ({}); fix the example or the type",
                    m.path, m.value, m.expected, m.reason
                ),
            });
        }
    }
    out
}

mod json;
mod syntax;
#[cfg(test)]
mod tests;

use json::{Node, Reader, J};
pub use syntax::primitive_str;

// ---------------------------------------------------------------------------------------------
// The walk.

/// What a dispatch enum (`AnyX`) does with a value, per `@odata.type`.
#[derive(Debug, Clone)]
struct Dispatch {
    /// Lowercased qualified name → the variant's type key.
    kinds: BTreeMap<String, String>,
    /// The base has a variant of its own (a value without `@odata.type` is the base).
    base: bool,
}

struct Checker<'m> {
    model: &'m Model,
    children: BTreeMap<&'m str, Vec<&'m str>>,
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
    fn new(model: &'m Model) -> Checker<'m> {
        let mut children: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (k, t) in &model.types {
            if let Some(b) = &t.base {
                if model.types.contains_key(b) {
                    children.entry(b.as_str()).or_default().push(k.as_str());
                }
            }
        }
        Checker {
            model,
            children,
            dispatch: BTreeMap::new(),
        }
    }

    fn check_text(&mut self, text: &str, ty: &TypeRef, collection: bool) -> Option<Vec<Mismatch>> {
        let value: serde_json::Value = serde_json::from_str(text).ok()?;
        let node = Reader::parse(text).unwrap_or_else(|| Node::from_value(&value));
        Some(self.check(&node, ty, collection))
    }

    fn check(&mut self, node: &Node, ty: &TypeRef, collection: bool) -> Vec<Mismatch> {
        let mut out = Vec::new();
        if collection {
            self.page(node, ty, &mut out);
        } else if is_wrapped(self.model, ty) {
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
        let J::Object(members) = &n.v else {
            Self::miss(
                out,
                n,
                "$",
                expected,
                format!("{}, not a `{{\"value\": ...}}` object", n.kind()),
            );
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
        let J::Object(members) = &n.v else {
            Self::miss(
                out,
                n,
                "$",
                expected,
                format!("{}, not a `{{\"value\": [...]}}` object", n.kind()),
            );
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

    fn dispatch_of(&mut self, key: &str) -> Option<Dispatch> {
        if let Some(d) = self.dispatch.get(key) {
            return d.clone();
        }
        let mut desc: BTreeSet<&str> = BTreeSet::new();
        let mut stack = vec![key];
        while let Some(k) = stack.pop() {
            for c in self.children.get(k).into_iter().flatten() {
                if *c != key && desc.insert(c) {
                    stack.push(c);
                }
            }
        }
        let d = (!desc.is_empty()).then(|| {
            let t = &self.model.types[key];
            let acts_abstract = t.is_abstract || self.model.all_properties(key).is_empty();
            let mut kinds = BTreeMap::new();
            if !acts_abstract {
                kinds.insert(t.name.to_lowercase(), key.to_string());
            }
            for c in desc {
                let ct = &self.model.types[c];
                if !ct.is_abstract {
                    kinds.insert(ct.name.to_lowercase(), c.to_string());
                }
            }
            Dispatch {
                kinds,
                base: !acts_abstract,
            }
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
        let props = model.all_properties(key);
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        for (k, v) in members {
            let Some(p) = props
                .iter()
                .find(|p| p.name == *k && p.ty != TypeRef::Primitive(Edm::Stream))
            else {
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

    fn property_type(&self, p: &super::Property) -> String {
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
            (J::String(s), _) => match primitive_str(e, s) {
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
