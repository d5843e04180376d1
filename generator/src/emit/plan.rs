//! What to emit and what everything is called: the closure of the requested types, Rust names
//! per module, dispatch enums for polymorphic types, and which fields need a `Box`.

use super::naming;
use crate::diag::Code;
use crate::diag::{Pos, Severity, Sink};
use crate::model::{Kind, Model, TypeKey, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// The Rust face of one emitted type.
#[derive(Debug, Clone)]
pub struct Names {
    /// Module path below the output root (empty for `microsoft.graph`).
    pub module: Vec<String>,
    /// The struct or enum identifier.
    pub ident: String,
    /// The dispatch enum identifier (`AnyX`), when the type is polymorphic and referenced.
    pub any: Option<String>,
}

/// Everything decided before tokens are written.
#[derive(Debug)]
pub struct Plan<'m> {
    /// The model.
    pub model: &'m Model,
    /// Types to emit, by key.
    pub emit: BTreeSet<TypeKey>,
    /// Names of every emitted type.
    pub names: BTreeMap<TypeKey, Names>,
    /// Subtypes (transitive) of each type that has any, sorted by key: the model's index.
    pub descendants: &'m BTreeMap<TypeKey, Vec<TypeKey>>,
    /// `(type key, property wire name)` pairs whose field is boxed: to break a cycle, or to
    /// keep a large nested struct out of its owner (see `emit::size`).
    pub boxed: BTreeSet<(TypeKey, String)>,
    /// `(type key, property wire name)` pairs whose field is raw JSON because its type would
    /// nest deeper than rustc checks (see [`super::nesting`]).
    pub raw: BTreeSet<(TypeKey, String)>,
}

impl<'m> Plan<'m> {
    /// Plans the emission of `requested` (model keys; empty for everything); naming and
    /// nesting diagnostics go to `sink`.
    pub fn new(model: &'m Model, requested: &[TypeKey], sink: &mut Sink) -> Plan<'m> {
        let descendants = &model.hierarchy().descendants;
        let mut emit = BTreeSet::new();
        let mut any: BTreeSet<TypeKey> = BTreeSet::new();
        // Requested types and property targets are "full": polymorphic ones get a dispatch enum
        // and bring all their subtypes. Bases reached only through inheritance are emitted as
        // plain structs so asking for one resource never pulls in every sibling of its base.
        let mut full: Vec<TypeKey> = if requested.is_empty() {
            model.types.keys().cloned().collect()
        } else {
            requested.to_vec()
        };
        let mut shallow: Vec<TypeKey> = Vec::new();
        // Asked for some resources: their navigation properties' targets and their endpoints'
        // types stay out (a navigation is raw JSON unless its target is asked for too).
        let scoped = !requested.is_empty();
        loop {
            if let Some(k) = full.pop() {
                if !model.types.contains_key(&k) {
                    continue;
                }
                if descendants.contains_key(&k) && any.insert(k.clone()) {
                    full.extend(descendants[&k].iter().cloned());
                }
                if emit.insert(k.clone()) {
                    queue_refs(model, &k, scoped, &mut full, &mut shallow);
                }
            } else if let Some(k) = shallow.pop() {
                if model.types.contains_key(&k) && emit.insert(k.clone()) {
                    queue_refs(model, &k, scoped, &mut full, &mut shallow);
                }
            } else {
                break;
            }
        }
        let mut plan = Plan {
            model,
            emit,
            names: BTreeMap::new(),
            descendants,
            boxed: BTreeSet::new(),
            raw: BTreeSet::new(),
        };
        plan.name_everything(&any, sink);
        plan.find_cycles();
        let large = super::size::large(&plan, &plan.boxed);
        plan.boxed.extend(large);
        plan.raw = super::nesting::too_deep(&plan, sink);
        plan
    }

    fn name_everything(&mut self, any: &BTreeSet<TypeKey>, sink: &mut Sink) {
        // Module names per namespace key, from the casing of the first type in it.
        let mut modules: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for k in &self.emit {
            let t = &self.model.types[k];
            let ns = t.namespace().to_string();
            modules
                .entry(ns.to_lowercase())
                .or_insert_with(|| module_path(&ns));
        }
        let mut taken: BTreeMap<Vec<String>, BTreeSet<String>> = BTreeMap::new();
        // Module names occupy the type namespace of their parent module too.
        for path in modules.values() {
            for i in 0..path.len() {
                taken
                    .entry(path[..i].to_vec())
                    .or_default()
                    .insert(path[i].clone());
            }
        }
        for k in &self.emit {
            let t = &self.model.types[k];
            let module = modules[&t.namespace().to_lowercase()].clone();
            let set = taken.entry(module.clone()).or_default();
            let base = naming::type_name(t.short_name());
            let ident = naming::unique_camel(&base, set);
            if ident != base {
                let at = Pos::line(t.source.line);
                sink.push_at(Severity::Note, Code::RenamedType, &t.source.file, at, format!("`{}` would be named `{base}`, which another type in the module already has; named it `{ident}`", t.name));
            }
            set.insert(ident.clone());
            self.names.insert(
                k.clone(),
                Names {
                    module,
                    ident,
                    any: None,
                },
            );
        }
        for k in any {
            let Some(n) = self.names.get(k) else { continue };
            let set = taken.entry(n.module.clone()).or_default();
            let base = format!("Any{}", n.ident);
            let ident = naming::unique_camel(&base, set);
            set.insert(ident.clone());
            if let Some(n) = self.names.get_mut(k) {
                n.any = Some(ident);
            }
        }
    }

    /// Boxes fields on containment cycles (Tarjan's SCC over struct-by-value edges). Dispatch
    /// enums box their variants already and collections are on the heap, so only plain nested
    /// structs count.
    fn find_cycles(&mut self) {
        let (keys, index_of) = struct_index(self.model, &self.emit);
        let mut edges: Vec<Vec<(usize, String)>> = vec![Vec::new(); keys.len()];
        for (i, k) in keys.iter().enumerate() {
            for p in self.model.all_properties(k) {
                if p.collection {
                    continue;
                }
                if let TypeRef::Named(t) = &p.ty {
                    if self.names.get(t).is_some_and(|n| n.any.is_none()) {
                        if let Some(&j) = index_of.get(t.as_str()) {
                            edges[i].push((j, p.name.clone()));
                        }
                    }
                }
            }
        }
        let scc = tarjan(&edges);
        for (i, k) in keys.iter().enumerate() {
            for (j, wire) in &edges[i] {
                if scc[i] == scc[*j] {
                    self.boxed.insert(((*k).clone(), wire.clone()));
                }
            }
        }
    }

    /// The names of `key`, which must be emitted.
    pub fn names(&self, key: &str) -> &Names {
        &self.names[key]
    }

    /// True when a value of `key` is only ever one of its subtypes (see
    /// [`crate::wire::acts_abstract`]): its dispatch enum has no variant of its own.
    pub fn acts_abstract(&self, key: &str) -> bool {
        crate::wire::acts_abstract(self.model, key)
    }

    /// The members of `key`'s dispatch enum (see [`crate::wire::family`]); `None` when it has
    /// no subtypes.
    pub fn family(&self, key: &str) -> Option<crate::wire::Family> {
        crate::wire::family(self.model, key)
    }

    /// True when references to `key` go through its dispatch enum.
    pub fn is_polymorphic(&self, key: &str) -> bool {
        self.names.get(key).is_some_and(|n| n.any.is_some())
    }
}

fn queue_refs(
    model: &Model,
    k: &str,
    scoped: bool,
    full: &mut Vec<TypeKey>,
    shallow: &mut Vec<TypeKey>,
) {
    for p in model.all_properties(k) {
        if let TypeRef::Named(t) = &p.ty {
            if !(scoped && p.navigation) {
                full.push(t.clone());
            }
        }
    }
    if let Some(b) = &model.types[k].base {
        shallow.push(b.clone());
    }
    if scoped {
        return;
    }
    // Everything is emitted: the types endpoints send or return come along (they are types
    // of the model too, so this only matters for ones no property names).
    for op in model.operations.iter().filter(|o| o.resource == k) {
        if let Some(TypeRef::Named(t)) = &op.response.ty {
            full.push(t.clone());
        }
        match &op.body {
            crate::model::ops::Body::Resource(t) | crate::model::ops::Body::Update(t) => {
                full.push(t.clone())
            }
            crate::model::ops::Body::Params(ps) => {
                full.extend(ps.iter().filter_map(|p| match &p.ty {
                    TypeRef::Named(t) => Some(t.clone()),
                    TypeRef::Primitive(_) => None,
                }))
            }
            crate::model::ops::Body::None => {}
        }
    }
}

/// `microsoft.graph` → `[]`, `microsoft.graph.callRecords` → `["call_records"]`,
/// `microsoft.other.x` → `["microsoft", "other", "x"]`.
fn module_path(ns: &str) -> Vec<String> {
    let lower = ns.to_lowercase();
    let rest: Vec<&str> = if lower == "microsoft.graph" {
        Vec::new()
    } else if lower.starts_with("microsoft.graph.") {
        ns["microsoft.graph.".len()..].split('.').collect()
    } else {
        ns.split('.').collect()
    };
    rest.into_iter()
        .filter(|s| !s.is_empty())
        .map(naming::module)
        .collect()
}

/// Strongly connected components; returns the component id of each node.
/// The emitted struct types (enums hold nothing), in key order, and each one's position: the
/// nodes of the containment graphs the cycle and nesting passes walk.
pub(super) fn struct_index<'a>(
    model: &Model,
    emit: &'a BTreeSet<TypeKey>,
) -> (Vec<&'a TypeKey>, BTreeMap<&'a str, usize>) {
    let keys: Vec<&TypeKey> = emit
        .iter()
        .filter(|k| model.types[*k].kind != Kind::Enum)
        .collect();
    let index_of = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    (keys, index_of)
}

pub(super) fn tarjan<W>(edges: &[Vec<(usize, W)>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut comp = vec![usize::MAX; n];
    let mut next_index = 0;
    let mut next_comp = 0;
    // Iterative to survive deep chains.
    for start in 0..n {
        if index[start] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some(&mut (v, ref mut ei)) = work.last_mut() {
            if *ei == 0 && index[v] == usize::MAX {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some((w, _)) = edges[v].get(*ei) {
                let w = *w;
                *ei += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp[w] = next_comp;
                        if w == v {
                            break;
                        }
                    }
                    next_comp += 1;
                }
            }
        }
    }
    comp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tarjan_finds_cycles() {
        let e = |v: &[usize]| v.iter().map(|&x| (x, String::new())).collect::<Vec<_>>();
        let edges = vec![e(&[1]), e(&[0]), e(&[2]), e(&[])];
        let c = tarjan(&edges);
        assert_eq!(c[0], c[1]);
        assert_ne!(c[2], c[3]);
        assert_ne!(c[0], c[2]);
    }

    #[test]
    fn module_paths() {
        assert!(module_path("microsoft.graph").is_empty());
        assert_eq!(module_path("microsoft.graph.callRecords"), ["call_records"]);
        assert_eq!(module_path("microsoft.other"), ["microsoft", "other"]);
    }
}
