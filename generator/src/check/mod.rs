//! The example checker: documented JSON examples checked against the documented types.
//!
//! [`check_example`] walks a JSON value exactly as the serde types that graphdoc emits would
//! read it, and reports every place where reading would fail: a string where the docs say
//! `Edm.Int64`, `"String (timestamp)"` for an `Edm.DateTimeOffset`, an object where a collection
//! is documented, a number out of range, a non-GUID for `Edm.Guid`, and so on. A mismatch is a
//! contradiction between a page's example and its Properties table (or a generator bug, when the
//! two disagree about what is accepted; the corpus step tells the two apart by deserializing the
//! same examples into the emitted types).
//!
//! What the emitted types accept is the wire shape of [`crate::wire`], which the emitter renders
//! (see `emit/types.rs` and the runtime in `generated/`):
//! - every struct field is `Option<_>`: `null` or a missing member is fine; unknown members are
//!   kept (so any extra key is fine), but a documented member given twice is an error, except
//!   inside a dispatch enum's value, where the last one counts (each must still fit its type);
//! - collections are `Vec<T>`: an array whose items are never `null` (unless `T` is untyped);
//! - Graph enums take any string, flags enums any string; structs take objects only;
//! - a type with subtypes dispatches on `@odata.type` (no `#`, any ASCII casing); an unknown kind
//!   is kept raw, a value without one is the base type unless the base acts abstract;
//! - primitives by the runtime's own parsers, the `graphdoc-edm` crate (RFC 3339 timestamps with
//!   an optional offset, ISO 8601 durations, base64 with either alphabet and optional padding,
//!   GUIDs in every common form).
//!
//! Whole bodies: a collection is a `graphdoc_generated::Page` (`{"value": [...]}`); a single
//! primitive or enum value travels as OData writes it, `{"value": x}` (see [`is_wrapped`]); a
//! structured value is the object itself.
//!
//! `mod.rs` is the interface and the report, `walk.rs` the walk over the wire shape, `json.rs`
//! a JSON reader that keeps positions.

use crate::diag::Code;
use crate::diag::{Pos, Severity, Sink};
use crate::model::{Edm, Model, TypeRef};
use std::collections::BTreeMap;

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

pub use crate::wire::{is_wrapped, primitive_str};

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
/// offending member's line in the page, into `sink`.
pub fn check_examples(model: &Model, sink: &mut Sink) {
    diagnostics(model, &examples(model), sink)
}

/// The diagnostics of a report made by [`examples`], into `sink`.
pub fn diagnostics(model: &Model, report: &ExamplesReport, sink: &mut Sink) {
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
            sink.push_at(
                Severity::Warning,
                Code::ExampleMismatch,
                &e.page,
                Pos { line, column },
                format!(
                    "the {what}'s `{}` is `{}` but the docs type it `{}` ({}); fix the example or the type",
                    m.path, m.value, m.expected, m.reason
                ),
            );
        }
    }
}

mod json;
#[cfg(test)]
mod tests;
mod walk;

use json::Node;
use walk::Checker;
