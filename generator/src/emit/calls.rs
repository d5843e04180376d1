//! Which emitted builder calls reach which route, so a concrete request (a documented example)
//! can be written as the Rust call that builds it:
//! `GET /users/u1/messages?$top=5` → `api::users().by_id("u1").messages().list()`.
//!
//! Recorded by the builder emitter as it names methods, so the calls are exactly the emitted
//! ones: a child whose name was taken on a shared builder is not reachable, and says so.

use crate::model::ops::Body;
use crate::model::routes::{Bound, Located, Step};
use crate::model::Model;
use std::collections::BTreeMap;

/// How an emitted builder method reaches one node from its parent's builder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access {
    /// The method name (`messages`, `by_id`, `upload_client_certificate`).
    pub method: String,
    /// The operation the method sends directly (an action or function ending its route),
    /// and whether it takes a body.
    pub direct: Option<(usize, bool)>,
}

/// The emitted builder calls, by route tree node.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calls {
    /// The `api` module's name (`api`, or `graph_api` when a namespace took it); empty when
    /// no builder is emitted.
    pub module: String,
    /// Per tree node: the method its parent's builder has for it.
    pub access: Vec<Option<Access>>,
    /// `(node, operation)` → the verb method sending it there and whether it takes a body.
    pub verbs: BTreeMap<(usize, usize), (String, bool)>,
    /// Per tree node: its builder (nodes with one builder have the same methods).
    pub shape: Vec<Option<usize>>,
}

/// A request written as the Rust call that builds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The operation the call sends.
    pub op: usize,
    /// The expression, from `root` (e.g. `models::api::users().by_id("u1").messages().list()`);
    /// where a body goes it reads `BODY`, for the caller to fill.
    pub expr: String,
    /// The call takes a body (a `&T` argument written as `BODY`).
    pub body: bool,
}

/// Why a located request has no emitted call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoCall {
    /// No operation with this method ends at the node (in the output).
    NoEndpoint {
        /// The route template.
        route: String,
        /// The methods that do.
        methods: Vec<String>,
    },
    /// A node on the way has no method on its parent's builder (its name went to another
    /// route there, or its endpoints are not in the output).
    Unreachable {
        /// The route template of the node.
        route: String,
    },
}

impl std::fmt::Display for NoCall {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NoCall::NoEndpoint { route, methods } if methods.is_empty() => {
                write!(f, "no emitted operation ends at `{route}`")
            }
            NoCall::NoEndpoint { route, methods } => write!(
                f,
                "`{route}` documents only {}",
                methods.join(", ")
            ),
            NoCall::Unreachable { route } => write!(
                f,
                "no builder method reaches `{route}` (its name is taken by another route on a shared builder, or it is not emitted)"
            ),
        }
    }
}

impl Calls {
    /// The verb method sending `method` at `node`: its own, else one the node's builder has
    /// from another node it shares the builder with (`/me` has `update()` because `/users/{id}`
    /// documents it: both are `UserItem`). `(operation, method name, takes a body)`.
    fn verb(&self, model: &Model, node: usize, method: &str) -> Option<(usize, String, bool)> {
        let is = |op: usize| {
            model.operations[op]
                .method
                .as_str()
                .eq_ignore_ascii_case(method)
        };
        if let Some(((_, op), (name, body))) = self
            .verbs
            .range((node, 0)..=(node, usize::MAX))
            .find(|((_, op), _)| is(*op))
        {
            return Some((*op, name.clone(), *body));
        }
        let shape = self.shape.get(node).copied().flatten()?;
        self.verbs
            .iter()
            .find(|((n, op), _)| self.shape.get(*n).copied().flatten() == Some(shape) && is(*op))
            .map(|((_, op), (name, body))| (*op, name.clone(), *body))
    }

    /// True when an emitted call sends `method` to `node` (for [`Tree::locate_where`]).
    ///
    /// [`Tree::locate_where`]: crate::model::routes::Tree::locate_where
    pub fn sends(&self, model: &Model, node: usize, method: &str) -> bool {
        let direct = self
            .access
            .get(node)
            .and_then(|a| a.as_ref())
            .and_then(|a| a.direct)
            .is_some_and(|(op, _)| {
                model.operations[op]
                    .method
                    .as_str()
                    .eq_ignore_ascii_case(method)
            });
        direct || self.verb(model, node, method).is_some()
    }

    /// The call sending `method` to the located request, written from `root` (the path of the
    /// module holding the `api` module, e.g. `crate` or `models`).
    pub fn call(
        &self,
        model: &Model,
        at: &Located,
        method: &str,
        root: &str,
    ) -> Result<Call, NoCall> {
        let tree = &model.routes;
        let node = at.node;
        let route = || tree.path(node);
        // The operation: a direct method's, else a verb's at the node.
        let direct = self
            .access
            .get(node)
            .and_then(|a| a.as_ref())
            .and_then(|a| a.direct)
            .filter(|&(op, _)| {
                model.operations[op]
                    .method
                    .as_str()
                    .eq_ignore_ascii_case(method)
            });
        let (op, body, last) = match (direct, self.verb(model, node, method)) {
            (Some((op, body)), _) => (op, body, None),
            (None, Some((op, name, body))) => (op, body, Some(name)),
            (None, None) => {
                let mut methods: Vec<String> = self
                    .verbs
                    .range((node, 0)..=(node, usize::MAX))
                    .map(|((_, op), _)| model.operations[*op].method.to_string())
                    .chain(
                        self.access
                            .get(node)
                            .and_then(|a| a.as_ref())
                            .and_then(|a| a.direct)
                            .map(|(op, _)| model.operations[op].method.to_string()),
                    )
                    .collect();
                methods.sort();
                methods.dedup();
                return Err(NoCall::NoEndpoint {
                    route: route(),
                    methods,
                });
            }
        };
        let mut expr = format!("{root}::{}", self.module);
        let mut prev = 0;
        for (i, &n) in at.chain.iter().enumerate() {
            let parent = tree.nodes[n].parent.unwrap_or(0);
            let same_builder = parent == prev
                || (self.shape.get(parent).copied().flatten().is_some()
                    && self.shape.get(parent) == self.shape.get(prev));
            let access = self.access.get(n).and_then(|a| a.as_ref());
            let (Some(a), true) = (access, same_builder) else {
                return Err(NoCall::Unreachable {
                    route: tree.path(n),
                });
            };
            let mut args: Vec<String> = match (&tree.nodes[n].step, bound_at(at, i)) {
                (Step::Key, Some(Bound::Key(v))) | (Step::PathAddress(_), Some(Bound::Path(v))) => {
                    vec![literal(v)]
                }
                (Step::Function { .. }, Some(Bound::Args(vs))) => {
                    vs.iter().map(|v| literal(v)).collect()
                }
                _ => Vec::new(),
            };
            if n == node && last.is_none() && body {
                args.push("BODY".into());
            }
            expr.push_str(if i == 0 { "::" } else { "." });
            expr.push_str(&format!("{}({})", a.method, args.join(", ")));
            prev = n;
        }
        if let Some(name) = last {
            expr.push_str(&format!(".{name}({})", if body { "BODY" } else { "" }));
        }
        debug_assert!(!body || !matches!(model.operations[op].body, Body::None));
        Ok(Call { op, expr, body })
    }
}

/// The value bound at position `i` of the located chain.
fn bound_at(at: &Located, i: usize) -> Option<&Bound> {
    at.bound.iter().find(|(m, _)| *m == i).map(|(_, b)| b)
}

/// A Rust string literal holding `s`, whatever it contains.
fn literal(s: &str) -> String {
    format!("{s:?}")
}
