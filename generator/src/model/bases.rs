//! Base types: the chain a draft declares, the common base of several types, and the bound on
//! inheritance (cycles and chains deeper than [`MAX_BASE_DEPTH`] are broken).

use super::build::Draft;
use super::resolve::Resolver;
use super::{Kind, TypeDef, TypeKey};
use crate::diag::Code;
use crate::diag::{self, Pos, Sink};
use std::collections::{BTreeMap, BTreeSet};

/// Whether a base name is Graph's root entity type, which every entity derives from.
fn is_graph_entity(name: &str) -> bool {
    let n = name.trim().trim_start_matches('#').to_ascii_lowercase();
    n == "entity" || n == "microsoft.graph.entity"
}

/// How many levels of inheritance graphdoc follows. Graph's deepest chain is 5; every level
/// adds the whole chain below it to each dispatch enum above, so an unbounded chain from a
/// hostile page would cost quadratic time and memory.
pub const MAX_BASE_DEPTH: usize = 16;

/// Breaks inheritance cycles (the type whose base closes the loop loses it) and chains deeper
/// than [`MAX_BASE_DEPTH`] (the type at the limit loses its base and starts a new chain), each
/// with a warning. Every type is walked once, so a chain costs what it is long.
fn bound_base_chains(types: &mut BTreeMap<TypeKey, TypeDef>, keys: &[TypeKey], sink: &mut Sink) {
    let mut depth: BTreeMap<TypeKey, usize> = BTreeMap::new();
    for k in keys {
        if depth.contains_key(k) {
            continue;
        }
        let mut path: Vec<TypeKey> = vec![k.clone()];
        let mut on_path: BTreeSet<TypeKey> = BTreeSet::from([k.clone()]);
        // The depth of the base of the last type on the path.
        let mut below: Option<usize> = None;
        loop {
            let last = &path[path.len() - 1];
            let Some(b) = types.get(last).and_then(|t| t.base.clone()) else {
                break;
            };
            if !types.contains_key(&b) {
                break;
            }
            if let Some(&d) = depth.get(&b) {
                below = Some(d);
                break;
            }
            if on_path.contains(&b) {
                if let Some(t) = types.get_mut(last) {
                    let message = format!("the base chain of `{}` loops back on itself through `{b}`; its base was dropped", t.name);
                    warn_at(sink, t, Code::BaseCycle, message);
                    t.base = None;
                }
                break;
            }
            on_path.insert(b.clone());
            path.push(b);
        }
        for k in path.iter().rev() {
            let mut d = below.map_or(0, |b| b + 1);
            if d > MAX_BASE_DEPTH {
                if let Some(t) = types.get_mut(k) {
                    let base = t.base.take().unwrap_or_default();
                    let message = format!("`{}` is more than {MAX_BASE_DEPTH} levels of inheritance deep; graphdoc follows no more, so its base `{base}` was dropped (the properties it would inherit are not in the type)", t.name);
                    warn_at(sink, t, Code::BaseTooDeep, message);
                }
                d = 0;
            }
            if types.get(k).is_some_and(|t| t.base.is_none()) {
                d = 0;
            }
            depth.insert(k.clone(), d);
            below = Some(d);
        }
    }
}

/// `key` and its bases as the drafts declare them (annotation first), nearest first.
pub(super) fn chain_of(
    key: &TypeKey,
    drafts: &BTreeMap<TypeKey, Draft>,
    r: &Resolver,
) -> Vec<TypeKey> {
    let mut chain = Vec::new();
    let mut cur = Some(key.clone());
    while let Some(c) = cur {
        if chain.contains(&c) || chain.len() > 32 {
            break;
        }
        chain.push(c.clone());
        cur = drafts.get(&c).and_then(|d| {
            let ns = d.namespace.clone();
            d.base_annotation
                .as_ref()
                .and_then(|(b, _)| r.name(b, &ns))
                .or_else(|| d.base_prose.as_ref().and_then(|(n, _)| r.spec(n, &ns)))
        });
    }
    chain
}

/// The nearest base every resolved type shares (itself included), if all are resolved.
pub(super) fn common_base(
    resolved: &[Option<TypeKey>],
    drafts: &BTreeMap<TypeKey, Draft>,
    r: &Resolver,
) -> Option<TypeKey> {
    let chains: Vec<Vec<TypeKey>> = resolved
        .iter()
        .map(|k| {
            k.as_ref()
                .map(|k| chain_of(k, drafts, r))
                .unwrap_or_default()
        })
        .collect();
    if chains.iter().any(|c| c.is_empty()) {
        return None;
    }
    chains[0]
        .iter()
        .find(|c| chains.iter().all(|ch| ch.contains(c)))
        .cloned()
}

/// The base a draft declares, resolved: the annotation's and the prose's when they agree,
/// else whichever of the two derives from the other (the annotation when neither does); an
/// undocumented `entity` base is Graph's root entity, returned as the position that says so.
pub(super) fn declared_base(
    key: &TypeKey,
    d: &Draft,
    drafts: &BTreeMap<TypeKey, Draft>,
    r: &Resolver,
    sink: &mut Sink,
) -> (Option<TypeKey>, Option<Pos>) {
    use diag::Severity::Warning;
    let mut base = None;
    // Set when the base is Graph's root `entity`, which this tree does not document.
    let mut root_entity: Option<Pos> = None;
    let from_ann = d
        .base_annotation
        .as_ref()
        .map(|(b, p)| (r.name(b, &d.namespace), b, p));
    let from_prose = d
        .base_prose
        .as_ref()
        .map(|(n, p)| (r.spec(n, &d.namespace), n, p));
    match (&from_ann, &from_prose) {
        (Some((Some(a), _, _)), Some((Some(p), n, pos))) if a != p => {
            // The annotation often says `entity` where the prose names the real, more
            // specific base: prefer whichever of the two derives from the other.
            let prose_is_more_specific = chain_of(p, drafts, r).contains(a);
            let chosen = if prose_is_more_specific { p } else { a };
            let why = if prose_is_more_specific {
                "used the prose, whose base derives from the annotation's"
            } else {
                "used the annotation"
            };
            sink.push_at(
                Warning,
                Code::BaseMismatch,
                &d.file,
                **pos,
                format!(
                    "the prose says `{}` inherits from `{}` but the annotation says `{}`; {why}",
                    d.name, n.text, a
                ),
            );
            base = Some(chosen.clone());
        }
        (Some((Some(a), _, _)), _) => base = Some(a.clone()),
        (Some((None, text, pos)), prose) if is_graph_entity(text) => {
            base = prose.as_ref().and_then(|(p, _, _)| p.clone());
            if base.is_none() {
                root_entity = Some(**pos);
            }
        }
        (Some((None, text, pos)), prose) => {
            let fallback = prose.as_ref().and_then(|(p, _, _)| p.clone());
            sink.push_at(
                Warning,
                Code::UnknownBase,
                &d.file,
                **pos,
                format!(
                    "base type `{text}` is not documented in this tree{}",
                    if fallback.is_some() {
                        "; used the base the prose names"
                    } else {
                        "; the type has no base"
                    }
                ),
            );
            base = fallback;
        }
        (None, Some((Some(p), _, _))) => base = Some(p.clone()),
        (None, Some((None, n, pos))) if is_graph_entity(&n.text) => root_entity = Some(**pos),
        (None, Some((None, n, pos))) => {
            sink.push_at(Warning, Code::UnknownBase, &d.file, **pos, format!("base type `{}` is not documented in this tree; the type has no base (its inherited properties are missing)", n.text));
        }
        (None, None) => {}
    }
    if base.as_ref() == Some(key) {
        sink.push_at(
            Warning,
            Code::BaseCycle,
            &d.file,
            d.pos,
            format!("`{}` names itself as its base; ignored", d.name),
        );
        base = None;
    }
    if d.is_enum && base.is_some() {
        base = None;
    }
    (base, root_entity)
}

/// Drops a base that is an enum, then bounds the base chains.
pub(super) fn settle_bases(
    types: &mut BTreeMap<TypeKey, TypeDef>,
    keys: &[TypeKey],
    sink: &mut Sink,
) {
    for k in keys {
        let base_is_enum = types
            .get(k)
            .and_then(|t| t.base.as_ref())
            .and_then(|b| types.get(b))
            .is_some_and(|b| b.kind == Kind::Enum);
        if base_is_enum {
            if let Some(t) = types.get_mut(k) {
                warn_at(
                    sink,
                    t,
                    Code::EnumBase,
                    format!(
                        "`{}` names an enum as its base; the base was dropped",
                        t.name
                    ),
                );
                t.base = None;
            }
        }
    }
    bound_base_chains(types, keys, sink);
}

/// A warning at the title (or annotation) of `t`, the page a base repair concerns.
fn warn_at(sink: &mut Sink, t: &TypeDef, code: Code, message: String) {
    sink.push_at(
        diag::Severity::Warning,
        code,
        &t.source.file,
        Pos::line(t.source.line),
        message,
    );
}

#[cfg(test)]
mod tests {
    use crate::model::Model;

    /// A type page: its annotation names `base` (when given), its prose `prose` (a link).
    fn page(name: &str, base: Option<&str>, prose: Option<&str>) -> String {
        let inherits = prose.map_or(String::new(), |p| {
            format!("Inherits from [{p}]({}.md).\n\n", p.to_lowercase())
        });
        let base = base.map_or(String::new(), |b| {
            format!(", \"baseType\": \"microsoft.graph.{b}\"")
        });
        format!(
            "# {name} resource type\n\nNamespace: microsoft.graph\n\nA made-up type.\n\n{inherits}\
             ## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n|{name}Size|Int32|Size.|\n\n\
             ## JSON representation\n\n\
             <!-- {{ \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.{name}\"{base} }} -->\n\n\
             ```json\n{{ \"{name}Size\": 1 }}\n```\n"
        )
    }

    /// `entity` ← `gizmo` ← the types under test, and `widget`, related to none of them.
    fn tree(extra: Vec<(&str, String)>) -> Model {
        let mut pages = vec![
            (
                "resources/entity.md",
                page("entity", None, None).replace(
                    "\"@odata.type\"",
                    "\"keyProperty\": \"entitySize\", \"@odata.type\"",
                ),
            ),
            ("resources/gizmo.md", page("gizmo", Some("entity"), None)),
            ("resources/widget.md", page("widget", None, None)),
        ];
        pages.extend(extra);
        let pages = pages.into_iter().map(|(f, t)| (f.to_string(), t));
        crate::Docs::from_pages("docs", pages).model()
    }

    fn base_and_note(m: &Model, key: &str) -> (Option<String>, String) {
        let base = m
            .types
            .get(key)
            .and_then(|t| t.base.as_ref().map(|b| b.to_string()));
        let note = m
            .diagnostics
            .iter()
            .filter(|d| d.code == crate::diag::Code::BaseMismatch)
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
            .join("\n");
        (base, note)
    }

    /// (annotation's base, prose's base, what the note must say; empty: no note). The base
    /// chosen is always `gizmo`: the more specific of the two, or the annotation's.
    const CASES: [(&str, &str, &str); 4] = [
        // The prose wins when its base derives from the annotation's.
        ("entity", "gizmo", "used the prose"),
        // The annotation wins when the prose is less specific or unrelated.
        ("gizmo", "entity", "used the annotation"),
        ("gizmo", "widget", "used the annotation"),
        // Agreeing annotation and prose need no note.
        ("gizmo", "gizmo", ""),
    ];

    #[test]
    fn the_more_specific_base_wins_and_a_disagreement_is_noted() {
        for (annotation, prose, said) in CASES {
            let m = tree(vec![(
                "resources/gadget.md",
                page("gadget", Some(annotation), Some(prose)),
            )]);
            let (base, note) = base_and_note(&m, "microsoft.graph.gadget");
            let case = format!("annotation {annotation}, prose {prose}");
            assert_eq!(base.as_deref(), Some("microsoft.graph.gizmo"), "{case}");
            if said.is_empty() {
                assert!(note.is_empty(), "{case}: {note}");
            } else {
                assert!(note.contains(said), "{case}: {note}");
            }
        }
    }
}
