//! Operations: API pages (routes, request body, response, examples) joined to the Methods table
//! rows of resource pages.

mod examples;
pub(super) mod link;

use examples::{examples, request_examples, response_link, status};

use super::typeref::{self, CellType, NamedSpec, Spec};
use super::{Edm, TypeKey, TypeRef};
use crate::diag::Code;
use crate::diag::{Pos, Sink};
use crate::parse::http::{self, Method, Route, RouteError};
use crate::parse::{inline, Page};

/// What a request sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Nothing.
    None,
    /// The resource itself (create).
    Resource(TypeKey),
    /// Some properties of the resource, each absent, null or a value (PATCH).
    Update(TypeKey),
    /// An action's parameters.
    Params(Vec<Param>),
}

/// One action parameter (or request-body property).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// Wire name.
    pub name: String,
    /// Type.
    pub ty: TypeRef,
    /// A collection of it.
    pub collection: bool,
    /// The description says "Required".
    pub required: bool,
    /// Description cell.
    pub description: String,
}

/// What a successful response carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The documented success status (`200`, `201`, `204`).
    pub status: Option<u16>,
    /// The body's type, when it has one.
    pub ty: Option<TypeRef>,
    /// A collection (a page of values).
    pub collection: bool,
}

/// A request or response example with a JSON body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// True for a response example.
    pub response: bool,
    /// The documented type of the body, when the annotation or the operation says.
    pub ty: Option<TypeRef>,
    /// The body is a collection (`{"value": [...]}`).
    pub collection: bool,
    /// The status line's code (responses).
    pub status: Option<u16>,
    /// The JSON text.
    pub json: String,
    /// Where the JSON starts in the page.
    pub line: u32,
    /// Whether an annotation described the example (else it was recognised by content).
    pub annotated: bool,
    /// The annotation says the JSON is shortened (`"truncated": true`).
    pub truncated: bool,
}

/// One documented method of a resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// The resource's model key.
    pub resource: TypeKey,
    /// The Methods table's name for it: `List`, `Upload a client certificate`.
    pub name: String,
    /// The API page.
    pub page: String,
    /// `GET`, `POST`, `PATCH`, `PUT`, `DELETE`.
    pub method: Method,
    /// Every documented route, in page order; the routes only a request example shows come
    /// last (see `from_examples`).
    pub routes: Vec<Route>,
    /// Routes (by index into `routes`) the HTTP request section does not list but a request
    /// example of the page uses, with the example's line (`route-from-example`).
    pub from_examples: Vec<(usize, u32)>,
    /// The request body.
    pub body: Body,
    /// The success response.
    pub response: Response,
    /// Examples with JSON bodies.
    pub examples: Vec<Example>,
    /// Request examples: what the page shows being sent, JSON body or not.
    pub requests: Vec<RequestExample>,
    /// The API page's title line (where its diagnostics point).
    pub line: u32,
    /// The resource page whose Methods table lists it.
    pub listed_in: String,
    /// The Methods table row's line.
    pub listed_line: u32,
}

/// A request example as the page shows it: `POST https://graph.microsoft.com/v1.0/users/{id}/…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestExample {
    /// `GET`, `POST`, …
    pub method: Method,
    /// The URL after the method, as written (host, path and query).
    pub url: String,
    /// The JSON body, when there is one.
    pub body: Option<String>,
    /// The request line's line in the page.
    pub line: u32,
}

/// A Methods-table row of a resource page.
#[derive(Debug, Clone)]
pub(super) struct MethodRow {
    pub name: String,
    pub stem: String,
    pub ret: CellType,
    pub pos: Pos,
}

/// What an API page says, before it is joined to a resource.
#[derive(Debug, Clone)]
pub(super) struct ApiDraft {
    pub file: String,
    pub stem: String,
    pub namespace: String,
    pub routes: Vec<Route>,
    pub body: BodyDraft,
    pub status: Option<u16>,
    pub response_link: Option<NamedSpec>,
    pub examples: Vec<ExampleDraft>,
    pub requests: Vec<RequestExample>,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub(super) enum BodyDraft {
    None,
    Resource(Option<NamedSpec>),
    Params(Vec<(String, CellType, bool, String, Pos)>),
}

/// An example as its page gives it: the annotation's `@odata.type` is resolved to `ty` (and
/// decides `collection`) once the page is joined to its resource.
#[derive(Debug, Clone)]
pub(super) struct ExampleDraft {
    pub odata_type: Option<String>,
    /// The example with `ty: None` and the annotation's `isCollection`.
    pub example: Example,
}

pub(super) fn section_of(page: &Page, heading: Option<usize>) -> &str {
    page.section(heading)
}

/// Reads the Methods table of a resource page.
pub(super) fn method_rows(page: &Page, sink: &mut Sink) -> Vec<MethodRow> {
    let mut out = Vec::new();
    for t in page
        .tables
        .iter()
        .filter(|t| section_of(page, t.heading).starts_with("methods"))
    {
        let (Some(mc), rc) = (
            t.column(&["method", "methods", "name"]),
            t.column(&["return type", "return types", "returns", "type"]),
        ) else {
            continue;
        };
        for row in &t.rows {
            let cell = &row[mc];
            let Some(link) = inline::links(&cell.text).into_iter().next() else {
                if !cell.text.trim().is_empty() && !cell.text.trim().starts_with("**") {
                    sink.note(
                        Code::MethodWithoutPage,
                        cell.pos,
                        format!(
                            "method `{}` links to no API page; it has no endpoint",
                            inline::plain(&cell.text)
                        ),
                    );
                }
                continue;
            };
            let target = link
                .target
                .or_else(|| {
                    link.reference
                        .as_deref()
                        .and_then(|r| page.link_def(r))
                        .map(str::to_string)
                })
                .unwrap_or_default();
            let (Some(stem), _) = typeref::target_parts(&target) else {
                continue;
            };
            let ret = rc
                .map(|c| typeref::read_cell(&row[c].text, page))
                .unwrap_or(CellType {
                    spec: Spec::Empty,
                    collection: false,
                });
            out.push(MethodRow {
                name: link.text.clone(),
                stem,
                ret,
                pos: cell.pos,
            });
        }
    }
    out
}

/// Reads an API page.
pub(super) fn api_draft(page: &Page, sink: &mut Sink) -> ApiDraft {
    let namespace = page
        .namespace()
        .map(|(n, _)| n.to_string())
        .unwrap_or_else(|| "microsoft.graph".to_string());
    let stem = crate::model::page_stem(&page.file);
    let mut routes = Vec::new();
    for f in page
        .fences
        .iter()
        .filter(|f| section_of(page, f.heading).starts_with("http request"))
    {
        for (n, line) in f.body.lines().enumerate() {
            let pos = Pos::line(f.body_line + n as u32);
            if line.trim().is_empty() {
                continue;
            }
            match http::route(line) {
                Ok(r) => {
                    if !routes
                        .iter()
                        .any(|x: &Route| x.path == r.path && x.method == r.method)
                    {
                        routes.push(r);
                    }
                }
                Err(RouteError::NotARoute) => sink.warn(
                    Code::RouteJunk,
                    pos,
                    format!(
                        "`{}` in the HTTP request block is not a route (`METHOD /path`); skipped",
                        line.trim()
                    ),
                ),
                Err(RouteError::BadPath(why)) => {
                    sink.warn(Code::RouteUnreadable, pos, format!("route skipped: {why}"))
                }
            }
        }
    }
    mark_deprecated(page, &mut routes, sink);
    if routes.is_empty() {
        sink.warn(Code::NoRoutes, page.title().map_or(Pos::line(1), |h| h.pos), "the page documents no readable route in an `HTTP request` block; the method gets no endpoint");
    }
    // Request body: a JSON representation of a resource, or a parameter table. Some pages
    // put `### Request body` under `## HTTP request` (`driveitem-copy`).
    let in_body = |h: Option<usize>| {
        section_of(page, h).starts_with("request body")
            || h.and_then(|h| page.headings.get(h))
                .is_some_and(|h| h.text.to_ascii_lowercase().starts_with("request body"))
    };
    let body_paras: Vec<&str> = page
        .paragraphs
        .iter()
        .filter(|p| in_body(p.heading))
        .map(|p| p.text.as_str())
        .collect();
    let body_tables: Vec<_> = page.tables.iter().filter(|t| in_body(t.heading)).collect();
    // `POST|PUT …/$ref` sends `{"@odata.id": "…"}`, which the prose names `@odata.id` or
    // "the OData ID".
    let refs = routes
        .iter()
        .any(|r| r.path.ends_with("/$ref") && matches!(r.method, Method::Post | Method::Put));
    let says_ref = |p: &str| {
        let l = p.to_ascii_lowercase();
        l.contains("@odata.id") || (refs && l.contains("odata id"))
    };
    let says_resource = body_paras
        .iter()
        .find(|p| p.to_ascii_lowercase().contains("json representation"));
    let body = if let Some(p) = says_resource {
        let link = inline::links(p)
            .into_iter()
            .find(|l| l.target.as_deref().is_some_and(|t| t.contains(".md")));
        BodyDraft::Resource(link.map(NamedSpec::from_link))
    } else if let Some(t) = body_tables.first() {
        let (Some(nc), Some(tc)) = (
            t.column(&["parameter", "property", "name", "parameter name"]),
            t.column(&["type", "data type", "value"]),
        ) else {
            sink.warn(Code::BodyTableShape, t.pos, "the request-body table has no `Parameter` and `Type` columns; the body is not typed");
            return ApiDraft {
                file: page.file.clone(),
                stem,
                namespace,
                routes,
                body: BodyDraft::None,
                status: status(page),
                response_link: response_link(page),
                examples: examples(page, sink),
                requests: request_examples(page),
                pos: page.title().map_or(Pos::line(1), |h| h.pos),
            };
        };
        let dc = t.column(&["description"]);
        let params = t
            .rows
            .iter()
            .filter(|r| !r[nc].text.trim().is_empty())
            .map(|r| {
                let desc = dc.map(|d| r[d].text.clone()).unwrap_or_default();
                let required = desc.to_ascii_lowercase().contains("required")
                    && !desc.to_ascii_lowercase().contains("not required");
                let name = inline::plain(&r[nc].text)
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_string();
                (
                    name,
                    typeref::read_cell(&r[tc].text, page),
                    required,
                    desc,
                    r[tc].pos,
                )
            })
            .collect();
        BodyDraft::Params(params)
    } else if let Some(p) = body_paras.iter().find(|p| says_ref(p)) {
        // `POST /groups/{id}/members/$ref` sends a reference, `{"@odata.id": "…"}`: the
        // Request body section says so in prose, with no table.
        let pos = page
            .paragraphs
            .iter()
            .find(|q| q.text == *p)
            .map_or(Pos::line(1), |q| q.pos);
        BodyDraft::Params(vec![(
            "@odata.id".to_string(),
            typeref::CellType {
                spec: typeref::Spec::Primitive(crate::model::Edm::String),
                collection: false,
            },
            true,
            "The URL of the object to reference, e.g. `https://graph.microsoft.com/v1.0/directoryObjects/{id}`.".to_string(),
            pos,
        )])
    } else if body_paras.iter().any(|p| p.contains("`{}`")) {
        // "provide an empty json `{}` as request body": an object with no members.
        BodyDraft::Params(Vec::new())
    } else {
        BodyDraft::None
    };
    ApiDraft {
        file: page.file.clone(),
        stem,
        namespace,
        routes,
        body,
        status: status(page),
        response_link: response_link(page),
        examples: examples(page, sink),
        requests: request_examples(page),
        pos: page.title().map_or(Pos::line(1), |h| h.pos),
    }
}

/// The Rust-facing name of an operation's function: `list`/`get`/`create`/`update`/`delete` for
/// the basic methods, else the action or function name from the route, else the Methods name.
pub fn function_name(op: &Operation) -> String {
    let lower = op.name.trim().to_ascii_lowercase();
    // `Get`, `Get widget`, `List widgets`, `Create identityApiConnector`: the basic verb, when the
    // rest of the name is only the resource's own name.
    let resource = op.resource.short().to_string();
    for basic in ["list", "get", "create", "update", "delete"] {
        if let Some(rest) = lower.strip_prefix(basic) {
            let rest: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
            let rest = rest.trim_end_matches('s');
            // `Get item` on driveItem and `Get task` on todoTask name the resource by the
            // end of its name.
            let stem = resource.trim_end_matches('s');
            if rest.is_empty() || rest == stem || (rest.len() >= 3 && stem.ends_with(rest)) {
                return basic.to_string();
            }
        }
    }
    if let Some(route) = op.routes.first() {
        match route.segments.last() {
            Some(http::Segment::Function { name, .. }) => return crate::naming::field(name),
            // An action (POST to `…/{id}/doSomething`) is named by the route.
            Some(http::Segment::Literal(l))
                if op.method == Method::Post
                    && !l.starts_with('$')
                    && !l.contains('.')
                    && route.segments.len() > 1
                    && matches!(
                        route.segments.get(route.segments.len() - 2),
                        Some(http::Segment::Param(_))
                    ) =>
            {
                return crate::naming::field(l);
            }
            _ => {}
        }
    }
    crate::naming::field(&op.name)
}

/// Is this the Edm type of a raw body (`/$value` content)?
pub fn is_stream(ty: &Option<TypeRef>) -> bool {
    matches!(ty, Some(TypeRef::Primitive(Edm::Stream)))
}

/// Marks the routes the HTTP request section says are deprecated: a sentence with "deprecated"
/// naming a path in a code span (`> **Note:** The `/app` path is deprecated. Going forward, use
/// the `/communications` path.`) deprecates the routes under that path. They keep their
/// endpoints, but resolve after the current routes, which so take the plain builder names.
fn mark_deprecated(page: &Page, routes: &mut [Route], sink: &mut Sink) {
    let prose = page.notes.iter().chain(&page.paragraphs);
    for p in prose.filter(|p| section_of(page, p.heading).starts_with("http request")) {
        for sentence in p.text.split(". ") {
            if !sentence.to_ascii_lowercase().contains("deprecat") {
                continue;
            }
            for span in sentence.split('`').skip(1).step_by(2) {
                let prefix = span.trim().trim_end_matches('/');
                if !prefix.starts_with('/') || prefix.len() < 2 {
                    continue;
                }
                let under = |path: &str| {
                    path.strip_prefix(prefix)
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
                };
                let hit: Vec<&mut Route> = routes.iter_mut().filter(|r| under(&r.path)).collect();
                if hit.is_empty() {
                    continue;
                }
                let paths: Vec<String> = hit.iter().map(|r| format!("`{}`", r.path)).collect();
                for r in hit {
                    r.deprecated = true;
                }
                sink.note(
                    Code::DeprecatedRoute,
                    p.pos,
                    format!("the page says `{prefix}` is deprecated: {} kept, after the current routes (which take the plain builder names)", paths.join(", ")),
                );
            }
        }
    }
}
