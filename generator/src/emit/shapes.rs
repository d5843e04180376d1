//! Which route nodes share a builder, and the builders' names.
//!
//! Builders are shared by shape, not by path: every node addressing a `user` (`/me`,
//! `/users/{id}`) is one `UserItem`, every collection of messages one `MessageCollection`, so the
//! tree does not multiply code. A node the model cannot type gets a builder of its own, named
//! for its path below its parent's builder. Nodes of one type whose verbs would mean different
//! things get builders of their own, named by the segments that tell them apart
//! (`WorkbookRangeBoundingRectItem`).

use super::naming;
use super::steps::{step_word, verb_meaning};
use super::types::Ctx;
use crate::diag::{Code, Pos, Severity, Sink};
use crate::model::routes::{Endpoint, Step, Tree};
use crate::model::{Model, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum ShapeKey {
    Root,
    /// A type, collection or not, and a variant: nodes of one type whose verbs would mean
    /// different things (`GET …/range` and `GET …/range/boundingRect`, both a range, the
    /// second with a body) get different builders.
    Typed(TypeRef, bool, usize),
    Untyped(usize, String),
}

/// The builders: per tree node its builder, per builder its key and nodes (parents first), and
/// per builder its name (empty for the root).
pub(super) struct Shapes {
    pub shape_of: Vec<Option<usize>>,
    pub shapes: Vec<(ShapeKey, Vec<usize>)>,
    pub names: Vec<String>,
}

impl Ctx<'_, '_> {
    /// Groups the included nodes into builders and names them; a name taken twice is a note.
    pub(super) fn shapes(
        &self,
        kept: &[Vec<&Endpoint>],
        included: &[bool],
        sink: &mut Sink,
    ) -> Shapes {
        let model = self.plan.model;
        let tree = &model.routes;
        // Shapes, parents first.
        let mut shape_of: Vec<Option<usize>> = vec![None; tree.nodes.len()];
        let mut shapes: Vec<(ShapeKey, Vec<usize>)> = Vec::new();
        let mut by_key: BTreeMap<ShapeKey, usize> = BTreeMap::new();
        // Per typed key: each variant's verbs so far (verb → what it sends and returns).
        let mut variants: BTreeMap<(TypeRef, bool), Vec<BTreeMap<&str, String>>> = BTreeMap::new();
        for (i, node) in tree.nodes.iter().enumerate() {
            if i != 0 && (!included[i] || direct_child(tree, kept, included, i)) {
                continue;
            }
            let key = match (&node.parent, &node.ty) {
                (None, _) => ShapeKey::Root,
                (Some(_), Some(t))
                    if self.emits(t) && node.step != crate::model::routes::Step::Ref =>
                {
                    let verbs: BTreeMap<&str, String> = kept[i]
                        .iter()
                        .map(|e| (e.verb.as_str(), verb_meaning(model, e)))
                        .collect();
                    let list = variants.entry((t.clone(), node.collection)).or_default();
                    let fits = |v: &BTreeMap<&str, String>| {
                        verbs.iter().all(|(k, m)| v.get(k).is_none_or(|o| o == m))
                    };
                    // A key stays with its collection's item builder (`by_id` on one shared
                    // collection can hand out one builder only); its conflicting verb is then a
                    // `builder-name` note, as before variants.
                    let at = match list.iter().position(fits) {
                        _ if node.step == Step::Key && !list.is_empty() => 0,
                        Some(at) => at,
                        None => {
                            list.push(BTreeMap::new());
                            list.len() - 1
                        }
                    };
                    for (verb, meaning) in verbs {
                        list[at].entry(verb).or_insert(meaning);
                    }
                    ShapeKey::Typed(t.clone(), node.collection, at)
                }
                (Some(p), _) => ShapeKey::Untyped(
                    shape_of[*p].unwrap_or(0),
                    node.step.text(&[]).to_ascii_lowercase(),
                ),
            };
            let s = *by_key.entry(key.clone()).or_insert_with(|| {
                shapes.push((key, Vec::new()));
                shapes.len() - 1
            });
            shapes[s].1.push(i);
            shape_of[i] = Some(s);
        }
        // Builder names.
        let mut taken = BTreeSet::new();
        let mut names = Vec::new();
        for (key, nodes) in &shapes {
            let base = match key {
                ShapeKey::Root => String::new(),
                ShapeKey::Typed(t, coll, variant) => {
                    let stem = match t {
                        TypeRef::Named(k) => {
                            let n = self.plan.names(k);
                            let mut s: String =
                                n.module.iter().map(|m| naming::type_name(m)).collect();
                            s.push_str(&n.ident);
                            s
                        }
                        TypeRef::Primitive(e) => {
                            naming::type_name(e.qualified().trim_start_matches("Edm."))
                        }
                    };
                    // A variant is named for the segments leading to its first node, as
                    // few as tell it apart: `WorkbookRangeBoundingRectItem`.
                    let suffix = if *coll { "Collection" } else { "Item" };
                    if *variant == 0 {
                        format!("{stem}{suffix}")
                    } else {
                        let lineage = tree.lineage(nodes[0]);
                        let named = |k: usize| {
                            let words: String = lineage[lineage.len() - k..]
                                .iter()
                                .map(|&n| step_word(&tree.nodes[n].step))
                                .collect();
                            format!("{stem}{words}{suffix}")
                        };
                        (1..=lineage.len())
                            .map(named)
                            .find(|c| !taken.contains(c))
                            .unwrap_or_else(|| named(lineage.len()))
                    }
                }
                ShapeKey::Untyped(..) => {
                    let words: String = tree
                        .lineage(nodes[0])
                        .iter()
                        .map(|&n| step_word(&tree.nodes[n].step))
                        .collect();
                    format!("{words}Path")
                }
            };
            let name = naming::unique_camel(&base, &taken);
            if name != base && !base.is_empty() {
                note(
                    sink,
                    &first_page(model, kept, nodes[0]).unwrap_or_default(),
                    format!(
                        "two builders would be named `{base}`; the one for `{}` is `{name}`",
                        tree.path(nodes[0])
                    ),
                );
            }
            taken.insert(name.clone());
            names.push(name);
        }
        Shapes {
            shape_of,
            shapes,
            names,
        }
    }
}

/// True when node `c` is an action or function ending one kept route: its parent's builder
/// calls it directly instead of handing out a builder for it.
pub(super) fn direct_child(
    tree: &Tree,
    kept: &[Vec<&Endpoint>],
    included: &[bool],
    c: usize,
) -> bool {
    let child = &tree.nodes[c];
    matches!(child.step, Step::Action(_) | Step::Function { .. })
        && kept[c].len() == 1
        && !child.children.iter().any(|&g| included[g])
}

/// The page of the first kept endpoint at or below node `c`.
pub(super) fn first_page(model: &Model, kept: &[Vec<&Endpoint>], c: usize) -> Option<String> {
    let tree = &model.routes;
    let mut stack = vec![c];
    while let Some(n) = stack.pop() {
        if let Some(e) = kept[n].first() {
            return Some(model.operations[e.op].page.clone());
        }
        stack.extend(tree.nodes[n].children.iter().rev().copied());
    }
    None
}

/// A `builder-name` note about `file`.
pub(super) fn note(sink: &mut Sink, file: &str, message: String) {
    sink.push_at(
        Severity::Note,
        Code::BuilderName,
        file,
        Pos::line(1),
        message,
    );
}
