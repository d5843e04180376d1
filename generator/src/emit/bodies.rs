//! Request bodies: `XUpdate` (every writable property as `Patch<T>`, for PATCH) and
//! `XYParameters` (an action's parameters), emitted in their resource's module on first use, and
//! the body argument the builders in `paths.rs` take them by.

use super::naming;
use super::paths::module_name;
use super::types::{doc_attrs, doc_text, ident, Ctx};
use crate::model::ops::{Body, Operation};
use crate::model::routes::Step;
use crate::model::{Edm, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

impl Ctx<'_, '_> {
    /// `XUpdate`: every writable property as absent / null / value, for PATCH.
    pub(crate) fn update_struct(&self, key: &str, name: &proc_macro2::Ident) -> TokenStream {
        let names = self.plan.names(key);
        let t = &self.plan.model.types[key];
        let rt = &self.rt;
        let mut taken = BTreeSet::new();
        let mut fields = Vec::new();
        let mut debug_fields = Vec::new();
        let mut reads = Vec::new();
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
            // The property's own description first: what it is matters more than how to
            // leave it alone.
            let described = doc_text(&p.description);
            let pdoc = doc_attrs(&format!(
                "{}`{wire}`: leave `Absent` to keep it, `Null` to clear it.{}",
                if described.is_empty() {
                    String::new()
                } else {
                    format!("{described}\n\n")
                },
                if secret {
                    " A secret: redacted in `Debug`."
                } else {
                    ""
                }
            ));
            fields.push(quote! {
                #pdoc
                pub #fi: #rt::Patch<#ty>,
            });
            debug_fields.push((f, secret));
            reads.push(quote!(#wire => #fi,));
        }
        let extra_name = naming::unique("additional_properties", &taken);
        let extra = ident(&extra_name);
        debug_fields.push((extra_name, false));
        let (derive_debug, debug_impl) = super::secrets::debug(name, &debug_fields);
        let doc = doc_attrs(&format!(
            "The changes a PATCH makes to a `{}`: each field is absent (left as it is), null (cleared) or a new value.", t.name));
        // `Serialize` and `Deserialize` as the response structs have them (`wire_object!`):
        // what serde's derives do for this shape, at a fraction of their compile cost.
        quote! {
            #doc
            #[derive(Clone, #derive_debug Default, PartialEq)]
            pub struct #name {
                #(#fields)*
                /// Members to send beyond the documented properties: `@odata.type` (Graph wants
                /// it when the path addresses a base type, e.g. `#microsoft.graph.androidLobApp`
                /// under `mobileApps`), `x@odata.bind` references, properties newer than these docs.
                pub #extra: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
            }
            #debug_impl

            #rt::wire_object!(#name, #extra { #(#reads)* });
        }
    }

    /// The parameters of an action, as its request body.
    pub(crate) fn params_struct(
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
            let rename = rename(&f, wire);
            if p.required {
                let attr = if rename.is_empty() {
                    TokenStream::new()
                } else {
                    quote!(#[serde(#rename)])
                };
                fields.push(quote! {
                    #pdoc
                    #attr
                    pub #fi: #ty,
                });
                if secret {
                    required_secrets.push(f.clone());
                }
                debug_fields.push((f, false));
            } else {
                fields.push(quote! {
                    #pdoc
                    #[serde(#rename skip_serializing_if = "::std::option::Option::is_none")]
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
            #[serde(rename_all = "camelCase")]
            pub struct #name {
                #(#fields)*
            }
            #debug_impl
        }
    }

    /// The body argument of `op` (avoiding the names in `taken`), its request step, and a
    /// signature text; emits the body struct on first use.
    pub(super) fn body_arg(
        &self,
        op: &Operation,
        node: usize,
        taken: &[TokenStream],
        done: &mut BTreeSet<String>,
        bodies: &mut BTreeMap<Vec<String>, Vec<TokenStream>>,
    ) -> (Vec<TokenStream>, TokenStream, String) {
        if args_in_url(&self.plan.model.routes.nodes[node].step, op) {
            return (Vec::new(), TokenStream::new(), String::new());
        }
        let Some(body) = self.body_type(op, done, bodies) else {
            return (Vec::new(), TokenStream::new(), String::new());
        };
        let clash = taken.iter().any(|t| t.to_string().starts_with("body "));
        let b = ident(if clash { "request_body" } else { "body" });
        let sig = body.to_string();
        (vec![quote!(#b: &#body)], quote!(.json(#b)), sig)
    }

    /// The body type of `op` seen from the `api` module.
    pub(crate) fn body_type(
        &self,
        op: &Operation,
        done: &mut BTreeSet<String>,
        bodies: &mut BTreeMap<Vec<String>, Vec<TokenStream>>,
    ) -> Option<TokenStream> {
        let api_mod = vec![module_name(self)];
        match &op.body {
            Body::None => None,
            Body::Resource(k) => Some(self.path_to(&api_mod, k, false)),
            Body::Update(k) => {
                let n = self.plan.names(k);
                let upd = format!("{}Update", n.ident);
                if done.insert(format!("update:{k}")) {
                    bodies
                        .entry(n.module.clone())
                        .or_default()
                        .push(self.update_struct(k, &ident(&upd)));
                }
                Some(self.path_in(&api_mod, &n.module, &upd))
            }
            Body::Params(params) => {
                let res = self.plan.names.get(&op.resource)?;
                let module = res.module.clone();
                let base = crate::model::ops::function_name(op);
                let sname = format!("{}{}Parameters", res.ident, naming::type_name(&base));
                let key = format!("params:{}:{sname}", op.page);
                let taken_name = format!("name:{}:{sname}", module.join("::"));
                if !done.contains(&key) {
                    if done.contains(&taken_name) {
                        // Another page wants the same struct name: tell the two apart by page.
                        let stem = op
                            .page
                            .rsplit('/')
                            .next()
                            .unwrap_or("")
                            .trim_end_matches(".md");
                        let alt = format!("{}{}Parameters", res.ident, naming::type_name(stem));
                        done.insert(key.clone());
                        done.insert(format!("alt:{key}:{alt}"));
                        bodies
                            .entry(module.clone())
                            .or_default()
                            .push(self.params_struct(op, params, &ident(&alt), &module));
                        return Some(self.path_in(&api_mod, &module, &alt));
                    }
                    done.insert(key.clone());
                    done.insert(taken_name);
                    bodies
                        .entry(module.clone())
                        .or_default()
                        .push(self.params_struct(op, params, &ident(&sname), &module));
                } else if let Some(alt) = done
                    .iter()
                    .find_map(|d| d.strip_prefix(&format!("alt:{key}:")).map(str::to_string))
                {
                    return Some(self.path_in(&api_mod, &module, &alt));
                }
                Some(self.path_in(&api_mod, &module, &sname))
            }
        }
    }

    /// A path from module `from` to item `name` of module `to`.
    fn path_in(&self, from: &[String], to: &[String], name: &str) -> TokenStream {
        let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
        let ups = (0..from.len() - common).map(|_| quote!(super::));
        let downs = to[common..].iter().map(|m| {
            let m = ident(m);
            quote!(#m::)
        });
        let n = ident(name);
        quote!(#(#ups)* #(#downs)* #n)
    }
}

/// True when a function step carries every parameter the page's table lists: the table names
/// the function's arguments (`getEffectivePermissions(scope='…')`), not a body to send.
fn args_in_url(step: &Step, op: &Operation) -> bool {
    let (Step::Function { args, .. }, Body::Params(params)) = (step, &op.body) else {
        return false;
    };
    !params.is_empty()
        && params.iter().all(|p| {
            args.iter()
                .any(|a| a.param.is_some() && a.name.eq_ignore_ascii_case(&p.name))
        })
}

/// `rename = "wire",` for a field whose wire name is not what the struct's
/// `rename_all = "camelCase"` makes of its Rust name, else nothing: attributes say only what
/// differs from the default.
fn rename(field: &str, wire: &str) -> TokenStream {
    if crate::naming::serde_camel(field) == wire {
        TokenStream::new()
    } else {
        quote!(rename = #wire,)
    }
}
