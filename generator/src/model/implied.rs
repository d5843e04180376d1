//! What the pages imply but do not say, and the gaps they leave.
//!
//! Many entity pages list an `id` key but name no base type, though Graph's own schema derives
//! every entity from `entity`; and a page with an `id` and API pages of its own but no
//! `keyProperty` documents an entity all the same. Reading them as Graph sends them matters:
//! a value of such a type in an `entity`-typed place dispatches to its own variant rather than
//! staying unrecognised. Each inference is a note naming the page; the gaps `lint` can see are
//! reported the same way.

use super::{Kind, Model, TypeKey, TypeRef};
use crate::diag::Code;
use crate::diag::{Pos, Severity, Sink};
use crate::model::edm::Edm;

/// Graph's root entity type.
const ENTITY: &str = "microsoft.graph.entity";

/// Infers entity kinds and the `entity` base, then lists the doc gaps.
pub(super) fn infer(model: &mut Model, sink: &mut Sink) {
    let with_api: std::collections::BTreeSet<&str> = model
        .operations
        .iter()
        .map(|o| o.resource.as_str())
        .collect();
    let has_id = |t: &super::TypeDef| t.properties.iter().any(|p| p.name == "id");
    let kinds: Vec<TypeKey> = model
        .types
        .iter()
        .filter(|(k, t)| {
            t.kind == Kind::Complex && t.key.is_none() && has_id(t) && with_api.contains(k.as_str())
        })
        .map(|(k, _)| k.clone())
        .collect();
    for k in &kinds {
        if let Some(t) = model.types.get_mut(k) {
            t.kind = Kind::Entity;
            t.key = Some("id".into());
            let msg = format!("`{}` names no key, but it has an `id` and API pages of its own: read as an entity keyed by `id`", t.name);
            let at = Pos::line(t.source.line);
            sink.push_at(Severity::Note, Code::InferredKind, &t.source.file, at, msg);
        }
    }
    if model.types.contains_key(ENTITY) {
        let orphans: Vec<TypeKey> = model
            .types
            .iter()
            .filter(|(k, t)| {
                k.as_str() != ENTITY
                    && t.kind == Kind::Entity
                    && t.base.is_none()
                    && t.key.as_deref() == Some("id")
                    && has_id(t)
            })
            .map(|(k, _)| k.clone())
            .collect();
        for k in orphans {
            if let Some(t) = model.types.get_mut(&k) {
                t.base = Some(TypeKey::of(ENTITY));
                let msg = format!("`{}` names no base type, but it is an entity keyed by `id`: read as deriving from `entity`, as every entity of Graph's schema does", t.name);
                let at = Pos::line(t.source.line);
                sink.push_at(Severity::Note, Code::InferredBase, &t.source.file, at, msg);
            }
        }
    }
    // Subtypes of a type now read as an entity are entities too, with its key.
    let keys: Vec<TypeKey> = model.types.keys().cloned().collect();
    for k in &keys {
        let found = model
            .ancestors(k)
            .iter()
            .find(|a| a.kind == Kind::Entity)
            .map(|a| a.key.clone());
        if let (Some(key), Some(t)) = (found, model.types.get_mut(k)) {
            if t.kind == Kind::Complex {
                t.kind = Kind::Entity;
            }
            if t.key.is_none() {
                t.key = key;
            }
        }
    }
    values_in_string(model, sink);
}

/// A `String` property whose description lists the values it takes: the page documents an
/// enum without naming one, so the values are not checked or offered (`values-in-string`).
fn values_in_string(model: &Model, sink: &mut Sink) {
    for t in model.types.values() {
        for p in &t.properties {
            if p.ty != TypeRef::Primitive(Edm::String) {
                continue;
            }
            let d = p.description.to_ascii_lowercase();
            let lists = [
                "possible values are",
                "possible values:",
                "valid values are",
                "supported values are",
                "the value can be one of",
            ];
            if lists.iter().any(|l| d.contains(l)) {
                let msg = format!("`{}.{}` is typed `String`, but its description lists the values it takes; an enum type would let them be checked", t.name, p.name);
                sink.push_at(
                    Severity::Note,
                    Code::ValuesInString,
                    &t.source.file,
                    p.pos,
                    msg,
                );
            }
        }
    }
}
