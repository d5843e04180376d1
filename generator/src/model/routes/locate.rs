//! Finding the node a concrete request addresses, with the values it fills in: a documented
//! example's `GET https://graph.microsoft.com/v1.0/me/messages/AAMkAD%3D?$select=subject` is
//! `/me/messages/{id}` with `id = AAMkAD=` and the query `$select=subject`.
//!
//! Matching prefers what the route spells out (a property, a cast, `$value`, a function) to a
//! key, and backtracks when that choice leads nowhere, so an id that happens to equal a
//! property name still reaches its key.

use super::{Step, Tree};
use crate::model::TypeRef;
use std::collections::BTreeMap;

/// A value a request fills in at one node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bound {
    /// A key: `AAMkAD=` in `/me/messages/AAMkAD=` or `users('AAMkAD=')`.
    Key(String),
    /// A path address: `folder/file.txt` in `root:/folder/file.txt:`.
    Path(String),
    /// A function's arguments, one per argument of the documented step (quotes removed).
    Args(Vec<String>),
}

/// A concrete request located in the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The node the path ends at.
    pub node: usize,
    /// The values filled in, by position in `chain`.
    pub bound: Vec<(usize, Bound)>,
    /// The nodes matched, in order: each is a child of the one before it, or of a node
    /// addressing the same type (whose builder is the same).
    pub chain: Vec<usize>,
    /// The path as sent, host and version removed (`me/messages/AAMkAD%3D`).
    pub path: String,
    /// The query's parameters, percent-decoded, in order.
    pub query: Vec<(String, String)>,
}

/// Why a request is not in the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Miss {
    /// The text is not a Graph URL path.
    NotAPath(String),
    /// No documented route goes on with `segment` after `at` (a route template).
    NoRoute {
        /// The deepest route template reached.
        at: String,
        /// The segment that leads nowhere.
        segment: String,
    },
}

impl std::fmt::Display for Miss {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Miss::NotAPath(why) => write!(f, "not a Graph URL: {why}"),
            Miss::NoRoute { at, segment } => write!(
                f,
                "no documented route goes on from `{at}` with `{segment}`"
            ),
        }
    }
}

/// One raw segment of a concrete URL.
#[derive(Debug, Clone)]
pub(super) enum Raw {
    Plain(String),
    PathAddress(String, String),
}

impl Tree {
    /// The node `url` (a full Graph URL or a path, with or without its query) addresses, and the
    /// values it fills in.
    pub fn locate(&self, url: &str) -> Result<Located, Miss> {
        self.locate_where(url, |_| true)
    }

    /// Like [`locate`](Tree::locate), preferring a match that ends at a node `accept` takes
    /// (one with an endpoint for the request's method, say) to the first match: a route may
    /// spell out a value (`/domains/contoso.com`) that another route has as a key.
    pub fn locate_where(&self, url: &str, accept: impl Fn(usize) -> bool) -> Result<Located, Miss> {
        self.locate_among(url, accept, &twin_index(self))
    }

    /// [`locate_where`](Tree::locate_where) with the nodes-by-shape index built by the
    /// caller, who locates many URLs in one tree (building it costs a pass over every node).
    pub(super) fn locate_among(
        &self,
        url: &str,
        accept: impl Fn(usize) -> bool,
        twins: &Twins,
    ) -> Result<Located, Miss> {
        let (path, query) = split_url(url)?;
        let raws = raw_segments(path);
        if raws.is_empty() {
            return Err(Miss::NotAPath(format!("`{url}` has no path")));
        }
        let mut fallback = None;
        for strict in [true, false] {
            let mut w = Walk {
                tree: self,
                accept: |n: usize| !strict || accept(n),
                budget: WALK_BUDGET,
                deepest: (0, raws.len()),
                bound: Vec::new(),
                chain: Vec::new(),
                twins,
            };
            if let Some(node) = w.walk(0, &raws) {
                return Ok(Located {
                    node,
                    bound: w.bound,
                    chain: w.chain,
                    path: path.to_string(),
                    query,
                });
            }
            fallback.get_or_insert(w.deepest);
        }
        let deepest = fallback.unwrap_or((0, raws.len()));
        Err(Miss::NoRoute {
            at: self.path(deepest.0),
            segment: match &raws[(raws.len() - deepest.1).min(raws.len() - 1)] {
                Raw::Plain(s) => s.clone(),
                Raw::PathAddress(p, v) => format!("{p}:/{v}:"),
            },
        })
    }

    /// The children of `at` that `raw` may lead to, best first, with what each binds. `called`
    /// is `raw` read as a call (`name(args)`), worked out once by the caller for every node it
    /// asks; values are decoded only when the walk tries the candidate.
    fn candidates<'r>(
        &self,
        at: usize,
        raw: &'r Raw,
        called: Option<&'r (&'r str, Vec<Arg>)>,
        out: &mut Vec<(usize, Step2<'r>)>,
    ) {
        let children = &self.nodes[at].children;
        match raw {
            Raw::PathAddress(prefix, value) => {
                for &c in children {
                    if let Step::PathAddress(p) = &self.nodes[c].step {
                        if p.eq_ignore_ascii_case(prefix) {
                            out.push((c, Step2::Path(value)));
                        }
                    }
                }
            }
            Raw::Plain(text) => {
                let special = match text.as_str() {
                    "$value" => Some(Step::Value),
                    "$ref" => Some(Step::Ref),
                    "$count" => Some(Step::Count),
                    _ => None,
                };
                if let Some(s) = special {
                    out.extend(
                        children
                            .iter()
                            .filter(|&&c| self.nodes[c].step == s)
                            .map(|&c| (c, Step2::Nothing)),
                    );
                    return;
                }
                if let Some((name, args)) = called {
                    for &c in children {
                        match &self.nodes[c].step {
                            Step::Function {
                                name: n,
                                args: want,
                            } if n.eq_ignore_ascii_case(name) => {
                                if let Some(values) = bind_args(want, args) {
                                    out.push((c, Step2::Args(values)));
                                }
                            }
                            Step::Segment(s) if s.eq_ignore_ascii_case(name) => {
                                if let [(None, v)] = args.as_slice() {
                                    out.push((c, Step2::KeyBelow(v)));
                                }
                            }
                            _ => {}
                        }
                    }
                }
                for &c in children {
                    let hit = match &self.nodes[c].step {
                        Step::Segment(s) | Step::Action(s) => s.eq_ignore_ascii_case(text),
                        Step::Cast(_, t) => t.eq_ignore_ascii_case(text),
                        _ => false,
                    };
                    if hit {
                        out.push((c, Step2::Nothing));
                    }
                }
                for &c in children {
                    if self.nodes[c].step == Step::Key {
                        out.push((c, Step2::Key(text)));
                    }
                }
            }
        }
    }
}

/// How many steps one match may take: backtracking over shared shapes is bounded, so a
/// hostile URL or tree cannot make locating slow.
const WALK_BUDGET: usize = 20_000;

/// Nodes by what they address (type, collection): the nodes one builder serves.
pub(super) struct Twins {
    /// Each shape's nodes, in tree order.
    groups: Vec<Vec<usize>>,
    /// Each node's group (none for untyped and `$ref` nodes).
    of: Vec<Option<usize>>,
}

impl Twins {
    /// The nodes addressing what `n` addresses, `n` among them; empty for an untyped or
    /// `$ref` node.
    pub(super) fn of(&self, n: usize) -> &[usize] {
        match self.of.get(n).copied().flatten() {
            Some(g) => &self.groups[g],
            None => &[],
        }
    }
}

/// The [`Twins`] of a tree (a `$ref` node addresses a link, not the type).
pub(super) fn twin_index(tree: &Tree) -> Twins {
    let mut shapes: BTreeMap<(&TypeRef, bool), usize> = BTreeMap::new();
    let mut twins = Twins {
        groups: Vec::new(),
        of: vec![None; tree.nodes.len()],
    };
    for (i, n) in tree.nodes.iter().enumerate() {
        if let (Some(t), false) = (&n.ty, n.step == Step::Ref) {
            let next = twins.groups.len();
            let g = *shapes.entry((t, n.collection)).or_insert(next);
            if g == next {
                twins.groups.push(Vec::new());
            }
            twins.groups[g].push(i);
            twins.of[i] = Some(g);
        }
    }
    twins
}

/// One matching run.
struct Walk<'t, F> {
    tree: &'t Tree,
    accept: F,
    budget: usize,
    /// The furthest point reached, as (node, segments left), for the message on a miss.
    deepest: (usize, usize),
    bound: Vec<(usize, Bound)>,
    chain: Vec<usize>,
    twins: &'t Twins,
}

impl<F: Fn(usize) -> bool> Walk<'_, F> {
    /// Matches `raws` below node `at`, trying its own children best first, then the children
    /// of nodes addressing the same type (their builders are one shared builder, so
    /// `/me/drive/root/workbook` is reachable though only `/me/drive/items/{id}/workbook` is
    /// documented), backtracking when a choice leads nowhere.
    fn walk(&mut self, at: usize, raws: &[Raw]) -> Option<usize> {
        let Some((first, rest)) = raws.split_first() else {
            return (self.accept)(at).then_some(at);
        };
        if self.budget == 0 {
            return None;
        }
        self.budget -= 1;
        if raws.len() < self.deepest.1 {
            self.deepest = (at, raws.len());
        }
        let (depth, links) = (self.bound.len(), self.chain.len());
        let called = match first {
            Raw::Plain(text) => call(text),
            Raw::PathAddress(..) => None,
        };
        let mut candidates: Vec<(usize, Step2)> = Vec::new();
        self.tree
            .candidates(at, first, called.as_ref(), &mut candidates);
        for &src in self.twins.of(at).iter().filter(|&&t| t != at) {
            self.tree
                .candidates(src, first, called.as_ref(), &mut candidates);
        }
        // A segment some route spells out (`copyToDefaultContentLocation`) is that step, not
        // a key of another node of the same type.
        if candidates
            .iter()
            .any(|(c, _)| self.tree.nodes[*c].step != Step::Key)
        {
            let tree = self.tree;
            candidates.retain(|(c, _)| {
                tree.nodes[*c].step != Step::Key || tree.nodes[*c].parent == Some(at)
            });
        }
        for (child, binds) in candidates {
            self.bound.truncate(depth);
            self.chain.truncate(links);
            self.chain.push(child);
            let mut node = child;
            let here = self.chain.len() - 1;
            let ok = match binds {
                Step2::Nothing => true,
                Step2::Key(text) => {
                    self.bound.push((here, Bound::Key(decode(text))));
                    true
                }
                Step2::Path(value) => {
                    self.bound.push((here, Bound::Path(decode(value))));
                    true
                }
                Step2::Args(values) => {
                    self.bound.push((here, Bound::Args(values)));
                    true
                }
                // A key in parentheses: the segment's node, then its key child.
                Step2::KeyBelow(k) => match self.tree.nodes[node]
                    .children
                    .iter()
                    .copied()
                    .find(|&c| self.tree.nodes[c].step == Step::Key)
                {
                    Some(key) => {
                        self.chain.push(key);
                        self.bound
                            .push((self.chain.len() - 1, Bound::Key(k.clone())));
                        node = key;
                        true
                    }
                    None => false,
                },
            };
            if ok {
                if let Some(end) = self.walk(node, rest) {
                    return Some(end);
                }
            }
        }
        self.bound.truncate(depth);
        self.chain.truncate(links);
        None
    }
}

/// What a candidate binds, decoded when the walk tries it: nothing, a key (the raw segment),
/// a path address's value, a function's arguments, or a key at the candidate's key child.
enum Step2<'r> {
    Nothing,
    Key(&'r str),
    Path(&'r str),
    Args(Vec<String>),
    KeyBelow(&'r String),
}

/// A query's decoded `(name, value)` pairs.
pub(super) type Query = Vec<(String, String)>;

/// A call's argument: its name when written `name=value`, and its value.
pub(super) type Arg = (Option<String>, String);

/// The path (host and version removed) and the decoded query of a URL.
pub(super) fn split_url(url: &str) -> Result<(&str, Query), Miss> {
    let mut u = url.trim();
    for suffix in ["HTTP/1.1", "HTTP/1.0"] {
        if let Some(s) = u.strip_suffix(suffix) {
            u = s.trim_end();
        }
    }
    let u = u.split('#').next().unwrap_or("");
    let (path, query) = u.split_once('?').unwrap_or((u, ""));
    let mut path = path;
    for scheme in ["https://", "http://"] {
        if let Some(rest) = path.strip_prefix(scheme) {
            path = rest.find('/').map_or("", |i| &rest[i..]);
        }
    }
    for version in ["/v1.0/", "/beta/"] {
        if let Some(rest) = path.strip_prefix(version) {
            path = rest;
        }
    }
    let path = path.trim_start_matches('/');
    if path.is_empty() || has_bare_space(path) {
        return Err(Miss::NotAPath(format!("`{url}`")));
    }
    let query = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    Ok((path, query))
}

/// Whitespace outside `(…)`, `{…}` and quotes: prose after a URL, not part of it (inside,
/// it is a function's argument or a placeholder written unencoded, `search(q='a b')`).
fn has_bare_space(path: &str) -> bool {
    let mut depth = 0i32;
    let mut quoted = false;
    for c in path.chars() {
        match c {
            '\'' => quoted = !quoted,
            '(' | '{' if !quoted => depth += 1,
            ')' | '}' if !quoted => depth -= 1,
            c if c.is_whitespace() && depth <= 0 && !quoted => return true,
            _ => {}
        }
    }
    false
}

/// Splits a path into segments at `/`s outside parentheses and quotes, keeping path
/// addressing (`root:/folder/file.txt:`) as one.
pub(super) fn raw_segments(path: &str) -> Vec<Raw> {
    let mut out = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        let end = split_at(rest);
        let seg = &rest[..end];
        let after = rest.get(end + 1..).unwrap_or("");
        if let Some(prefix) = seg.strip_suffix(':') {
            // `root:/folder/file.txt:` — the address runs to the next `:`, or to the end.
            let close = after.find(':').unwrap_or(after.len());
            out.push(Raw::PathAddress(
                prefix.to_string(),
                after[..close].to_string(),
            ));
            rest = after.get(close + 1..).unwrap_or("").trim_start_matches('/');
            continue;
        }
        if !seg.is_empty() {
            out.push(Raw::Plain(seg.to_string()));
        }
        rest = after;
    }
    out
}

/// The index of the first `/` outside parentheses and quotes, or the length.
fn split_at(s: &str) -> usize {
    let mut depth = 0i32;
    let mut quoted = false;
    for (i, c) in s.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            '/' if depth <= 0 && !quoted => return i,
            _ => {}
        }
    }
    s.len()
}

/// The arguments between a function's parentheses, split at the commas outside quotes.
pub(super) fn split_args(body: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (i, c) in body.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            ',' if !quoted => {
                parts.push(&body[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&body[start..]);
    parts
}

/// `name(a='x',b=5)` → `("name", [(Some("a"), "x"), (Some("b"), "5")])`; `users('x')` →
/// `("users", [(None, "x")])`. Values are unquoted and decoded.
pub(super) fn call(text: &str) -> Option<(&str, Vec<Arg>)> {
    let open = text.find('(')?;
    let body = text[open + 1..].strip_suffix(')')?;
    let mut args = Vec::new();
    for part in split_args(body)
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (name, value) = match part.split_once('=') {
            Some((n, v)) if !n.contains('\'') => (Some(n.trim().to_string()), v.trim()),
            _ => (None, part),
        };
        let value = match value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
            Some(inner) => decode(inner).replace("''", "'"),
            None => decode(value),
        };
        args.push((name, value));
    }
    Some((&text[..open], args))
}

/// The values for a documented function step's placeholder arguments, by name (or by position
/// when the step's arguments are unnamed); `None` when one is missing or the request passes an
/// argument the step does not have.
fn bind_args(want: &[crate::parse::http::FunctionArg], got: &[Arg]) -> Option<Vec<String>> {
    let named = got.iter().all(|(n, _)| n.is_some());
    if got.len() != want.len() {
        return None;
    }
    let mut out = Vec::new();
    for (i, w) in want.iter().enumerate() {
        let value = if named && !w.name.is_empty() {
            got.iter()
                .find(|(n, _)| {
                    n.as_deref()
                        .is_some_and(|n| n.eq_ignore_ascii_case(&w.name))
                })?
                .1
                .clone()
        } else {
            got[i].1.clone()
        };
        if w.param.is_some() {
            out.push(value);
        }
    }
    Some(out)
}

/// Percent-decoding; a `%` not followed by two hex digits stays as written.
pub fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
#[path = "locate_tests.rs"]
mod tests;
