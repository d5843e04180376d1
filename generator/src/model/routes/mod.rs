//! Every documented route resolved into one tree, segment by segment.
//!
//! A node is what a URL prefix addresses: an entity set or singleton at the root (`users`, `me`),
//! a key (`{id}`), a property, a cast, a function or action, `$value`, `$ref`, `$count` or
//! path addressing (`root:/{path}:`). Each node is typed from the model where the parent's type
//! documents the segment, else from the operations that end there; each operation route ends at
//! a node as an [`Endpoint`] whose reply is typed from the API page's Response section and the
//! node's type. The emitter turns the tree into builders that read like the URL.

mod endpoints;
mod examples;
mod locate;
mod resolve;
mod spelling;

pub use locate::{decode, Bound, Located, Miss};

pub use resolve::build;

use super::{Model, TypeKey, TypeRef};
use crate::parse::http::FunctionArg;

/// What leads from a node to one of its children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The service root (only node 0).
    Root,
    /// A named segment: an entity set, singleton, navigation or structural property (the text
    /// as the first route wrote it).
    Segment(String),
    /// A bound action: a POST-only segment that names no property of the parent's type.
    Action(String),
    /// A key of the parent collection: `{id}`, `{id | userPrincipalName}`.
    Key,
    /// A cast to a derived type (`microsoft.graph.user`): the type's model key and the text.
    Cast(TypeKey, String),
    /// A function call with its arguments (`getX(period='{period}')`, `delta()`).
    Function {
        /// The function name.
        name: String,
        /// Its arguments as the first route wrote them.
        args: Vec<FunctionArg>,
    },
    /// Path-based addressing below `prefix`: `root:/{path}:`.
    PathAddress(String),
    /// `$value`: the raw content.
    Value,
    /// `$ref`: the reference itself.
    Ref,
    /// `$count`: the number of members.
    Count,
}

impl Step {
    /// The step as a route writes it: `users`, `{id}`, `root:/{path}:`, `$value`.
    pub fn text(&self, placeholders: &[String]) -> String {
        let first = placeholders.first().map_or("id", String::as_str);
        match self {
            Step::Root => String::new(),
            Step::Segment(s) | Step::Action(s) => s.clone(),
            Step::Key => format!("{{{}}}", placeholders.join(" | ")),
            Step::Cast(_, text) => text.clone(),
            Step::Function { name, args } => {
                let a: Vec<String> = args
                    .iter()
                    .map(|a| {
                        let v = a
                            .param
                            .as_ref()
                            .map_or(a.literal.clone(), |p| format!("{{{p}}}"));
                        let v = if a.quoted { format!("'{v}'") } else { v };
                        format!("{}={v}", a.name)
                    })
                    .collect();
                format!("{name}({})", a.join(","))
            }
            Step::PathAddress(prefix) => format!("{prefix}:/{{{first}}}:"),
            Step::Value => "$value".into(),
            Step::Ref => "$ref".into(),
            Step::Count => "$count".into(),
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Step::Root => "root",
            Step::Segment(_) => "segment",
            Step::Action(_) => "action",
            Step::Key => "key",
            Step::Cast(..) => "cast",
            Step::Function { .. } => "function",
            Step::PathAddress(_) => "path-address",
            Step::Value => "value",
            Step::Ref => "ref",
            Step::Count => "count",
        }
    }

    /// Two routes reach the same child when their steps match like this.
    pub(super) fn same(&self, other: &Step) -> bool {
        match (self, other) {
            (Step::Segment(a) | Step::Action(a), Step::Segment(b) | Step::Action(b)) => {
                a.eq_ignore_ascii_case(b)
            }
            (Step::Cast(a, _), Step::Cast(b, _)) => a == b,
            (Step::Function { name: a, args: x }, Step::Function { name: b, args: y }) => {
                // `range(<address>)` is `range(address='{address}')` written with an angle
                // placeholder.
                let angle = |s: &Step, args: &[FunctionArg]| {
                    spelling::angle_arg(s).is_some_and(|p| {
                        matches!(args, [q] if !q.name.is_empty() && q.name.eq_ignore_ascii_case(p))
                    })
                };
                a.eq_ignore_ascii_case(b)
                    && ((x.len() == y.len()
                        && x.iter()
                            .zip(y)
                            .all(|(p, q)| p.name.eq_ignore_ascii_case(&q.name)))
                        || angle(self, y)
                        || angle(other, x))
            }
            (Step::PathAddress(a), Step::PathAddress(b)) => a.eq_ignore_ascii_case(b),
            (Step::Key, Step::Key)
            | (Step::Value, Step::Value)
            | (Step::Ref, Step::Ref)
            | (Step::Count, Step::Count)
            | (Step::Root, Step::Root) => true,
            _ => false,
        }
    }
}

/// Where a node's type came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypedBy {
    /// The model: a documented property, a key of a typed collection, a cast, `$value`/`$count`.
    Model,
    /// A navigation the type's page does not list, inferred from the operations there.
    Inferred,
    /// The operations that end at the node (roots, actions, functions, children of untyped nodes).
    Operations,
    /// Nothing says.
    Unknown,
}

impl TypedBy {
    fn as_str(self) -> &'static str {
        match self {
            TypedBy::Model => "model",
            TypedBy::Inferred => "inferred",
            TypedBy::Operations => "operations",
            TypedBy::Unknown => "unknown",
        }
    }
}

/// What a request does at its node, which names its builder method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verb {
    /// GET on a collection.
    List,
    /// GET on anything else.
    Get,
    /// POST to a collection.
    Create,
    /// POST to anything else (an action, `$ref`).
    Post,
    /// PATCH.
    Update,
    /// PUT.
    Put,
    /// DELETE.
    Delete,
}

impl Verb {
    /// The builder method name: `list`, `get`, `create`, `post`, `update`, `put`, `delete`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verb::List => "list",
            Verb::Get => "get",
            Verb::Create => "create",
            Verb::Post => "post",
            Verb::Update => "update",
            Verb::Put => "put",
            Verb::Delete => "delete",
        }
    }
}

/// What a successful response carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// Nothing to read (204, 202, or no documented body).
    Nothing,
    /// The bytes as sent (`$value`, `Edm.Stream`).
    Raw,
    /// `$count`: a bare number.
    Count,
    /// JSON of a type; a collection comes as a page.
    Json {
        /// The type.
        ty: TypeRef,
        /// A page of values.
        collection: bool,
    },
    /// JSON whose type no page documents.
    Untyped,
}

/// One documented operation route, ending at a node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// Index into [`Model::operations`].
    pub op: usize,
    /// Index into that operation's routes.
    pub route: usize,
    /// The verb.
    pub verb: Verb,
    /// The typed reply.
    pub reply: Reply,
}

/// One node of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The parent (none for the root, node 0).
    pub parent: Option<usize>,
    /// What leads here from the parent.
    pub step: Step,
    /// The placeholder names routes use for a key or path address (`id`, `user-id`, …).
    pub placeholders: Vec<String>,
    /// The type of what the node addresses.
    pub ty: Option<TypeRef>,
    /// It addresses a collection.
    pub collection: bool,
    /// Where the type came from.
    pub typed_by: TypedBy,
    /// Children, in first-documented order.
    pub children: Vec<usize>,
    /// Operation routes ending here, at most one per verb.
    pub endpoints: Vec<Endpoint>,
}

impl Node {
    /// A node reached from `parent` by `step`, not yet typed, with no children or endpoints.
    pub fn new(parent: Option<usize>, step: Step) -> Node {
        Node {
            parent,
            step,
            placeholders: Vec::new(),
            ty: None,
            collection: false,
            typed_by: TypedBy::Unknown,
            children: Vec::new(),
            endpoints: Vec::new(),
        }
    }
}

/// All documented routes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tree {
    /// Node 0 is the service root; parents come before their children.
    pub nodes: Vec<Node>,
}

impl Tree {
    /// The route template of a node: `/users/{id}/messages`.
    pub fn path(&self, n: usize) -> String {
        let mut parts = Vec::new();
        let mut cur = Some(n);
        while let Some(i) = cur {
            let node = &self.nodes[i];
            if node.parent.is_some() {
                parts.push(node.step.text(&node.placeholders));
            }
            cur = node.parent;
        }
        parts.reverse();
        format!("/{}", parts.join("/"))
    }

    /// Nodes from the root's child down to `n`.
    pub fn lineage(&self, n: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cur = Some(n);
        while let Some(i) = cur {
            if self.nodes[i].parent.is_some() {
                out.push(i);
            }
            cur = self.nodes[i].parent;
        }
        out.reverse();
        out
    }

    /// The node a documented route ends at.
    pub fn find(&self, op: usize, route: usize) -> Option<usize> {
        self.nodes
            .iter()
            .position(|n| n.endpoints.iter().any(|e| e.op == op && e.route == route))
    }

    /// The tree as `graphdoc model` JSON: one object per node that has endpoints or children.
    pub fn to_json(&self, model: &Model) -> serde_json::Value {
        use serde_json::json;
        let nodes: Vec<serde_json::Value> = self
            .nodes
            .iter()
            .enumerate()
            .skip(1)
            .map(|(i, n)| {
                json!({
                    "path": self.path(i),
                    "step": n.step.kind(),
                    "type": n.ty.as_ref().map(|t| model.type_name(t)),
                    "collection": n.collection,
                    "typedBy": n.typed_by.as_str(),
                    "endpoints": n.endpoints.iter().map(|e| {
                        let op = &model.operations[e.op];
                        json!({
                            "verb": e.verb.as_str(),
                            "method": op.method,
                            "page": op.page,
                            "reply": match &e.reply {
                                Reply::Nothing => json!({"kind": "nothing"}),
                                Reply::Raw => json!({"kind": "raw"}),
                                Reply::Count => json!({"kind": "count"}),
                                Reply::Untyped => json!({"kind": "untyped"}),
                                Reply::Json { ty, collection } => json!({"kind": "json", "type": model.type_name(ty), "collection": collection}),
                            },
                        })
                    }).collect::<Vec<_>>(),
                })
            })
            .collect();
        serde_json::Value::Array(nodes)
    }
}
