//! The model: every type documented in a docs tree, with names resolved across pages.
//!
//! Built by [`build`] from parsed pages; read by the emitter and dumped as JSON by
//! `graphdoc model` (see [`Model::to_json`], a stable interface).

mod bases;
mod build;
pub mod edm;
mod extract;
mod implied;
mod key;
mod merge;
pub mod ops;
mod resolve;
pub mod routes;
mod sections;
mod typeref;

pub use build::{build, collect_page, finish, Collected};
pub use edm::Edm;
pub use key::{short_of, TypeKey};

use crate::diag::{Diagnostic, Pos};
use std::collections::BTreeMap;

/// What kind of type a definition is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// Has a key (its own or inherited); addressable.
    Entity,
    /// A structured value without identity.
    Complex,
    /// A named set of members.
    Enum,
}

impl Kind {
    /// The word used in the model JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Entity => "entity",
            Kind::Complex => "complex",
            Kind::Enum => "enum",
        }
    }
}

/// A reference to a type, as a property uses it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// An Edm primitive.
    Primitive(Edm),
    /// A documented type, by its model key.
    Named(TypeKey),
}

/// One property of a type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    /// The wire name, as documented.
    pub name: String,
    /// Its type.
    pub ty: TypeRef,
    /// True for `x collection` / `Collection(x)`.
    pub collection: bool,
    /// True for relationships (navigation properties).
    pub navigation: bool,
    /// The description cell, as markdown.
    pub description: String,
    /// Where the property's row is.
    pub pos: Pos,
}

/// One member of an enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The wire name.
    pub name: String,
    /// The documented numeric value, if the table gives one.
    pub value: Option<i64>,
    /// The description cell, as markdown.
    pub description: String,
}

/// Where a type is documented.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Source {
    /// Page path relative to the docs root.
    pub file: String,
    /// Line of the type's title, section heading or annotation.
    pub line: u32,
}

/// One documented type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeDef {
    /// Qualified name in its declared casing, e.g. `microsoft.graph.identityApiConnector`.
    pub name: String,
    /// Entity, complex or enum.
    pub kind: Kind,
    /// The base type's model key.
    pub base: Option<TypeKey>,
    /// Documented as abstract (never sent as itself).
    pub is_abstract: bool,
    /// Documented as open (may carry undeclared members).
    pub open: bool,
    /// The key property (own or inherited).
    pub key: Option<String>,
    /// The type's description, as markdown.
    pub description: String,
    /// Its own properties (not inherited ones), in page order.
    pub properties: Vec<Property>,
    /// Enum members, in page order.
    pub members: Vec<Member>,
    /// A flags enum: a value is several members joined by commas. Only what the docs say
    /// ("Flag enum…" in the description) makes an enum one.
    pub flags: bool,
    /// Where it is documented (the primary page when several document it).
    pub source: Source,
    /// Every page that contributed to this type (for rebuild tracking).
    pub pages: Vec<String>,
}

impl TypeDef {
    /// The part after the last dot: `identityApiConnector`.
    pub fn short_name(&self) -> &str {
        short_of(&self.name)
    }

    /// The namespace: `microsoft.graph`.
    pub fn namespace(&self) -> &str {
        match self.name.rfind('.') {
            Some(i) => &self.name[..i],
            None => "",
        }
    }
}

/// Something a page documents that the model could not turn into a type, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct LeftOut {
    /// The name, as far as it could be read.
    pub name: String,
    /// The page.
    pub file: String,
    /// Why it was left out.
    pub reason: String,
}

/// All types of a docs tree.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// Types by key.
    pub types: BTreeMap<TypeKey, TypeDef>,
    /// Everything found wrong on the way, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Pages read.
    pub pages: usize,
    /// Types named by pages but not built.
    pub left_out: Vec<LeftOut>,
    /// Documented methods, sorted by resource and page.
    pub operations: Vec<ops::Operation>,
    /// Every documented route, resolved segment by segment (see [`routes`]).
    pub routes: routes::Tree,
    /// Who derives from whom, built on first use (see [`Model::hierarchy`]).
    hierarchy: std::sync::OnceLock<Hierarchy>,
}

/// Who derives from whom: the one subtype index the emitter, the example checker and the
/// macros read. Only documented bases count (a base naming nothing documented has no entry).
#[derive(Debug, Clone, Default)]
pub struct Hierarchy {
    /// Direct subtypes of each type that has any, sorted by key.
    pub children: BTreeMap<TypeKey, Vec<TypeKey>>,
    /// All subtypes, transitively, of each type that has any, sorted by key (never the type
    /// itself).
    pub descendants: BTreeMap<TypeKey, Vec<TypeKey>>,
}

impl Hierarchy {
    fn of(types: &BTreeMap<TypeKey, TypeDef>) -> Hierarchy {
        let mut children: BTreeMap<TypeKey, Vec<TypeKey>> = BTreeMap::new();
        for (k, t) in types {
            if let Some(b) = &t.base {
                if types.contains_key(b) {
                    children.entry(b.clone()).or_default().push(k.clone());
                }
            }
        }
        let mut descendants = BTreeMap::new();
        for root in children.keys() {
            let mut all: std::collections::BTreeSet<&TypeKey> = std::collections::BTreeSet::new();
            let mut stack = vec![root];
            while let Some(k) = stack.pop() {
                for c in children.get(k).into_iter().flatten() {
                    if all.insert(c) {
                        stack.push(c);
                    }
                }
            }
            all.remove(root);
            if !all.is_empty() {
                descendants.insert(root.clone(), all.into_iter().cloned().collect());
            }
        }
        Hierarchy {
            children,
            descendants,
        }
    }
}

impl Model {
    /// Looks a type up by qualified name, any casing.
    pub fn get(&self, qualified: &str) -> Option<&TypeDef> {
        self.types.get(&TypeKey::of(qualified))
    }

    /// Finds types by qualified or short name (any casing). A short name may match several
    /// namespaces; they come back sorted by key.
    pub fn find(&self, name: &str) -> Vec<&TypeDef> {
        if let Some(t) = self.get(name) {
            return vec![t];
        }
        let lower = name.to_lowercase();
        self.types
            .values()
            .filter(|t| t.short_name().to_lowercase() == lower)
            .collect()
    }

    /// The subtype index, built from `types` on first use: call it only once bases are settled
    /// (the build never reads it, so every model it returns is complete).
    pub fn hierarchy(&self) -> &Hierarchy {
        self.hierarchy.get_or_init(|| Hierarchy::of(&self.types))
    }

    /// Direct subtypes of `key`, sorted by key.
    pub fn derived(&self, key: &str) -> Vec<&TypeKey> {
        let h = self.hierarchy();
        h.children.get(key).into_iter().flatten().collect()
    }

    /// All subtypes of `key`, transitively, sorted by key.
    pub fn descendants(&self, key: &str) -> Vec<&TypeKey> {
        let h = self.hierarchy();
        h.descendants.get(key).into_iter().flatten().collect()
    }

    /// The base chain of `key`, nearest first (cycles are broken at build time).
    pub fn ancestors(&self, key: &str) -> Vec<&TypeDef> {
        let mut out: Vec<&TypeDef> = Vec::new();
        let mut cur = self.types.get(key).and_then(|t| t.base.as_ref());
        while let Some(b) = cur {
            let Some(t) = self.types.get(b) else { break };
            if out.iter().any(|o| std::ptr::eq(*o, t)) {
                break;
            }
            out.push(t);
            cur = t.base.as_ref();
        }
        out
    }

    /// All properties of `key`, inherited ones first (root base first). A property redeclared
    /// lower in the chain replaces the inherited one in place.
    pub fn all_properties(&self, key: &str) -> Vec<&Property> {
        let Some(t) = self.types.get(key) else {
            return Vec::new();
        };
        let mut chain: Vec<&TypeDef> = self.ancestors(key);
        chain.reverse();
        chain.push(t);
        let mut out: Vec<&Property> = Vec::new();
        for td in chain {
            for p in &td.properties {
                match out.iter().position(|o| o.name == p.name) {
                    Some(i) => out[i] = p,
                    None => out.push(p),
                }
            }
        }
        out
    }

    /// The JSON dump behind `graphdoc model --format json`. The shape is a stable interface.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::json;
        let types: Vec<serde_json::Value> = self
            .types
            .values()
            .map(|t| {
                json!({
                    "name": t.name,
                    "kind": t.kind.as_str(),
                    "base": t.base.as_ref().map(|b| self.types.get(b).map_or_else(|| b.to_string(), |bt| bt.name.clone())),
                    "abstract": t.is_abstract,
                    "open": t.open,
                    "key": t.key,
                    "properties": t.properties.iter().map(|p| json!({
                        "name": p.name,
                        "type": self.type_name(&p.ty),
                        "collection": p.collection,
                        "navigation": p.navigation,
                    })).collect::<Vec<_>>(),
                    "members": t.members.iter().map(|m| json!({"name": m.name, "value": m.value})).collect::<Vec<_>>(),
                    "flags": t.flags,
                    "source": {"file": t.source.file, "line": t.source.line},
                })
            })
            .collect();
        let operations: Vec<serde_json::Value> = self
            .operations
            .iter()
            .map(|op| self.operation_json(op))
            .collect();
        json!({ "types": types, "operations": operations, "routes": self.routes.to_json(self), "diagnostics": self.diagnostics })
    }

    fn operation_json(&self, op: &ops::Operation) -> serde_json::Value {
        use serde_json::json;
        let name_of = |k: &TypeKey| {
            self.types
                .get(k)
                .map_or_else(|| k.to_string(), |t| t.name.clone())
        };
        let routes: Vec<serde_json::Value> = op
            .routes
            .iter()
            .map(|r| {
                let params: Vec<&str> = r
                    .segments
                    .iter()
                    .flat_map(|s| match s {
                        crate::parse::http::Segment::Param(p) => vec![p.as_str()],
                        crate::parse::http::Segment::PathAddress { param, .. } => {
                            vec![param.as_str()]
                        }
                        crate::parse::http::Segment::Function { args, .. } => {
                            args.iter().filter_map(|a| a.param.as_deref()).collect()
                        }
                        crate::parse::http::Segment::Literal(_) => vec![],
                    })
                    .collect();
                json!({"path": r.path, "parameters": params})
            })
            .collect();
        let body = match &op.body {
            ops::Body::None => json!({"kind": "none"}),
            ops::Body::Resource(k) => json!({"kind": "resource", "type": name_of(k)}),
            ops::Body::Update(k) => json!({"kind": "update", "type": name_of(k)}),
            ops::Body::Params(ps) => {
                json!({"kind": "parameters", "parameters": ps.iter().map(|p| json!({
                "name": p.name, "type": self.type_name(&p.ty), "collection": p.collection, "required": p.required,
            })).collect::<Vec<_>>()})
            }
        };
        json!({
            "resource": name_of(&op.resource),
            "name": op.name,
            "page": op.page,
            "method": op.method,
            "routes": routes,
            "body": body,
            "response": {
                "status": op.response.status,
                "type": op.response.ty.as_ref().map(|t| self.type_name(t)),
                "collection": op.response.collection,
            },
        })
    }

    /// `Edm.String` or the qualified name in declared casing.
    pub fn type_name(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Primitive(e) => e.qualified().to_string(),
            TypeRef::Named(k) => self
                .types
                .get(k)
                .map_or_else(|| k.to_string(), |t| t.name.clone()),
        }
    }
}

/// A page's file name without folder or `.md`, lowercased: how pages are matched to the types
/// and operations named for them (`api/user-list.md` → `user-list`).
pub(crate) fn page_stem(file: &str) -> String {
    file.rsplit('/')
        .next()
        .unwrap_or("")
        .trim_end_matches(".md")
        .to_ascii_lowercase()
}
