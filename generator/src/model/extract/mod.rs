//! Extraction: one page → the drafts of the types it documents (its resource or enum type, and
//! `### x values` enum sections anywhere), before any name is resolved. Pages are independent
//! here, so this runs on whichever thread parsed the page.

mod enums;
mod tables;
mod types;

use super::build::{is_api_page, Draft, DEFAULT_NS};
use super::LeftOut;
use crate::diag::Code;
use crate::diag::Sink;
use crate::parse::{Annotation, Fence, Heading, Page};

/// The type name in a title such as `identityApiConnector resource type`, and whether the
/// title says the page is a type page at all.
fn title_name(title: &str) -> Option<(String, bool)> {
    let t = title.trim().trim_end_matches('.');
    let lower = t.to_ascii_lowercase();
    for suffix in [
        " resource type",
        " complex type",
        " entity type",
        " enum type",
        " enumeration type",
        " enumeration",
        " resource",
        " object",
        " type",
    ] {
        if lower.ends_with(suffix) {
            let name = t[..t.len() - suffix.len()].trim().trim_matches('`');
            let name = name.rsplit(' ').next().unwrap_or(name);
            if is_ident_like(name) {
                return Some((name.to_string(), true));
            }
        }
    }
    let single = t.trim_matches('`');
    is_ident_like(single).then(|| (single.to_string(), false))
}

fn is_ident_like(s: &str) -> bool {
    !s.is_empty()
        && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
}

/// The level-2 (or higher) section a heading index sits in, lowercased.
fn section_of(page: &Page, heading: Option<usize>) -> &str {
    page.section(heading)
}

fn qualify(ns: &str, name: &str) -> String {
    if name.to_ascii_lowercase().starts_with("microsoft.") {
        name.to_string()
    } else {
        format!("{ns}.{name}")
    }
}

fn description(page: &Page) -> String {
    let title_idx = page.headings.iter().position(|h| h.level == 1);
    page.paragraphs
        .iter()
        .filter(|p| p.heading == title_idx)
        .map(|p| p.text.as_str())
        .find(|t| {
            let l = t.to_ascii_lowercase();
            !l.starts_with("namespace")
                && !l.starts_with("[!include")
                && !l.starts_with("inherits from")
                && !l.starts_with("[!note")
                && !l.starts_with("<!--")
        })
        .unwrap_or("")
        .to_string()
}

/// What a page says about itself, read once for the readers of each page kind.
struct Facts<'p> {
    page: &'p Page,
    /// The page's namespace (`microsoft.graph` when it names none).
    namespace: String,
    title: Option<&'p Heading>,
    /// The name the title gives, and whether it calls the page a type page.
    title_info: Option<(String, bool)>,
    says_type: bool,
    /// The block annotated as the page's resource.
    resource_fence: Option<&'p Fence>,
    annotation: Option<&'p Annotation>,
}

/// Reads the drafts of one page into `drafts` (nothing for an API page).
pub(super) fn collect(
    page: &Page,
    drafts: &mut Vec<Draft>,
    left_out: &mut Vec<LeftOut>,
    sink: &mut Sink,
) {
    if is_api_page(page) {
        return;
    }
    let namespace = page
        .namespace()
        .map(|(n, _)| n.to_string())
        .unwrap_or_else(|| DEFAULT_NS.to_string());
    let title = page.title();
    let doc_type = page
        .front_matter
        .get("doc_type")
        .map(|d| d.to_ascii_lowercase())
        .unwrap_or_default();

    // The resource annotation: the first annotated block that declares a resource.
    let resource_fence = page.fences.iter().find(|f| {
        f.annotation.as_ref().is_some_and(|a| {
            let bt = a.str("blockType").unwrap_or("").to_ascii_lowercase();
            a.str("@odata.type").is_some()
                && (bt == "resource"
                    || (bt == "ignored"
                        && section_of(page, f.heading).contains("json representation")))
        })
    });
    let extra_resources: Vec<_> = page
        .fences
        .iter()
        .filter(|f| {
            f.annotation.as_ref().is_some_and(|a| {
                a.str("blockType")
                    .is_some_and(|b| b.eq_ignore_ascii_case("resource"))
            })
        })
        .skip(1)
        .collect();
    for f in extra_resources {
        sink.warn(
            Code::ExtraResourceAnnotation,
            f.pos,
            "a second resource annotation on one page; only the first one describes the page's type (document each type on its own page)",
        );
    }
    let annotation = resource_fence.and_then(|f| f.annotation.as_ref());
    let title_info = title.and_then(|h| title_name(&h.text));
    let is_enum_page = doc_type.starts_with("enum")
        && !page.file.to_ascii_lowercase().contains("enums")
        || title.is_some_and(|h| {
            let l = h.text.to_ascii_lowercase();
            l.ends_with(" enum type")
                || l.ends_with(" enumeration type")
                || l.ends_with(" enumeration")
        });
    let says_type = title_info.as_ref().is_some_and(|(_, t)| *t);
    let facts = Facts {
        page,
        namespace,
        title,
        title_info,
        says_type,
        resource_fence,
        annotation,
    };
    let sections = enums::read_sections(&facts, drafts, left_out, sink);
    if is_enum_page {
        enums::read_page(&facts, &sections.headings, drafts, left_out, sink);
    } else {
        types::read_page(&facts, &sections, drafts, left_out, sink);
    }
}
