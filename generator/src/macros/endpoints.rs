//! The endpoint functions `#[derive(GraphResource)]` gives a struct: the routes whose reply is
//! the resource, named by verb and as much of the route as tells them apart.

use crate::model::{TypeKey, TypeRef};
use crate::naming;
use crate::parse::http::Method;
use proc_macro2::{Span, TokenStream};
use quote::quote;
use std::collections::BTreeSet;

/// What a derived struct's GETs ask for: its properties (`$select`) and relationships
/// (`$expand`), each comma-separated (empty when there are none).
pub(super) struct Asked {
    pub select: String,
    pub expand: String,
}

/// The endpoint functions whose reply is the resource (or a page of it), from the same route
/// tree and reply typing as the emitted builders. Each is named by its verb (`list`, `get`,
/// `create`) or action, prefixed with the route's segments only as far as needed to tell two
/// routes apart (`me_get`, `by_id_get`); GETs select exactly the struct's fields.
pub(super) fn endpoint_fns(
    model: &crate::model::Model,
    key: &TypeKey,
    rt: &syn::Path,
    asked: &Asked,
    pages: &mut BTreeSet<String>,
) -> Vec<TokenStream> {
    use crate::model::routes::{Reply, Step};
    let tree = &model.routes;
    let me = TypeRef::Named(key.clone());
    // (name parts, args, steps, endpoint, node)
    let mut found = Vec::new();
    for (i, node) in tree.nodes.iter().enumerate() {
        for e in &node.endpoints {
            let Reply::Json { ty, collection } = &e.reply else {
                continue;
            };
            if *ty != me {
                continue;
            }
            let mut parts = Vec::new();
            let mut args = Vec::new();
            let mut steps = Vec::new();
            let mut taken = BTreeSet::new();
            for n in tree.lineage(i) {
                let key_type = match &tree.nodes[n].ty {
                    Some(TypeRef::Named(k)) => model.types.get(k).map(|t| t.short_name()),
                    _ => None,
                };
                let (name, a, step) = crate::emit::steps::step_call(tree, n, key_type);
                let mut step = step;
                for arg in a {
                    // Two untyped `{id}`s along one route: keep the argument names apart.
                    let text = arg.to_string();
                    let n0 = text.split(':').next().unwrap_or("").trim().to_string();
                    let unique = naming::unique(&n0, &taken);
                    taken.insert(unique.clone());
                    let ai = syn::Ident::new(&unique, Span::call_site());
                    args.push(quote!(#ai: &str));
                    if unique != n0 {
                        step = rename_ident(step, &n0, &ai);
                    }
                }
                steps.push(step);
                parts.push(name);
            }
            if !matches!(node.step, Step::Action(_) | Step::Function { .. }) {
                parts.push(e.verb.as_str().to_string());
            }
            found.push((parts, args, steps, e.clone(), *collection, i));
        }
    }
    // Shortest unique suffixes of the name parts.
    let mut len = vec![1usize; found.len()];
    loop {
        let names: Vec<String> = found
            .iter()
            .zip(&len)
            .map(|((parts, ..), &l)| parts[parts.len().saturating_sub(l)..].join("_"))
            .collect();
        let mut grew = false;
        for (i, n) in names.iter().enumerate() {
            if names.iter().filter(|m| *m == n).count() > 1 && len[i] < found[i].0.len() {
                len[i] += 1;
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for ((parts, mut args, steps, e, collection, node), l) in found.into_iter().zip(len) {
        let name = parts[parts.len().saturating_sub(l)..].join("_");
        if !seen.insert(name.clone()) {
            continue;
        }
        let op = &model.operations[e.op];
        pages.insert(op.page.clone());
        let fi = syn::Ident::new(&name, Span::call_site());
        let (generics, body_step) = if matches!(op.body, crate::model::ops::Body::None) {
            (TokenStream::new(), TokenStream::new())
        } else {
            args.push(quote!(body: &B));
            (quote!(<B: ::serde::Serialize>), quote!(.json(body)))
        };
        let (select, expand) = (&asked.select, &asked.expand);
        let mut select_step = TokenStream::new();
        if op.method == Method::Get && !select.is_empty() {
            select_step.extend(quote!(.query_pair("$select", #select)));
        }
        if op.method == Method::Get && !expand.is_empty() {
            select_step.extend(quote!(.query_pair("$expand", #expand)));
        }
        let response = if collection {
            quote!(#rt::SelectedPage<Self>)
        } else {
            quote!(#rt::Selected<Self>)
        };
        let method = syn::Ident::new(op.method.as_str(), Span::call_site());
        let doc = format!(
            "`{} {}`\n\n{} — documented in `{}`.{}",
            op.method,
            tree.path(node),
            op.name,
            op.page,
            if select_step.is_empty() {
                String::new()
            } else {
                " Selects exactly this struct's fields.".to_string()
            }
        );
        let doc = crate::parse::hidden::visible(&doc);
        out.push(quote! {
            #[doc = #doc]
            pub fn #fi #generics(#(#args),*) -> #rt::Request<#response> {
                #rt::Request::new(#rt::http::Method::#method) #(#steps)* #select_step #body_step
            }
        });
    }
    out
}

/// `ts` with every identifier `from` replaced by `to`.
fn rename_ident(ts: TokenStream, from: &str, to: &syn::Ident) -> TokenStream {
    use proc_macro2::{Group, TokenTree};
    ts.into_iter()
        .map(|t| match t {
            TokenTree::Ident(i) if i == from => TokenTree::Ident(to.clone()),
            TokenTree::Group(g) => {
                let mut ng = Group::new(g.delimiter(), rename_ident(g.stream(), from, to));
                ng.set_span(g.span());
                TokenTree::Group(ng)
            }
            other => other,
        })
        .collect()
}
