//! Pages → model: each page's drafts are collected (on any thread, [`collect_page`] through
//! `extract`), then [`finish`] merges drafts of one type (`merge`), resolves names, bases and
//! kinds across the whole tree (`resolve`, `bases`) and links operations (`ops::link`).

use super::typeref::{CellType, NamedSpec};
use super::{LeftOut, Member, Model};
use crate::diag::{self, Diagnostic, Pos, Sink};
use crate::parse::Page;

/// The namespace pages mean when they name none.
pub(super) const DEFAULT_NS: &str = "microsoft.graph";

/// A type as one page documents it, before names are resolved.
#[derive(Debug, Clone)]
pub(super) struct Draft {
    pub(super) name: String,
    pub(super) is_enum: bool,
    pub(super) base_annotation: Option<(String, Pos)>,
    pub(super) base_prose: Option<(NamedSpec, Pos)>,
    pub(super) is_abstract: bool,
    pub(super) open: bool,
    pub(super) key: Option<String>,
    pub(super) description: String,
    pub(super) props: Vec<DraftProp>,
    pub(super) members: Vec<Member>,
    pub(super) file: String,
    pub(super) pos: Pos,
    pub(super) namespace: String,
    /// The page's primary type (its file index entry), as opposed to an enum section.
    pub(super) primary: bool,
    /// Members of the JSON representation that the Properties table does not list.
    pub(super) json_only: Vec<(String, Pos)>,
    /// Whether the Properties table has any rows.
    pub(super) table_has_rows: bool,
    /// The Methods table's rows.
    pub(super) methods: Vec<super::ops::MethodRow>,
    pub(super) pages: Vec<String>,
}

impl Draft {
    /// An enum as a page section documents it: members only, not the page's primary type.
    pub(super) fn enumeration(
        name: String,
        members: Vec<Member>,
        page: &Page,
        pos: Pos,
        namespace: String,
    ) -> Draft {
        Draft {
            name,
            is_enum: true,
            base_annotation: None,
            base_prose: None,
            is_abstract: false,
            open: false,
            key: None,
            description: String::new(),
            props: Vec::new(),
            members,
            file: page.file.clone(),
            pos,
            namespace,
            primary: false,
            json_only: Vec::new(),
            table_has_rows: false,
            methods: Vec::new(),
            pages: vec![page.file.clone()],
        }
    }
}

#[derive(Debug, Clone)]
pub(super) struct DraftProp {
    pub(super) name: String,
    pub(super) cell: CellType,
    pub(super) navigation: bool,
    pub(super) description: String,
    pub(super) pos: Pos,
    pub(super) file: String,
}

/// What one page contributes to the model before names are resolved. Produced per page (on any
/// thread) by [`collect_page`], combined by [`finish`].
#[derive(Debug, Default)]
pub struct Collected {
    drafts: Vec<Draft>,
    apis: Vec<super::ops::ApiDraft>,
    left_out: Vec<LeftOut>,
    diagnostics: Vec<Diagnostic>,
    pages: usize,
}

impl Collected {
    /// A contribution of diagnostics alone (parser findings, unreadable files).
    pub fn from_diagnostics(diagnostics: Vec<Diagnostic>) -> Collected {
        Collected {
            diagnostics,
            ..Collected::default()
        }
    }

    /// Adds another page's (or batch's) contribution.
    pub fn absorb(&mut self, other: Collected) {
        self.drafts.extend(other.drafts);
        self.apis.extend(other.apis);
        self.left_out.extend(other.left_out);
        self.diagnostics.extend(other.diagnostics);
        self.pages += other.pages;
    }
}

/// Reads the types one page documents. Pages are independent until names are resolved, so this
/// runs wherever the page was parsed, and the page can be dropped right after.
pub fn collect_page(page: &Page, into: &mut Collected) {
    let mut sink = Sink::new(page.file.clone());
    if is_api_page(page) {
        into.apis.push(super::ops::api_draft(page, &mut sink));
    } else {
        super::extract::collect(page, &mut into.drafts, &mut into.left_out, &mut sink);
    }
    into.diagnostics.extend(sink.items);
    into.pages += 1;
}

/// Builds the model of a tree from its parsed pages and the diagnostics the parser gave.
pub fn build(pages: &[Page], diagnostics: Vec<Diagnostic>) -> Model {
    let parts = crate::par::batches(pages, 64, |part| {
        let mut c = Collected::default();
        for page in part {
            collect_page(page, &mut c);
        }
        c
    });
    let mut all = Collected {
        diagnostics,
        ..Collected::default()
    };
    for p in parts {
        all.absorb(p);
    }
    finish(all)
}

/// Merges duplicate drafts and resolves names, bases and kinds across the whole tree.
pub fn finish(collected: Collected) -> Model {
    let Collected {
        mut drafts,
        mut apis,
        mut left_out,
        mut diagnostics,
        pages,
    } = collected;
    // Workers hand in batches in whatever order they finish; which page a merged type or a
    // route collision is credited to must not depend on that. A stable sort by page keeps each
    // page's own order.
    drafts.sort_by(|a, b| a.file.cmp(&b.file));
    apis.sort_by(|a, b| a.file.cmp(&b.file));
    let mut model_sink = Sink::new(String::new());
    let merged = super::merge::merge(drafts, &mut model_sink);
    let mut model = super::resolve::resolve(merged, &apis, &mut model_sink);
    model.routes = super::routes::build(&mut model, &mut model_sink);
    diagnostics.extend(model_sink.items);
    diag::sort(&mut diagnostics);
    model.diagnostics = diagnostics;
    model.pages = pages;
    left_out.sort();
    model.left_out = left_out;
    model
}

pub(super) fn is_api_page(page: &Page) -> bool {
    // The folder decides: front matter `doc_type` is wrong on some resource pages.
    let f = page.file.to_ascii_lowercase();
    if f.starts_with("api/") || f.contains("/api/") {
        return true;
    }
    if f.starts_with("resources/") || f.contains("/resources/") {
        return false;
    }
    page.front_matter
        .get("doc_type")
        .is_some_and(|d| d.to_ascii_lowercase().starts_with("api"))
}
