//! Building the tree: routes into nodes, nodes typed, navigations inferred, replies typed.

use super::{Node, Step, Tree, TypedBy};
use crate::diag::Code;
use crate::diag::{Pos, Severity, Sink};
use crate::model::ops::{Body, Operation};
use crate::model::{Edm, Model, Property, TypeKey, TypeRef};
use crate::parse::http::{Method, Segment};

use super::spelling::{
    angle_arg, angle_note, angle_placeholder, is_guid, quote_from_examples, steps_of,
};

/// Builds the tree from the model's operations, types its nodes, adds the navigation properties
/// the routes show but the type pages forget, and types each endpoint's reply. Diagnostics go
/// to `sink`.
///
/// A request example is documentation too: a first tree from the HTTP request sections tells
/// which examples follow no listed route (`super::examples`); their routes join their
/// operations (`route-from-example`) and the tree is built again with them.
pub fn build(model: &mut Model, sink: &mut Sink) -> Tree {
    let (first, _) = assemble(model, &mut Sink::default());
    for (op, route, line) in super::examples::routes(model, &first, sink) {
        let op = &mut model.operations[op];
        op.from_examples.push((op.routes.len(), line));
        op.routes.push(route);
    }
    let (tree, inferred) = assemble(model, sink);
    for (owner, prop) in inferred {
        if let Some(t) = model.types.get_mut(&owner) {
            if !t
                .properties
                .iter()
                .any(|p| p.name.eq_ignore_ascii_case(&prop.name))
            {
                t.properties.push(prop);
            }
        }
    }
    tree
}

/// One tree from the operations' routes, typed, with its endpoints, and the navigation
/// properties its routes show that the type pages forget (for the caller to add).
fn assemble(model: &Model, sink: &mut Sink) -> (Tree, Vec<(TypeKey, Property)>) {
    let mut tree = Tree {
        nodes: vec![Node::new(None, Step::Root)],
    };
    // Raw endpoints: (node, op, route).
    let mut ends: Vec<(usize, usize, usize)> = Vec::new();
    // Nodes some route of an HTTP request section passes through (not only an example's).
    let mut listed: Vec<bool> = vec![true];
    // Function nodes written `f(<p>)` so far, with the routes that wrote them so.
    let mut angled: std::collections::BTreeMap<usize, Vec<(usize, usize)>> = Default::default();
    // Current routes first, deprecated ones after: the first node of a shape names its
    // builder, and the first route to a method name keeps it.
    let order = model.operations.iter().enumerate().flat_map(|(oi, op)| {
        op.routes
            .iter()
            .enumerate()
            .map(move |(ri, r)| (r.deprecated, oi, ri, r))
    });
    let mut order: Vec<_> = order.collect();
    order.sort_by_key(|&(deprecated, oi, ri, _)| (deprecated, oi, ri));
    for (_, oi, ri, route) in order {
        let op = &model.operations[oi];
        {
            let from_example = op.from_examples.iter().any(|&(r, _)| r == ri);
            let mut cur = 0;
            for seg in &route.segments {
                if let Segment::Literal(l) = seg {
                    if is_guid(l) {
                        sink.push_at(
                            Severity::Note,
                            Code::ConcreteIdInRoute,
                            &op.page,
                            Pos::line(op.line),
                            format!(
                                "the route `{}` writes the id `{l}` where a key goes; read as `{{id}}`",
                                route.path
                            ),
                        );
                    }
                }
                let steps = steps_of(seg, model);
                if let (Segment::Function { name, args }, [_, (Step::Key, Some(p))]) =
                    (seg, steps.as_slice())
                {
                    if args.first().is_some_and(|a| a.literal.starts_with('<')) {
                        angle_placeholder(sink, op, format!(
                            "the route `{}` writes `{name}(<{p}>)`; `{name}` is a collection, so read as the key `{name}/{{{p}}}`",
                            route.path
                        ));
                    }
                }
                for (step, placeholder) in steps {
                    let found = tree.nodes[cur]
                        .children
                        .iter()
                        .copied()
                        .find(|&c| tree.nodes[c].step.same(&step));
                    cur = match found {
                        Some(c) => {
                            // `range(<address>)` met `range(address=…)`: the named form is the
                            // function's spelling.
                            let (was, is) = (
                                angle_arg(&tree.nodes[c].step).is_some(),
                                angle_arg(&step).is_some(),
                            );
                            if is && !was {
                                angle_note(sink, op, &route.path, &tree.nodes[c].step);
                            } else if is {
                                angled.entry(c).or_default().push((oi, ri));
                            } else if was {
                                for (o, r) in angled.remove(&c).unwrap_or_default() {
                                    let op = &model.operations[o];
                                    angle_note(sink, op, &op.routes[r].path, &step);
                                }
                                tree.nodes[c].step = step;
                            }
                            c
                        }
                        None => {
                            let i = tree.nodes.len();
                            if angle_arg(&step).is_some() {
                                angled.entry(i).or_default().push((oi, ri));
                            }
                            tree.nodes.push(Node::new(Some(cur), step));
                            tree.nodes[cur].children.push(i);
                            listed.push(false);
                            i
                        }
                    };
                    listed[cur] |= !from_example;
                    if let Some(p) = placeholder {
                        if !tree.nodes[cur].placeholders.contains(&p) {
                            tree.nodes[cur].placeholders.push(p);
                        }
                    }
                }
            }
            ends.push((cur, oi, ri));
        }
    }
    let mut at: Vec<Vec<(usize, usize)>> = vec![Vec::new(); tree.nodes.len()];
    for &(n, o, r) in &ends {
        at[n].push((o, r));
    }
    // The most specific page first: it names the segment, it is the listing resource's own
    // page, its name is short (`user-list` before `intune-devices-user-list`).
    for (i, list) in at.iter_mut().enumerate() {
        if list.len() > 1 {
            let word = segment_word(&tree, i);
            // The rank allocates: worked out once per entry, not once per comparison.
            list.sort_by_cached_key(|&(o, r)| (op_rank(model, &word, o), r));
        }
    }
    let mut inferred: Vec<(TypeKey, Property)> = Vec::new();
    // Parents come first, so one pass types every node.
    for (i, &listed) in listed.iter().enumerate().skip(1) {
        type_node(model, &mut tree, &at, listed, i, &mut inferred, sink);
    }
    // A node's endpoints depend on that node alone (its type, its path, its operations), so
    // they are worked out on all cores; the notes keep node order.
    let nodes: Vec<usize> = (0..at.len()).collect();
    let parts = crate::par::batches(&nodes, 256, |part| {
        part.iter()
            .map(|&i| {
                let mut found = Sink::new(String::new());
                let eps = super::endpoints::endpoints_of(model, &tree, i, &at[i], &mut found);
                (eps, found.items)
            })
            .collect::<Vec<_>>()
    });
    for (i, (eps, found)) in parts.into_iter().flatten().enumerate() {
        tree.nodes[i].endpoints = eps;
        sink.items.extend(found);
    }
    quote_from_examples(model, &mut tree, &at, sink);
    (tree, inferred)
}

/// The type the operations ending at node `i` give it: a GET's response, a create's body, an
/// update's resource, or (for a collection) what its key's operations return.
fn type_from_ops(
    model: &Model,
    tree: &Tree,
    at: &[Vec<(usize, usize)>],
    i: usize,
) -> Option<(TypeRef, bool, usize)> {
    let ops = || at[i].iter().map(|&(o, _)| (o, &model.operations[o]));
    let bodyless = |op: &Operation| matches!(op.response.status, Some(204 | 202));
    if let Some((o, op)) =
        ops().find(|(_, op)| op.method == Method::Get && op.response.ty.is_some())
    {
        return Some((op.response.ty.clone()?, op.response.collection, o));
    }
    if let Some((o, op)) = ops().find(|(_, op)| op.method == Method::Post && !bodyless(op)) {
        if let (Body::Resource(k), Some(TypeRef::Named(r))) = (&op.body, &op.response.ty) {
            if k == r {
                return Some((TypeRef::Named(k.clone()), true, o));
            }
        }
    }
    if let Some((o, op)) = ops().find(|(_, op)| op.method == Method::Patch) {
        if let Body::Update(k) = &op.body {
            return Some((TypeRef::Named(k.clone()), false, o));
        }
    }
    // A collection whose members are documented: `/users` from `/users/{id}`.
    let key = tree.nodes[i]
        .children
        .iter()
        .copied()
        .find(|&c| tree.nodes[c].step == Step::Key)?;
    let (ty, coll, o) = type_from_ops(model, tree, at, key)?;
    (!coll).then_some((ty, true, o))
}

fn type_node(
    model: &Model,
    tree: &mut Tree,
    at: &[Vec<(usize, usize)>],
    listed: bool,
    i: usize,
    inferred: &mut Vec<(TypeKey, Property)>,
    sink: &mut Sink,
) {
    let Some(p) = tree.nodes[i].parent else {
        return;
    };
    let (pty, pcoll) = (tree.nodes[p].ty.clone(), tree.nodes[p].collection);
    let from_ops = type_from_ops(model, tree, at, i);
    let step = tree.nodes[i].step.clone();
    let set = |tree: &mut Tree, ty: Option<TypeRef>, coll: bool, by: TypedBy| {
        let n = &mut tree.nodes[i];
        n.typed_by = if ty.is_some() { by } else { TypedBy::Unknown };
        n.ty = ty;
        n.collection = coll;
    };
    let ops_typed = |tree: &mut Tree| match &from_ops {
        Some((t, c, _)) => set(tree, Some(t.clone()), *c, TypedBy::Operations),
        None => set(tree, None, false, TypedBy::Unknown),
    };
    match &step {
        Step::Root => {}
        Step::Value => set(
            tree,
            Some(TypeRef::Primitive(Edm::Stream)),
            false,
            TypedBy::Model,
        ),
        Step::Count => set(
            tree,
            Some(TypeRef::Primitive(Edm::Int64)),
            false,
            TypedBy::Model,
        ),
        Step::Ref => set(tree, None, false, TypedBy::Unknown),
        Step::Cast(k, _) if pty.is_some() => {
            set(tree, Some(TypeRef::Named(k.clone())), pcoll, TypedBy::Model)
        }
        Step::Cast(k, _) => {
            // Below an untyped node the operations say whether it is a collection.
            let coll = from_ops.as_ref().is_some_and(|(_, c, _)| *c);
            set(
                tree,
                Some(TypeRef::Named(k.clone())),
                coll,
                TypedBy::Operations,
            )
        }
        Step::Key if pcoll && pty.is_some() => set(tree, pty, false, TypedBy::Model),
        Step::Key | Step::Function { .. } | Step::Action(_) => ops_typed(tree),
        Step::PathAddress(prefix) => {
            match pty
                .as_ref()
                .filter(|_| !pcoll)
                .and_then(|t| property(model, t, prefix))
            {
                Some(prop) => set(tree, Some(prop.ty.clone()), false, TypedBy::Model),
                None => ops_typed(tree),
            }
        }
        Step::Segment(name) => {
            let parent_key = match (&pty, pcoll) {
                (Some(TypeRef::Named(k)), false) if model.types.contains_key(k) => Some(k.clone()),
                _ => None,
            };
            if let Some(prop) = pty
                .as_ref()
                .filter(|_| !pcoll)
                .and_then(|t| property(model, t, name))
            {
                let (ty, c) = (prop.ty.clone(), prop.collection);
                set(tree, Some(ty), c, TypedBy::Model);
                return;
            }
            let only_posts = !at[i].is_empty()
                && at[i]
                    .iter()
                    .all(|&(o, _)| model.operations[o].method == Method::Post)
                && tree.nodes[i].children.is_empty();
            if only_posts && (parent_key.is_some() || pty.is_some()) {
                tree.nodes[i].step = Step::Action(name.clone());
                ops_typed(tree);
                return;
            }
            // A segment only an example shows (`range/rowsAbove`, a function called without
            // parentheses) says nothing about the type: typed by its operations, no
            // navigation inferred (the `route-from-example` note names it).
            if !listed {
                ops_typed(tree);
                return;
            }
            let Some(owner) = parent_key else {
                ops_typed(tree);
                if pty.is_some() {
                    segment_diag(sink, model, tree, i, at, name, None);
                }
                return;
            };
            match &from_ops {
                Some((ty @ TypeRef::Named(_), coll, o)) if !only_posts => {
                    let op = &model.operations[*o];
                    let owner_name = model.types[&owner].name.clone();
                    let route = tree.path(i);
                    sink.push_at(
                        Severity::Note,
                        Code::InferredNavigation,
                        &op.page,
                        Pos::line(op.line),
                        format!(
                            "`{route}` reaches `{name}`, which `{owner_name}`'s page does not list; it is modelled as a navigation property of type `{}{}` from this page's response",
                            model.type_name(ty),
                            if *coll { " collection" } else { "" }
                        ),
                    );
                    inferred.push((
                        owner.clone(),
                        Property {
                            name: name.clone(),
                            ty: ty.clone(),
                            collection: *coll,
                            navigation: true,
                            description: format!(
                                "Not listed on the type's page: inferred from `{route}` in `{}`.",
                                op.page
                            ),
                            pos: Pos::line(model.types[&owner].source.line),
                        },
                    ));
                    set(tree, Some(ty.clone()), *coll, TypedBy::Inferred);
                }
                _ => {
                    ops_typed(tree);
                    segment_diag(sink, model, tree, i, at, name, Some(&owner));
                }
            }
        }
    }
}

fn segment_diag(
    sink: &mut Sink,
    model: &Model,
    tree: &Tree,
    i: usize,
    at: &[Vec<(usize, usize)>],
    name: &str,
    owner: Option<&str>,
) {
    let first = at[i]
        .first()
        .or_else(|| {
            // A segment in the middle of routes: report it at the first operation below it.
            let mut stack = tree.nodes[i].children.clone();
            while let Some(c) = stack.pop() {
                if let Some(f) = at[c].first() {
                    return Some(f);
                }
                stack.extend(tree.nodes[c].children.iter().copied());
            }
            None
        })
        .map(|&(o, _)| &model.operations[o]);
    let parent = tree.nodes[i].parent.unwrap_or(0);
    let ty = tree.nodes[parent]
        .ty
        .as_ref()
        .map_or("?".to_string(), |t| model.type_name(t));
    sink.push_at(
        Severity::Warning,
        Code::UnknownSegment,
        first.map_or("", |o| o.page.as_str()),
        Pos::line(first.map_or(1, |o| o.line)),
        format!(
            "`{}`: `{name}` is not a documented property of `{ty}`{}; the builder offers it untyped",
            tree.path(i),
            if owner.is_some() { "" } else { " (a collection or a primitive)" }
        ),
    );
}

/// A property of `ty` (inherited ones too) by wire name, any casing.
///
/// What `all_properties(k)` then a search would find, without building the list (every node
/// of both trees asks): the first name that matches in root-first order picks the slot, and
/// the slot holds that exact name's last declaration.
pub(super) fn property<'m>(model: &'m Model, ty: &TypeRef, name: &str) -> Option<&'m Property> {
    let TypeRef::Named(k) = ty else { return None };
    let t = model.types.get(k)?;
    let ancestors = model.ancestors(k);
    let chain = || {
        ancestors
            .iter()
            .rev()
            .copied()
            .chain(std::iter::once(t))
            .flat_map(|td| &td.properties)
    };
    let first = chain().find(|p| p.name.eq_ignore_ascii_case(name))?;
    chain().rfind(|p| p.name == first.name)
}

/// The word a page about node `i` would carry: the nearest named segment, singular and
/// lowercased (`users/{id}` → `user`).
fn segment_word(tree: &Tree, i: usize) -> String {
    let mut cur = Some(i);
    while let Some(n) = cur {
        match &tree.nodes[n].step {
            Step::Segment(s) | Step::Action(s) => {
                let l = crate::model::short_of(s).to_ascii_lowercase();
                return l.strip_suffix('s').unwrap_or(&l).to_string();
            }
            Step::Function { name, .. } => return name.to_ascii_lowercase(),
            _ => cur = tree.nodes[n].parent,
        }
    }
    String::new()
}

/// How well operation `o`'s page fits a node whose segment word is `word` (lower is better).
fn op_rank(model: &Model, word: &str, o: usize) -> (bool, bool, usize, String) {
    let op = &model.operations[o];
    let stem = crate::model::page_stem(&op.page);
    let resource = op.resource.short();
    (
        word.is_empty() || !stem.contains(word),
        !stem.starts_with(&format!("{resource}-")),
        stem.len(),
        op.page.clone(),
    )
}
