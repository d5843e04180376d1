//! How deep emitted types may nest, for rustc's drop check.
//!
//! rustc's drop check follows a type's fields through every owning wrapper (`Box`, `Vec`, the
//! boxed variants of a dispatch enum) and gives up after 128 steps (E0320). A box breaks the
//! infinite size of a cycle but not this walk, so a long enough chain of types that merely
//! contain one another (no cycle) cannot compile. Graph's types nest a few levels; a hostile
//! tree can chain thousands. A field whose type would take the nesting past [`MAX_NESTING`] is
//! emitted as raw JSON instead, with a warning naming it.
//!
//! Cycles do not stop the walk either: it remembers the types it has met, so a cycle of types
//! that each reach the next through a box or a dispatch enum is walked to its end, one level
//! per type. [`walk_depths`] follows that walk from every type (fields in order, last found
//! first, as rustc's work list does) and cuts the field where it would pass [`MAX_WALK`].

use super::plan::{struct_index, tarjan, Plan};
use crate::diag::Code;
use crate::diag::{Pos, Severity, Sink};
use crate::model::{TypeKey, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// The deepest chain of emitted types containing one another (outside cycles, which rustc's
/// walk stops at) that keeps its typed fields.
pub const MAX_NESTING: usize = 32;

/// The `(type key, wire name)` fields to emit as raw JSON, with a warning in `sink` for each.
///
/// Heights are computed leaves first over the containment graph with the edges inside a
/// strongly connected component left out (they form a DAG), so each edge is looked at once.
pub(crate) fn too_deep(plan: &Plan, sink: &mut Sink) -> BTreeSet<(TypeKey, String)> {
    let mut raw = nested_by_value(plan, sink);
    walk_depths(plan, &mut raw, sink);
    raw
}

/// The DAG pass: chains of types holding one another, outside cycles.
fn nested_by_value(plan: &Plan, sink: &mut Sink) -> BTreeSet<(TypeKey, String)> {
    let model = plan.model;
    let (keys, index_of) = struct_index(model, &plan.emit);
    // A field of a polymorphic type holds its dispatch enum, which holds every subtype.
    let mut edges: Vec<Vec<(usize, &str)>> = vec![Vec::new(); keys.len()];
    for (i, k) in keys.iter().enumerate() {
        for p in model.all_properties(k) {
            let TypeRef::Named(t) = &p.ty else { continue };
            let subtypes = plan
                .descendants
                .get(t)
                .filter(|_| plan.is_polymorphic(t))
                .into_iter()
                .flatten();
            for target in std::iter::once(t).chain(subtypes) {
                if let Some(&j) = index_of.get(target.as_str()) {
                    edges[i].push((j, p.name.as_str()));
                }
            }
        }
    }
    let scc = tarjan(&edges);
    let mut pending = vec![0usize; keys.len()];
    let mut parents: Vec<Vec<(usize, &str)>> = vec![Vec::new(); keys.len()];
    for (i, out) in edges.iter().enumerate() {
        for &(j, wire) in out.iter().filter(|(j, _)| scc[i] != scc[*j]) {
            pending[i] += 1;
            parents[j].push((i, wire));
        }
    }
    let mut raw = BTreeSet::new();
    let mut height = vec![1usize; keys.len()];
    let mut ready: Vec<usize> = (0..keys.len()).filter(|&i| pending[i] == 0).collect();
    while let Some(j) = ready.pop() {
        for &(i, wire) in &parents[j] {
            if height[j] + 1 > MAX_NESTING {
                if raw.insert((keys[i].clone(), wire.to_string())) {
                    let t = &model.types[keys[i]];
                    too_deep_field(sink, t, format!("`{}.{wire}` would nest types more than {MAX_NESTING} deep (`{}` contains a chain that long), deeper than rustc checks; the field is raw JSON", t.name, model.types[keys[j]].name));
                }
            } else {
                height[i] = height[i].max(height[j] + 1);
            }
            pending[i] -= 1;
            if pending[i] == 0 {
                ready.push(i);
            }
        }
    }
    raw
}

/// The warning for a field made raw JSON by either pass.
fn too_deep_field(sink: &mut Sink, t: &crate::model::TypeDef, message: String) {
    let at = Pos::line(t.source.line);
    sink.push_at(
        Severity::Warning,
        Code::NestingTooDeep,
        &t.source.file,
        at,
        message,
    );
}

/// How deep rustc's drop-check work list may go before a field is cut: half of its limit of
/// 128, since this walk only approximates the order rustc takes.
pub const MAX_WALK: usize = 64;

/// What one owning wrapper costs the walk: rustc lists the `Box` (or `Vec`) itself first, and
/// the type inside when it gets to the box (the compile test of a chain showed two levels per
/// link).
const STEP: usize = 2;

/// A step of the walk: to a struct, or to a dispatch enum (which holds each of its kinds in a
/// box).
#[derive(Clone, Copy)]
enum Node {
    Struct(usize),
    Family(usize),
}

/// A field's way to its type: `deeper` when an owning wrapper (`Box`, `Vec`) puts the type on
/// the work list one level down, rather than inline.
struct Step {
    to: Node,
    deeper: bool,
    field: usize,
}

/// Follows rustc's drop-check walk from every struct and cuts (makes raw JSON) the field
/// through which the walk would go past [`MAX_WALK`]; repeated until a pass cuts nothing (at
/// most a few passes: each cut only shortens walks that went through it).
fn walk_depths(plan: &Plan, raw: &mut BTreeSet<(TypeKey, String)>, sink: &mut Sink) {
    let model = plan.model;
    let (structs, index_of) = struct_index(model, &plan.emit);
    let families: Vec<&TypeKey> = structs
        .iter()
        .copied()
        .filter(|k| plan.is_polymorphic(k))
        .collect();
    let family_of: BTreeMap<&str, usize> = families
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let members: Vec<Vec<usize>> = families
        .iter()
        .map(|k| {
            std::iter::once(*k)
                .chain(plan.descendants.get(*k).into_iter().flatten())
                .filter_map(|d| index_of.get(d.as_str()).copied())
                .collect()
        })
        .collect();
    // Fields as (owner, wire), and each struct's steps in field order.
    let mut fields: Vec<(usize, &str)> = Vec::new();
    let mut steps: Vec<Vec<Step>> = Vec::with_capacity(structs.len());
    for (i, k) in structs.iter().enumerate() {
        let mut own = Vec::new();
        for p in model.all_properties(k) {
            let TypeRef::Named(t) = &p.ty else { continue };
            let boxed = plan.boxed.contains(&((*k).clone(), p.name.clone()));
            let to = match (family_of.get(t.as_str()), index_of.get(t.as_str())) {
                (Some(&f), _) => Node::Family(f),
                (None, Some(&j)) => Node::Struct(j),
                _ => continue,
            };
            fields.push((i, p.name.as_str()));
            own.push(Step {
                to,
                deeper: p.collection || boxed,
                field: fields.len() - 1,
            });
        }
        steps.push(own);
    }
    let mut cut: Vec<bool> = fields
        .iter()
        .map(|(o, w)| raw.contains(&(structs[*o].clone(), w.to_string())))
        .collect();
    let already = cut.clone();
    let count = |cut: &[bool]| cut.iter().filter(|c| **c).count();
    // Which root's walk last met each node (structs first, then families): a stamp per node
    // instead of a set cleared per root keeps a pass linear in the graph per root.
    let slot = |n: Node| match n {
        Node::Struct(i) => i,
        Node::Family(f) => structs.len() + f,
    };
    let mut met = vec![usize::MAX; structs.len() + families.len()];
    for pass in 0..8 {
        let before = count(&cut);
        for root in 0..structs.len() {
            let stamp = pass * structs.len() + root;
            met[root] = stamp;
            // (node, depth, the field that reached it)
            let mut work: Vec<(Node, usize, Option<usize>)> = vec![(Node::Struct(root), 0, None)];
            while let Some((node, depth, via)) = work.pop() {
                let mut next = |to: Node, d: usize, field: Option<usize>, cut: &mut [bool]| {
                    if d > MAX_WALK {
                        if let Some(f) = field {
                            cut[f] = true;
                        }
                    } else if met[slot(to)] != stamp {
                        met[slot(to)] = stamp;
                        work.push((to, d, field));
                    }
                };
                match node {
                    Node::Struct(s) => {
                        for st in &steps[s] {
                            if !cut[st.field] {
                                let d = depth + STEP * usize::from(st.deeper);
                                next(st.to, d, Some(st.field), &mut cut);
                            }
                        }
                    }
                    Node::Family(f) => {
                        for &m in &members[f] {
                            next(Node::Struct(m), depth + STEP, via, &mut cut);
                        }
                    }
                }
            }
        }
        if count(&cut) == before {
            break;
        }
    }
    for f in (0..fields.len()).filter(|&f| cut[f] && !already[f]) {
        let (owner, wire) = fields[f];
        if raw.insert((structs[owner].clone(), wire.to_string())) {
            let t = &model.types[structs[owner]];
            too_deep_field(sink, t, format!("`{}.{wire}` leads through a chain of more than {MAX_WALK} types, each holding the next (boxed or in a dispatch enum), longer than rustc's drop check follows; the field is raw JSON", t.name));
        }
    }
}
