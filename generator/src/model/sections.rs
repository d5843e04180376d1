//! Parts of a type page that look like its properties or its enums but are not: tables under
//! `## Properties` that document another object, request-time instance attributes, and value
//! lists the page documents like an enum while saying the property is a plain string.

use crate::diag::Code;
use crate::diag::{Pos, Sink};
use crate::parse::{inline, Page, Table};

/// A `values` section that documents the known values of a String property (the page says so),
/// not an enum type.
#[derive(Debug, Clone)]
pub(super) struct StringValues {
    /// The name in the heading (`ageGroup`), lowercased.
    pub name: String,
    /// The members listed, as written.
    pub members: Vec<String>,
}

/// The row names of a property table: the first word of each name cell, group rows and empty
/// names left out.
fn row_names(t: &Table, name_col: usize) -> Vec<String> {
    t.rows
        .iter()
        .filter_map(|r| r.get(name_col))
        .map(|c| inline::plain(&c.text))
        .filter_map(|n| {
            n.split_whitespace()
                .next()
                .map(|w| w.trim_matches(['`', '"', '\'', ':', '*']).to_string())
        })
        .filter(|n| !n.is_empty())
        .collect()
}

/// The headings from the table's own up to (not including) its level-2 section heading,
/// nearest first: empty for a table directly under `## Properties`.
pub(super) fn sub_headings<'p>(page: &'p Page, table: &Table) -> Vec<&'p str> {
    let mut out = Vec::new();
    let Some(mut h) = table.heading else {
        return out;
    };
    let mut level = u8::MAX;
    while let Some(head) = page.headings.get(h) {
        if head.level <= 2 {
            break;
        }
        if head.level < level {
            out.push(head.text.as_str());
            level = head.level;
        }
        if h == 0 {
            break;
        }
        h -= 1;
    }
    out
}

/// Whether a table under `## Properties` documents something other than the type's own
/// properties, and if so the diagnostic saying what it is (the table is then not read). A table
/// directly under `## Properties` always is the type's; a `###` sub-table is the type's unless
/// it lists request-time instance attributes, or it documents another object: none of its rows
/// is in the JSON representation (when the page has one), or, without one, its heading says it
/// describes another thing ("Properties of a … definition", "Example: …"). Those two tests
/// apply only when a table directly under `## Properties` exists (`main_exists`): a page whose
/// only table sits under a sub-heading documents its type there.
pub(super) fn foreign_table(
    page: &Page,
    table: &Table,
    name_col: usize,
    json: Option<&serde_json::Value>,
    type_name: &str,
    main_exists: bool,
    sink: &mut Sink,
) -> bool {
    let heads = sub_headings(page, table);
    let Some(own) = heads.first() else {
        return false;
    };
    let names = row_names(table, name_col);
    if names.is_empty() {
        return false;
    }
    let listed = names.join(", ");
    let short = super::short_of(type_name);
    if heads
        .iter()
        .any(|h| h.to_ascii_lowercase().contains("instance attribute"))
    {
        sink.note(
            Code::InstanceAttributes,
            table.pos,
            format!("the table under `{own}` lists instance attributes ({listed}): annotations a request may carry, not properties of `{short}`; not modelled (send one as an additional member)"),
        );
        return true;
    }
    if !main_exists {
        return false;
    }
    match json {
        Some(serde_json::Value::Object(map)) if !map.is_empty() => {
            let in_json = names
                .iter()
                .any(|n| map.keys().any(|k| k.eq_ignore_ascii_case(n)));
            if in_json {
                return false;
            }
            sink.note(
                Code::ForeignSubTable,
                table.pos,
                format!("the table under `{own}` documents another object: none of its rows ({listed}) is in the JSON representation of `{short}`; not read as its properties"),
            );
            true
        }
        _ => {
            let other = heads.iter().any(|h| {
                let l = h.to_ascii_lowercase();
                l.starts_with("example")
                    || l.contains("definition")
                    || (l.starts_with("properties of") && !l.contains(&short.to_ascii_lowercase()))
            });
            if other {
                sink.note(
                    Code::ForeignSubTable,
                    table.pos,
                    format!("the table under `{own}` documents another object (its heading says so, and the page has no JSON representation to check its rows ({listed}) against); not read as properties of `{short}`"),
                );
            }
            other
        }
    }
}

/// Says so for the tables of a type page that are read neither as properties nor as an enum
/// but sit where properties are documented: a level-2 `Instance attributes` section (the
/// annotations `@microsoft.graph.downloadUrl` and the like, as under Properties), and a table in
/// a Properties or Relationships section without name and type columns, such as a list of a
/// String property's values (`### Group visibility options`: Value, Description; a note), or
/// with a name column but no type (its rows are lost: a warning). Tables of
/// `enum_sections` (headings read as enums) are not these; nor is a Properties section with no
/// property table at all (`properties_shape_said`: `properties-table-shape` covers it).
pub(super) fn unread_tables(
    page: &Page,
    type_name: &str,
    enum_sections: &std::collections::BTreeSet<usize>,
    properties_shape_said: bool,
    is_property_table: impl Fn(&Table) -> bool,
    sink: &mut Sink,
) {
    let short = super::short_of(type_name);
    for table in &page.tables {
        if table.heading.is_some_and(|h| enum_sections.contains(&h)) || table.rows.is_empty() {
            continue;
        }
        let section = page.section(table.heading);
        let own = table
            .heading
            .and_then(|h| page.headings.get(h))
            .map_or("", |h| h.text.as_str());
        if section.starts_with("instance attribute") && is_property_table(table) {
            let listed = row_names(table, 0).join(", ");
            sink.note(
                Code::InstanceAttributes,
                table.pos,
                format!("the table under `{own}` lists instance attributes ({listed}): annotations a request or response may carry, not properties of `{short}`; not modelled (they travel in `additional_properties`)"),
            );
            continue;
        }
        let in_properties = section.starts_with("properties");
        if !(in_properties || section.starts_with("relationships"))
            || is_property_table(table)
            || (in_properties && properties_shape_said)
        {
            continue;
        }
        let name_col = table.column(&[
            "property",
            "name",
            "property name",
            "relationship",
            "relationship name",
        ]);
        if let Some(name_col) = name_col {
            let listed = row_names(table, name_col).join(", ");
            sink.warn(
                Code::UnreadTable,
                table.pos,
                format!("the table under `{own}` has no Type column, so its rows ({listed}) are not read as properties of `{short}`: their types are unknown (give the table a Type column)"),
            );
            continue;
        }
        let columns: Vec<String> = table
            .header
            .iter()
            .map(|c| inline::plain(&c.text))
            .filter(|c| !c.is_empty())
            .collect();
        sink.note(
            Code::UnreadTable,
            table.pos,
            format!(
                "the table under `{own}` has no name and type columns (it has {}): it does not list properties of `{short}`; not read",
                if columns.is_empty() { "none".to_string() } else { columns.join(", ") }
            ),
        );
    }
}

/// The `values` sections a comment of the page says are strings documented like enums (`<!--
/// the following 3 sub-sections are only documented like enums … but they are String types
/// -->`): the sections after the comment in its level-2 section, as many as it counts.
/// `sections` are the candidate `x values` headings (index, name as written).
pub(super) fn string_valued(page: &Page, sections: &[(usize, String)]) -> Vec<(usize, Pos)> {
    let mut out = Vec::new();
    for c in &page.comments {
        let l = c.text.to_ascii_lowercase();
        if !(l.contains("enum") && l.contains("string")) {
            continue;
        }
        let count = l
            .split_whitespace()
            .skip_while(|w| *w != "following")
            .nth(1)
            .and_then(|w| {
                w.parse::<usize>().ok().or_else(|| {
                    [
                        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                    ]
                    .iter()
                    .position(|n| *n == w)
                    .map(|i| i + 1)
                })
            });
        let section = page.section(c.heading);
        let after: Vec<usize> = sections
            .iter()
            .map(|(h, _)| *h)
            .filter(|&h| page.headings[h].pos.line > c.pos.line && page.section(Some(h)) == section)
            .collect();
        for h in after.into_iter().take(count.unwrap_or(usize::MAX)) {
            out.push((h, c.pos));
        }
    }
    out
}

/// Whether a type cell naming `spec` points at one of this page's string-valued sections.
pub(super) fn names_string_values<'s>(
    spec: &super::typeref::NamedSpec,
    page: &Page,
    strings: &'s [StringValues],
) -> Option<&'s StringValues> {
    let stem = crate::model::page_stem(&page.file);
    if spec.file.as_deref().is_some_and(|f| f != stem) {
        return None;
    }
    strings.iter().find(|s| {
        spec.anchor.as_deref() == Some(s.name.as_str()) || spec.text.eq_ignore_ascii_case(&s.name)
    })
}

/// The key of a type whose annotation names neither a `keyProperty` nor a base: `id`, when the
/// JSON representation marks it as the identifier (`"id": "String (identifier)"`, the docs
/// tooling's spelling for a key) and the table lists it. Such a type is an entity.
pub(super) fn identifier_key(
    json: Option<&serde_json::Value>,
    lists_id: bool,
    pos: Pos,
    sink: &mut Sink,
) -> Option<String> {
    let marked = json
        .and_then(|j| j.get("id"))
        .and_then(|v| v.as_str())
        .is_some_and(|v| v.to_ascii_lowercase().contains("(identifier)"));
    if !marked || !lists_id {
        return None;
    }
    sink.note(
        Code::ImpliedKey,
        pos,
        "the annotation names no `keyProperty` and no base, but the JSON representation marks `id` as the identifier: `id` is the key (the type is an entity)",
    );
    Some("id".to_string())
}
