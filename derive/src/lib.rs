//! Proc macros over graphdoc: `#[derive(GraphResource)]` checks a struct of your own against a
//! documented Graph resource, and `generate!` expands documented resources in place. Both read
//! the docs folder at compile time (relative to your crate's `Cargo.toml`), and your crate
//! rebuilds when a page they read changes.
//!
//! The work is done by `graphdoc::macros`; this crate is the adapter: it finds the crate's
//! folder, keeps each docs folder's model for the length of a compilation, and converts tokens.

use proc_macro::TokenStream;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use graphdoc::docs::DocsError;
use graphdoc::macros::{Invocation, Loaded};

/// Checks a struct against a documented resource and implements
/// `graphdoc_generated::GraphResource` for it.
///
/// ```ignore
/// #[derive(graphdoc_derive::GraphResource, serde::Deserialize)]
/// #[graph(docs = "graph-docs/beta", resource = "identityApiConnector")]
/// struct Connector {
///     id: String,
///     display_name: Option<String>,
/// }
/// ```
///
/// - `docs` is relative to the crate's `Cargo.toml` folder; `resource` is a documented type
///   name (short or qualified, any casing); `runtime = "…"` changes the runtime crate path
///   (default `::graphdoc_generated`).
/// - Each field is a documented property (own or inherited): its wire name is the property
///   whose snake_case name the field has, or `#[graph(rename = "wireName")]` /
///   `#[serde(rename = "wireName")]`. Its type must hold the documented type: `Option`
///   (or `Field`) for optional, `Vec` for collections, integers at least as wide, strings or
///   the runtime's `edm` types for GUIDs and timestamps, your own or generated types for
///   complex ones, `serde_json::Value` for anything. `#[graph(skip)]` (or serde's `skip`,
///   `flatten`) leaves a field out.
/// - The struct gets the resource's endpoint functions whose responses are the resource
///   (`get`, `list`, `create`, actions), returning `Request<Selected<Self>>` /
///   `Request<SelectedPage<Self>>`; GETs `$select` exactly its fields.
#[proc_macro_derive(GraphResource, attributes(graph))]
pub fn derive_graph_resource(input: TokenStream) -> TokenStream {
    let inv = invocation();
    graphdoc::macros::derive_resource(input.into(), &inv, &load).into()
}

/// Expands documented resources (and every type they reference) in place: the same items
/// `graphdoc generate` writes for the same folder and settings.
///
/// ```ignore
/// graphdoc_derive::generate! {
///     docs = "graph-docs/beta",
///     resources = ["identityApiConnector"],
/// }
/// ```
///
/// Optional: `runtime = "crate::rt"` (default `::graphdoc_generated`), `doc_url = "…{page}…"`.
#[proc_macro]
pub fn generate(input: TokenStream) -> TokenStream {
    let inv = invocation();
    graphdoc::macros::generate(input.into(), &inv, &load).into()
}

/// The crate folder `docs = "…"` is relative to. `GRAPHDOC_MANIFEST_DIR` overrides cargo's
/// `CARGO_MANIFEST_DIR` for harnesses that compile a crate away from its sources (trybuild
/// builds UI tests in a scratch project under `target/`).
fn invocation() -> Invocation {
    Invocation {
        manifest_dir: std::env::var_os("GRAPHDOC_MANIFEST_DIR")
            .or_else(|| std::env::var_os("CARGO_MANIFEST_DIR"))
            .map(PathBuf::from)
            .unwrap_or_default(),
    }
}

/// A folder's loaded model and the fingerprint of its files when it was read.
struct Cached {
    stamp: Stamp,
    loaded: Arc<Loaded>,
}

/// Count, total size and newest modification time of the folder's pages: enough to notice an
/// edit when a long-lived process (rust-analyzer) expands the macros again.
type Stamp = (usize, u64, Option<SystemTime>);

fn stamp(root: &Path) -> Stamp {
    let mut s: Stamp = (0, 0, None);
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let Ok(meta) = e.metadata() else { continue };
            if meta.is_dir() {
                stack.push(e.path());
            } else if e.path().extension().is_some_and(|x| x == "md") {
                s.0 += 1;
                s.1 += meta.len();
                s.2 = s.2.max(meta.modified().ok());
            }
        }
    }
    s
}

/// Reads and resolves a folder once per compilation: a crate deriving on twenty resources
/// parses the docs once, not twenty times.
fn load(root: &Path) -> Result<Arc<Loaded>, DocsError> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Cached>>> = OnceLock::new();
    let key = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let cache = CACHE.get_or_init(Default::default);
    let now = stamp(&key);
    if let Ok(map) = cache.lock() {
        if let Some(c) = map.get(&key) {
            if c.stamp == now {
                return Ok(c.loaded.clone());
            }
        }
    }
    let loaded = Arc::new(Loaded::new(graphdoc::Docs::read(&key)?));
    if let Ok(mut map) = cache.lock() {
        map.insert(
            key,
            Cached {
                stamp: now,
                loaded: loaded.clone(),
            },
        );
    }
    Ok(loaded)
}
