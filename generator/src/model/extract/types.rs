//! Type pages: a resource, entity or complex type with its Properties and Relationships
//! tables, JSON representation, annotation (name, base, key, abstract, open) and Methods table.

use super::enums::EnumSections;
use super::tables::{is_property_table, property_columns, read_properties, Reading};
use super::{description, is_ident_like, qualify, section_of, Facts};
use crate::diag::Code;
use crate::diag::{Pos, Sink};
use crate::model::build::{Draft, DraftProp};
use crate::model::sections;
use crate::model::typeref::{self, NamedSpec};
use crate::model::LeftOut;
use crate::parse::{inline, Page, Table};

/// Reads a page that may document a structured type; a page that names a type but documents
/// none is left out with a warning.
pub(super) fn read_page(
    facts: &Facts,
    enums: &EnumSections,
    drafts: &mut Vec<Draft>,
    left_out: &mut Vec<LeftOut>,
    sink: &mut Sink,
) {
    let Facts {
        page,
        ref namespace,
        title,
        ref title_info,
        says_type,
        resource_fence,
        annotation,
    } = *facts;
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
            && enums.headings.is_empty()
        {
            if let Some((name, _)) = &title_info {
                sink.warn(Code::NotATypePage, title.map_or(Pos::line(1), |h| h.pos), format!("the title names type `{name}` but the page has neither a Properties table nor a JSON representation; left out"));
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
            if !crate::model::short_of(&a).eq_ignore_ascii_case(t) {
                sink.note(
                    Code::TitleMismatch,
                    title.map_or(Pos::line(1), |h| h.pos),
                    format!(
                        "the title names `{t}` but the annotation says `{a}`; used the annotation"
                    ),
                );
            }
            if a.contains('.') {
                a
            } else {
                qualify(namespace, &a)
            }
        }
        (Some(a), None) => {
            let a = a.trim().trim_start_matches('#').to_string();
            if title.is_none() {
                sink.warn(
                    Code::MissingTitle,
                    annotation.map_or(Pos::line(1), |an| an.pos),
                    format!("the page has no `# {} resource type` title; named the type from its annotation", crate::model::short_of(&a)),
                );
            }
            if a.contains('.') {
                a
            } else {
                qualify(namespace, &a)
            }
        }
        (None, Some((t, _))) => qualify(namespace, t),
        (None, None) => {
            sink.warn(Code::MissingTypeName, Pos::line(1), "the page documents a type but neither its title nor an annotation names it; left out");
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
            Code::BadTypeName,
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
            sink.warn(Code::PropertiesTableShape, pos, "the Properties section has a table without `Property` and `Type` columns; no properties read from it");
            shape_said = true;
        } else if !page
            .headings
            .iter()
            .any(|h| h.text.eq_ignore_ascii_case("properties") && h.level <= 2)
            || page.tables.is_empty()
        {
            sink.note(
                Code::NoPropertiesTable,
                pos,
                "the Properties section has no table; the type has no properties of its own",
            );
        }
    }

    sections::unread_tables(
        page,
        &name,
        &enums.headings,
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
                Code::InvalidJson,
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
                strings: &enums.strings,
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
        namespace: namespace.clone(),
        primary: true,
        json_only,
        table_has_rows,
        methods: crate::model::ops::method_rows(page, sink),
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

/// Where `needle` (lowercase ASCII) first is in `text`, ASCII case folded: what a search of
/// `to_ascii_lowercase()` finds (same offsets), without a lowercase copy of every paragraph.
fn find_ascii_ci(text: &[u8], needle: &[u8]) -> Option<usize> {
    text.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn inherits_from(page: &Page) -> Option<(NamedSpec, Pos)> {
    for p in page.paragraphs.iter().chain(page.list_items.iter()) {
        let text = p.text.as_bytes();
        let Some(at) = find_ascii_ci(text, b"inherits from")
            .or_else(|| find_ascii_ci(text, b"derived from"))
            .or_else(|| find_ascii_ci(text, b"derives from"))
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
