//! Routes a page's request examples use but its HTTP request section does not list: an
//! example is documentation too (`GET /me/drive/root/delta(token='…')` on a page listing only
//! `/me/drive/root/delta`, `POST …/items/{id}/unfollow` on a page listing `DELETE …/following`).
//!
//! Each such route is written as a template from the example's URL, conservatively: the
//! example must be Graph's (`https://graph.microsoft.com/v1.0|beta/…` or a bare path) and use its
//! operation's method; each segment must be one the tree spells out, a key (a value after a
//! collection, a GUID, a `{placeholder}`, a value in parentheses), a documented property or cast
//! of the type reached, or, last, the action or function the page is named for
//! (`driveitem-unfollow.md` → `unfollow`), whose arguments become parameters. Anything else
//! (a new root, a name nothing documents) leaves the example unlisted, for the corpus to explain.

use super::locate::{call, raw_segments, split_url, twin_index, Raw, Twins};
use super::{Step, Tree};
use crate::diag::Code;
use crate::diag::{Pos, Severity, Sink};
use crate::model::ops::Operation;
use crate::model::{Model, TypeRef};
use crate::parse::http::{self, Method, Route};
use std::collections::BTreeMap;

/// The routes the operations' request examples add: `(operation, route, example line)`, with a
/// `route-from-example` note for each.
pub(super) fn routes(model: &Model, tree: &Tree, sink: &mut Sink) -> Vec<(usize, Route, u32)> {
    let walker = Walker {
        model,
        tree,
        twins: twin_index(tree),
    };
    let mut out: Vec<(usize, Route, u32)> = Vec::new();
    // A node sends a method when it or a node addressing the same thing has it (their builder
    // is one: `/me/calendar` deletes as `/me/calendars/{id}` does). Worked out once per method:
    // a locate that finds nothing to accept tries every candidate its step budget allows.
    let mut sends_by_method: BTreeMap<Method, Vec<bool>> = BTreeMap::new();
    for op in &model.operations {
        sends_by_method.entry(op.method).or_insert_with(|| {
            let has: Vec<bool> = tree
                .nodes
                .iter()
                .map(|n| {
                    n.endpoints
                        .iter()
                        .any(|e| model.operations[e.op].method == op.method)
                })
                .collect();
            (0..tree.nodes.len())
                .map(|n| walker.alike(n).into_iter().any(|t| has[t]))
                .collect()
        });
    }
    // Locating an example and writing its template read the model and the first tree only,
    // so every operation's candidates are worked out on all cores; which of them join (the
    // first of a path per operation) and the notes are then decided in operation order, as
    // one pass would.
    let ops: Vec<usize> = (0..model.operations.len()).collect();
    let found = crate::par::batches(&ops, 64, |part| {
        let mut found: Vec<(usize, usize, Route, String)> = Vec::new();
        for &o in part {
            let op = &model.operations[o];
            let sending = &sends_by_method[&op.method];
            for (e, ex) in op.requests.iter().enumerate() {
                if let Some((route, path)) = walker.candidate(op, ex, sending) {
                    found.push((o, e, route, path));
                }
            }
        }
        found
    });
    for (o, e, route, path) in found.into_iter().flatten() {
        let op = &model.operations[o];
        let ex = &op.requests[e];
        let known = |r: &Route| r.path.eq_ignore_ascii_case(&route.path);
        if op.routes.iter().any(known) || out.iter().any(|(x, r, _)| *x == o && known(r)) {
            continue;
        }
        // A page listed by two resources is two operations: one note for its example.
        let noted = out.iter().any(|(x, r, line)| {
            *line == ex.line && model.operations[*x].page == op.page && known(r)
        });
        out.push((o, route.clone(), ex.line));
        if noted {
            continue;
        }
        sink.push_at(
            Severity::Note,
            Code::RouteFromExample,
            &op.page,
            Pos::line(ex.line),
            format!(
                "this example's `{} {path}` follows no route the HTTP request section lists; `{} {}` joins the page's routes",
                ex.method, op.method, route.path
            ),
        );
    }
    out
}

/// A Graph URL of a version this tree may be (`v1.0`, `beta`), or a bare path.
fn is_graph(url: &str) -> bool {
    let u = url.trim();
    let lower = u.to_ascii_lowercase();
    match lower.strip_prefix("https://graph.microsoft.com") {
        Some(rest) => rest.starts_with("/v1.0/") || rest.starts_with("/beta/"),
        None => u.starts_with('/'),
    }
}

/// Where a template has got to: a tree node, or past the tree with what the model says the
/// position addresses (a type, a collection of it, or nothing known).
#[derive(Clone)]
enum At {
    Node(usize),
    Off(Option<TypeRef>, bool),
}

/// One piece of an example's path.
enum Piece {
    Plain(String),
    /// A value in parentheses after a name (`worksheets({id})`, `users('x')`): a key.
    Key(String),
    PathAddress(String),
}

struct Walker<'a> {
    model: &'a Model,
    tree: &'a Tree,
    twins: Twins,
}

impl Walker<'_> {
    /// The route example `ex` of `op` adds, with the example's path, when the tree has no node
    /// for it that sends `op`'s method (`sending`, by node) and a template can be written.
    fn candidate(
        &self,
        op: &Operation,
        ex: &crate::model::ops::RequestExample,
        sending: &[bool],
    ) -> Option<(Route, String)> {
        if ex.method != op.method || !is_graph(&ex.url) {
            return None;
        }
        let sends = |n: usize| sending[n];
        if self
            .tree
            .locate_among(&ex.url, sends, &self.twins)
            .is_ok_and(|l| sends(l.node))
        {
            return None;
        }
        let (path, _) = split_url(&ex.url).ok()?;
        let template = self.template(op, path)?;
        let route = http::route(&format!("{} {template}", op.method)).ok()?;
        Some((route, path.to_string()))
    }

    /// The route template of `path` for `op`, or `None` where a segment is not clearly a name
    /// or a key.
    fn template(&self, op: &Operation, path: &str) -> Option<String> {
        let mut pieces = Vec::new();
        for raw in raw_segments(path) {
            match raw {
                Raw::PathAddress(prefix, _) => pieces.push(Piece::PathAddress(prefix)),
                Raw::Plain(text) => match call(&text) {
                    Some((name, args))
                        if !name.is_empty() && matches!(args.as_slice(), [(None, _)]) =>
                    {
                        pieces.push(Piece::Plain(name.to_string()));
                        pieces.push(Piece::Key(args[0].1.clone()));
                    }
                    _ => pieces.push(Piece::Plain(text)),
                },
            }
        }
        let stem = crate::model::page_stem(&op.page);
        let own = stem.rsplit('-').next().unwrap_or("");
        let mut at = At::Node(0);
        let mut parts: Vec<String> = Vec::new();
        let count = pieces.len();
        for (i, piece) in pieces.iter().enumerate() {
            let last = i + 1 == count;
            let (route, next) = match piece {
                Piece::Key(v) => self.key(&at, &parts, v),
                Piece::PathAddress(prefix) => self.path_address(&at, &parts, prefix)?,
                Piece::Plain(text) => {
                    let here = Here {
                        at: &at,
                        parts: &parts,
                        last,
                        own,
                    };
                    self.plain(here, text)?
                }
            };
            parts = route;
            at = next;
        }
        Some(format!("/{}", parts.join("/")))
    }

    /// A node and the nodes addressing the same thing (type and collection), itself first.
    fn alike(&self, n: usize) -> Vec<usize> {
        let mut out = vec![n];
        out.extend(self.twins.of(n).iter().filter(|&&t| t != n));
        out
    }

    /// The children of a node and of the nodes addressing the same thing.
    fn children(&self, n: usize) -> Vec<usize> {
        self.alike(n)
            .into_iter()
            .flat_map(|t| self.tree.nodes[t].children.iter().copied())
            .collect()
    }

    /// The child of `at` (or of a node addressing the same thing) whose step `hit` takes: the
    /// route so far, ending at that child (a twin's child is written below the twin's own
    /// route, so the example's route joins the documented branch), and the child.
    fn spelled(&self, at: &At, hit: impl Fn(&Step) -> bool) -> Option<(Vec<String>, At)> {
        let At::Node(n) = at else { return None };
        let c = self
            .children(*n)
            .into_iter()
            .find(|&c| hit(&self.tree.nodes[c].step))?;
        let route = self
            .tree
            .lineage(c)
            .into_iter()
            .map(|i| {
                let node = &self.tree.nodes[i];
                node.step.text(&node.placeholders)
            })
            .collect();
        Some((route, At::Node(c)))
    }

    /// A key below `at`: its key child's placeholder, else the example's own `{placeholder}`,
    /// else `{id}`.
    fn key(&self, at: &At, parts: &[String], value: &str) -> (Vec<String>, At) {
        let own = value
            .strip_prefix('{')
            .and_then(|v| v.strip_suffix('}'))
            .and_then(|v| v.split('|').next())
            .map(str::trim)
            .filter(|v| {
                !v.is_empty()
                    && v.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
            })
            .unwrap_or("id");
        match at {
            At::Node(n) => {
                if let Some((text, next)) = self.spelled(at, |s| *s == Step::Key) {
                    return (text, next);
                }
                let node = &self.tree.nodes[*n];
                let ty = node.ty.clone().filter(|_| node.collection);
                (with(parts, format!("{{{own}}}")), At::Off(ty, false))
            }
            At::Off(t, coll) => (
                with(parts, format!("{{{own}}}")),
                At::Off(t.clone().filter(|_| *coll), false),
            ),
        }
    }

    fn path_address(&self, at: &At, parts: &[String], prefix: &str) -> Option<(Vec<String>, At)> {
        if let Some(found) = self.spelled(
            at,
            |s| matches!(s, Step::PathAddress(p) if p.eq_ignore_ascii_case(prefix)),
        ) {
            return Some(found);
        }
        let p = self.property(at, prefix)?;
        Some((
            with(parts, format!("{}:/{{path}}:", p.name)),
            At::Off(Some(p.ty.clone()), false),
        ))
    }

    /// A documented property of what `at` addresses (one thing, not a collection).
    fn property(&self, at: &At, name: &str) -> Option<&crate::model::Property> {
        let ty = match at {
            At::Node(n) => {
                let node = &self.tree.nodes[*n];
                node.ty.as_ref().filter(|_| !node.collection)
            }
            At::Off(t, coll) => t.as_ref().filter(|_| !*coll),
        }?;
        super::resolve::property(self.model, ty, name)
    }

    fn is_collection(&self, at: &At) -> bool {
        match at {
            At::Node(n) => {
                self.tree.nodes[*n].collection
                    || self
                        .children(*n)
                        .iter()
                        .any(|&c| self.tree.nodes[c].step == Step::Key)
            }
            At::Off(_, coll) => *coll,
        }
    }

    fn plain(&self, here: Here<'_>, text: &str) -> Option<(Vec<String>, At)> {
        let Here {
            at,
            parts,
            last,
            own,
        } = here;
        let root = matches!(at, At::Node(0));
        let special = match text {
            "$value" => Some(Step::Value),
            "$ref" => Some(Step::Ref),
            "$count" => Some(Step::Count),
            _ => None,
        };
        if let Some(s) = special {
            let found = self.spelled(at, |x| *x == s);
            return found.or_else(|| (!root).then(|| (with(parts, text), At::Off(None, false))));
        }
        if text.contains('(') {
            return self.function(here, text);
        }
        if let Some(found) = self.spelled(at, |s| match s {
            Step::Segment(x) | Step::Action(x) => x.eq_ignore_ascii_case(text),
            Step::Cast(_, x) => x.eq_ignore_ascii_case(text),
            _ => false,
        }) {
            return Some(found);
        }
        // A new root is never invented.
        if root {
            return None;
        }
        // `generateDownloadUri` where the tree has `generateDownloadUri()`: one function
        // spelled two ways, not a segment beside it (the two would want one builder method).
        let bare_function = self.spelled(at, |s| {
            matches!(s, Step::Function { name, args } if name.eq_ignore_ascii_case(text)
                && args.iter().all(|a| a.param.is_none()))
        });
        if last && text.eq_ignore_ascii_case(own) && bare_function.is_none() {
            return Some((with(parts, text), At::Off(None, false)));
        }
        let placeholder = text.starts_with('{') && text.ends_with('}');
        if placeholder || super::spelling::is_guid(text) || self.is_collection(at) {
            return Some(self.key(at, parts, text));
        }
        if let Some(p) = self.property(at, text) {
            return Some((
                with(parts, &p.name),
                At::Off(Some(p.ty.clone()), p.collection),
            ));
        }
        let cast = self.model.get(text).filter(|_| text.contains('.'))?;
        let coll = match at {
            At::Node(n) => self.tree.nodes[*n].collection,
            At::Off(_, c) => *c,
        };
        Some((
            with(parts, text),
            At::Off(
                Some(TypeRef::Named(crate::model::TypeKey::of(&cast.name))),
                coll,
            ),
        ))
    }

    /// A function call: one the tree has with the same argument names, or, last, the page's
    /// own function with its arguments as parameters (quoted as the example quotes them).
    fn function(&self, here: Here<'_>, text: &str) -> Option<(Vec<String>, At)> {
        let (at, parts) = (here.at, here.parts);
        let (name, args) = named_args(text)?;
        let wanted: Vec<String> = args.iter().map(|(n, _)| n.to_ascii_lowercase()).collect();
        let found = self.spelled(at, |s| match s {
            Step::Function { name: n, args: a } => {
                let mut have: Vec<String> = a.iter().map(|x| x.name.to_ascii_lowercase()).collect();
                let mut want = wanted.clone();
                have.sort();
                want.sort();
                n.eq_ignore_ascii_case(name) && have == want
            }
            _ => false,
        });
        if found.is_some() {
            return found;
        }
        if !here.last || !name.eq_ignore_ascii_case(here.own) || matches!(at, At::Node(0)) {
            return None;
        }
        let written: Vec<String> = args
            .iter()
            .map(|(n, quoted)| {
                if *quoted {
                    format!("{n}='{{{n}}}'")
                } else {
                    format!("{n}={{{n}}}")
                }
            })
            .collect();
        Some((
            with(parts, format!("{name}({})", written.join(","))),
            At::Off(None, false),
        ))
    }
}

/// Where a plain segment of an example's path is read: the position so far, the route written
/// so far, whether it is the last segment, and the page's own name (its stem's last word).
#[derive(Clone, Copy)]
struct Here<'a> {
    at: &'a At,
    parts: &'a [String],
    last: bool,
    own: &'a str,
}

/// `parts` and one more segment.
fn with(parts: &[String], segment: impl Into<String>) -> Vec<String> {
    let mut out = parts.to_vec();
    out.push(segment.into());
    out
}

/// `f(a='x',b=2)` → `("f", [("a", true), ("b", false)])`: every argument named (a name of
/// letters and digits); `None` otherwise.
fn named_args(text: &str) -> Option<(&str, Vec<(String, bool)>)> {
    let open = text.find('(')?;
    let body = text[open + 1..].strip_suffix(')')?;
    let mut args = Vec::new();
    for part in super::locate::split_args(body)
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (n, v) = part.split_once('=')?;
        let n = n.trim();
        if n.is_empty() || !n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return None;
        }
        args.push((n.to_string(), v.trim().starts_with('\'')));
    }
    Some((&text[..open], args))
}

#[cfg(test)]
mod tests {
    fn page(title: &str, body: &str) -> String {
        format!("---\ntitle: \"{title}\"\n---\n\n# {title}\n\nNamespace: microsoft.graph\n\n{body}")
    }

    fn api(title: &str, route: &str, requests: &[&str]) -> String {
        let examples: String = requests
            .iter()
            .map(|r| format!("### Request\n\n<!-- {{ \"blockType\": \"request\" }} -->\n\n```http\n{r}\n```\n\n"))
            .collect();
        page(
            title,
            &format!("## HTTP request\n\n```http\n{route}\n```\n\n## Response\n\nA `200 OK` response code and a [gizmo](../resources/gizmo.md) object.\n\n## Example\n\n{examples}"),
        )
    }

    /// Pages written for this test: a gizmo, its get page and a report function whose example
    /// calls it with an argument the route leaves out.
    fn model() -> crate::model::Model {
        let resource = page(
            "gizmo resource type",
            "## Methods\n\n|Method|Return type|Description|\n|:---|:---|:---|\n\
             |[Get gizmo](../api/gizmo-get.md)|[gizmo](gizmo.md)|Read one.|\n\
             |[report](../api/gizmo-report.md)|[gizmo](gizmo.md)|Summarise one.|\n\
             |[rename](../api/gizmo-rename.md)|None|Rename one.|\n\n\
             ## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n\
             |id|String|Key.|\n|name|String|Label.|\n",
        );
        let pages = vec![
            ("resources/gizmo.md".to_string(), resource),
            (
                "api/gizmo-get.md".to_string(),
                api(
                    "Get gizmo",
                    "GET /gizmos/{id}",
                    &[
                        "GET https://graph.microsoft.com/v1.0/gizmos/g1",
                        "GET https://example.com/gizmos/g1/name",
                        "GET https://graph.microsoft.com/v1/gizmos/g1/name",
                    ],
                ),
            ),
            (
                "api/gizmo-report.md".to_string(),
                api(
                    "gizmo: report",
                    "GET /gizmos/{id}/report",
                    &["GET https://graph.microsoft.com/v1.0/gizmos/5c0e8f1a-0b9d-4a57-9d3e-0c6f2b7a1e44/report(days=7,kind='full')"],
                ),
            ),
            (
                "api/gizmo-rename.md".to_string(),
                api(
                    "gizmo: rename",
                    "POST /gizmos/{id}/rename",
                    &["PATCH https://graph.microsoft.com/v1.0/gizmos/g1/rename", "POST /gizmos/g1/tools/rename"],
                ),
            ),
        ];
        crate::Docs::from_pages("docs", pages).model()
    }

    #[test]
    fn an_example_adds_its_route_where_the_tree_says_what_each_segment_is() {
        let m = model();
        let notes: Vec<_> = m
            .diagnostics
            .iter()
            .filter(|d| d.code == crate::diag::Code::RouteFromExample)
            .collect();
        assert_eq!(notes.len(), 1, "{notes:#?}");
        assert_eq!(notes[0].file, "api/gizmo-report.md");
        let report = m
            .operations
            .iter()
            .find(|o| o.page == "api/gizmo-report.md")
            .expect("the report operation");
        let added = &report.routes[report.from_examples[0].0];
        // The GUID is the key; the arguments are parameters, quoted as the example quotes them.
        assert_eq!(added.path, "/gizmos/{id}/report(days={days},kind='{kind}')");
        let l = m
            .routes
            .locate("/gizmos/g2/report(days=30,kind='short')")
            .expect("the example's route is in the tree");
        assert!(m.routes.nodes[l.node]
            .endpoints
            .iter()
            .any(|e| m.operations[e.op].page == "api/gizmo-report.md"));
        // Another host, another version, another method, an undocumented name: nothing added.
        for page in ["api/gizmo-get.md", "api/gizmo-rename.md"] {
            let op = m.operations.iter().find(|o| o.page == page).unwrap();
            assert!(op.from_examples.is_empty(), "{page}: {:?}", op.routes);
        }
    }
}
