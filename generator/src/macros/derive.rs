//! `#[derive(GraphResource)]`: checks a user's struct against a documented resource and gives
//! it the resource's endpoint functions.

use super::attrs::{self, Spanned};
use super::endpoints::{endpoint_fns, Asked};
use super::{compat, load, page_problems, property_problems, track, Invocation, Loaded, Loader};
use crate::emit::{edit_distance, naming};
use crate::model::{Property, TypeDef, TypeRef};
use proc_macro2::{Span, TokenStream};
use quote::quote;
use std::collections::BTreeSet;
use syn::spanned::Spanned as _;

/// Expands the derive; every problem becomes a `compile_error!` at the span it is about.
pub fn derive_resource(input: TokenStream, inv: &Invocation, loader: Loader<'_>) -> TokenStream {
    match expand(input, inv, loader) {
        Ok(t) => t,
        Err(e) => e.to_compile_error(),
    }
}

/// One struct field as the derive sees it.
struct UserField {
    wire: String,
    serde_name: String,
    /// A relationship asked for with `$expand` rather than `$select`.
    expand: bool,
}

fn expand(input: TokenStream, inv: &Invocation, loader: Loader<'_>) -> syn::Result<TokenStream> {
    let input: syn::DeriveInput = syn::parse2(input)?;
    let fields = match &input.data {
        syn::Data::Struct(syn::DataStruct {
            fields: syn::Fields::Named(f),
            ..
        }) => f,
        _ => {
            return Err(syn::Error::new(
                input.ident.span(),
                "GraphResource needs a struct with named fields: each field is checked against a documented property",
            ))
        }
    };
    let c = attrs::container(&input.attrs)?;
    let missing = |what: &str| {
        syn::Error::new(
            input.ident.span(),
            format!("add `#[graph(docs = \"path/to/graph-docs/beta\", resource = \"identityApiConnector\")]`: the {what} is missing"),
        )
    };
    let docs = c.docs.as_ref().ok_or_else(|| missing("`docs` folder"))?;
    let resource = c
        .resource
        .as_ref()
        .ok_or_else(|| missing("`resource` name"))?;
    let (root, loaded) = load(inv, loader, &docs.value, docs.span)?;
    let t = find_resource(&loaded, resource, &docs.value)?;
    let key = crate::model::TypeKey::of(&t.name);
    let props = loaded.model.all_properties(&key);

    // Every page the answer depends on: the type's and its bases' pages, the pages of the
    // types its fields name, and the API pages of the endpoints it gets.
    let mut pages: BTreeSet<String> = t.pages.iter().cloned().collect();
    for a in loaded.model.ancestors(&key) {
        pages.extend(a.pages.iter().cloned());
    }

    let mut errors: Option<syn::Error> = None;
    let mut push = |e: syn::Error| match &mut errors {
        Some(all) => all.combine(e),
        None => errors = Some(e),
    };
    let mut user_fields = Vec::new();
    for f in &fields.named {
        let Some(ident) = f.ident.clone() else {
            continue;
        };
        let fa = match attrs::field(&f.attrs) {
            Ok(fa) => fa,
            Err(e) => {
                push(e);
                continue;
            }
        };
        if fa.skip || fa.serde_not_a_member {
            continue;
        }
        let raw = ident.to_string().starts_with("r#");
        let rust_name = ident.to_string().trim_start_matches("r#").to_string();
        let serde_name = fa
            .serde_rename
            .clone()
            .unwrap_or_else(|| attrs::serde_name(&rust_name, c.serde_rename_all.as_deref()));
        let explicit = fa.graph_rename.clone().or_else(|| {
            fa.serde_rename.clone().map(|v| Spanned {
                value: v,
                span: ident.span(),
            })
        });
        if explicit.as_ref().is_some_and(|e| e.value.starts_with('@')) {
            // An annotation such as `@odata.type`: sent by the service, never documented.
            continue;
        }
        let prop = match &explicit {
            Some(e) => props.iter().find(|p| p.name == e.value).copied(),
            // `r#type` names what the emitter calls `type_`.
            None => props
                .iter()
                .find(|p| {
                    let emitted = naming::field(&p.name);
                    emitted == rust_name
                        || (raw && emitted.strip_suffix('_') == Some(rust_name.as_str()))
                })
                .copied(),
        };
        let Some(prop) = prop else {
            let span = explicit.as_ref().map_or(ident.span(), |e| e.span);
            let asked = explicit
                .as_ref()
                .map_or(rust_name.clone(), |e| e.value.clone());
            push(unknown_field(
                &loaded,
                t,
                &props,
                &asked,
                explicit.is_some(),
                span,
            ));
            continue;
        };
        let at = prop_location(t, &loaded, prop);
        let documented = format!(
            "`{}.{}` is documented as {} at {at}",
            t.short_name(),
            prop.name,
            compat::describe(&loaded.model, prop)
        );
        if let Err(msg) = compat::check(&loaded.model, prop, &f.ty) {
            push(syn::Error::new(
                f.ty.span(),
                format!("field `{rust_name}` (wire name `{}`) does not fit the docs: {msg}\n  = note: {documented}", prop.name),
            ));
            continue;
        }
        if prop.navigation != fa.expand {
            let msg = if prop.navigation {
                format!("field `{rust_name}` (wire name `{}`) is a relationship: Graph sends it only when asked with `$expand`, never through `$select`; mark it `#[graph(expand)]` to have the endpoints expand it, or `#[graph(skip)]`\n  = note: {documented}, in the Relationships table", prop.name)
            } else {
                format!("`#[graph(expand)]` is for relationships, and `{}` is a property (it is selected with `$select`); remove the attribute\n  = note: {documented}", prop.name)
            };
            push(syn::Error::new(ident.span(), msg));
            continue;
        }
        let is_key = t.key.as_deref() == Some(prop.name.as_str());
        let never_null = prop
            .description
            .to_ascii_lowercase()
            .contains("not nullable");
        if !is_key && !never_null {
            if let Err(msg) = compat::tolerates_absence(prop, &f.ty, fa.serde_default) {
                push(syn::Error::new(
                    f.ty.span(),
                    format!("field `{rust_name}` would fail to decode at run time: {msg}\n  = note: {documented}; only the key and properties documented as not nullable may be bare"),
                ));
                continue;
            }
        }
        if let TypeRef::Named(k) = &prop.ty {
            if let Some(nt) = loaded.model.types.get(k) {
                pages.extend(nt.pages.iter().cloned());
            }
        }
        user_fields.push(UserField {
            wire: prop.name.clone(),
            serde_name,
            expand: fa.expand,
        });
    }
    // The impl and the endpoints are written even when fields were refused, so code calling
    // `Connector::list()` reports only the field errors, not follow-on ones.
    let errors = errors.map_or_else(TokenStream::new, |e| e.to_compile_error());

    let rt: syn::Path = match &c.runtime {
        Some(r) => syn::parse_str(&r.value).map_err(|_| {
            syn::Error::new(
                r.span,
                format!(
                    "`{}` is not a Rust path; use e.g. `::graphdoc_generated`",
                    r.value
                ),
            )
        })?,
        None => syn::parse_quote!(::graphdoc_generated),
    };
    let me = &input.ident;
    let (impl_g, ty_g, where_g) = input.generics.split_for_impl();
    let odata_type = format!("#{}", t.name);
    let key_prop = match &t.key {
        Some(k) => quote!(::core::option::Option::Some(#k)),
        None => quote!(::core::option::Option::None),
    };
    let select: Vec<&str> = user_fields
        .iter()
        .filter(|f| !f.expand)
        .map(|f| f.wire.as_str())
        .collect();
    let expand: Vec<&str> = user_fields
        .iter()
        .filter(|f| f.expand)
        .map(|f| f.wire.as_str())
        .collect();
    let pairs = user_fields.iter().map(|f| {
        let (w, s) = (&f.wire, &f.serde_name);
        quote!((#w, #s))
    });
    let asked = Asked {
        select: select.join(","),
        expand: expand.join(","),
    };
    let fns = endpoint_fns(&loaded.model, &key, &rt, &asked, &mut pages);
    let pages: Vec<String> = pages.into_iter().collect();
    let tracking = track(&root, &pages);
    let doc_note = format!(
        "Checked against `{}` ({}); selects {}.",
        t.name,
        t.source.file,
        if select.is_empty() {
            "nothing".to_string()
        } else {
            select
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    );
    let doc_note = crate::parse::hidden::visible(&doc_note);
    Ok(quote! {
        #[doc = #doc_note]
        impl #impl_g #rt::GraphResource for #me #ty_g #where_g {
            const ODATA_TYPE: &'static str = #odata_type;
            const KEY: ::core::option::Option<&'static str> = #key_prop;
            const SELECT: &'static [&'static str] = &[#(#select),*];
            const EXPAND: &'static [&'static str] = &[#(#expand),*];
            const FIELDS: &'static [(&'static str, &'static str)] = &[#(#pairs),*];
        }
        #[allow(dead_code)]
        impl #impl_g #me #ty_g #where_g {
            #(#fns)*
        }
        #tracking
        #errors
    })
}

/// Looks the resource up; an unknown or ambiguous name is an error at the attribute.
fn find_resource<'l>(
    loaded: &'l Loaded,
    resource: &Spanned,
    docs: &str,
) -> syn::Result<&'l TypeDef> {
    let found = loaded.model.find(&resource.value);
    match found.as_slice() {
        [t] => Ok(t),
        [] => {
            let mut msg = format!("`{}` is not a documented type in `{docs}`", resource.value);
            if let Some(l) = loaded.model.left_out.iter().find(|l| {
                l.name.eq_ignore_ascii_case(&resource.value)
                    || l.name
                        .to_lowercase()
                        .ends_with(&format!(".{}", resource.value.to_lowercase()))
            }) {
                msg.push_str(&format!(
                    "\n  = note: {} documents it but it was left out: {}",
                    l.file, l.reason
                ));
                for p in page_problems(loaded, &[l.file.as_str()]) {
                    msg.push_str(&format!("\n  = note: {p}"));
                }
            } else if let Some(n) = crate::emit::nearest(&loaded.model, &resource.value) {
                msg.push_str(&format!("\n  = help: did you mean `{n}`?"));
            }
            Err(syn::Error::new(resource.span, msg))
        }
        many => Err(syn::Error::new(
            resource.span,
            format!(
                "`{}` names {} documented types; write the qualified name of one: {}",
                resource.value,
                many.len(),
                many.iter()
                    .map(|t| format!("`{}`", t.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

/// `file:line` of a property's row.
fn prop_location(t: &TypeDef, loaded: &Loaded, prop: &Property) -> String {
    let file = std::iter::once(t)
        .chain(loaded.model.ancestors(&crate::model::TypeKey::of(&t.name)))
        .find(|d| d.properties.iter().any(|p| std::ptr::eq(p, prop)))
        .map_or(t.source.file.as_str(), |d| d.source.file.as_str());
    format!(
        "{}:{}",
        loaded.docs.root.join(file).display(),
        prop.pos.line
    )
}

/// The error for a field that names no documented property: the nearest documented name, and
/// what was irregular about the pages (a broken table can hide a property).
fn unknown_field(
    loaded: &Loaded,
    t: &TypeDef,
    props: &[&Property],
    asked: &str,
    explicit: bool,
    span: Span,
) -> syn::Error {
    let what = if explicit {
        format!("`{asked}` is not a documented property of `{}`", t.name)
    } else {
        format!(
            "no documented property of `{}` is named `{asked}` (field names are the snake_case of wire names; use `#[graph(rename = \"…\")]` for another)",
            t.name
        )
    };
    let mut msg = what;
    let norm = |s: &str| s.replace('_', "").to_lowercase();
    let best = props
        .iter()
        .map(|p| (edit_distance(&norm(asked), &norm(&p.name)), p))
        .min_by_key(|(d, p)| (*d, p.name.clone()));
    match best {
        Some((d, p)) if d <= asked.len().max(3) / 2 => {
            if explicit {
                msg.push_str(&format!("\n  = help: did you mean `{}`?", p.name));
            } else {
                msg.push_str(&format!(
                    "\n  = help: did you mean `{}` (wire name `{}`)?",
                    naming::field(&p.name),
                    p.name
                ));
            }
        }
        _ => {
            let names: Vec<String> = props.iter().map(|p| naming::field(&p.name)).collect();
            msg.push_str(&format!(
                "\n  = note: its documented properties: {}",
                if names.is_empty() {
                    "none".to_string()
                } else {
                    names.join(", ")
                }
            ));
        }
    }
    msg.push_str(&format!(
        "\n  = note: `{}` is documented at {}:{}",
        t.name,
        loaded.docs.root.join(&t.source.file).display(),
        t.source.line
    ));
    let pages: Vec<&str> = t.pages.iter().map(String::as_str).collect();
    let problems = property_problems(loaded, &pages);
    if !problems.is_empty() {
        msg.push_str("\n  = note: the page has irregularities that may hide a property:");
        for p in problems.iter().take(5) {
            msg.push_str(&format!("\n          {p}"));
        }
        if problems.len() > 5 {
            msg.push_str(&format!(
                "\n          …and {} more (`graphdoc lint` lists them all)",
                problems.len() - 5
            ));
        }
    }
    syn::Error::new(span, msg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    fn expand_on_samples(input: TokenStream) -> String {
        let loaded = Arc::new(Loaded::new(crate::samples::docs()));
        let loader = move |_: &Path| Ok(loaded.clone());
        let inv = Invocation {
            manifest_dir: PathBuf::from("/crate"),
        };
        derive_resource(input, &inv, &loader).to_string()
    }

    #[test]
    fn gets_the_resource_endpoints_and_tracks_their_pages() {
        let out = expand_on_samples(quote! {
            #[graph(docs = "docs", resource = "identityApiConnector")]
            struct Connector<T> { id: String, display_name: Option<String>, #[graph(skip)] extra: T }
        });
        assert!(!out.contains("compile_error"), "{out}");
        assert!(
            out.contains("impl < T > :: graphdoc_generated :: GraphResource for Connector < T >"),
            "{out}"
        );
        assert!(
            out.contains(r#"const SELECT : & 'static [& 'static str] = & ["id" , "displayName"]"#),
            "{out}"
        );
        assert!(out.contains(r#"("displayName" , "display_name")"#), "{out}");
        for f in [
            "fn list",
            "fn get",
            "fn create",
            "fn upload_client_certificate",
        ] {
            assert!(out.contains(f), "{f} missing: {out}");
        }
        // Delete and update return no resource: nothing to decode into the struct.
        assert!(
            !out.contains("fn delete") && !out.contains("fn update"),
            "{out}"
        );
        assert!(
            out.contains(r#"query_pair ("$select" , "id,displayName")"#),
            "{out}"
        );
        for page in [
            "/crate/docs/resources/identityapiconnector.md",
            "/crate/docs/api/identityapiconnector-list.md",
        ] {
            assert!(
                out.contains(&format!("include_bytes ! (\"{page}\")")),
                "{page} untracked: {out}"
            );
        }
        assert!(!out.contains("identityapiconnector-delete.md"), "{out}");
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let out = expand_on_samples(quote! {
            #[graph(docs = "docs", resource = "identityApiConnector")]
            struct Connector { id: Vec<String>, nmae: Option<String>, #[graph(rename = "targetURL")] url: String }
        });
        assert_eq!(out.matches("compile_error").count(), 3, "{out}");
        assert!(
            out.contains("is a collection, but the property is a single"),
            "{out}"
        );
        assert!(
            out.contains("`targetURL` is not a documented property"),
            "{out}"
        );
        assert!(out.contains("did you mean `targetUrl`?"), "{out}");
    }

    #[test]
    fn misuse_is_explained() {
        let out = expand_on_samples(quote! { struct Connector { id: String } });
        assert!(out.contains("add `#[graph(docs"), "{out}");
        let out = expand_on_samples(quote! {
            #[graph(docs = "docs", resource = "identityApiConnector")]
            enum Connector { A }
        });
        assert!(out.contains("needs a struct with named fields"), "{out}");
        let out = expand_on_samples(quote! {
            #[graph(docs = "docs", resource = "identityApiConnector", colour = "red")]
            struct Connector { id: String }
        });
        assert!(out.contains("unknown graph attribute `colour`"), "{out}");
    }
}
