//! Request bodies: `XUpdate` (every writable property as `Patch<T>`, for PATCH) and
//! `XYParameters` (an action's parameters). The builders in `paths.rs` take them.

use super::naming;
use super::types::{doc_attrs, doc_text, ident, Ctx};
use crate::model::ops::Operation;
use crate::model::{Edm, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

impl Ctx<'_, '_> {
    /// `XUpdate`: every writable property as absent / null / value, for PATCH.
    pub(crate) fn update_struct(&self, key: &str, name: &proc_macro2::Ident) -> TokenStream {
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
                #[serde(rename = #wire, default, skip_serializing_if = #skip)]
                pub #fi: #rt::Patch<#ty>,
            });
            debug_fields.push((f, secret));
        }
        let extra_name = naming::unique("additional_properties", &taken);
        let extra = ident(&extra_name);
        debug_fields.push((extra_name, false));
        let (derive_debug, debug_impl) = super::secrets::debug(name, &debug_fields);
        let doc = doc_attrs(&format!(
            "The changes a PATCH makes to a `{}`: each field is absent (left as it is), null (cleared) or a new value.", t.name));
        quote! {
            #doc
            #[derive(Clone, #derive_debug Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
            pub struct #name {
                #(#fields)*
                /// Members to send beyond the documented properties: `@odata.type` (Graph wants
                /// it when the path addresses a base type, e.g. `#microsoft.graph.androidLobApp`
                /// under `mobileApps`), `x@odata.bind` references, properties newer than these docs.
                #[serde(flatten)]
                pub #extra: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
            }
            #debug_impl
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
