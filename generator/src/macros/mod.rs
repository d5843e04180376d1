//! What `graphdoc-derive`'s macros do, on `proc_macro2` tokens so it runs (and is tested)
//! outside the compiler. The proc-macro crate is an adapter: it reads `CARGO_MANIFEST_DIR`,
//! caches loaded docs for the length of a compilation, and converts tokens.
//!
//! Both macros make the user's crate depend on exactly the pages they used: each expansion
//! ends with `const _: &[u8] = include_bytes!("<page>");` per page, which puts the page in
//! rustc's dep-info, so cargo rebuilds the crate when one of them changes and not otherwise.

mod attrs;
mod compat;
mod derive;
mod endpoints;
mod inline;

pub use derive::derive_resource;
pub use inline::generate;

use crate::diag::Code;
use crate::docs::{Docs, DocsError};
use crate::model::Model;
use proc_macro2::{Span, TokenStream};
use quote::quote;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A docs folder read and resolved once, shared by every macro call that names it.
#[derive(Debug)]
pub struct Loaded {
    /// The pages.
    pub docs: Docs,
    /// Their model.
    pub model: Model,
}

impl Loaded {
    /// Resolves `docs` into a model.
    pub fn new(docs: Docs) -> Loaded {
        let model = docs.model();
        Loaded { docs, model }
    }
}

/// How a macro gets at a docs folder: by absolute path, from the adapter's cache.
pub type Loader<'a> = &'a dyn Fn(&Path) -> Result<Arc<Loaded>, DocsError>;

/// Where a macro runs: the folder of the user crate's `Cargo.toml`, which `docs = "…"` is
/// relative to.
#[derive(Debug, Clone)]
pub struct Invocation {
    /// `CARGO_MANIFEST_DIR` of the crate being compiled.
    pub manifest_dir: PathBuf,
}

/// Reads the folder a `docs = "…"` attribute names, or says at `span` why it cannot.
fn load(
    inv: &Invocation,
    loader: Loader<'_>,
    docs: &str,
    span: Span,
) -> Result<(PathBuf, Arc<Loaded>), syn::Error> {
    // Canonical, so the paths notes show (and pages are tracked by) have no `..` in them.
    let root = inv.manifest_dir.join(docs);
    let root = root.canonicalize().unwrap_or(root);
    let hint = format!(
        "`docs` is relative to the folder of the crate's Cargo.toml ({}); point it at the folder that holds resources/ and api/",
        inv.manifest_dir.display()
    );
    match loader(&root) {
        Err(e) => Err(syn::Error::new(span, format!("{e}\n  = help: {hint}"))),
        Ok(l) if l.docs.files.is_empty() => Err(syn::Error::new(
            span,
            format!(
                "the docs folder `{}` holds no .md pages\n  = help: {hint}",
                root.display()
            ),
        )),
        Ok(l) => Ok((root, l)),
    }
}

/// `const _: &[u8] = include_bytes!(…);` for each page, so rustc records the pages the
/// expansion depends on.
fn track(root: &Path, pages: &[String]) -> TokenStream {
    let consts = pages.iter().map(|p| {
        let path = root.join(p).to_string_lossy().into_owned();
        quote!(
            const _: &[u8] = ::core::include_bytes!(#path);
        )
    });
    quote!(#(#consts)*)
}

/// The diagnostics about `pages` (warnings and errors), one line each, for a compile error to
/// show what is irregular about the pages it read.
fn page_problems(loaded: &Loaded, pages: &[&str]) -> Vec<String> {
    problems_where(loaded, pages, |_| true)
}

/// The codes of repairs and gaps that can cost a type a property: table damage, rows whose
/// type was not understood, a page without a properties table. (A missing API page cannot.)
const HIDE_PROPERTIES: &[Code] = &[
    Code::DuplicateProperty,
    Code::EmptyPropertyName,
    Code::EmptyType,
    Code::ForeignSubTable,
    Code::JsonOnlyProperty,
    Code::NameTooLong,
    Code::NoPropertiesTable,
    Code::OneOfType,
    Code::PipeInCodeSpan,
    Code::PropertiesTableShape,
    Code::PropertyNameCleaned,
    Code::RaggedTableRow,
    Code::TableWithoutHeader,
    Code::UnknownType,
    Code::UnknownTypeSpelling,
    Code::WrappedTableRow,
];

/// The page problems that could explain a property the pages do not have.
fn property_problems(loaded: &Loaded, pages: &[&str]) -> Vec<String> {
    problems_where(loaded, pages, |code| HIDE_PROPERTIES.contains(&code))
}

fn problems_where(loaded: &Loaded, pages: &[&str], keep: impl Fn(Code) -> bool) -> Vec<String> {
    loaded
        .model
        .diagnostics
        .iter()
        .filter(|d| {
            d.severity <= crate::diag::Severity::Warning
                && pages.contains(&d.file.as_str())
                && keep(d.code)
        })
        .map(|d| d.under(&loaded.docs.root).one_line())
        .collect()
}
