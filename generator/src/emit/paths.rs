//! The route tree as builders that read like the URL:
//! `api::users().by_id(id).messages().list()`, `api::me().mailbox_settings().get()`.
//!
//! Builders are shared by shape (`shapes.rs`): every node addressing a `user` is one `UserItem`.
//! A builder's methods are the union over its nodes:
//! children (`messages()`, `by_id(id)`, `as_group()`, `value()`, a function with its
//! arguments) and verbs (`list`, `get`, `create`, `post`, `update`, `put`, `delete`). An action
//! or function that ends a route is called directly (`upload_client_certificate(&params)`).
//! Nodes of one type whose verbs would mean different things get builders of their own (named
//! by the segments that tell them apart: `WorkbookRangeBoundingRectItem`); two functions of one
//! name are told apart by their arguments (`range_with_address`). What still wants one name on
//! one builder is a note, and the first documented keeps it; no name is ever numbered.

use super::naming;
use super::shapes::{direct_child, first_page, note, ShapeKey, Shapes};
use super::steps::{arg_list, endpoint_doc, step_call};
use super::types::{doc_attrs, ident, Ctx};
use crate::diag::Sink;
use crate::model::ops::{Body, Operation};
use crate::model::routes::{Endpoint, Reply, Step, Tree};
use crate::model::{TypeKey, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// What the builders need emitted besides themselves.
pub struct Emitted {
    /// The `api` module (builders and the root functions).
    pub module: TokenStream,
    /// Request-body structs (`XUpdate`, `XYParameters`) by the module of their resource.
    pub bodies: BTreeMap<Vec<String>, Vec<TokenStream>>,
    /// API pages behind the emitted endpoints.
    pub pages: BTreeSet<String>,
    /// Which method reaches which route.
    pub calls: super::calls::Calls,
}

/// The name of the `api` module: `api`, unless a sub-namespace took it.
pub fn module_name(ctx: &Ctx) -> String {
    let taken = ctx
        .plan
        .names
        .values()
        .any(|n| n.module.first().is_some_and(|m| m == "api"));
    if taken { "graph_api" } else { "api" }.to_string()
}

impl Ctx<'_, '_> {
    /// The reply type of an endpoint seen from `module`, or `None` when it names a type that is
    /// not emitted.
    pub(crate) fn reply_type(&self, module: &[String], reply: &Reply) -> Option<TokenStream> {
        let rt = &self.rt;
        Some(match reply {
            Reply::Nothing => quote!(#rt::NoContent),
            Reply::Raw => quote!(#rt::Raw),
            Reply::Count => quote!(#rt::Json<i64>),
            Reply::Untyped => quote!(#rt::Json<::serde_json::Value>),
            Reply::Json { ty, collection } => {
                if let TypeRef::Named(k) = ty {
                    if !self.plan.names.contains_key(k) {
                        return None;
                    }
                }
                let t = self.value_type(module, ty);
                if *collection {
                    quote!(#rt::Json<#rt::Page<#t>>)
                } else if crate::wire::is_wrapped(self.plan.model, ty) {
                    // OData sends a lone primitive or enum value as `{"value": x}`.
                    quote!(#rt::Wrapped<#t>)
                } else {
                    quote!(#rt::Json<#t>)
                }
            }
        })
    }

    fn key_type(&self, tree: &Tree, c: usize) -> Option<&str> {
        match &tree.nodes[c].ty {
            Some(TypeRef::Named(k)) if self.plan.names.contains_key(k) => {
                Some(self.plan.model.types[k].short_name())
            }
            _ => None,
        }
    }

    pub(super) fn emits(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(k) => self.plan.names.contains_key(k),
            TypeRef::Primitive(_) => true,
        }
    }

    /// True when every type the operation sends is emitted.
    fn body_emitted(&self, op: &Operation) -> bool {
        match &op.body {
            Body::None => true,
            Body::Resource(k) | Body::Update(k) => self.plan.names.contains_key(k),
            Body::Params(ps) => ps.iter().all(|p| self.emits(&p.ty)),
        }
    }

    /// The builders for the endpoints of `resources` (every endpoint when empty) whose types
    /// are all emitted; naming notes go to `sink`.
    pub fn paths(&self, resources: &[TypeKey], sink: &mut Sink) -> Emitted {
        let model = self.plan.model;
        let tree = &model.routes;
        let api = module_name(self);
        let api_mod = vec![api.clone()];
        let mut out = Emitted {
            module: TokenStream::new(),
            bodies: BTreeMap::new(),
            pages: BTreeSet::new(),
            calls: super::calls::Calls {
                module: api.clone(),
                access: vec![None; tree.nodes.len()],
                verbs: BTreeMap::new(),
                shape: Vec::new(),
            },
        };
        // Endpoints kept, per node.
        let mut kept: Vec<Vec<&Endpoint>> = vec![Vec::new(); tree.nodes.len()];
        let mut included = vec![false; tree.nodes.len()];
        for (i, node) in tree.nodes.iter().enumerate() {
            for e in &node.endpoints {
                let op = &model.operations[e.op];
                if !resources.is_empty() && !resources.contains(&op.resource) {
                    continue;
                }
                if !self.body_emitted(op) || self.reply_type(&api_mod, &e.reply).is_none() {
                    continue;
                }
                kept[i].push(e);
                for n in tree.lineage(i) {
                    included[n] = true;
                }
            }
        }
        let Shapes {
            shape_of,
            shapes,
            names,
        } = self.shapes(&kept, &included, sink);
        out.calls.shape.clone_from(&shape_of);
        // Methods per shape.
        let mut bodies_done: BTreeSet<String> = BTreeSet::new();
        let mut items = Vec::new();
        let mut roots = Vec::new();
        let rt = self.rt.clone();
        for (s, (key, nodes)) in shapes.iter().enumerate() {
            let mut methods: BTreeMap<String, Method> = BTreeMap::new();
            let owner = if names[s].is_empty() {
                api.clone()
            } else {
                names[s].clone()
            };
            let add = |methods: &mut BTreeMap<String, Method>,
                       name: String,
                       m: Method,
                       at: String,
                       page: String,
                       sink: &mut Sink| {
                add_method(methods, &owner, name, m, &at, page, sink)
            };
            // Function names this builder has with different arguments.
            let mut arities: BTreeMap<String, BTreeSet<Vec<String>>> = BTreeMap::new();
            for &n in nodes {
                for &c in &tree.nodes[n].children {
                    let params = match &tree.nodes[c].step {
                        Step::Function { args, .. } => arg_words(args),
                        Step::Segment(_) | Step::Action(_) => Vec::new(),
                        _ => continue,
                    };
                    if included[c] {
                        let (name, ..) = step_call(tree, c, None);
                        arities.entry(name).or_default().insert(params);
                    }
                }
            }
            let overloaded: BTreeSet<String> = arities
                .into_iter()
                .filter(|(_, a)| a.len() > 1)
                .map(|(n, _)| n)
                .collect();
            for &n in nodes {
                let node = &tree.nodes[n];
                for &c in &node.children {
                    if !included[c] {
                        continue;
                    }

                    let direct = direct_child(tree, &kept, &included, c);
                    let (mname, mut args, step) = step_call(tree, c, self.key_type(tree, c));
                    // Two functions of one name (`range()`, `range(address)`): the one with
                    // arguments is named for them (`range_with_address`), whether it hands out
                    // a builder or is called directly (`image_with_width(width)`).
                    let mname = match &tree.nodes[c].step {
                        Step::Function { args: fa, .. }
                            if !args.is_empty() && overloaded.contains(&mname) =>
                        {
                            format!("{mname}_with_{}", arg_words(fa).join("_and_"))
                        }
                        _ => mname,
                    };
                    let cdoc = format!("`{}`", tree.path(c));
                    let (mname, method, page, direct) = if direct {
                        let e = kept[c][0];
                        let op = &model.operations[e.op];
                        let (bargs, bstep, body_sig) =
                            self.body_arg(op, c, &args, &mut bodies_done, &mut out.bodies);
                        args.extend(bargs);
                        let reply = self.reply_type(&api_mod, &e.reply).unwrap_or_default();
                        let method = ident(op.method.as_str());
                        out.pages.insert(op.page.clone());
                        let doc = doc_attrs(&endpoint_doc(tree, c, op, e, self.doc_url.as_deref()));
                        let sig = format!("{} ({}) -> {}", op.method, arg_list(&args), reply);
                        let mi = ident(&mname);
                        let ret = quote!(#rt::Request<#reply>);
                        let has_body = !body_sig.is_empty();
                        (
                            mname,
                            Method {
                                sig,
                                tokens: quote! {
                                    #doc
                                    pub fn #mi(&self, #(#args),*) -> #ret {
                                        self.0.clone() #step .with_method(#rt::http::Method::#method) #bstep .decode_as()
                                    }
                                },
                                args: args.clone(),
                                ret,
                                doc,
                            },
                            op.page.clone(),
                            Some((e.op, has_body)),
                        )
                    } else {
                        let Some(cs) = shape_of[c] else { continue };
                        let cname = ident(&names[cs]);
                        let sig = format!("({}) -> {}", arg_list(&args), names[cs]);
                        let mi = ident(&mname);
                        let doc = doc_attrs(&format!("{cdoc}."));
                        (
                            mname,
                            Method {
                                sig,
                                tokens: quote! {
                                    #doc
                                    pub fn #mi(&self, #(#args),*) -> #cname {
                                        #cname(self.0.clone() #step)
                                    }
                                },
                                args: args.clone(),
                                ret: quote!(#cname),
                                doc,
                            },
                            first_page(model, &kept, c).unwrap_or_default(),
                            None,
                        )
                    };
                    let access = super::calls::Access {
                        method: mname.clone(),
                        direct,
                    };
                    let at = tree.path(c);
                    if add(&mut methods, mname, method, at, page, sink) {
                        out.calls.access[c] = Some(access);
                    }
                }
                if n == 0 {
                    continue;
                }
                for e in &kept[n] {
                    let op = &model.operations[e.op];
                    out.pages.insert(op.page.clone());
                    let (args, bstep, body_sig) =
                        self.body_arg(op, n, &[], &mut bodies_done, &mut out.bodies);
                    let reply = self.reply_type(&api_mod, &e.reply).unwrap_or_default();
                    let method = ident(op.method.as_str());
                    let doc = doc_attrs(&endpoint_doc(tree, n, op, e, self.doc_url.as_deref()));
                    let vname = e.verb.as_str().to_string();
                    let vi = ident(&vname);
                    let verb = (vname.clone(), !body_sig.is_empty());
                    let ok = add(
                        &mut methods,
                        vname,
                        Method {
                            sig: format!("{} {} -> {}", op.method, body_sig, reply),
                            tokens: quote! {
                                #doc
                                pub fn #vi(&self, #(#args),*) -> #rt::Request<#reply> {
                                    self.0.clone().with_method(#rt::http::Method::#method) #bstep .decode_as()
                                }
                            },
                            args: args.clone(),
                            ret: quote!(#rt::Request<#reply>),
                            doc,
                        },
                        tree.path(n),
                        op.page.clone(),
                        sink,
                    );
                    if ok {
                        out.calls.verbs.insert((n, e.op), verb);
                    }
                }
            }
            if *key == ShapeKey::Root {
                // The root's methods are free functions: `api::users()`.
                for (name, m) in &methods {
                    let mi = ident(name);
                    let (args, ret, doc) = (&m.args, &m.ret, &m.doc);
                    let arg_names = m.args.iter().map(|a| {
                        let first = a.clone().into_iter().next();
                        quote!(#first)
                    });
                    roots.push(quote! {
                        #doc
                        pub fn #mi(#(#args),*) -> #ret {
                            Root(#rt::Request::new(#rt::http::Method::GET)).#mi(#(#arg_names),*)
                        }
                    });
                }
                let fns = methods.into_values().map(|m| m.tokens);
                items.push(quote! {
                    /// The service root: every path starts here.
                    #[derive(Clone, Debug)]
                    struct Root(#rt::Request<#rt::NoContent>);
                    impl Root {
                        #(#fns)*
                    }
                });
                continue;
            }
            let fns = methods.into_values().map(|m| m.tokens);
            let name = ident(&names[s]);
            let paths: Vec<String> = nodes
                .iter()
                .take(4)
                .map(|&n| format!("`{}`", tree.path(n)))
                .collect();
            let more = if nodes.len() > 4 {
                format!(" and {} more", nodes.len() - 4)
            } else {
                String::new()
            };
            let what = match key {
                ShapeKey::Typed(t, coll, _) => format!(
                    "{} `{}`",
                    if *coll { "A collection of" } else { "One" },
                    model.type_name(t)
                ),
                _ => "A path the docs do not type".to_string(),
            };
            let doc = doc_attrs(&format!(
                "{what}, as addressed by {}{more}.",
                paths.join(", ")
            ));
            items.push(quote! {
                #doc
                #[derive(Clone, Debug)]
                pub struct #name(#rt::Request<#rt::NoContent>);
                impl #name {
                    #(#fns)*
                }
            });
        }
        if roots.is_empty() {
            return out;
        }
        let api_i = ident(&api);
        let doc = "Graph's routes as builders that follow the URL (`users().by_id(id).get()`). Each verb returns a [`Request`] value; nothing is sent until a client sends it.";
        let doc = doc.replace("[`Request`]", &format!("`{}::Request`", self.runtime_str));
        out.module = quote! {
            #[doc = #doc]
            pub mod #api_i {
                #(#roots)*
                #(#items)*
            }
        };
        out
    }
}

/// The words naming a function's caller-filled arguments (`address`, `width`): what tells two
/// functions of one name apart.
fn arg_words(args: &[crate::parse::http::FunctionArg]) -> Vec<String> {
    args.iter()
        .filter_map(|a| {
            let p = a.param.as_deref()?;
            Some(naming::field(if a.name.is_empty() { p } else { &a.name }))
        })
        .collect()
}

/// Adds `m` as `name` to a builder's methods; false (with a note) when the name already means
/// something else there. The same thing reached twice is fine.
fn add_method(
    methods: &mut BTreeMap<String, Method>,
    owner: &str,
    name: String,
    m: Method,
    at: &str,
    page: String,
    sink: &mut Sink,
) -> bool {
    match methods.get(&name) {
        Some(old) if old.sig != m.sig => {
            note(
                sink,
                &page,
                format!(
                    "`{name}()` on `{owner}` would mean two things ({}; {}); `{at}` does not get it",
                    old.sig, m.sig
                ),
            );
            false
        }
        Some(_) => true,
        None => {
            methods.insert(name, m);
            true
        }
    }
}

/// One builder method: its signature text (to tell a true collision from the same thing
/// reached twice), tokens, arguments, return type and doc.
struct Method {
    sig: String,
    tokens: TokenStream,
    args: Vec<TokenStream>,
    ret: TokenStream,
    doc: TokenStream,
}
