//! Over 600 lines: extraction, merging, resolution and operation linking still share the `Draft` type here; splitting them is issue 12's house work, not done in the path-tree change.
//! Pages → model: collect type drafts from each page, merge duplicates, then resolve names,
//! bases and kinds across the whole tree.

use super::sections;
use super::typeref::{self, CellType, NamedSpec, Spec};
use super::{key_of, Edm, Kind, LeftOut, Member, Model, Property, Source, TypeDef, TypeRef};
use crate::diag::{self, Diagnostic, Pos, Sink};
use crate::parse::{inline, Page, Table};
use std::collections::{BTreeMap, BTreeSet};

/// The namespace pages mean when they name none.
const DEFAULT_NS: &str = "microsoft.graph";

/// A type as one page documents it, before names are resolved.
#[derive(Debug, Clone)]
struct Draft {
    name: String,
    is_enum: bool,
    base_annotation: Option<(String, Pos)>,
    base_prose: Option<(NamedSpec, Pos)>,
    is_abstract: bool,
    open: bool,
    key: Option<String>,
    description: String,
    props: Vec<DraftProp>,
    members: Vec<Member>,
    file: String,
    pos: Pos,
    namespace: String,
    /// The page's primary type (its file index entry), as opposed to an enum section.
    primary: bool,
    /// Members of the JSON representation that the Properties table does not list.
    json_only: Vec<(String, Pos)>,
    /// Whether the Properties table has any rows.
    table_has_rows: bool,
    /// The Methods table's rows.
    methods: Vec<super::ops::MethodRow>,
    pages: Vec<String>,
}

#[derive(Debug, Clone)]
struct DraftProp {
    name: String,
    cell: CellType,
    navigation: bool,
    description: String,
    pos: Pos,
    file: String,
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
        collect(page, &mut into.drafts, &mut into.left_out, &mut sink);
    }
    into.diagnostics.extend(sink.items);
    into.pages += 1;
}

/// Builds the model of a tree from its parsed pages and the diagnostics the parser gave.
pub fn build(pages: &[Page], diagnostics: Vec<Diagnostic>) -> Model {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, pages.len().max(1));
    let chunk = pages.len().div_ceil(threads).max(1);
    let parts: Vec<Collected> = std::thread::scope(|s| {
        let handles: Vec<_> = pages
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    let mut c = Collected::default();
                    for page in part {
                        collect_page(page, &mut c);
                    }
                    c
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
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
    let merged = merge(drafts, &mut model_sink);
    let mut model = resolve(merged, &apis, &mut model_sink);
    diagnostics.extend(model_sink.items);
    model.routes = super::routes::build(&mut model, &mut diagnostics);
    diag::sort(&mut diagnostics);
    model.diagnostics = diagnostics;
    model.pages = pages;
    left_out.sort();
    model.left_out = left_out;
    model
}

fn is_api_page(page: &Page) -> bool {
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

fn heading_text(page: &Page, heading: Option<usize>) -> String {
    heading
        .and_then(|i| page.headings.get(i))
        .map(|h| h.text.clone())
        .unwrap_or_default()
}

fn collect(page: &Page, drafts: &mut Vec<Draft>, left_out: &mut Vec<LeftOut>, sink: &mut Sink) {
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
            "extra-resource-annotation",
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

    // Enum sections: `### x values` headings (enums.md and resource pages alike).
    let mut section_enum_headings = BTreeSet::new();
    let candidates: Vec<(usize, String)> = page
        .headings
        .iter()
        .enumerate()
        .filter_map(|(hi, h)| {
            let lower = h.text.to_ascii_lowercase();
            let name_lower = lower
                .strip_suffix(" values")
                .or_else(|| lower.strip_suffix(" enum values"))
                .or_else(|| lower.strip_suffix(" enum"))?;
            let name = h.text[..name_lower.len()].trim().trim_matches('`');
            (h.level >= 2 && is_ident_like(name)).then(|| (hi, name.to_string()))
        })
        .collect();
    let said_strings = sections::string_valued(page, &candidates);
    let mut string_values = Vec::new();
    for (hi, name) in &candidates {
        let (hi, name, h) = (*hi, name.as_str(), &page.headings[*hi]);
        let table = page.tables.iter().find(|t| t.heading == Some(hi));
        if let (Some((_, said)), Some(table)) = (said_strings.iter().find(|(x, _)| *x == hi), table)
        {
            section_enum_headings.insert(hi);
            let mut quiet = Sink::new(page.file.clone());
            let members: Vec<String> = enum_members(table, &mut quiet)
                .into_iter()
                .map(|m| m.name)
                .collect();
            sink.note(
                "string-valued-enum",
                h.pos,
                format!("`{}` is documented like an enum, but the comment at line {} says its values are strings: not an enum type; properties naming it are String", h.text, said.line),
            );
            string_values.push(sections::StringValues {
                name: name.to_ascii_lowercase(),
                members,
            });
            continue;
        }
        let Some(table) = table else {
            sink.warn(
                "enum-without-table",
                h.pos,
                format!("enum section `{}` has no members table; left out", h.text),
            );
            left_out.push(LeftOut {
                name: name.to_string(),
                file: page.file.clone(),
                reason: "enum section has no members table".into(),
            });
            continue;
        };
        section_enum_headings.insert(hi);
        let members = enum_members(table, sink);
        if members.is_empty() {
            left_out.push(LeftOut {
                name: name.to_string(),
                file: page.file.clone(),
                reason: "enum table has no members".into(),
            });
            continue;
        }
        drafts.push(Draft {
            name: qualify(&namespace, name),
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
            pos: h.pos,
            namespace: namespace.clone(),
            primary: false,
            json_only: Vec::new(),
            table_has_rows: false,
            methods: Vec::new(),
            pages: vec![page.file.clone()],
        });
    }

    if is_enum_page {
        let Some((name, _)) = title_info.clone() else {
            sink.warn(
                "missing-type-name",
                Pos::line(1),
                "enum page has no `# x enum type` title; left out",
            );
            left_out.push(LeftOut {
                name: page.file.clone(),
                file: page.file.clone(),
                reason: "enum page without a title naming the enum".into(),
            });
            return;
        };
        let table = page
            .tables
            .iter()
            .find(|t| {
                let s = heading_text(page, t.heading).to_ascii_lowercase();
                (s.contains("member") || s.contains("values"))
                    && t.heading
                        .is_none_or(|h| !section_enum_headings.contains(&h))
            })
            .or_else(|| {
                page.tables.iter().find(|t| {
                    t.heading
                        .is_none_or(|h| !section_enum_headings.contains(&h))
                        && (t.column(&["member", "value", "name"]).is_some())
                })
            });
        let members = table.map(|t| enum_members(t, sink)).unwrap_or_default();
        if members.is_empty() {
            sink.warn(
                "enum-without-members",
                title.map_or(Pos::line(1), |h| h.pos),
                format!("enum page for `{name}` lists no members; left out"),
            );
            left_out.push(LeftOut {
                name,
                file: page.file.clone(),
                reason: "enum page lists no members".into(),
            });
            return;
        }
        drafts.push(Draft {
            name: qualify(&namespace, &name),
            is_enum: true,
            base_annotation: None,
            base_prose: None,
            is_abstract: false,
            open: false,
            key: None,
            description: description(page),
            props: Vec::new(),
            members,
            file: page.file.clone(),
            pos: title.map_or(Pos::line(1), |h| h.pos),
            namespace,
            primary: true,
            json_only: Vec::new(),
            table_has_rows: false,
            methods: Vec::new(),
            pages: vec![page.file.clone()],
        });
        return;
    }

    let properties_tables: Vec<&Table> = page
        .tables
        .iter()
        .filter(|t| section_of(page, t.heading).starts_with("properties") && is_property_table(t))
        .collect();
    let relationship_tables: Vec<&Table> = page
        .tables
        .iter()
        .filter(|t| {
            section_of(page, t.heading).starts_with("relationships") && is_property_table(t)
        })
        .collect();

    let is_type_page = annotation.is_some()
        || (says_type
            && (!properties_tables.is_empty()
                || page
                    .headings
                    .iter()
                    .any(|h| h.text.eq_ignore_ascii_case("json representation"))));
    if !is_type_page {
        if says_type
            && !page.file.to_ascii_lowercase().contains("overview")
            && section_enum_headings.is_empty()
        {
            if let Some((name, _)) = &title_info {
                sink.warn("not-a-type-page", title.map_or(Pos::line(1), |h| h.pos), format!("the title names type `{name}` but the page has neither a Properties table nor a JSON representation; left out"));
                left_out.push(LeftOut {
                    name: name.clone(),
                    file: page.file.clone(),
                    reason: "no Properties table and no JSON representation".into(),
                });
            }
        }
        return;
    }

    // Name: the annotation is checked by Microsoft's tooling, so it wins over the title.
    let name = match (annotation.and_then(|a| a.str("@odata.type")), &title_info) {
        (Some(a), Some((t, _))) => {
            let a = a.trim().trim_start_matches('#').to_string();
            if !a.rsplit('.').next().unwrap_or("").eq_ignore_ascii_case(t) {
                sink.note(
                    "title-mismatch",
                    title.map_or(Pos::line(1), |h| h.pos),
                    format!(
                        "the title names `{t}` but the annotation says `{a}`; used the annotation"
                    ),
                );
            }
            if a.contains('.') {
                a
            } else {
                qualify(&namespace, &a)
            }
        }
        (Some(a), None) => {
            let a = a.trim().trim_start_matches('#').to_string();
            if title.is_none() {
                sink.warn(
                    "missing-title",
                    annotation.map_or(Pos::line(1), |an| an.pos),
                    format!("the page has no `# {} resource type` title; named the type from its annotation", a.rsplit('.').next().unwrap_or(&a)),
                );
            }
            if a.contains('.') {
                a
            } else {
                qualify(&namespace, &a)
            }
        }
        (None, Some((t, _))) => qualify(&namespace, t),
        (None, None) => {
            sink.warn("missing-type-name", Pos::line(1), "the page documents a type but neither its title nor an annotation names it; left out");
            left_out.push(LeftOut {
                name: page.file.clone(),
                file: page.file.clone(),
                reason: "no title or annotation naming the type".into(),
            });
            return;
        }
    };
    if crate::parse::too_long(
        "type name",
        &name,
        annotation.map_or(Pos::line(1), |a| a.pos),
        sink,
    ) {
        left_out.push(LeftOut {
            name: crate::parse::clip(&name).into_owned(),
            file: page.file.clone(),
            reason: "the documented name is too long".into(),
        });
        return;
    }
    if !is_ident_like(&name) {
        sink.warn(
            "bad-type-name",
            annotation.map_or(Pos::line(1), |a| a.pos),
            format!("`{name}` is not a usable type name; left out"),
        );
        left_out.push(LeftOut {
            name,
            file: page.file.clone(),
            reason: "the documented name is not an identifier".into(),
        });
        return;
    }
    let mut shape_said = false;
    if properties_tables.is_empty()
        && page
            .headings
            .iter()
            .any(|h| h.text.eq_ignore_ascii_case("properties"))
    {
        let pos = page
            .headings
            .iter()
            .find(|h| h.text.eq_ignore_ascii_case("properties"))
            .map_or(Pos::line(1), |h| h.pos);
        let has_any_table = page
            .tables
            .iter()
            .any(|t| section_of(page, t.heading).starts_with("properties"));
        if has_any_table {
            sink.warn("properties-table-shape", pos, "the Properties section has a table without `Property` and `Type` columns; no properties read from it");
            shape_said = true;
        } else if !page
            .headings
            .iter()
            .any(|h| h.text.eq_ignore_ascii_case("properties") && h.level <= 2)
            || page.tables.is_empty()
        {
            sink.note(
                "no-properties-table",
                pos,
                "the Properties section has no table; the type has no properties of its own",
            );
        }
    }

    sections::unread_tables(
        page,
        &name,
        &section_enum_headings,
        shape_said,
        is_property_table,
        sink,
    );

    let json_block = resource_fence.or_else(|| {
        page.fences.iter().find(|f| {
            f.lang.starts_with("json")
                && section_of(page, f.heading).contains("json representation")
        })
    });
    let json_value = json_block.and_then(|f| match crate::parse::json::parse_lenient(&f.body) {
        Ok((v, repairs)) => {
            crate::parse::json::report_repairs(
                sink,
                &repairs,
                "the JSON representation",
                |l, c| Pos {
                    line: f.body_line + l,
                    column: c + 1,
                },
            );
            Some(v)
        }
        Err(e) => {
            sink.note(
                "invalid-json",
                Pos {
                    line: f.body_line + e.line,
                    column: e.column + 1,
                },
                format!(
                    "the JSON representation is not JSON ({}); used the Properties table alone",
                    e.message
                ),
            );
            None
        }
    });

    let main_exists = properties_tables
        .iter()
        .any(|t| sections::sub_headings(page, t).is_empty());
    let own_tables: Vec<&Table> = properties_tables
        .iter()
        .copied()
        .filter(|t| {
            let name_col = property_columns(t).map_or(0, |c| c.0);
            !sections::foreign_table(
                page,
                t,
                name_col,
                json_value.as_ref(),
                &name,
                main_exists,
                sink,
            )
        })
        .collect();
    let mut props = Vec::new();
    for (tables, navigation) in [(&own_tables, false), (&relationship_tables, true)] {
        for t in tables.iter() {
            let json = json_value.as_ref();
            let reading = Reading {
                page,
                navigation,
                json,
                strings: &string_values,
            };
            read_properties(t, &reading, &mut props, sink);
        }
    }
    // Members of the JSON block the table lacks are checked after resolution, when inherited
    // properties are known.
    let mut json_only = Vec::new();
    if let (Some(serde_json::Value::Object(map)), Some(f)) = (&json_value, json_block) {
        if !properties_tables.is_empty() {
            for k in map.keys() {
                if k.starts_with('@')
                    || props
                        .iter()
                        .any(|p: &DraftProp| p.name.eq_ignore_ascii_case(k))
                {
                    continue;
                }
                json_only.push((k.clone(), member_pos(f, k)));
            }
        }
    }
    let table_has_rows = own_tables.iter().any(|t| !t.rows.is_empty());

    let base_prose = inherits_from(page);
    // `"baseType": ""` states no base.
    let base_annotation = annotation.and_then(|a| {
        a.str("baseType")
            .map(|b| (b.trim().trim_start_matches('#').to_string(), a.pos))
            .filter(|(b, _)| !b.is_empty())
    });
    let mut key = annotation
        .and_then(|a| a.str("keyProperty"))
        .map(|k| k.trim().to_string())
        .filter(|k| !k.is_empty());
    if key.is_none() && base_annotation.is_none() && base_prose.is_none() {
        let lists_id = props.iter().any(|p| p.name == "id" && !p.navigation);
        let id_pos = json_block.map_or(Pos::line(1), |f| member_pos(f, "id"));
        key = sections::identifier_key(json_value.as_ref(), lists_id, id_pos, sink);
    }
    drafts.push(Draft {
        name,
        is_enum: false,
        base_annotation,
        base_prose,
        is_abstract: annotation.and_then(|a| a.flag("abstract")).unwrap_or(false),
        open: annotation.and_then(|a| a.flag("openType")).unwrap_or(false),
        key,
        description: description(page),
        props,
        members: Vec::new(),
        file: page.file.clone(),
        pos: title.map_or_else(|| annotation.map_or(Pos::line(1), |a| a.pos), |h| h.pos),
        namespace,
        primary: true,
        json_only,
        table_has_rows,
        methods: super::ops::method_rows(page, sink),
        pages: vec![page.file.clone()],
    });
}

/// Where member `name` of a JSON block is written (the block itself when it is not found).
fn member_pos(f: &crate::parse::Fence, name: &str) -> Pos {
    let needle = format!("\"{name}\"");
    f.body
        .lines()
        .enumerate()
        .find_map(|(n, l)| {
            l.find(&needle).map(|b| Pos {
                line: f.body_line + n as u32,
                column: l[..b].chars().count() as u32 + 1,
            })
        })
        .unwrap_or(f.pos)
}

/// Whether a base name is Graph's root entity type, which every entity derives from.
fn is_graph_entity(name: &str) -> bool {
    let n = name.trim().trim_start_matches('#').to_ascii_lowercase();
    n == "entity" || n == "microsoft.graph.entity"
}

fn qualify(ns: &str, name: &str) -> String {
    if name.to_ascii_lowercase().starts_with("microsoft.") {
        name.to_string()
    } else {
        format!("{ns}.{name}")
    }
}

/// The (name, type, description) columns of a property table. A table without a header row
/// in a Properties or Relationships section is read as Property|Type|Description.
fn property_columns(t: &Table) -> Option<(usize, usize, Option<usize>)> {
    if t.headerless() {
        return (t.header.len() >= 2).then(|| (0, 1, (t.header.len() > 2).then_some(2)));
    }
    let name = t.column(&[
        "property",
        "name",
        "property name",
        "relationship",
        "relationship name",
    ])?;
    let ty = t.column(&["type", "data type", "return type"])?;
    Some((name, ty, t.column(&["description"])))
}

fn is_property_table(t: &Table) -> bool {
    property_columns(t).is_some()
}

/// What a property table is read against: its page, whether it lists relationships, the JSON
/// representation, and the page's string-valued sections.
struct Reading<'a> {
    page: &'a Page,
    navigation: bool,
    json: Option<&'a serde_json::Value>,
    strings: &'a [sections::StringValues],
}

fn read_properties(t: &Table, reading: &Reading, out: &mut Vec<DraftProp>, sink: &mut Sink) {
    let Reading {
        page,
        navigation,
        json,
        strings,
    } = *reading;
    let Some((nc, tc, dc)) = property_columns(t) else {
        return;
    };
    // A set, so a table of thousands of repeated rows costs linear time.
    let mut listed: std::collections::HashSet<String> =
        out.iter().map(|p| p.name.clone()).collect();
    for row in &t.rows {
        let name_cell = &row[nc];
        let type_cell = &row[tc];
        let raw_name = inline::plain(&name_cell.text);
        if name_cell.text.trim().starts_with("**") && type_cell.text.trim().is_empty() {
            sink.note(
                "table-group-row",
                name_cell.pos,
                format!("`{raw_name}` is a group label row, not a property; skipped"),
            );
            continue;
        }
        let mut name = raw_name
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_matches(['`', '"', '\'', ':'])
            .to_string();
        if name.is_empty() {
            if !type_cell.text.trim().is_empty() {
                sink.warn(
                    "empty-property-name",
                    name_cell.pos,
                    "a property row has no name; skipped",
                );
            }
            continue;
        }
        if crate::parse::too_long("property name", &name, name_cell.pos, sink) {
            continue;
        }
        if raw_name.split_whitespace().count() > 1 {
            sink.note(
                "property-name-cleaned",
                name_cell.pos,
                format!("property cell `{raw_name}` holds more than a name; used `{name}`"),
            );
        }
        if name.contains('(') {
            name = name.split('(').next().unwrap_or("").to_string();
        }
        if name.eq_ignore_ascii_case("odata.type") {
            sink.note(
                "odata-type-row",
                name_cell.pos,
                "`odata.type` is the OData type annotation (`@odata.type` on the wire), which the emitted types write and read themselves; not a property",
            );
            continue;
        }
        let mut cell = typeref::read_cell(&type_cell.text, page);
        if let Spec::Named(n) = &cell.spec {
            if let Some(sv) = sections::names_string_values(n, page, strings) {
                sink.note(
                    "string-valued-enum",
                    type_cell.pos,
                    format!("property `{name}` is typed by the `{} values` section, whose known values ({}) the page says are strings; typed String", n.text, sv.members.join(", ")),
                );
                cell.spec = Spec::Primitive(Edm::String);
            }
        }
        if matches!(cell.spec, Spec::Empty | Spec::Unknown(_)) {
            let fallback = json.and_then(|j| j.get(&name)).and_then(json_type);
            match (&cell.spec, fallback) {
                (Spec::Empty, Some(f)) => {
                    sink.warn("empty-type", type_cell.pos, format!("property `{name}` has an empty type cell; took its type from the JSON representation"));
                    cell = f;
                }
                (Spec::Unknown(text), Some(f)) => {
                    sink.warn("unknown-type-spelling", type_cell.pos, format!("`{text}` is not a type; took the type of `{name}` from the JSON representation"));
                    cell = f;
                }
                _ => {}
            }
        }
        if !listed.insert(name.clone()) {
            sink.warn(
                "duplicate-property",
                name_cell.pos,
                format!("property `{name}` is listed twice; kept the first row"),
            );
            continue;
        }
        out.push(DraftProp {
            name,
            cell,
            navigation,
            description: dc.map(|d| row[d].text.clone()).unwrap_or_default(),
            pos: type_cell.pos,
            file: page.file.clone(),
        });
    }
}

/// A type read off a JSON representation value: `"String"`, `"String (timestamp)"`,
/// `{"@odata.type": "microsoft.graph.x"}`, `["String"]`, `true`, `0`.
fn json_type(v: &serde_json::Value) -> Option<CellType> {
    use serde_json::Value;
    let single = |spec| {
        Some(CellType {
            spec,
            collection: false,
        })
    };
    match v {
        Value::String(s) => {
            let l = s.to_ascii_lowercase();
            if l.contains("timestamp") {
                single(Spec::Primitive(Edm::DateTimeOffset))
            } else {
                Edm::from_spelling(s).and_then(|e| single(Spec::Primitive(e)))
            }
        }
        Value::Bool(_) => single(Spec::Primitive(Edm::Boolean)),
        // An example number states no width: the widest integer reads any of them.
        Value::Number(n) => single(Spec::Primitive(if n.is_f64() {
            Edm::Double
        } else {
            Edm::Int64
        })),
        Value::Object(m) => m.get("@odata.type").and_then(|t| t.as_str()).and_then(|t| {
            single(Spec::Named(NamedSpec {
                text: t.trim_start_matches('#').to_string(),
                file: None,
                anchor: None,
            }))
        }),
        Value::Array(a) => a.first().and_then(json_type).map(|c| CellType {
            spec: c.spec,
            collection: true,
        }),
        Value::Null => None,
    }
}

fn inherits_from(page: &Page) -> Option<(NamedSpec, Pos)> {
    for p in page.paragraphs.iter().chain(page.list_items.iter()) {
        let lower = p.text.to_ascii_lowercase();
        let Some(at) = lower
            .find("inherits from")
            .or_else(|| lower.find("derived from"))
            .or_else(|| lower.find("derives from"))
        else {
            continue;
        };
        let after = &p.text[at..];
        if let Some(link) = inline::links(after).into_iter().next() {
            let target = link.target.or_else(|| {
                link.reference
                    .as_deref()
                    .and_then(|r| page.link_def(r))
                    .map(str::to_string)
            });
            let (file, anchor) = target
                .as_deref()
                .map(typeref::target_parts)
                .unwrap_or((None, None));
            return Some((
                NamedSpec {
                    text: inline::plain(&link.text).trim().to_string(),
                    file,
                    anchor,
                },
                p.pos,
            ));
        }
    }
    None
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

fn enum_members(t: &Table, sink: &mut Sink) -> Vec<Member> {
    let member_col = t.column(&["member", "name", "member name", "enum member", "members"]);
    let value_col = t.column(&["value", "values", "int value", "numeric value"]);
    let desc_col = t.column(&["description"]);
    // `Value|Description` tables put the member name in the Value column.
    let (name_col, num_col) = match (member_col, value_col) {
        (Some(m), v) => (m, v),
        (None, Some(v)) => {
            let numeric = t
                .rows
                .iter()
                .all(|r| parse_int(&inline::plain(&r[v].text)).is_some());
            if numeric {
                sink.warn(
                    "enum-table-shape",
                    t.pos,
                    "enum table has numeric values but no member names; left out",
                );
                return Vec::new();
            }
            (v, None)
        }
        (None, None) => {
            if t.header.len() == 1 || t.column(&["description"]).is_some() {
                (0, None)
            } else {
                sink.warn("enum-table-shape", t.pos, "enum table has no `Member` or `Value` column; read the first column as member names");
                (0, None)
            }
        }
    };
    let mut out: Vec<Member> = Vec::new();
    for row in &t.rows {
        let Some(cell) = row.get(name_col) else {
            continue;
        };
        let name = inline::plain(&cell.text);
        let name = name.trim().trim_matches(['`', '"', '\'']);
        if name.is_empty() || crate::parse::too_long("enum member", name, cell.pos, sink) {
            continue;
        }
        if name.eq_ignore_ascii_case("null") {
            sink.note(
                "null-member",
                cell.pos,
                "`null` is listed as a member, but it is the absence of a value: JSON `null` (a field's `Null` state), never the string \"null\"; not a member",
            );
            continue;
        }
        if name.contains(' ') && !name.chars().all(|c| c.is_alphanumeric() || c == ' ') {
            sink.warn(
                "enum-member-name",
                cell.pos,
                format!("`{name}` is not a member name; skipped"),
            );
            continue;
        }
        let value = num_col.and_then(|c| row.get(c)).and_then(|c| {
            let text = inline::plain(&c.text);
            let v = parse_int(&text);
            if v.is_none() && !text.trim().is_empty() {
                sink.note(
                    "enum-value",
                    c.pos,
                    format!(
                        "value `{}` of `{name}` is not an integer; recorded no value",
                        text.trim()
                    ),
                );
            }
            v
        });
        if out.iter().any(|m| m.name == name) {
            sink.warn(
                "duplicate-member",
                cell.pos,
                format!("member `{name}` is listed twice; kept the first"),
            );
            continue;
        }
        out.push(Member {
            name: name.to_string(),
            value,
            description: desc_col
                .and_then(|d| row.get(d))
                .map(|c| c.text.clone())
                .unwrap_or_default(),
        });
    }
    out
}

fn parse_int(s: &str) -> Option<i64> {
    let t = s.trim();
    if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return i64::from_str_radix(h, 16).ok();
    }
    t.parse().ok()
}

/// Joins drafts of the same type (several pages, or an enum both on its own page and in
/// enums.md). The primary page wins: the one whose file is named for the type, else the first
/// by path; properties the others add are appended.
fn merge(drafts: Vec<Draft>, sink: &mut Sink) -> BTreeMap<String, Draft> {
    let mut by_key: BTreeMap<String, Vec<Draft>> = BTreeMap::new();
    for d in drafts {
        by_key.entry(key_of(&d.name)).or_default().push(d);
    }
    let mut out = BTreeMap::new();
    for (key, mut ds) in by_key {
        if ds.len() == 1 {
            out.insert(key, ds.pop().expect("one draft"));
            continue;
        }
        let short = key.rsplit('.').next().unwrap_or(&key).to_string();
        ds.sort_by(|a, b| {
            // A page named exactly for the type beats `area-type.md`, which beats the rest.
            let rank = |d: &Draft| {
                let stem = d
                    .file
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .trim_end_matches(".md")
                    .to_ascii_lowercase();
                let naming = if stem == short {
                    0
                } else if stem.ends_with(&format!("-{short}")) {
                    1
                } else {
                    2
                };
                (naming, !d.primary, d.file.clone(), d.pos)
            };
            rank(a).cmp(&rank(b))
        });
        let mut iter = ds.into_iter();
        let Some(mut first) = iter.next() else {
            continue;
        };
        for other in iter {
            let mut added = Vec::new();
            for p in other.props {
                if !first
                    .props
                    .iter()
                    .any(|q| q.name.eq_ignore_ascii_case(&p.name))
                {
                    added.push(p.name.clone());
                    first.props.push(p);
                }
            }
            for m in other.members {
                if !first
                    .members
                    .iter()
                    .any(|q| q.name.eq_ignore_ascii_case(&m.name))
                {
                    added.push(m.name.clone());
                    first.members.push(m);
                }
            }
            if first.is_enum != other.is_enum {
                sink.items.push(Diagnostic {
                    severity: diag::Severity::Warning,
                    code: "duplicate-type",
                    file: other.file.clone(),
                    line: other.pos.line,
                    column: 1,
                    message: format!("`{}` is documented as an enum on one page and a structured type on another (`{}`); kept `{}`", first.name, first.file, first.file),
                });
            } else {
                let what = if added.is_empty() {
                    "nothing new".to_string()
                } else {
                    format!("added {}", added.join(", "))
                };
                sink.items.push(Diagnostic {
                    severity: diag::Severity::Note,
                    code: "duplicate-type",
                    file: other.file.clone(),
                    line: other.pos.line,
                    column: 1,
                    message: format!(
                        "`{}` is also documented in `{}` (the primary page); merged: {what}",
                        first.name, first.file
                    ),
                });
            }
            first.base_annotation = first.base_annotation.or(other.base_annotation);
            first.base_prose = first.base_prose.or(other.base_prose);
            first.key = first.key.or(other.key);
            first.is_abstract |= other.is_abstract;
            first.open |= other.open;
            if first.description.is_empty() {
                first.description = other.description;
            }
            for m in other.methods {
                if !first.methods.iter().any(|x| x.stem == m.stem) {
                    first.methods.push(m);
                }
            }
            first.pages.push(other.file);
        }
        out.insert(key, first);
    }
    out
}

/// Name lookup across the tree.
struct Resolver {
    keys: BTreeSet<String>,
    by_short: BTreeMap<String, Vec<String>>,
    by_file: BTreeMap<String, String>,
}

impl Resolver {
    fn new(drafts: &BTreeMap<String, Draft>) -> Resolver {
        let mut by_short: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut by_file = BTreeMap::new();
        for (k, d) in drafts {
            by_short
                .entry(k.rsplit('.').next().unwrap_or(k).to_string())
                .or_default()
                .push(k.clone());
            if d.primary {
                for f in &d.pages {
                    let stem = f
                        .rsplit('/')
                        .next()
                        .unwrap_or("")
                        .trim_end_matches(".md")
                        .to_ascii_lowercase();
                    by_file.entry(stem).or_insert_with(|| k.clone());
                }
            }
        }
        Resolver {
            keys: drafts.keys().cloned().collect(),
            by_short,
            by_file,
        }
    }

    /// Resolves a name as a page in namespace `ns` writes it.
    fn name(&self, text: &str, ns: &str) -> Option<String> {
        let t = text.trim().trim_start_matches('#').to_lowercase();
        if t.is_empty() {
            return None;
        }
        if t.contains('.') {
            if self.keys.contains(&t) {
                return Some(t);
            }
            let with_graph = format!("microsoft.graph.{t}");
            if self.keys.contains(&with_graph) {
                return Some(with_graph);
            }
        }
        let short = t.rsplit('.').next().unwrap_or(&t);
        let cands = self.by_short.get(short)?;
        if cands.len() == 1 {
            return cands.first().cloned();
        }
        let in_ns = format!("{}.{short}", ns.to_lowercase());
        if cands.contains(&in_ns) {
            return Some(in_ns);
        }
        let in_graph = format!("{DEFAULT_NS}.{short}");
        if cands.contains(&in_graph) {
            return Some(in_graph);
        }
        cands.first().cloned()
    }

    fn spec(&self, n: &NamedSpec, ns: &str) -> Option<String> {
        self.name(&n.text, ns)
            .or_else(|| n.anchor.as_deref().and_then(|a| self.name(a, ns)))
            .or_else(|| n.file.as_deref().and_then(|f| self.by_file.get(f).cloned()))
    }
}

/// Records a diagnostic about any file (resolution spans pages, so the model's sink has none).
fn push(
    sink: &mut Sink,
    severity: diag::Severity,
    code: &'static str,
    file: &str,
    pos: Pos,
    message: String,
) {
    sink.items.push(Diagnostic {
        severity,
        code,
        file: file.to_string(),
        line: pos.line.max(1),
        column: pos.column.max(1),
        message,
    })
}

fn resolve(
    drafts: BTreeMap<String, Draft>,
    apis: &[super::ops::ApiDraft],
    sink: &mut Sink,
) -> Model {
    let r = Resolver::new(&drafts);
    use diag::Severity::{Note, Warning};
    let mut types: BTreeMap<String, TypeDef> = BTreeMap::new();
    for (key, d) in &drafts {
        let mut base = None;
        // Set when the base is Graph's root `entity`, which this tree does not document.
        let mut root_entity: Option<Pos> = None;
        let from_ann = d
            .base_annotation
            .as_ref()
            .map(|(b, p)| (r.name(b, &d.namespace), b, p));
        let from_prose = d
            .base_prose
            .as_ref()
            .map(|(n, p)| (r.spec(n, &d.namespace), n, p));
        match (&from_ann, &from_prose) {
            (Some((Some(a), _, _)), Some((Some(p), n, pos))) if a != p => {
                // The annotation often says `entity` where the prose names the real, more
                // specific base: prefer whichever of the two derives from the other.
                let prose_is_more_specific = chain_of(p, &drafts, &r).contains(a);
                let chosen = if prose_is_more_specific { p } else { a };
                let why = if prose_is_more_specific {
                    "used the prose, whose base derives from the annotation's"
                } else {
                    "used the annotation"
                };
                push(sink, Warning, "base-mismatch", &d.file, **pos, format!("the prose says `{}` inherits from `{}` but the annotation says `{}`; {why}", d.name, n.text, a));
                base = Some(chosen.clone());
            }
            (Some((Some(a), _, _)), _) => base = Some(a.clone()),
            (Some((None, text, pos)), prose) if is_graph_entity(text) => {
                base = prose.as_ref().and_then(|(p, _, _)| p.clone());
                if base.is_none() {
                    root_entity = Some(**pos);
                }
            }
            (Some((None, text, pos)), prose) => {
                let fallback = prose.as_ref().and_then(|(p, _, _)| p.clone());
                push(
                    sink,
                    Warning,
                    "unknown-base",
                    &d.file,
                    **pos,
                    format!(
                        "base type `{text}` is not documented in this tree{}",
                        if fallback.is_some() {
                            "; used the base the prose names"
                        } else {
                            "; the type has no base"
                        }
                    ),
                );
                base = fallback;
            }
            (None, Some((Some(p), _, _))) => base = Some(p.clone()),
            (None, Some((None, n, pos))) if is_graph_entity(&n.text) => root_entity = Some(**pos),
            (None, Some((None, n, pos))) => {
                push(sink, Warning, "unknown-base", &d.file, **pos, format!("base type `{}` is not documented in this tree; the type has no base (its inherited properties are missing)", n.text));
            }
            (None, None) => {}
        }
        if base.as_deref() == Some(key.as_str()) {
            push(
                sink,
                Warning,
                "base-cycle",
                &d.file,
                d.pos,
                format!("`{}` names itself as its base; ignored", d.name),
            );
            base = None;
        }
        if d.is_enum && base.is_some() {
            base = None;
        }
        if let Some(pos) = root_entity.filter(|_| d.key.is_none()) {
            push(sink, Note, "implied-entity", &d.file, pos, format!("the base `microsoft.graph.entity` is not documented in this tree; it is Graph's root entity type (key `id`), so `{}` is an entity keyed by `id`", d.name));
        }
        let mut properties = Vec::new();
        for p in &d.props {
            let ty = match &p.cell.spec {
                Spec::Primitive(e) => Some(TypeRef::Primitive(*e)),
                Spec::Named(n) => match r.spec(n, &d.namespace) {
                    Some(k) => Some(TypeRef::Named(k)),
                    None => {
                        push(
                            sink,
                            Warning,
                            "unknown-type",
                            &p.file,
                            p.pos,
                            format!("property `{}` has type `{}`, which no page in this tree documents; kept as raw JSON (`serde_json::Value`) so its value is still read (add the type's page to the docs folder to have it typed)", p.name, n.text),
                        );
                        Some(TypeRef::Primitive(Edm::Untyped))
                    }
                },
                Spec::OneOf(list) => {
                    let resolved: Vec<Option<String>> =
                        list.iter().map(|n| r.spec(n, &d.namespace)).collect();
                    if let Some(common) = common_base(&resolved, &drafts, &r) {
                        push(
                            sink,
                            Note,
                            "one-of-type",
                            &p.file,
                            p.pos,
                            format!("property `{}` lists several types; typed it as their common base `{}`", p.name, drafts.get(&common).map_or(common.as_str(), |c| c.name.as_str())),
                        );
                        Some(TypeRef::Named(common))
                    } else {
                        push(sink, Warning, "one-of-type", &p.file, p.pos, format!("property `{}` lists several types with no common documented base; kept as raw JSON (`serde_json::Value`)", p.name));
                        Some(TypeRef::Primitive(Edm::Untyped))
                    }
                }
                Spec::Unknown(text) => {
                    push(sink, Warning, "unknown-type-spelling", &p.file, p.pos, format!("`{text}` is not a type spelling graphdoc knows; property `{}` is kept as raw JSON (`serde_json::Value`)", p.name));
                    Some(TypeRef::Primitive(Edm::Untyped))
                }
                Spec::Empty => {
                    push(sink, Warning, "empty-type", &p.file, p.pos, format!("property `{}` has no type and the JSON representation gives none; kept as raw JSON (`serde_json::Value`)", p.name));
                    Some(TypeRef::Primitive(Edm::Untyped))
                }
            };
            if ty == Some(TypeRef::Primitive(Edm::Stream)) {
                push(
                    sink,
                    Note,
                    "stream-property",
                    &p.file,
                    p.pos,
                    format!("`{}` is a stream: its content is read from its own URL (`…/{}/$value`), never sent inline, so it is modelled but not emitted as a field", p.name, p.name),
                );
            }
            if let Some(ty) = ty {
                properties.push(Property {
                    name: p.name.clone(),
                    ty,
                    collection: p.cell.collection,
                    navigation: p.navigation,
                    description: p.description.clone(),
                    pos: p.pos,
                });
            }
        }
        types.insert(
            key.clone(),
            TypeDef {
                name: d.name.clone(),
                kind: if d.is_enum { Kind::Enum } else { Kind::Complex },
                base,
                is_abstract: d.is_abstract,
                open: d.open,
                key: d
                    .key
                    .clone()
                    .or_else(|| root_entity.map(|_| "id".to_string())),
                description: d.description.clone(),
                properties,
                members: d.members.clone(),
                source: Source {
                    file: d.file.clone(),
                    line: d.pos.line,
                },
                pages: d.pages.clone(),
                flags: d.is_enum && {
                    let l = d.description.to_ascii_lowercase();
                    l.contains("flag enum") || l.contains("flags enum")
                },
            },
        );
    }
    let keys: Vec<String> = types.keys().cloned().collect();
    for k in &keys {
        let base_is_enum = types
            .get(k)
            .and_then(|t| t.base.as_ref())
            .and_then(|b| types.get(b))
            .is_some_and(|b| b.kind == Kind::Enum);
        if base_is_enum {
            if let Some(t) = types.get_mut(k) {
                push(
                    sink,
                    Warning,
                    "enum-base",
                    &t.source.file,
                    Pos::line(t.source.line),
                    format!(
                        "`{}` names an enum as its base; the base was dropped",
                        t.name
                    ),
                );
                t.base = None;
            }
        }
    }
    bound_base_chains(&mut types, &keys, sink);
    // Kinds and inherited keys.
    for k in &keys {
        let (kind, key) = {
            let t = &types[k];
            if t.kind == Kind::Enum {
                continue;
            }
            let mut key = t.key.clone();
            let mut entity = key.is_some()
                || k == "microsoft.graph.entity"
                || t.properties.iter().any(|p| p.navigation);
            let mut cur = t.base.clone();
            let mut guard = 0;
            while let Some(b) = cur {
                guard += 1;
                if guard > 64 {
                    break;
                }
                let Some(bt) = types.get(&b) else { break };
                if key.is_none() {
                    key = bt.key.clone();
                }
                entity |= bt.key.is_some()
                    || b == "microsoft.graph.entity"
                    || bt.properties.iter().any(|p| p.navigation);
                cur = bt.base.clone();
            }
            (if entity { Kind::Entity } else { Kind::Complex }, key)
        };
        if let Some(t) = types.get_mut(k) {
            t.kind = kind;
            t.key = key;
        }
    }
    let mut model = Model {
        types,
        ..Model::default()
    };
    model.operations = link_operations(&drafts, apis, &r, &model, sink);
    super::implied::infer(&mut model, sink);
    for (key, d) in &drafts {
        if d.json_only.is_empty() {
            continue;
        }
        let mut known: BTreeSet<String> = d
            .props
            .iter()
            .map(|p| p.name.to_ascii_lowercase())
            .collect();
        for a in model.ancestors(key) {
            if let Some(ad) = drafts.get(&key_of(&a.name)) {
                known.extend(ad.props.iter().map(|p| p.name.to_ascii_lowercase()));
            }
        }
        for (k, pos) in &d.json_only {
            if known.contains(&k.to_ascii_lowercase()) {
                continue;
            }
            if d.table_has_rows {
                push(sink, Note, "json-only-property", &d.file, *pos, format!("`{k}` is in the JSON representation but not in the Properties table (nor inherited); the table is the authority, so it is not modelled"));
            } else {
                push(sink, Warning, "json-only-property", &d.file, *pos, format!("`{k}` is in the JSON representation but the Properties table has no rows; add `{k}` to the table (it is not modelled)"));
            }
        }
    }
    model
}

/// `key` and its bases as the drafts declare them (annotation first), nearest first.
/// How many levels of inheritance graphdoc follows. Graph's deepest chain is 5; every level
/// adds the whole chain below it to each dispatch enum above, so an unbounded chain from a
/// hostile page would cost quadratic time and memory.
pub const MAX_BASE_DEPTH: usize = 16;

/// Breaks inheritance cycles (the type whose base closes the loop loses it) and chains deeper
/// than [`MAX_BASE_DEPTH`] (the type at the limit loses its base and starts a new chain), each
/// with a warning. Every type is walked once, so a chain costs what it is long.
fn bound_base_chains(types: &mut BTreeMap<String, TypeDef>, keys: &[String], sink: &mut Sink) {
    let mut depth: BTreeMap<String, usize> = BTreeMap::new();
    for k in keys {
        if depth.contains_key(k) {
            continue;
        }
        let mut path: Vec<String> = vec![k.clone()];
        let mut on_path: BTreeSet<String> = BTreeSet::from([k.clone()]);
        // The depth of the base of the last type on the path.
        let mut below: Option<usize> = None;
        loop {
            let last = &path[path.len() - 1];
            let Some(b) = types.get(last).and_then(|t| t.base.clone()) else {
                break;
            };
            if !types.contains_key(&b) {
                break;
            }
            if let Some(&d) = depth.get(&b) {
                below = Some(d);
                break;
            }
            if on_path.contains(&b) {
                if let Some(t) = types.get_mut(last) {
                    let message = format!("the base chain of `{}` loops back on itself through `{b}`; its base was dropped", t.name);
                    push(
                        sink,
                        diag::Severity::Warning,
                        "base-cycle",
                        &t.source.file,
                        Pos::line(t.source.line),
                        message,
                    );
                    t.base = None;
                }
                break;
            }
            on_path.insert(b.clone());
            path.push(b);
        }
        for k in path.iter().rev() {
            let mut d = below.map_or(0, |b| b + 1);
            if d > MAX_BASE_DEPTH {
                if let Some(t) = types.get_mut(k) {
                    let base = t.base.take().unwrap_or_default();
                    let message = format!("`{}` is more than {MAX_BASE_DEPTH} levels of inheritance deep; graphdoc follows no more, so its base `{base}` was dropped (the properties it would inherit are not in the type)", t.name);
                    push(
                        sink,
                        diag::Severity::Warning,
                        "base-too-deep",
                        &t.source.file,
                        Pos::line(t.source.line),
                        message,
                    );
                }
                d = 0;
            }
            if types.get(k).is_some_and(|t| t.base.is_none()) {
                d = 0;
            }
            depth.insert(k.clone(), d);
            below = Some(d);
        }
    }
}

fn chain_of(key: &str, drafts: &BTreeMap<String, Draft>, r: &Resolver) -> Vec<String> {
    let mut chain = Vec::new();
    let mut cur = Some(key.to_string());
    while let Some(c) = cur {
        if chain.contains(&c) || chain.len() > 32 {
            break;
        }
        chain.push(c.clone());
        cur = drafts.get(&c).and_then(|d| {
            let ns = d.namespace.clone();
            d.base_annotation
                .as_ref()
                .and_then(|(b, _)| r.name(b, &ns))
                .or_else(|| d.base_prose.as_ref().and_then(|(n, _)| r.spec(n, &ns)))
        });
    }
    chain
}

fn common_base(
    resolved: &[Option<String>],
    drafts: &BTreeMap<String, Draft>,
    r: &Resolver,
) -> Option<String> {
    let chains: Vec<Vec<String>> = resolved
        .iter()
        .map(|k| {
            k.as_deref()
                .map(|k| chain_of(k, drafts, r))
                .unwrap_or_default()
        })
        .collect();
    if chains.iter().any(|c| c.is_empty()) {
        return None;
    }
    chains[0]
        .iter()
        .find(|c| chains.iter().all(|ch| ch.contains(c)))
        .cloned()
}

fn model_type_name(t: &TypeRef, drafts: &BTreeMap<String, Draft>) -> String {
    match t {
        TypeRef::Primitive(e) => e.qualified().to_string(),
        TypeRef::Named(k) => drafts.get(k).map_or_else(|| k.clone(), |d| d.name.clone()),
    }
}

/// Joins Methods-table rows to the API pages they link to.
fn link_operations(
    drafts: &BTreeMap<String, Draft>,
    apis: &[super::ops::ApiDraft],
    r: &Resolver,
    model: &Model,
    sink: &mut Sink,
) -> Vec<super::ops::Operation> {
    use super::ops::{Body, BodyDraft, Example, Operation, Param, Response};
    use diag::Severity::{Note, Warning};
    let by_stem: BTreeMap<&str, &super::ops::ApiDraft> =
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
                push(sink, Warning, "missing-api-page", &d.file, row.pos, format!("method `{}` links to `{}.md`, which is not in the docs folder; it has no endpoint", row.name, row.stem));
                continue;
            };
            let Some(first) = api.routes.first() else {
                continue;
            };
            let method = first.method.clone();
            let routes: Vec<_> = api
                .routes
                .iter()
                .filter(|x| x.method == method)
                .cloned()
                .collect();
            if routes.len() < api.routes.len() {
                push(
                    sink,
                    Note,
                    "mixed-methods",
                    &api.file,
                    api.pos,
                    format!(
                        "the HTTP request block mixes methods; `{}` uses the `{method}` routes",
                        row.name
                    ),
                );
            }
            let lower = row.name.to_ascii_lowercase();
            let create_like = method == "POST"
                && (lower.starts_with("create")
                    || lower.starts_with("add")
                    || lower.starts_with("post"));
            let body = match (&api.body, method.as_str()) {
                (_, "PATCH") => Body::Update(key.clone()),
                (BodyDraft::Resource(spec), _) => Body::Resource(
                    spec.as_ref()
                        .and_then(|n| r.spec(n, &api.namespace))
                        .unwrap_or_else(|| key.clone()),
                ),
                (BodyDraft::Params(_), "POST") if create_like => Body::Resource(key.clone()),
                // A GET may document a body too (the Excel range functions take one).
                (BodyDraft::Params(params), "POST" | "PUT" | "GET" | "DELETE") => {
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
                            None => push(sink, Warning, "unknown-type", &api.file, *pos, format!("parameter `{name}` has a type that no page in this tree documents; the parameter is left out")),
                        }
                    }
                    Body::Params(out_params)
                }
                (BodyDraft::None, "POST") if create_like => Body::Resource(key.clone()),
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
                    .find(|e| e.response)
                    .and_then(|e| e.status)
                    .filter(|s| matches!(s, 202 | 204))
            });
            if matches!(status, Some(202 | 204)) {
                if let Some(t) = ty.take() {
                    push(sink, Note, "response-without-body", &api.file, api.pos, format!("`{}` answers `{}` without a body, but the Methods table of `{}` (line {}) names `{}{}` as the return type; typed without a body", row.name, status.unwrap_or(204), d.file, row.pos.line, model_type_name(&t, drafts), if collection { " collection" } else { "" }));
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
                .map(|e| {
                    let ety = match &e.odata_type {
                        Some(t) => r
                            .name(t, &api.namespace)
                            .map(TypeRef::Named)
                            .or_else(|| super::Edm::from_spelling(t).map(TypeRef::Primitive)),
                        None if e.response => listed_ty.clone(),
                        None => match &body {
                            Body::Resource(k) | Body::Update(k) => Some(TypeRef::Named(k.clone())),
                            _ => None,
                        },
                    };
                    Example {
                        response: e.response,
                        ty: ety,
                        collection: if e.odata_type.is_some() {
                            e.collection
                        } else if e.response {
                            collection
                        } else {
                            false
                        },
                        status: e.status,
                        json: e.json.clone(),
                        line: e.line,
                        annotated: e.annotated,
                        truncated: e.truncated,
                    }
                })
                .collect();
            let _ = model;
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
        let short = o.resource.rsplit('.').next().unwrap_or("");
        let stem = o.page.rsplit('/').next().unwrap_or("");
        !stem.starts_with(&format!("{short}-"))
    };
    out.sort_by(|a, b| {
        (&a.resource, foreign(a), &a.page, &a.name).cmp(&(
            &b.resource,
            foreign(b),
            &b.page,
            &b.name,
        ))
    });
    out
}
