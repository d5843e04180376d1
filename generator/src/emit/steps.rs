//! One route step as a builder method: its name, arguments and request step
//! (`by_id(user_id)` → `.param(user_id)`), the words naming untyped builders, and endpoint docs.
//! Shared by the builders (`paths.rs`) and the derive's endpoint functions.

use super::naming;
use super::types::ident;
use crate::model::ops::{Body, Operation};
use crate::model::routes::{Endpoint, Reply, Step, Tree, Verb};
use crate::model::Model;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// The builder method name, its arguments (`name: &str`) and the request step of node `c`
/// seen from its parent. `key_typed`: a key of a typed collection is named for its type
/// (`user_id`). The method name, its arguments and the request step of node `c` seen from its parent.
pub(crate) fn step_call(
    tree: &Tree,
    c: usize,
    key_type: Option<&str>,
) -> (String, Vec<TokenStream>, TokenStream) {
    let node = &tree.nodes[c];
    let arg = |name: &str| {
        let i = ident(name);
        (quote!(#i: &str), i)
    };
    match &node.step {
        Step::Root => (String::new(), Vec::new(), TokenStream::new()),
        Step::Segment(s) | Step::Action(s) => {
            let last = crate::model::short_of(s);
            (naming::field(last), Vec::new(), quote!(.segment(#s)))
        }
        Step::Cast(k, text) => {
            let short = k.short();
            (
                naming::field(&format!("as_{short}")),
                Vec::new(),
                quote!(.segment(#text)),
            )
        }
        Step::Value => ("value".into(), Vec::new(), quote!(.segment("$value"))),
        Step::Ref => ("reference".into(), Vec::new(), quote!(.segment("$ref"))),
        Step::Count => ("count".into(), Vec::new(), quote!(.segment("$count"))),
        Step::Key => {
            let name = match key_type {
                Some(short) => naming::field(&format!("{short}Id")),
                None => naming::field(node.placeholders.first().map_or("id", String::as_str)),
            };
            let (a, i) = arg(&name);
            ("by_id".into(), vec![a], quote!(.param(#i)))
        }
        Step::PathAddress(prefix) => {
            let (a, i) = arg("path");
            (
                naming::field(&format!("{prefix}ByPath")),
                vec![a],
                quote!(.path_address(#prefix, #i)),
            )
        }
        Step::Function { name, args } => {
            let mut taken = BTreeSet::new();
            let mut fargs = Vec::new();
            let parts: Vec<TokenStream> = args
                .iter()
                .map(|fa| {
                    let n = &fa.name;
                    let q = fa.quoted;
                    match &fa.param {
                        Some(p) => {
                            let base = naming::field(if fa.name.is_empty() { p } else { &fa.name });
                            let an = naming::unique(&base, &taken);
                            taken.insert(an.clone());
                            let (a, i) = arg(&an);
                            fargs.push(a);
                            quote!((#n, #i, #q))
                        }
                        None => {
                            let lit = &fa.literal;
                            quote!((#n, #lit, #q))
                        }
                    }
                })
                .collect();
            (
                naming::field(name),
                fargs,
                quote!(.function(#name, &[#(#parts),*])),
            )
        }
    }
}

/// A word for an untyped builder's name: `identity` → `Identity`, `{id}` → `ById`.
pub(crate) fn step_word(step: &Step) -> String {
    match step {
        Step::Key => "ById".into(),
        Step::Value => "Value".into(),
        Step::Ref => "Ref".into(),
        Step::Count => "Count".into(),
        Step::PathAddress(p) => format!("{}ByPath", naming::type_name(p)),
        Step::Function { name, .. } => naming::type_name(name),
        Step::Cast(k, _) => format!("As{}", naming::type_name(k.short())),
        Step::Segment(s) | Step::Action(s) => naming::type_name(crate::model::short_of(s)),
        Step::Root => String::new(),
    }
}

pub(crate) fn endpoint_doc(
    tree: &Tree,
    n: usize,
    op: &Operation,
    e: &Endpoint,
    doc_url: Option<&str>,
) -> String {
    let page = match doc_url {
        Some(tpl) => {
            let stem = op
                .page
                .rsplit('/')
                .next()
                .unwrap_or(&op.page)
                .trim_end_matches(".md");
            // Microsoft publishes API pages beside `resources/`, not in it.
            let tpl = if op.page.starts_with("api/") {
                tpl.replace("/resources/{page}", "/{page}")
            } else {
                tpl.to_string()
            };
            format!("[`{}`]({})", op.page, tpl.replace("{page}", stem))
        }
        None => format!("`{}`", op.page),
    };
    let mut doc = format!(
        "`{} {}`\n\n{} — documented in {page}.",
        op.method,
        tree.path(n),
        op.name
    );
    match (&e.reply, op.response.status) {
        (Reply::Nothing, Some(s)) => doc.push_str(&format!(" Succeeds with `{s}` and no body.")),
        (_, Some(s)) => doc.push_str(&format!(" Succeeds with `{s}`.")),
        _ => {}
    }
    if e.verb == Verb::List {
        doc.push_str(" A page of results; a client's `all`/`pages` follow `@odata.nextLink`.");
    }
    doc
}

/// What a verb at a node sends and answers, to tell whether two nodes can share a builder.
/// Parameter bodies count per page: their struct is named per page.
pub(crate) fn verb_meaning(model: &Model, e: &Endpoint) -> String {
    let op = &model.operations[e.op];
    let body = match &op.body {
        Body::Params(_) => format!("params of {}", op.page),
        other => format!("{other:?}"),
    };
    format!("{} {body} {:?}", op.method, e.reply)
}

/// The argument list of a method, as signature text (`id: &str, body: &X`).
pub(crate) fn arg_list(args: &[TokenStream]) -> String {
    args.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
