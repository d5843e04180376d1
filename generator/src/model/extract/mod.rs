//! Extraction: one page → the drafts of the types it documents (its resource or enum type, and
//! `### x values` enum sections anywhere), before any name is resolved. Pages are independent
//! here, so this runs on whichever thread parsed the page.

mod tables;

use super::build::{is_api_page, Draft, DraftProp, DEFAULT_NS};
use super::sections;
use super::typeref::{self, NamedSpec};
use super::LeftOut;
use crate::diag::{Pos, Sink};
use crate::parse::{inline, Page, Table};
use std::collections::BTreeSet;
use tables::{enum_members, is_property_table, property_columns, read_properties, Reading};

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

fn qualify(ns: &str, name: &str) -> String {
    if name.to_ascii_lowercase().starts_with("microsoft.") {
        name.to_string()
    } else {
        format!("{ns}.{name}")
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
