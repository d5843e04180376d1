//! Linking: the Methods-table rows of resource pages joined, by file name, to the API pages
//! they link to, as `Operation`s with resolved body, response and example types.

use crate::diag::Code;
use crate::diag::{self, Sink};
use crate::model::build::Draft;
use crate::model::ops::ExampleDraft;
use crate::model::resolve::Resolver;
use crate::model::typeref::{CellType, Spec};
use crate::model::{TypeKey, TypeRef};
use crate::parse::http::Method;
use std::collections::BTreeMap;

fn model_type_name(t: &TypeRef, drafts: &BTreeMap<TypeKey, Draft>) -> String {
    match t {
        TypeRef::Primitive(e) => e.qualified().to_string(),
        TypeRef::Named(k) => drafts
            .get(k)
            .map_or_else(|| k.to_string(), |d| d.name.clone()),
    }
}

/// Joins Methods-table rows to the API pages they link to.
pub(in crate::model) fn link_operations(
    drafts: &BTreeMap<TypeKey, Draft>,
    apis: &[super::ApiDraft],
    r: &Resolver,
    sink: &mut Sink,
) -> Vec<super::Operation> {
    use super::{Body, BodyDraft, Example, Operation, Param, Response};
    use diag::Severity::{Note, Warning};
    let by_stem: BTreeMap<&str, &super::ApiDraft> =
        apis.iter().map(|a| (a.stem.as_str(), a)).collect();
    let resolve_cell = |cell: &CellType, ns: &str| -> Option<TypeRef> {
        match &cell.spec {
            Spec::Primitive(e) => Some(TypeRef::Primitive(*e)),
            Spec::Named(n) => r.spec(n, ns).map(TypeRef::Named),
            _ => None,
        }
    };
    let mut out = Vec::new();
    for (key, d) in drafts {
        if d.is_enum {
            continue;
        }
        for row in &d.methods {
            let Some(api) = by_stem.get(row.stem.as_str()) else {
                sink.push_at(Warning, Code::MissingApiPage, &d.file, row.pos, format!("method `{}` links to `{}.md`, which is not in the docs folder; it has no endpoint", row.name, row.stem));
                continue;
            };
            let Some(first) = api.routes.first() else {
                continue;
            };
            let method = first.method;
            let routes: Vec<_> = api
                .routes
                .iter()
                .filter(|x| x.method == method)
                .cloned()
                .collect();
            if routes.len() < api.routes.len() {
                sink.push_at(
                    Note,
                    Code::MixedMethods,
                    &api.file,
                    api.pos,
                    format!(
                        "the HTTP request block mixes methods; `{}` uses the `{method}` routes",
                        row.name
                    ),
                );
            }
            let lower = row.name.to_ascii_lowercase();
            let create_like = method == Method::Post
                && (lower.starts_with("create")
                    || lower.starts_with("add")
                    || lower.starts_with("post"));
            let body = match (&api.body, method) {
                (_, Method::Patch) => Body::Update(key.clone()),
                (BodyDraft::Resource(spec), _) => Body::Resource(
                    spec.as_ref()
                        .and_then(|n| r.spec(n, &api.namespace))
                        .unwrap_or_else(|| key.clone()),
                ),
                (BodyDraft::Params(_), Method::Post) if create_like => Body::Resource(key.clone()),
                // A GET may document a body too (the Excel range functions take one).
                (
                    BodyDraft::Params(params),
                    Method::Post | Method::Put | Method::Get | Method::Delete,
                ) => {
                    let mut out_params = Vec::new();
                    for (name, cell, required, desc, pos) in params {
                        match resolve_cell(cell, &api.namespace) {
                            Some(ty) => out_params.push(Param {
                                name: name.clone(),
                                ty,
                                collection: cell.collection,
                                required: *required,
                                description: desc.clone(),
                            }),
                            None => sink.push_at(Warning, Code::UnknownType, &api.file, *pos, format!("parameter `{name}` has a type that no page in this tree documents; the parameter is left out")),
                        }
                    }
                    Body::Params(out_params)
                }
                (BodyDraft::None, Method::Post) if create_like => Body::Resource(key.clone()),
                _ => Body::None,
            };
            let said_none = matches!(&row.ret.spec, Spec::Unknown(t) if t.eq_ignore_ascii_case("none"))
                || matches!(&row.ret.spec, Spec::Named(n) if n.text.eq_ignore_ascii_case("none"));
            let mut ty = if said_none {
                None
            } else {
                resolve_cell(&row.ret, &d.namespace)
            };
            let mut collection = row.ret.collection;
            if ty.is_none() && !said_none && api.status != Some(204) {
                if let Some(link) = &api.response_link {
                    ty = r.spec(link, &api.namespace).map(TypeRef::Named);
                    collection = false;
                }
            }
            // Examples keep the Methods table's type: a response example with a body on a page
            // that says 204 is still checked against it.
            let listed_ty = ty.clone();
            // The Response section decides whether there is a body: a documented 204 or 202
            // has none, whatever the Methods table names.
            let status = api.status.or_else(|| {
                api.examples
                    .iter()
                    .find(|e| e.example.response)
                    .and_then(|e| e.example.status)
                    .filter(|s| matches!(s, 202 | 204))
            });
            if matches!(status, Some(202 | 204)) {
                if let Some(t) = ty.take() {
                    sink.push_at(Note, Code::ResponseWithoutBody, &api.file, api.pos, format!("`{}` answers `{}` without a body, but the Methods table of `{}` (line {}) names `{}{}` as the return type; typed without a body", row.name, status.unwrap_or(204), d.file, row.pos.line, model_type_name(&t, drafts), if collection { " collection" } else { "" }));
                }
            }
            let response = Response {
                status: status.or(if ty.is_none() { Some(204) } else { None }),
                ty: ty.clone(),
                collection,
            };
            let examples = api
                .examples
                .iter()
                .map(
                    |ExampleDraft {
                         odata_type,
                         example: e,
                     }| {
                        let ety = match odata_type {
                            Some(t) => {
                                r.name(t, &api.namespace).map(TypeRef::Named).or_else(|| {
                                    crate::model::Edm::from_spelling(t).map(TypeRef::Primitive)
                                })
                            }
                            None if e.response => listed_ty.clone(),
                            None => match &body {
                                Body::Resource(k) | Body::Update(k) => {
                                    Some(TypeRef::Named(k.clone()))
                                }
                                _ => None,
                            },
                        };
                        Example {
                            ty: ety,
                            collection: if odata_type.is_some() {
                                e.collection
                            } else {
                                e.response && collection
                            },
                            ..e.clone()
                        }
                    },
                )
                .collect();
            out.push(Operation {
                resource: key.clone(),
                name: row.name.clone(),
                page: api.file.clone(),
                method,
                routes,
                from_examples: Vec::new(),
                body,
                response,
                examples,
                requests: api.requests.clone(),
                line: api.pos.line,
                listed_in: d.file.clone(),
                listed_line: row.pos.line,
            });
        }
    }
    // Per resource, the pages named for it (`api/user-get.md` for `user`) come before pages
    // that document the same method elsewhere (`api/intune-devices-user-get.md`), so the
    // canonical page gets the plain function name.
    let foreign = |o: &Operation| {
        let short = o.resource.short();
        let stem = o.page.rsplit('/').next().unwrap_or("");
        !stem
            .strip_prefix(short)
            .is_some_and(|rest| rest.starts_with('-'))
    };
    // Sorted as indices (stable, so the same order as sorting the operations): an operation
    // is large to move, and `foreign` is worked out once each, not once per comparison.
    let foreign: Vec<bool> = out.iter().map(foreign).collect();
    let mut order: Vec<usize> = (0..out.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&out[a], &out[b]);
        (&x.resource, foreign[a], &x.page, &x.name).cmp(&(
            &y.resource,
            foreign[b],
            &y.page,
            &y.name,
        ))
    });
    let mut slots: Vec<Option<Operation>> = out.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}
