//! `generate! { … }`: the CLI's output for the named resources, expanded in place.

use super::attrs::GenerateArgs;
use super::{load, track, Invocation, Loader};
use crate::diag::Code;
use crate::diag::Severity;
use crate::settings::Settings;
use proc_macro2::TokenStream;
use quote::quote;

/// Expands `generate!`: exactly the items `graphdoc generate` writes for the same folder and
/// settings (the same [`crate::generate`] call; the CLI only formats them).
pub fn generate(input: TokenStream, inv: &Invocation, loader: Loader<'_>) -> TokenStream {
    match expand(input, inv, loader) {
        Ok(t) => t,
        Err(e) => e.to_compile_error(),
    }
}

fn expand(input: TokenStream, inv: &Invocation, loader: Loader<'_>) -> syn::Result<TokenStream> {
    let args: GenerateArgs = syn::parse2(input)?;
    let docs = args.docs.as_ref().ok_or_else(|| {
        syn::Error::new(
            proc_macro2::Span::call_site(),
            "generate! needs `docs = \"path/to/graph-docs/beta\"` (relative to the crate's Cargo.toml) and `resources = [\"identityApiConnector\"]`",
        )
    })?;
    if args.resources.is_empty() {
        return Err(syn::Error::new(
            docs.span,
            "generate! needs `resources = [\"…\"]`: name the resources to expand (everything they reference comes along)",
        ));
    }
    let (root, loaded) = load(inv, loader, &docs.value, docs.span)?;
    let mut settings = Settings::for_folder(&loaded.docs.root);
    settings.resources = args.resources.iter().map(|r| r.value.clone()).collect();
    if let Some(r) = &args.runtime {
        settings.runtime = r.value.clone();
    }
    if let Some(u) = &args.doc_url {
        settings.doc_url = Some(u.value.clone());
    }
    let out = crate::generate(&loaded.model, &settings);
    let mut errors: Option<syn::Error> = None;
    for d in out
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
    {
        // Point at the resource the diagnostic names, else at the docs argument.
        let span = args
            .resources
            .iter()
            .find(|r| d.message.contains(&format!("`{}`", r.value)))
            .map_or(docs.span, |r| r.span);
        let mut msg = d.message.clone();
        if !d.file.is_empty() {
            msg = format!("{}:{}:{}: {msg}", d.file, d.line, d.column);
        }
        if d.code == Code::BadRuntimePath {
            if let Some(r) = &args.runtime {
                errors = Some(syn::Error::new(r.span, msg));
                break;
            }
        }
        let e = syn::Error::new(span, msg);
        match &mut errors {
            Some(all) => all.combine(e),
            None => errors = Some(e),
        }
    }
    if let Some(e) = errors {
        return Err(e);
    }
    let tokens = out.tokens();
    let tracking = track(&root, &out.pages);
    Ok(quote!(#tokens #tracking))
}
