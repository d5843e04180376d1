//! A node's endpoints: one per verb, with the reply each gives. Each node is worked out on
//! its own (its type, path and operations), so `resolve::assemble` fans the nodes out.

use super::{Endpoint, Node, Reply, Step, Tree, TypedBy, Verb};
use crate::diag::Code;
use crate::diag::{Pos, Severity, Sink};
use crate::model::ops::Operation;
use crate::model::{Edm, Model, TypeRef};
use crate::parse::http::Method;

/// The endpoints of node `i`: one per verb, the page named for the node's type winning a
/// collision (with a note naming both pages).
pub(super) fn endpoints_of(
    model: &Model,
    tree: &Tree,
    i: usize,
    list: &[(usize, usize)],
    sink: &mut Sink,
) -> Vec<Endpoint> {
    let node = &tree.nodes[i];
    let short = match &node.ty {
        Some(TypeRef::Named(k)) => k.short().to_string(),
        _ => String::new(),
    };
    let prefix = format!("{short}-");
    let rank = |o: usize| {
        let op = &model.operations[o];
        let stem = op
            .page
            .rsplit('/')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let named = !short.is_empty() && stem.starts_with(&prefix);
        let owner = matches!(&node.ty, Some(TypeRef::Named(k)) if *k == op.resource);
        (!named, !owner)
    };
    let shown = |o: usize, r: usize| {
        model.operations[o]
            .from_examples
            .iter()
            .any(|&(x, _)| x == r)
    };
    let mut sorted = list.to_vec();
    // Stable: the page ranking of `build` breaks ties. A route an HTTP request section lists
    // beats one only an example shows. The rank lowercases a file name: once per entry.
    sorted.sort_by_cached_key(|&(o, r)| (shown(o, r), rank(o)));
    let mut out: Vec<Endpoint> = Vec::new();
    for (o, r) in sorted {
        let op = &model.operations[o];
        let verb = match op.method {
            Method::Get if node.collection => Verb::List,
            Method::Get => Verb::Get,
            Method::Post if node.collection => Verb::Create,
            Method::Post => Verb::Post,
            Method::Patch => Verb::Update,
            Method::Put => Verb::Put,
            Method::Delete => Verb::Delete,
        };
        if let Some(kept) = out.iter().find(|e| e.verb == verb) {
            let k = &model.operations[kept.op];
            if k.page != op.page {
                sink.push_at(
                    Severity::Note,
                    Code::RouteCollision,
                    &op.page,
                    Pos::line(op.line),
                    format!(
                        "`{} {}` is documented here and in `{}`; the builder follows `{}`",
                        op.method,
                        tree.path(i),
                        k.page,
                        k.page
                    ),
                );
            }
            continue;
        }
        let reply = reply_of(model, node, op, verb, sink);
        out.push(Endpoint {
            op: o,
            route: r,
            verb,
            reply,
        });
    }
    out.sort_by_key(|e| e.verb);
    out
}

/// The reply of `op` at `node`: no body when the page answers 204/202; for a GET of a node the
/// model types, the node's type (a disagreeing page gets a note); else what the page says.
fn reply_of(model: &Model, node: &Node, op: &Operation, verb: Verb, sink: &mut Sink) -> Reply {
    if matches!(op.response.status, Some(204 | 202)) {
        return Reply::Nothing;
    }
    let stream = TypeRef::Primitive(Edm::Stream);
    if node.step == Step::Value || (verb == Verb::Get && node.ty.as_ref() == Some(&stream)) {
        return if op.method == Method::Get {
            Reply::Raw
        } else {
            Reply::Nothing
        };
    }
    if node.step == Step::Count {
        return Reply::Count;
    }
    let documented = op.response.ty.as_ref().map(|t| (t, op.response.collection));
    if matches!(verb, Verb::Get | Verb::List) && node.typed_by == TypedBy::Model {
        if let Some(nt) = &node.ty {
            match documented {
                Some((t, c)) if c == node.collection && is_a(model, t, nt) => {
                    return Reply::Json {
                        ty: t.clone(),
                        collection: c,
                    }
                }
                Some((t, c)) => sink.push_at(
                    Severity::Note,
                    Code::ResponseTypeMismatch,
                    &op.page,
                    Pos::line(op.line),
                    format!(
                        "`{}` documents `{}{}` as the response (Methods table of `{}`, line {}), but the route addresses `{}{}`; typed as the route says",
                        op.name,
                        model.type_name(t),
                        if c { " collection" } else { "" },
                        op.listed_in,
                        op.listed_line,
                        model.type_name(nt),
                        if node.collection { " collection" } else { "" },
                    ),
                ),
                None => {}
            }
            if nt == &stream {
                return Reply::Raw;
            }
            return Reply::Json {
                ty: nt.clone(),
                collection: node.collection,
            };
        }
    }
    match documented {
        Some((t, _)) if *t == stream => Reply::Raw,
        Some((t, c)) => Reply::Json {
            ty: t.clone(),
            collection: c,
        },
        None if op.response.status.is_some_and(|s| s != 200) || op.method != Method::Get => {
            Reply::Nothing
        }
        None => Reply::Untyped,
    }
}

/// True when `sub` is `base` or derives from it.
fn is_a(model: &Model, sub: &TypeRef, base: &TypeRef) -> bool {
    match (sub, base) {
        (TypeRef::Named(s), TypeRef::Named(b)) => {
            s == b
                || model
                    .ancestors(s)
                    .iter()
                    .any(|a| crate::model::TypeKey::of(&a.name) == *b)
        }
        _ => sub == base,
    }
}
