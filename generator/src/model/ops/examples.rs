//! The examples of an API page: request examples (route, headers, body) and JSON response
//! examples with their status and annotation, read from its Example/Request/Response sections.

use super::{section_of, Example, ExampleDraft, RequestExample};
use crate::diag::{Code, Sink};
use crate::model::typeref::NamedSpec;
use crate::parse::http::{self, Method};
use crate::parse::{inline, Page};

/// The request examples of a page: fences whose annotation says `request`, or whose first line
/// is a route, in an Example/Request section.
pub(super) fn request_examples(page: &Page) -> Vec<RequestExample> {
    let mut out = Vec::new();
    for f in &page.fences {
        let sec = section_of(page, f.heading);
        if !sec.starts_with("example") && !sec.starts_with("request") {
            continue;
        }
        let block_type = f
            .annotation
            .as_ref()
            .and_then(|a| a.str("blockType"))
            .unwrap_or("")
            .to_ascii_lowercase();
        if !block_type.is_empty() && block_type != "request" {
            continue;
        }
        let Some((n, first)) = f
            .body
            .lines()
            .enumerate()
            .find(|(_, l)| !l.trim().is_empty())
        else {
            continue;
        };
        let t = first.trim();
        let Some((method, url)) = t.split_once(char::is_whitespace) else {
            continue;
        };
        let Some(method) = Method::parse(method) else {
            continue;
        };
        let url = url.trim();
        let url = url
            .strip_suffix("HTTP/1.1")
            .unwrap_or(url)
            .trim()
            .to_string();
        if !url.starts_with("http") && !url.starts_with('/') {
            continue;
        }
        let body = f
            .body
            .lines()
            .enumerate()
            .find(|(_, l)| {
                let t = l.trim_start();
                t.starts_with('{') || t.starts_with('[')
            })
            .map(|(o, _)| {
                let start: usize = f.body.split('\n').take(o).map(|l| l.len() + 1).sum();
                f.body.get(start..).unwrap_or("").to_string()
            });
        out.push(RequestExample {
            method,
            url,
            body,
            line: f.body_line + n as u32,
        });
    }
    out
}

/// The success status the Response section names: "returns a `201 Created` response code".
pub(super) fn status(page: &Page) -> Option<u16> {
    page.paragraphs
        .iter()
        .filter(|p| section_of(page, p.heading).starts_with("response"))
        .find_map(|p| {
            let t = &p.text;
            t.match_indices('`').find_map(|(i, _)| {
                t.get(i + 1..i + 4)
                    .and_then(|d| d.parse::<u16>().ok())
                    .filter(|c| (200..300).contains(c))
            })
        })
}

/// The first resource link in the Response section.
pub(super) fn response_link(page: &Page) -> Option<NamedSpec> {
    page.paragraphs
        .iter()
        .filter(|p| section_of(page, p.heading).starts_with("response"))
        .find_map(|p| {
            inline::links(&p.text)
                .into_iter()
                .find(|l| {
                    l.target.as_deref().is_some_and(|t| {
                        t.contains("resources/") || (t.ends_with(".md") && !t.contains("api/"))
                    })
                })
                .map(NamedSpec::from_link)
        })
}

/// Request and response examples with JSON bodies, annotated or recognised by their first line.
pub(super) fn examples(page: &Page, sink: &mut Sink) -> Vec<ExampleDraft> {
    let mut out = Vec::new();
    for f in &page.fences {
        let sec = section_of(page, f.heading);
        if !sec.starts_with("example")
            && !sec.starts_with("request")
            && !sec.starts_with("response")
        {
            continue;
        }
        let ann = f.annotation.as_ref();
        let block_type = ann
            .and_then(|a| a.str("blockType"))
            .unwrap_or("")
            .to_ascii_lowercase();
        let first = f
            .body
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim();
        let is_response =
            block_type == "response" || (block_type.is_empty() && first.starts_with("HTTP/"));
        let is_request =
            block_type == "request" || (block_type.is_empty() && http::route(first).is_ok());
        if !is_response && !is_request {
            continue;
        }
        // The JSON starts at the first line that opens an object or array.
        let Some((offset, _)) = f.body.lines().enumerate().find(|(_, l)| {
            let t = l.trim_start();
            t.starts_with('{') || t.starts_with('[')
        }) else {
            continue;
        };
        // The body's lines are joined by `\n`, so the JSON is the tail from that line's start.
        let start: usize = f.body.split('\n').take(offset).map(|l| l.len() + 1).sum();
        let json = f.body.get(start..).unwrap_or("").to_string();
        let status = is_response
            .then(|| first.split_whitespace().nth(1).and_then(|c| c.parse().ok()))
            .flatten();
        if is_response && status.is_none() && !first.starts_with("HTTP/") {
            sink.note(
                Code::ExampleStatus,
                f.pos,
                "response example has no `HTTP/1.1 NNN` status line",
            );
        }
        out.push(ExampleDraft {
            odata_type: ann
                .and_then(|a| a.str("@odata.type"))
                .map(|t| t.trim_start_matches('#').to_string()),
            example: Example {
                response: is_response,
                ty: None,
                collection: ann.and_then(|a| a.flag("isCollection")).unwrap_or(false),
                status,
                json,
                line: f.body_line + offset as u32,
                annotated: ann.is_some(),
                truncated: ann.and_then(|a| a.flag("truncated")).unwrap_or(false),
            },
        });
    }
    out
}
