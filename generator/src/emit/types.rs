//! Tokens for one type: a struct (inheritance flattened), a Graph enum, or a dispatch enum.

use super::naming;
use super::plan::Plan;
use crate::model::{Edm, Kind, TypeDef, TypeKey, TypeRef};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::collections::BTreeSet;

/// What the emitter needs besides the plan.
pub struct Ctx<'p, 'm> {
    /// The plan.
    pub plan: &'p Plan<'m>,
    /// The runtime crate path.
    pub rt: TokenStream,
    /// The runtime crate path as written in settings (for serde attribute strings).
    pub runtime_str: String,
    /// The doc URL template.
    pub doc_url: Option<String>,
    /// Plain serde derives, no unknown members kept, no dispatch enums: the decode bench's
    /// ceiling (see [`crate::Settings::plain_decode`]).
    pub plain: bool,
}

pub(crate) fn ident(s: &str) -> Ident {
    Ident::new(s, Span::call_site())
}

impl<'m> Ctx<'_, 'm> {
    /// A path from module `from` to the type `key` (its dispatch enum if `any`).
    pub(crate) fn path_to(&self, from: &[String], key: &str, any: bool) -> TokenStream {
        let n = self.plan.names(key);
        let name = ident(if any {
            n.any.as_deref().unwrap_or(&n.ident)
        } else {
            &n.ident
        });
        let common = from
            .iter()
            .zip(&n.module)
            .take_while(|(a, b)| a == b)
            .count();
        let ups = (0..from.len() - common).map(|_| quote!(super::));
        let downs = n.module[common..].iter().map(|m| {
            let m = ident(m);
            quote!(#m::)
        });
        if from.len() == common && n.module.len() == common {
            quote!(self::#name)
        } else {
            quote!(#(#ups)* #(#downs)* #name)
        }
    }

    fn primitive(&self, e: Edm) -> TokenStream {
        let rt = &self.rt;
        match e {
            Edm::String => quote!(::std::string::String),
            Edm::Boolean => quote!(bool),
            Edm::Byte => quote!(u8),
            Edm::SByte => quote!(i8),
            Edm::Int16 => quote!(i16),
            Edm::Int32 => quote!(i32),
            Edm::Int64 => quote!(i64),
            // Single too: Graph writes its values with double precision, and f32 would round them.
            Edm::Single | Edm::Double | Edm::Decimal => quote!(f64),
            Edm::Guid => quote!(#rt::edm::Guid),
            Edm::DateTimeOffset => quote!(#rt::edm::DateTimeOffset),
            Edm::Date => quote!(#rt::edm::Date),
            Edm::TimeOfDay => quote!(#rt::edm::TimeOfDay),
            Edm::Duration => quote!(#rt::edm::Duration),
            Edm::Binary | Edm::Stream => quote!(#rt::edm::Binary),
            Edm::Untyped => quote!(::serde_json::Value),
        }
    }

    pub(crate) fn doc(&self, t: &TypeDef, text: &str) -> TokenStream {
        let mut doc = doc_text(text);
        let page = &t.source.file;
        let stem = page
            .rsplit('/')
            .next()
            .unwrap_or(page)
            .trim_end_matches(".md");
        if !doc.is_empty() {
            doc.push_str("\n\n");
        }
        match &self.doc_url {
            Some(tpl) => doc.push_str(&format!(
                "Documented in [`{page}`]({}).",
                tpl.replace("{page}", stem)
            )),
            None => doc.push_str(&format!("Documented in `{page}`.")),
        }
        doc_attrs(&doc)
    }

    /// Tokens for the type `key`, placed in its module.
    pub fn item(&self, key: &TypeKey) -> TokenStream {
        let t = &self.plan.model.types[key];
        match t.kind {
            Kind::Enum => self.graph_enum(t, key),
            Kind::Entity | Kind::Complex => {
                let s = self.structure(t, key);
                let d = if self.plan.is_polymorphic(key) {
                    self.dispatch(t, key)
                } else {
                    TokenStream::new()
                };
                quote!(#s #d)
            }
        }
    }

    /// The Rust type of a value of `ty` seen from `module` (no `Field`/`Vec` wrapping).
    pub(crate) fn value_type(&self, module: &[String], ty: &TypeRef) -> TokenStream {
        match ty {
            TypeRef::Primitive(e) => self.primitive(*e),
            TypeRef::Named(k) => {
                let path = self.path_to(module, k, self.plan.is_polymorphic(k));
                if self.plan.model.types.get(k).is_some_and(|t| t.flags) {
                    let rt = &self.rt;
                    quote!(#rt::Flags<#path>)
                } else {
                    path
                }
            }
        }
    }

    /// The field type of property `p` of `owner` (boxed on cycles, `Vec` for collections).
    fn field_type(
        &self,
        module: &[String],
        owner: &TypeKey,
        p: &crate::model::Property,
    ) -> TokenStream {
        if let TypeRef::Named(k) = &p.ty {
            let too_deep = self.plan.raw.contains(&(owner.clone(), p.name.clone()));
            if !self.plan.names.contains_key(k) || too_deep {
                // A navigation whose target is not in this output, or a type nested too deep
                // for rustc: raw JSON.
                return if p.collection {
                    quote!(::std::vec::Vec<::serde_json::Value>)
                } else {
                    quote!(::serde_json::Value)
                };
            }
        }
        let mut ty = self.value_type(module, &p.ty);
        if !p.collection && self.plan.boxed.contains(&(owner.clone(), p.name.clone())) {
            ty = quote!(::std::boxed::Box<#ty>);
        }
        if p.collection {
            ty = quote!(::std::vec::Vec<#ty>);
        }
        ty
    }

    /// The properties of `key` that become fields: streams are fetched from their own URL, so a
    /// media link the server sends stays in the additional properties instead.
    pub(crate) fn field_properties(&self, key: &str) -> Vec<&'m crate::model::Property> {
        let model: &'m crate::model::Model = self.plan.model;
        model
            .all_properties(key)
            .into_iter()
            .filter(|p| p.ty != TypeRef::Primitive(Edm::Stream))
            .collect()
    }

    fn structure(&self, t: &TypeDef, key: &TypeKey) -> TokenStream {
        let names = self.plan.names(key);
        let name = ident(&names.ident);
        let doc = self.doc(t, &t.description);
        let rt = &self.rt;
        let skip = format!("{}::Field::is_absent", self.runtime_str);
        let mut taken = BTreeSet::new();
        // (field, wire name, tokens after the attribute)
        let mut fields = Vec::new();
        let mut debug_fields = Vec::new();
        for p in self.field_properties(key) {
            let f = naming::unique(&naming::field(&p.name), &taken);
            taken.insert(f.clone());
            let fname = ident(&f);
            let wire = &p.name;
            let ty = self.field_type(&names.module, key, p);
            let mut pdoc = doc_text(&p.description);
            if pdoc.is_empty() {
                pdoc = format!("The `{wire}` property (the docs give no description).");
            }
            if self.plan.raw.contains(&(key.clone(), p.name.clone())) {
                pdoc.push_str("\n\nKept as raw JSON: its type would nest deeper than rustc checks (see the `nesting-too-deep` warning).");
            }
            if p.navigation {
                pdoc.push_str("\n\nA relationship: present only when expanded (`$expand`).");
                if let TypeRef::Named(k) = &p.ty {
                    if !self.plan.names.contains_key(k) {
                        let target = self.plan.model.type_name(&p.ty);
                        let short = crate::model::short_of(&target).to_string();
                        pdoc.push_str(&format!(" Its type, `{target}`, is not in this output, so it is kept as raw JSON; ask for that resource too (`--resource {short}`) to have it typed."));
                    }
                }
            }
            if super::secrets::is_secret(p) {
                pdoc.push_str("\n\nA secret: `Debug` output shows `<redacted>` instead.");
            }
            let pdoc = doc_attrs(&pdoc);
            debug_fields.push((f.clone(), super::secrets::is_secret(p)));
            fields.push((
                f,
                wire.as_str(),
                quote!(#pdoc),
                quote!(pub #fname: #rt::Field<#ty>,),
            ));
        }
        // For the plain derives: renames only where serde's own naming misses the wire name,
        // `rename_all` when it saves renames, then one per field it does not cover.
        let camel_misses = fields
            .iter()
            .filter(|(f, w, ..)| crate::naming::serde_camel(f) != *w)
            .count();
        let plain_misses = fields.iter().filter(|(f, w, ..)| f != w).count();
        let camel = camel_misses < plain_misses;
        let rename_all = if camel {
            quote!(#[serde(rename_all = "camelCase")])
        } else {
            TokenStream::new()
        };
        // Tri-state, so a member sent as `null` is told from one not sent and both round-trip:
        // absent is skipped, null is written back as null.
        let default = if self.plain {
            quote!(default,)
        } else {
            TokenStream::new()
        };
        let field_tokens = fields.iter().map(|(f, wire, pdoc, decl)| {
            let named = if camel {
                crate::naming::serde_camel(f)
            } else {
                f.clone()
            };
            let rename = if named != *wire {
                quote!(rename = #wire,)
            } else {
                TokenStream::new()
            };
            quote! {
                #pdoc
                #[serde(#rename #default skip_serializing_if = #skip)]
                #decl
            }
        });
        let reads = fields.iter().map(|(f, wire, ..)| {
            let fname = ident(f);
            quote!(#wire => #fname,)
        });
        let extra_name = naming::unique("additional_properties", &taken);
        let extra = ident(&extra_name);
        if self.plain {
            // The decode bench's ceiling: serde's own derive, unknown members skipped.
            let (derive_debug, debug_impl) = super::secrets::debug(&name, &debug_fields);
            return quote! {
                #doc
                #[derive(Clone, #derive_debug Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #rename_all
                pub struct #name {
                    #(#field_tokens)*
                }
                #debug_impl
            };
        }
        // `Serialize` comes from `wire_object!` with `Deserialize`: what the derive would write
        // (present fields by wire name, then the kept members), without the derive's compile
        // cost, so the fields carry no serde attributes.
        let plain_fields = fields.iter().map(|(_, _, pdoc, decl)| quote!(#pdoc #decl));
        let extra_doc = doc_attrs(if t.open {
            "Members beyond the documented ones: this is an open type, so the server may add any."
        } else {
            "Members the docs do not list (annotations such as `@odata.type`, newer properties), kept so that nothing the server sends is lost."
        });
        debug_fields.push((extra_name, false));
        let (derive_debug, debug_impl) = super::secrets::debug(&name, &debug_fields);
        quote! {
            #doc
            #[derive(Clone, #derive_debug Default, PartialEq)]
            pub struct #name {
                #(#plain_fields)*
                #extra_doc
                pub #extra: #rt::wire::Extra,
            }
            #debug_impl

            #rt::wire_object!(#name, #extra { #(#reads)* });
        }
    }

    fn graph_enum(&self, t: &TypeDef, key: &str) -> TokenStream {
        let rt = &self.rt;
        let names = self.plan.names(key);
        let name = ident(&names.ident);
        let description = if t.flags {
            format!("{}\n\nA flags enum: properties of this type are `Flags<{}>`, several members joined by commas on the wire.", t.description, names.ident)
        } else {
            t.description.clone()
        };
        let doc = self.doc(t, &description);
        let mut taken = BTreeSet::new();
        let mut variants = Vec::new();
        let mut to_wire = Vec::new();
        let mut from_wire = Vec::new();
        let mut all = Vec::new();
        for m in &t.members {
            let v = naming::unique_camel(&naming::variant(&m.name), &taken);
            taken.insert(v.clone());
            let vi = ident(&v);
            let wire = &m.name;
            let mut mdoc = doc_text(&m.description);
            if mdoc.is_empty() {
                mdoc = format!("`{wire}`.");
            }
            if let Some(val) = m.value {
                mdoc.push_str(&format!("\n\nDocumented value: `{val}`."));
            }
            if m.name == "unknownFutureValue" {
                mdoc = "Graph's evolvable-enum sentinel: the server sends it in place of members added after this one unless the request opts in with `Prefer: include-unknown-enum-members`.".to_string();
            }
            let mdoc = doc_attrs(&mdoc);
            variants.push(quote!(#mdoc #vi,));
            to_wire.push(quote!(Self::#vi => #wire,));
            from_wire.push(quote!(#wire => Self::#vi,));
            all.push(quote!(Self::#vi,));
        }
        let other = ident(&naming::unique_camel("Unrecognized", &taken));
        quote! {
            #doc
            #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub enum #name {
                #(#variants)*
                /// A value these docs do not list, kept exactly as the server sent it.
                #other(::std::string::String),
            }

            impl #name {
                /// Every documented member, in documentation order.
                pub const MEMBERS: &'static [#name] = &[#(#all)*];

                /// The value as it goes on the wire.
                pub fn as_str(&self) -> &str {
                    match self {
                        #(#to_wire)*
                        Self::#other(value) => value.as_str(),
                    }
                }
            }

            impl #rt::GraphEnum for #name {
                fn as_wire(&self) -> &str {
                    self.as_str()
                }

                fn from_wire(value: &str) -> Self {
                    Self::from(value)
                }
            }

            impl ::std::convert::From<&str> for #name {
                fn from(value: &str) -> Self {
                    match value {
                        #(#from_wire)*
                        other => Self::#other(::std::string::ToString::to_string(other)),
                    }
                }
            }

            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                    ::std::result::Result::Ok(Self::from(value.as_str()))
                }
            }
        }
    }

    fn dispatch(&self, t: &TypeDef, key: &str) -> TokenStream {
        let names = self.plan.names(key);
        let Some(any) = names.any.as_deref() else {
            return TokenStream::new();
        };
        let any = ident(any);
        if self.plain {
            // The decode bench's ceiling has no dispatch: the base struct reads every kind.
            let base = ident(&names.ident);
            return quote!(pub type #any = self::#base;);
        }
        let rt = &self.rt;
        let family = self.plan.family(key);
        let members: Vec<&str> = family
            .iter()
            .flat_map(|f| f.members.iter().map(TypeKey::as_str))
            .collect();
        let mut taken = BTreeSet::new();
        let mut variants = Vec::new();
        let mut ser = Vec::new();
        let mut de = Vec::new();
        let mut kinds = Vec::new();
        let mut base_variant = None;
        for m in &members {
            let mt = &self.plan.model.types[*m];
            let mn = self.plan.names(m);
            let mut v = mn.ident.clone();
            if taken.contains(&v) {
                let prefix: String = mn.module.iter().map(|s| naming::type_name(s)).collect();
                v = naming::unique_camel(&format!("{prefix}{v}"), &taken);
            }
            taken.insert(v.clone());
            let vi = ident(&v);
            let path = self.path_to(&names.module, m, false);
            let wire = format!("#{}", mt.name);
            let lower = mt.name.to_lowercase();
            let vdoc = format!("`{}`", crate::parse::hidden::visible(&mt.name));
            variants.push(quote!(#[doc = #vdoc] #vi(::std::boxed::Box<#path>),));
            ser.push(quote!(Self::#vi(value) => #rt::odata::serialize_with_type(&**value, #wire, serializer),));
            // A value with no `@odata.type` is the base, when the base is not abstract.
            let none = if *m == key {
                quote!(| ::std::option::Option::None)
            } else {
                TokenStream::new()
            };
            de.push(quote!(::std::option::Option::Some(#lower) #none => #rt::wire::variant(deserializer, Self::#vi),));
            kinds.push(quote!(Self::#vi(_) => ::std::option::Option::Some(#wire),));
            if *m == key {
                base_variant = Some(vi);
            }
        }
        let other = ident(&naming::unique_camel("Unrecognized", &taken));
        let doc = format!(
            "`{}` or any type derived from it, told apart by `@odata.type`.\n\nA kind these docs do not list is kept whole in `{other}`{}.",
            t.name,
            if base_variant.is_some() { "; a value with no `@odata.type` is the base type itself" } else { ", as is a value with no `@odata.type` (the base is abstract)" }
        );
        let doc = doc_attrs(&doc);
        let base_path = self.path_to(&names.module, key, false);
        let to_base_doc = doc_attrs(&format!(
            "The value read as `{}` itself, whatever its kind: the fields every kind shares, without a `match` (the kind's own members land in `additional_properties`). A copy made through JSON; fails only if a shared field holds what its type cannot.",
            t.name
        ));
        quote! {
            #doc
            #[derive(Clone, Debug, PartialEq)]
            pub enum #any {
                #(#variants)*
                /// A kind these docs do not list, kept as the server sent it.
                #other(::serde_json::Value),
            }

            impl #any {
                /// The `@odata.type` this value is sent with (`None` for an unrecognized value
                /// without one).
                pub fn odata_type(&self) -> ::std::option::Option<&str> {
                    match self {
                        #(#kinds)*
                        Self::#other(value) => value.get("@odata.type").and_then(::serde_json::Value::as_str),
                    }
                }

                #to_base_doc
                pub fn to_base(&self) -> ::std::result::Result<#base_path, ::serde_json::Error> {
                    #rt::odata::from_value(::serde_json::to_value(self)?)
                }
            }

            impl ::serde::Serialize for #any {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    match self {
                        #(#ser)*
                        Self::#other(value) => ::serde::Serialize::serialize(value, serializer),
                    }
                }
            }

            impl #rt::wire::Dispatch for #any {
                fn by_kind<'de, D: ::serde::Deserializer<'de>>(kind: ::std::option::Option<&str>, deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    match kind {
                        #(#de)*
                        _ => ::serde::Deserialize::deserialize(deserializer).map(Self::#other),
                    }
                }
            }

            impl<'de> ::serde::Deserialize<'de> for #any {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    #rt::wire::dispatch(deserializer)
                }
            }
        }
    }
}

/// Description markdown → doc comment text.
pub(crate) fn doc_text(md: &str) -> String {
    crate::parse::inline::doc_markdown(md)
}

/// One `#[doc]` attribute per line, so the output reads as `///` comments.
pub(crate) fn doc_attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {}", crate::parse::hidden::visible(l))
        };
        quote!(#[doc = #l])
    });
    quote!(#(#lines)*)
}
