//! Endpoint functions: for every documented method of a resource and every route it documents,
//! an associated function on the resource's struct that builds the request as a plain value
//! (`graphdoc_generated::Request`); a client sends it.
//!
//! Naming: `list`, `get`, `create`, `update`, `delete` for the basic methods; an action or
//! function takes its name from the route (`uploadClientCertificate` →
//! `upload_client_certificate`); anything else from the Methods table (`Get content` →
//! `get_content`). A method's second, third, … route gets `_2`, `_3`, … after the name the
//! method got. Methods are taken canonical page first (see `model::ops`), so `get` on `user` is
//! `api/user-get.md` even when other pages document a `Get user` too.

use super::naming;
use super::types::{doc_attrs, doc_text, ident, Ctx};
use crate::model::ops::{function_name, Body, Operation};
use crate::model::{Edm, TypeRef};
use crate::parse::http::Segment;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

impl Ctx<'_, '_> {
    /// The endpoint functions of resource `key` and the body types they need.
    pub fn endpoints(&self, key: &str) -> TokenStream {
        let ops: Vec<&Operation> = self
            .plan
            .model
            .operations
            .iter()
            .filter(|o| o.resource == key && !o.routes.is_empty())
            .collect();
        if ops.is_empty() {
            return TokenStream::new();
        }
        let names = self.plan.names(key);
        let me = ident(&names.ident);
        let mut taken_fns = BTreeSet::new();
        let mut fns = Vec::new();
        let mut extra_items = Vec::new();
        let mut update_done = false;
        let mut taken_structs = BTreeSet::new();
        for op in ops {
            let base = function_name(op);
            // The body parameter and the types it needs.
            let body = match &op.body {
                Body::None => None,
                Body::Resource(k) => self.plan.names.contains_key(k).then(|| {
                    let p = self.path_to(&names.module, k, false);
                    quote!(&#p)
                }),
                Body::Update(k) => {
                    if !self.plan.names.contains_key(k) {
                        None
                    } else if k == key {
                        let upd = ident(&format!("{}Update", names.ident));
                        if !update_done {
                            extra_items.push(self.update_struct(k, &upd));
                            update_done = true;
                        }
                        Some(quote!(&#upd))
                    } else {
                        let p = self.path_to(&names.module, k, false);
                        Some(quote!(&#p))
                    }
                }
                Body::Params(params) => {
                    let sname = naming::unique_camel(
                        &format!("{}{}Parameters", names.ident, naming::type_name(&base)),
                        &taken_structs,
                    );
                    taken_structs.insert(sname.clone());
                    let sname = ident(&sname);
                    extra_items.push(self.params_struct(op, params, &sname, &names.module));
                    Some(quote!(&#sname))
                }
            };
            let response = self.response_type(op, &names.module);
            let fnames = route_fn_names(&base, op.routes.len(), &mut taken_fns);
            for (route, fname) in op.routes.iter().zip(&fnames) {
                let fi = ident(fname);
                let (mut args, steps, taken_args) = route_steps(route);
                let body_arg = body.as_ref().map(|b| {
                    let bn = ident(&naming::unique("body", &taken_args));
                    (quote!(#bn: #b), quote!(.json(#bn)))
                });
                let bstep = match &body_arg {
                    Some((a, s)) => {
                        args.push(a.clone());
                        s.clone()
                    }
                    None => TokenStream::new(),
                };
                let rt = &self.rt;
                let method = ident(&op.method);
                let mut doc = format!(
                    "`{} {}`\n\n{} — documented in `{}`.",
                    op.method, route.path, op.name, op.page
                );
                if let Some(s) = op.response.status {
                    doc.push_str(&format!(" Succeeds with `{s}`."));
                }
                let doc = doc_attrs(&doc);
                fns.push(quote! {
                    #doc
                    pub fn #fi(#(#args),*) -> #rt::Request<#response> {
                        #rt::Request::new(#rt::http::Method::#method) #(#steps)* #bstep
                    }
                });
            }
        }
        quote! {
            impl #me {
                #(#fns)*
            }
            #(#extra_items)*
        }
    }

    fn response_type(&self, op: &Operation, module: &[String]) -> TokenStream {
        let rt = &self.rt;
        match &op.response.ty {
            None => quote!(#rt::NoContent),
            Some(TypeRef::Primitive(Edm::Stream)) => quote!(#rt::Raw),
            Some(ty) => {
                let known = match ty {
                    TypeRef::Named(k) => self.plan.names.contains_key(k),
                    TypeRef::Primitive(_) => true,
                };
                let t = if known {
                    self.value_type(module, ty)
                } else {
                    quote!(::serde_json::Value)
                };
                if op.response.collection {
                    quote!(#rt::Json<#rt::Page<#t>>)
                } else if crate::model::validate::is_wrapped(self.plan.model, ty) {
                    // OData sends a lone primitive or enum value as `{"value": x}`.
                    quote!(#rt::Wrapped<#t>)
                } else {
                    quote!(#rt::Json<#t>)
                }
            }
        }
    }

    /// `XUpdate`: every writable property as absent / null / value, for PATCH.
    fn update_struct(&self, key: &str, name: &proc_macro2::Ident) -> TokenStream {
        let names = self.plan.names(key);
        let t = &self.plan.model.types[key];
        let rt = &self.rt;
        let skip = format!("{}::Patch::is_absent", self.runtime_str);
        let mut taken = BTreeSet::new();
        let mut fields = Vec::new();
        let mut debug_fields = Vec::new();
        for p in self
            .field_properties(key)
            .into_iter()
            .filter(|p| !p.navigation)
        {
            let f = naming::unique(&naming::field(&p.name), &taken);
            taken.insert(f.clone());
            let fi = ident(&f);
            let wire = &p.name;
            let mut ty = self.value_type(&names.module, &p.ty);
            if p.collection {
                ty = quote!(::std::vec::Vec<#ty>);
            }
            let secret = super::secrets::is_secret(p);
            let pdoc = doc_attrs(&format!(
                "`{wire}`: leave `Absent` to keep it, `Null` to clear it.{}",
                if secret {
                    " A secret: redacted in `Debug`."
                } else {
                    ""
                }
            ));
            fields.push(quote! {
                #pdoc
                #[serde(rename = #wire, default, skip_serializing_if = #skip)]
                pub #fi: #rt::Patch<#ty>,
            });
            debug_fields.push((f, secret));
        }
        let (derive_debug, debug_impl) = super::secrets::debug(name, &debug_fields);
        let doc = doc_attrs(&format!(
            "The changes a PATCH makes to a `{}`: each field is absent (left as it is), null (cleared) or a new value.", t.name));
        quote! {
            #doc
            #[derive(Clone, #derive_debug Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
            pub struct #name {
                #(#fields)*
            }
            #debug_impl
        }
    }

    /// The parameters of an action, as its request body.
    fn params_struct(
        &self,
        op: &Operation,
        params: &[crate::model::ops::Param],
        name: &proc_macro2::Ident,
        module: &[String],
    ) -> TokenStream {
        let mut taken = BTreeSet::new();
        let mut fields = Vec::new();
        let mut debug_fields = Vec::new();
        let mut required_secrets: Vec<String> = Vec::new();
        let all_default = params.iter().all(|p| {
            !p.required
                || p.collection
                || matches!(
                    p.ty,
                    TypeRef::Primitive(
                        Edm::String | Edm::Boolean | Edm::Int32 | Edm::Int64 | Edm::Double
                    )
                )
        });
        for p in params {
            let f = naming::unique(&naming::field(&p.name), &taken);
            taken.insert(f.clone());
            let fi = ident(&f);
            let wire = &p.name;
            let mut ty = self.value_type(module, &p.ty);
            if p.collection {
                ty = quote!(::std::vec::Vec<#ty>);
            }
            let secret = super::secrets::is_secret_name(&p.name);
            let mut pdoc = doc_text(&p.description);
            if pdoc.is_empty() {
                pdoc = format!("The `{wire}` parameter.");
            }
            if secret {
                pdoc.push_str("\n\nA secret: redacted in `Debug`.");
            }
            let pdoc = doc_attrs(&pdoc);
            if p.required {
                fields.push(quote! {
                    #pdoc
                    #[serde(rename = #wire)]
                    pub #fi: #ty,
                });
                if secret {
                    required_secrets.push(f.clone());
                }
                debug_fields.push((f, false));
            } else {
                fields.push(quote! {
                    #pdoc
                    #[serde(rename = #wire, default, skip_serializing_if = "::std::option::Option::is_none")]
                    pub #fi: ::std::option::Option<#ty>,
                });
                debug_fields.push((f, secret));
            }
        }
        let (derive_debug, debug_impl) = if required_secrets.is_empty() {
            super::secrets::debug(name, &debug_fields)
        } else {
            super::secrets::debug_required(name, &debug_fields, &required_secrets)
        };
        let default = if all_default {
            quote!(Default,)
        } else {
            TokenStream::new()
        };
        let doc = doc_attrs(&format!("The request body of {} (`{}`).", op.name, op.page));
        quote! {
            #doc
            #[derive(Clone, #derive_debug #default PartialEq, ::serde::Serialize, ::serde::Deserialize)]
            pub struct #name {
                #(#fields)*
            }
            #debug_impl
        }
    }
}

/// The function names of an operation's routes: the first gets `base` (or `base_2`, … when
/// another operation took it), and each further route the first's name plus `_2`, `_3`, ….
pub(crate) fn route_fn_names(
    base: &str,
    routes: usize,
    taken: &mut BTreeSet<String>,
) -> Vec<String> {
    let first = naming::unique(base, taken);
    taken.insert(first.clone());
    let mut out = vec![first.clone()];
    for n in 1..routes {
        let name = naming::unique(&format!("{}_{}", first.trim_end_matches('_'), n + 1), taken);
        taken.insert(name.clone());
        out.push(name);
    }
    out
}

/// The path-parameter arguments (`name: &str`) and the builder calls (`.segment(..)`,
/// `.param(..)`, …) that make `route`, with the argument names taken (for a body argument to
/// avoid). Shared by emitted endpoints and the derive's.
pub(crate) fn route_steps(
    route: &crate::parse::http::Route,
) -> (Vec<TokenStream>, Vec<TokenStream>, BTreeSet<String>) {
    let mut args = Vec::new();
    let mut taken_args = BTreeSet::new();
    let mut steps = Vec::new();
    let mut arg = |placeholder: &str| {
        let a = naming::unique(&naming::field(placeholder), &taken_args);
        taken_args.insert(a.clone());
        let ai = ident(&a);
        args.push(quote!(#ai: &str));
        ai
    };
    for seg in &route.segments {
        steps.push(match seg {
            Segment::Literal(l) => quote!(.segment(#l)),
            Segment::Param(p) => {
                let a = arg(p);
                quote!(.param(#a))
            }
            Segment::PathAddress { prefix, param } => {
                let a = arg(param);
                quote!(.path_address(#prefix, #a))
            }
            Segment::Function { name, args: fargs } => {
                let parts: Vec<TokenStream> = fargs
                    .iter()
                    .map(|fa| {
                        let n = &fa.name;
                        let q = fa.quoted;
                        match &fa.param {
                            Some(p) => {
                                let a = arg(p);
                                quote!((#n, #a, #q))
                            }
                            None => {
                                let lit = &fa.literal;
                                quote!((#n, #lit, #q))
                            }
                        }
                    })
                    .collect();
                quote!(.function(#name, &[#(#parts),*]))
            }
        });
    }
    (args, steps, taken_args)
}

#[cfg(test)]
mod tests {
    use crate::{Docs, Settings};

    fn api_page(title: &str, line: &str) -> String {
        format!("# {title}\n\nNamespace: microsoft.graph\n\n## HTTP request\n\n```http\n{line}\n```\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and a [todoTask](../resources/todotask.md) object in the response body.\n")
    }

    /// `Get task` on todoTask is its `get`; the page named for the resource wins the plain name
    /// over another page documenting the same method, and a further route is named after the
    /// name its method got.
    #[test]
    fn canonical_pages_get_the_plain_names() {
        let resource = "# todoTask resource type\n\nNamespace: microsoft.graph\n\n## Methods\n\n|Method|Return type|Description|\n|:---|:---|:---|\n|[Get task](../api/todotask-get.md)|[todoTask](todotask.md)|Read one.|\n|[Get task](../api/devices-todotask-get.md)|[todoTask](todotask.md)|Read one, another way.|\n\n## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n|id|String|Identifier.|\n|title|String|What to do.|\n\n## JSON representation\n\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.todoTask\" } -->\n\n```json\n{ \"id\": \"String\", \"title\": \"String\" }\n```\n";
        let docs = Docs::from_pages(
            "docs",
            [
                ("resources/todotask.md".to_string(), resource.to_string()),
                (
                    "api/todotask-get.md".to_string(),
                    api_page(
                        "Get task",
                        "GET /me/todo/tasks/{id}\nGET /users/{id}/todo/tasks/{taskId}",
                    ),
                ),
                (
                    "api/devices-todotask-get.md".to_string(),
                    api_page("Get task", "GET /devices/{id}/tasks/{taskId}"),
                ),
            ],
        );
        let out = crate::generate(
            &docs.model(),
            &Settings::default().with_resource("todoTask"),
        );
        let code = out.code.replace(char::is_whitespace, "");
        for (name, path) in [
            ("get", "\"me\").segment(\"todo\")"),
            ("get_2", "\"users\")"),
            ("get_3", "\"devices\")"),
        ] {
            let at = code
                .find(&format!("pubfn{name}("))
                .unwrap_or_else(|| panic!("no fn {name}:\n{}", out.code));
            let body = &code[at..];
            let body = &body[..body[1..].find("pubfn").map_or(body.len(), |e| e + 1)];
            assert!(
                body.contains(path),
                "{name} should build {path}:\n{}",
                out.code
            );
        }
    }
}
