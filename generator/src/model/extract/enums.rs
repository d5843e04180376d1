//! Enums: `### x values` sections (enums.md and resource pages alike) and enum pages.

use super::{description, is_ident_like, qualify, Facts};
use crate::diag::Code;
use crate::diag::{Pos, Sink};
use crate::model::build::Draft;
use crate::model::sections::{self, StringValues};
use crate::model::{LeftOut, Member};
use crate::parse::{inline, Page, Table};
use std::collections::BTreeSet;

/// The enum sections of a page: the headings read as enums (or as a String's values), and
/// the String-valued ones, which type pages consult when a property names them.
pub(super) struct EnumSections {
    /// Heading indexes of every `values` section read (an enum or a String's values).
    pub(super) headings: BTreeSet<usize>,
    /// The sections the page says list a String's values.
    pub(super) strings: Vec<StringValues>,
}

/// Reads every `### x values` section of a page: an enum draft each, unless the page says the
/// values are strings.
pub(super) fn read_sections(
    facts: &Facts,
    drafts: &mut Vec<Draft>,
    left_out: &mut Vec<crate::model::LeftOut>,
    sink: &mut Sink,
) -> EnumSections {
    let (page, namespace) = (facts.page, facts.namespace.as_str());
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
                Code::StringValuedEnum,
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
                Code::EnumWithoutTable,
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
        drafts.push(Draft::enumeration(
            qualify(namespace, name),
            members,
            page,
            h.pos,
            namespace.to_string(),
        ));
    }
    EnumSections {
        headings: section_enum_headings,
        strings: string_values,
    }
}

fn heading_text(page: &Page, heading: Option<usize>) -> String {
    heading
        .and_then(|i| page.headings.get(i))
        .map(|h| h.text.clone())
        .unwrap_or_default()
}

/// Reads an enum page (`# x enum type`): its members table is the first under a members or
/// values heading that no enum section took.
pub(super) fn read_page(
    facts: &Facts,
    section_enum_headings: &BTreeSet<usize>,
    drafts: &mut Vec<Draft>,
    left_out: &mut Vec<LeftOut>,
    sink: &mut Sink,
) {
    let (page, namespace, title) = (facts.page, facts.namespace.as_str(), facts.title);
    let Some((name, _)) = facts.title_info.clone() else {
        sink.warn(
            Code::MissingTypeName,
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
            Code::EnumWithoutMembers,
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
        description: description(page),
        primary: true,
        ..Draft::enumeration(
            qualify(namespace, &name),
            members,
            page,
            title.map_or(Pos::line(1), |h| h.pos),
            namespace.to_string(),
        )
    });
}

/// The members an enum table lists, in table order.
pub(super) fn enum_members(t: &Table, sink: &mut Sink) -> Vec<Member> {
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
                    Code::EnumTableShape,
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
                sink.warn(Code::EnumTableShape, t.pos, "enum table has no `Member` or `Value` column; read the first column as member names");
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
                Code::NullMember,
                cell.pos,
                "`null` is listed as a member, but it is the absence of a value: JSON `null` (a field's `Null` state), never the string \"null\"; not a member",
            );
            continue;
        }
        if name.contains(' ') && !name.chars().all(|c| c.is_alphanumeric() || c == ' ') {
            sink.warn(
                Code::EnumMemberName,
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
                    Code::EnumValue,
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
                Code::DuplicateMember,
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
