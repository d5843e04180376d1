//! How deep emitted types may nest, for rustc's drop check.
//!
//! rustc's drop check follows a type's fields through every owning wrapper (`Box`, `Vec`, the
//! boxed variants of a dispatch enum) and gives up after 128 steps (E0320). A box breaks the
//! infinite size of a cycle but not this walk, so a long enough chain of types that merely
//! contain one another (no cycle) cannot compile. Graph's types nest a few levels; a hostile
//! tree can chain thousands. A field whose type would take the nesting past [`MAX_NESTING`] is
//! emitted as raw JSON instead, with a warning naming it.

use super::plan::{tarjan, Plan};
use crate::diag::{Diagnostic, Severity};
use crate::model::{Kind, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// The deepest chain of emitted types containing one another (outside cycles, which rustc's
/// walk stops at) that keeps its typed fields.
pub const MAX_NESTING: usize = 32;

/// The `(type key, wire name)` fields to emit as raw JSON, and a warning for each.
///
/// Heights are computed leaves first over the containment graph with the edges inside a
/// strongly connected component left out (they form a DAG), so each edge is looked at once.
pub(crate) fn too_deep(plan: &Plan) -> (BTreeSet<(String, String)>, Vec<Diagnostic>) {
    let model = plan.model;
    let keys: Vec<&String> = plan
        .emit
        .iter()
        .filter(|k| model.types[*k].kind != Kind::Enum)
        .collect();
    let index_of: BTreeMap<&str, usize> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
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
    let mut notes = Vec::new();
    let mut height = vec![1usize; keys.len()];
    let mut ready: Vec<usize> = (0..keys.len()).filter(|&i| pending[i] == 0).collect();
    while let Some(j) = ready.pop() {
        for &(i, wire) in &parents[j] {
            if height[j] + 1 > MAX_NESTING {
                if raw.insert((keys[i].clone(), wire.to_string())) {
                    let t = &model.types[keys[i]];
                    notes.push(Diagnostic {
                        severity: Severity::Warning,
                        code: "nesting-too-deep",
                        file: t.source.file.clone(),
                        line: t.source.line,
                        column: 1,
                        message: format!("`{}.{wire}` would nest types more than {MAX_NESTING} deep (`{}` contains a chain that long), deeper than rustc checks; the field is raw JSON", t.name, model.types[keys[j]].name),
                    });
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
    (raw, notes)
}
