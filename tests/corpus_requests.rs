//! Every documented request example rebuilt through the emitted builders: the example's URL is
//! located in the route tree (`Tree::locate`), written as the builder call that reaches it
//! (`Calls::call`) with the example's own ids, path and function arguments, its JSON body read
//! into the type the builder asks for, and its query passed through `Query`. The built request's
//! method, path segments, query and body are compared with the documented ones in the examples
//! binary. A failure the docs explain (the URL follows no documented route, the page documents
//! no such method there, the body contradicts its documented type) is counted apart from the
//! unexplained ones, which are generator bugs.

use graphdoc::check as validate;
use graphdoc::emit::calls::{Call, NoCall};
use graphdoc::model::ops::Body;
use graphdoc::model::ops::RequestExample;
use graphdoc::model::routes::{Located, Miss};
use graphdoc::model::{Model, TypeRef};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// One documented request example.
pub struct Case {
    at: String,
    method: String,
    url: String,
    /// Why it was not built (a doc contradiction or a route the tree cannot express).
    not_built: Option<(&'static str, String)>,
    /// The operation the call sends (for explaining a body failure).
    op: Option<usize>,
    body: Option<String>,
}

/// The cases, the Rust functions that build them, and the lines the binary reads.
pub struct Prepared {
    /// All request examples found, built or not.
    pub cases: Vec<Case>,
    /// `fn case_N(…)` items and the `CASES` table, for the examples binary.
    pub code: String,
    /// One JSON line per built case (`id` indexes `built`).
    pub lines: Vec<String>,
    /// Indexes into `cases` of the built ones, in `id` order.
    pub built: Vec<usize>,
}

/// The share of request examples that must be reproduced (of all found, another service's
/// included): today's floor on both versions, so a regression fails CI.
const MINIMUM: f64 = 90.0;

/// Finds every request example (once per page and line) and writes its builder call.
pub fn prepare(model: &Model, out: &graphdoc::Output, krate: &str) -> Prepared {
    let mut seen = std::collections::BTreeSet::new();
    let mut p = Prepared {
        cases: Vec::new(),
        code: String::new(),
        lines: Vec::new(),
        built: Vec::new(),
    };
    let mut fns = Vec::new();
    for (op_index, op) in model.operations.iter().enumerate() {
        for ex in &op.requests {
            if !seen.insert((op.page.clone(), ex.line)) {
                continue;
            }
            let mut case = Case {
                at: format!("{}:{}", op.page, ex.line),
                method: ex.method.to_string(),
                url: ex.url.clone(),
                not_built: None,
                op: None,
                body: ex.body.clone(),
            };
            let (located, call, body) = match plan(model, out, op_index, ex, krate) {
                Ok(planned) => planned,
                Err(why) => {
                    case.not_built = Some(why);
                    p.cases.push(case);
                    continue;
                }
            };
            case.op = Some(call.op);
            let id = p.built.len();
            let body_arg = match (&ex.body, call.body) {
                (Some(text), true) => format!("&body({text:?})?"),
                // The builder wants a body the example does not send: an empty one, which the
                // comparison then reports.
                (None, true) => "&body(\"{}\")?".to_string(),
                _ => String::new(),
            };
            let expr = call.expr.replace("BODY", &body_arg);
            fns.push(format!(
                "/// {} {}\nfn case_{id}(q: &[(&str, &str)]) -> Result<Built, String> {{\n    Ok(built({expr}, q))\n}}\n",
                ex.method,
                case.at
            ));
            p.lines.push(
                json!({
                    "id": id,
                    "method": ex.method,
                    "path": located.path,
                    "query": located.query,
                    "body": body,
                })
                .to_string(),
            );
            p.built.push(p.cases.len());
            p.cases.push(case);
        }
    }
    let table: Vec<String> = (0..p.built.len()).map(|i| format!("case_{i}")).collect();
    p.code = format!(
        "{}\n#[allow(clippy::type_complexity)]\nconst CASES: &[fn(&[(&str, &str)]) -> Result<Built, String>] = &[{}];\n",
        fns.join("\n"),
        table.join(", ")
    );
    p
}

/// The example located, its builder call and its body; or why it is not built (a kind and a
/// message).
fn plan(
    model: &Model,
    out: &graphdoc::Output,
    op_index: usize,
    ex: &RequestExample,
    krate: &str,
) -> Result<(Located, Call, Option<Value>), (&'static str, String)> {
    let host = ex
        .url
        .split_once("://")
        .map(|(_, rest)| rest.split('/').next().unwrap_or(""));
    if host.is_some_and(|h| !h.eq_ignore_ascii_case("graph.microsoft.com")) {
        return Err(("another service", "the URL is not Graph's".into()));
    }
    let sends = |n: usize| out.calls.sends(model, n, ex.method.as_str());
    let located = model
        .routes
        .locate_where(&ex.url, sends)
        .map_err(|m| match m {
            Miss::NotAPath(why) => ("not a URL", why),
            m => ("no documented route", m.to_string()),
        })?;
    let call = out
        .calls
        .call(model, &located, ex.method.as_str(), krate)
        .map_err(|e| match e {
            NoCall::NoEndpoint { .. } => (
                "no documented method",
                format!("{e}; {}", own_route(model, out, op_index)),
            ),
            e => ("no builder", e.to_string()),
        })?;
    let body = match &ex.body {
        Some(text) => Some(serde_json::from_str(text).map_err(|e| {
            (
                "body not strict JSON",
                format!("the example's body is not strict JSON ({e})"),
            )
        })?),
        None => None,
    };
    Ok((located, call, body))
}

/// Where the example's own operation is sent, for a request the located node has no method for.
fn own_route(model: &Model, out: &graphdoc::Output, op: usize) -> String {
    let tree = &model.routes;
    let ends: Vec<String> = (0..tree.nodes.len())
        .filter(|&n| tree.nodes[n].endpoints.iter().any(|e| e.op == op))
        .map(|n| {
            let emitted = out.calls.verbs.contains_key(&(n, op))
                || out.calls.access[n]
                    .as_ref()
                    .and_then(|a| a.direct)
                    .is_some_and(|(o, _)| o == op);
            format!(
                "`{}`{}",
                tree.path(n),
                if emitted { "" } else { " (not emitted)" }
            )
        })
        .collect();
    if ends.is_empty() {
        format!(
            "{} reaches no node (another page's operation took each of its routes: `route-collision`)",
            model.operations[op].page
        )
    } else {
        format!(
            "{} documents {}",
            model.operations[op].page,
            ends.join(", ")
        )
    }
}

/// Why a body the builder could not take fits the docs: the validator's mismatch, or `None`.
fn body_explained(model: &Model, op: usize, text: &str) -> Option<String> {
    let op = &model.operations[op];
    let show = |m: &validate::Mismatch| {
        format!(
            "`{}` is `{}`, typed `{}` ({})",
            m.path, m.value, m.expected, m.reason
        )
    };
    match &op.body {
        Body::Resource(k) | Body::Update(k) => {
            let ms = validate::check_example_text(model, &TypeRef::Named(k.clone()), false, text)?;
            ms.first().map(show)
        }
        Body::Params(params) => {
            let v: Value = serde_json::from_str(text).ok()?;
            for (name, value) in v.as_object()? {
                if let Some(p) = params
                    .iter()
                    .find(|p| p.name != *name && p.name.eq_ignore_ascii_case(name))
                {
                    return Some(format!(
                        "the example sends `{name}`, the page's parameter table names it `{}` (JSON names are case-sensitive)",
                        p.name
                    ));
                }
                let Some(p) = params.iter().find(|p| p.name.eq_ignore_ascii_case(name)) else {
                    return Some(format!(
                        "the example sends `{name}`, which the page's parameter table does not list"
                    ));
                };
                // The validator reads a lone primitive or enum as OData's `{"value": x}`.
                let (wrapped, coll) = if p.collection {
                    (json!({ "value": value }), true)
                } else if validate::is_wrapped(model, &p.ty) {
                    (json!({ "value": value }), false)
                } else {
                    (value.clone(), false)
                };
                if let Some(m) = validate::check_example(model, &p.ty, coll, &wrapped).first() {
                    return Some(format!("parameter `{}`: {}", p.name, show(m)));
                }
            }
            None
        }
        Body::None => Some("the page documents no request body".into()),
    }
}

/// The heading of the failures [`body_explained`] explains.
const BODY_DIFFERS: &str = "body differs from its documentation";

/// Why a built path that is not its example's differs only in how it is written, if it does:
/// the heading it is listed under and the explanation.
fn path_explained(error: &str) -> Option<(&'static str, &'static str)> {
    let (built, want) = error.split_once(" for ")?;
    let built = built.trim_start_matches("built ");
    if built.replace('\'', "") == want.replace('\'', "") {
        return Some(("quoting differs from its page's route", "the page's route and its example quote a function argument differently; the builder quotes as the route does"));
    }
    // `resizedRange(deltaRows={n}, deltaColumns={n})`: a space the URL cannot carry
    // unencoded; the builder writes the arguments without it.
    let bare = |s: &str| s.split_whitespace().collect::<String>();
    (built != want && bare(built) == bare(want)).then_some(("spacing inside a function call", "the example writes a space between function arguments, which a URL cannot carry unencoded; the builder writes none"))
}

/// Prints the figures and every failure; false when fewer than [`MINIMUM`] are reproduced or
/// any failure is unexplained.
pub fn summarise(model: &Model, p: &Prepared, results: &[Value], version: &str) -> bool {
    let mut reproduced = 0;
    let mut case_only = 0;
    let mut explained: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut unexplained: Vec<String> = Vec::new();
    for c in &p.cases {
        if let Some((kind, why)) = &c.not_built {
            explained
                .entry(kind)
                .or_default()
                .push(format!("{} {} {}: {why}", c.at, c.method, c.url));
        }
    }
    for r in results {
        let Some(&ci) = r["id"].as_u64().and_then(|i| p.built.get(i as usize)) else {
            continue;
        };
        let c = &p.cases[ci];
        if r["ok"] == true {
            reproduced += 1;
            case_only += usize::from(r["case_only"] == true);
            continue;
        }
        let error = r["error"].as_str().unwrap_or("?");
        let detail = r["lost"]
            .as_array()
            .and_then(|l| l.first())
            .map(|l| {
                format!(
                    ": `{}` {} → {} ({})",
                    l["path"].as_str().unwrap_or(""),
                    l["input"].as_str().unwrap_or("(absent)"),
                    l["output"].as_str().unwrap_or("(absent)"),
                    l["kind"].as_str().unwrap_or("")
                )
            })
            .unwrap_or_default();
        let line = format!("{} {} {}: {error}{detail}", c.at, c.method, c.url);
        let explanation = match (r["stage"].as_str(), c.op, &c.body) {
            (Some("path"), _, _) => {
                path_explained(error).map(|(kind, why)| (kind, why.to_string()))
            }
            (Some("body"), Some(op), Some(text)) => {
                body_explained(model, op, text).map(|why| (BODY_DIFFERS, why))
            }
            (Some("body"), Some(op), None) => Some((
                BODY_DIFFERS,
                format!(
                    "the example sends no body; {} documents one",
                    model.operations[op].page
                ),
            )),
            _ => None,
        };
        match explanation {
            Some((kind, why)) => explained
                .entry(kind)
                .or_default()
                .push(format!("{line} — {why}")),
            None => unexplained.push(line),
        }
    }
    let found = p.cases.len();
    let pct = 100.0 * reproduced as f64 / found.max(1) as f64;
    let n_explained: usize = explained.values().map(Vec::len).sum();
    println!(
        "request examples ({version}): {found} found, {} built through the builders, {reproduced} reproduced ({pct:.2}%; {case_only} differ only in the letter case of a segment); {n_explained} explained, {} unexplained",
        p.built.len(),
        unexplained.len()
    );
    for (kind, lines) in &explained {
        println!("  explained, {kind}: {}", lines.len());
        for l in lines {
            println!("    {l}");
        }
    }
    println!("  unexplained (generator bugs): {}", unexplained.len());
    for l in &unexplained {
        println!("    {l}");
    }
    let other = explained.get("another service").map_or(0, Vec::len);
    let graph_pct = 100.0 * reproduced as f64 / (found - other).max(1) as f64;
    // The gate holds today's floor; the aim (issue 8) is 97%, and the lists above say what
    // stands between: mostly pages whose examples contradict their own routes and types.
    let ok = pct >= MINIMUM && unexplained.is_empty();
    println!(
        "request examples ({version}): {pct:.2}% of all reproduced ({graph_pct:.2}% of the {} to Graph itself; minimum {MINIMUM}%, aim 97%), {} unexplained (maximum 0): {}",
        found - other,
        unexplained.len(),
        if ok { "ok" } else { "FAILED" }
    );
    ok
}
