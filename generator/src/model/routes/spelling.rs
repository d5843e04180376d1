//! How the pages spell route segments, read into steps: a key in parentheses, a GUID written
//! where a key goes, `f(<p>)` angle placeholders, function arguments an example quotes.

use super::{Step, Tree};
use crate::diag::Code;
use crate::diag::{Pos, Severity, Sink};
use crate::model::ops::Operation;
use crate::model::Model;
use crate::parse::http::Segment;

/// The steps a route segment makes (a key in parentheses, `users('{id}')`, is two).
pub(super) fn steps_of(seg: &Segment, model: &Model) -> Vec<(Step, Option<String>)> {
    match seg {
        // A route that writes a concrete id (`/classes/acdefc6b-…/assignments/cf6005fc-…`)
        // means a key there.
        Segment::Literal(l) if is_guid(l) => vec![(Step::Key, Some("id".to_string()))],
        Segment::Literal(l) => {
            let step = match l.as_str() {
                "$value" => Step::Value,
                "$ref" => Step::Ref,
                "$count" => Step::Count,
                _ if l.contains('.') => match model.get(l) {
                    Some(t) => Step::Cast(crate::model::TypeKey::of(&t.name), l.clone()),
                    None => Step::Segment(l.clone()),
                },
                _ => Step::Segment(l.clone()),
            };
            vec![(step, None)]
        }
        Segment::Param(p) => vec![(Step::Key, Some(p.clone()))],
        Segment::PathAddress { prefix, param } => {
            vec![(Step::PathAddress(prefix.clone()), Some(param.clone()))]
        }
        Segment::Function { name, args } => {
            if let [a] = args.as_slice() {
                if a.name.is_empty() {
                    // `borders(<sideIndex>)`: a key in parentheses written with an angle
                    // placeholder, where the model has `borders` as a collection.
                    let angle = a
                        .literal
                        .strip_prefix('<')
                        .and_then(|l| l.strip_suffix('>'))
                        .filter(|_| a.param.is_none() && collection_property(model, name));
                    if let Some(p) = a.param.as_deref().or(angle) {
                        return vec![
                            (Step::Segment(name.clone()), None),
                            (Step::Key, Some(p.to_string())),
                        ];
                    }
                }
            }
            vec![(
                Step::Function {
                    name: name.clone(),
                    args: args.clone(),
                },
                None,
            )]
        }
    }
}

/// True when some documented type has a collection property named `name`.
fn collection_property(model: &Model, name: &str) -> bool {
    model.types.values().any(|t| {
        t.properties
            .iter()
            .any(|p| p.collection && p.name.eq_ignore_ascii_case(name))
    })
}

/// A GUID written out: `acdefc6b-2dc6-4e71-b1e9-6d9810ab1793`.
pub(super) fn is_guid(s: &str) -> bool {
    // Every segment of every route is asked: the length turns nearly all away unsplit.
    if s.len() != 36 {
        return false;
    }
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The note for a route writing `f(<p>)` where another writes `f(p=…)`.
pub(super) fn angle_note(sink: &mut Sink, op: &Operation, path: &str, named: &Step) {
    angle_placeholder(sink, op, format!(
        "the route `{path}` writes a function argument as `<…>`; read as `{}`, as other routes write it",
        named.text(&[])
    ))
}

/// An `angle-placeholder` note on `op`'s page.
pub(super) fn angle_placeholder(sink: &mut Sink, op: &Operation, message: String) {
    let at = Pos::line(op.line);
    sink.push_at(
        Severity::Note,
        Code::AnglePlaceholder,
        &op.page,
        at,
        message,
    );
}

/// The placeholder of a function step written `name(<placeholder>)`: one unnamed argument in
/// angle brackets, which the pages use for a named argument (`range(<address>)` beside
/// `range(address='{address}')`).
pub(super) fn angle_arg(step: &Step) -> Option<&str> {
    match step {
        Step::Function { args, .. } => match args.as_slice() {
            [a] if a.name.is_empty() && a.param.is_none() => a
                .literal
                .strip_prefix('<')
                .and_then(|l| l.strip_suffix('>'))
                .filter(|l| !l.is_empty()),
            _ => None,
        },
        _ => None,
    }
}

/// Quotes a function argument the routes write bare (`range(address={address})`) when an
/// example of an operation there quotes it (`range(address='A1:B2')`): OData wants a string
/// argument quoted, and the example is the request the page shows working. Never unquotes.
pub(super) fn quote_from_examples(
    model: &Model,
    tree: &mut Tree,
    at: &[Vec<(usize, usize)>],
    sink: &mut Sink,
) {
    // Operations at or below each node, gathered children first (parents come before them).
    let mut below: Vec<Vec<usize>> = at
        .iter()
        .map(|l| l.iter().map(|&(o, _)| o).collect())
        .collect();
    for i in (1..tree.nodes.len()).rev() {
        if let Some(p) = tree.nodes[i].parent {
            let mine = below[i].clone();
            below[p].extend(mine);
        }
        below[i].sort_unstable();
        below[i].dedup();
    }
    for (i, ops_below) in below.iter().enumerate().skip(1) {
        let Step::Function { name, args } = &tree.nodes[i].step else {
            continue;
        };
        let call = format!("{}(", name.to_ascii_lowercase());
        let mut quote = Vec::new();
        for (k, a) in args.iter().enumerate() {
            if a.quoted || a.param.is_none() || a.name.is_empty() {
                continue;
            }
            let wanted = format!("{}='", a.name.to_ascii_lowercase());
            let shown = ops_below.iter().find_map(|&o| {
                let op = &model.operations[o];
                op.requests.iter().find_map(|r| {
                    let url = r.url.to_ascii_lowercase();
                    let start = url.find(&call)? + call.len();
                    let inner = &url[start..start + url[start..].find(')')?];
                    inner.contains(&wanted).then_some((op, r.line))
                })
            });
            if let Some((op, line)) = shown {
                sink.push_at(
                    Severity::Note,
                    Code::FunctionQuoting,
                    &op.page,
                    Pos::line(line),
                    format!(
                        "`{}` writes `{}` bare, this example quotes it; the builder quotes it as the example does",
                        tree.path(i),
                        a.name
                    ),
                );
                quote.push(k);
            }
        }
        if let Step::Function { args, .. } = &mut tree.nodes[i].step {
            for k in quote {
                args[k].quoted = true;
            }
        }
    }
}
