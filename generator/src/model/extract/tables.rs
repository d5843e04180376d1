//! The tables of a type page: property tables (Properties and Relationships sections, a
//! missing type taken from the JSON representation) and enum member tables.

use crate::diag::Code;
use crate::diag::Sink;
use crate::model::build::DraftProp;
use crate::model::sections;
use crate::model::typeref::{self, CellType, NamedSpec, Spec};
use crate::model::Edm;
use crate::parse::{inline, Page, Table};

/// The (name, type, description) columns of a property table. A table without a header row
/// in a Properties or Relationships section is read as Property|Type|Description.
pub(super) fn property_columns(t: &Table) -> Option<(usize, usize, Option<usize>)> {
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

pub(super) fn is_property_table(t: &Table) -> bool {
    property_columns(t).is_some()
}

/// What a property table is read against: its page, whether it lists relationships, the JSON
/// representation, and the page's string-valued sections.
pub(super) struct Reading<'a> {
    pub(super) page: &'a Page,
    pub(super) navigation: bool,
    pub(super) json: Option<&'a serde_json::Value>,
    pub(super) strings: &'a [sections::StringValues],
}

/// Reads the property rows of `t` into `out`: the first row of a name wins.
pub(super) fn read_properties(
    t: &Table,
    reading: &Reading,
    out: &mut Vec<DraftProp>,
    sink: &mut Sink,
) {
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
                Code::TableGroupRow,
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
                    Code::EmptyPropertyName,
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
                Code::PropertyNameCleaned,
                name_cell.pos,
                format!("property cell `{raw_name}` holds more than a name; used `{name}`"),
            );
        }
        if name.contains('(') {
            name = name.split('(').next().unwrap_or("").to_string();
        }
        if name.eq_ignore_ascii_case("odata.type") {
            sink.note(
                Code::OdataTypeRow,
                name_cell.pos,
                "`odata.type` is the OData type annotation (`@odata.type` on the wire), which the emitted types write and read themselves; not a property",
            );
            continue;
        }
        let mut cell = typeref::read_cell(&type_cell.text, page);
        if let Spec::Named(n) = &cell.spec {
            if let Some(sv) = sections::names_string_values(n, page, strings) {
                sink.note(
                    Code::StringValuedEnum,
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
                    sink.warn(Code::EmptyType, type_cell.pos, format!("property `{name}` has an empty type cell; took its type from the JSON representation"));
                    cell = f;
                }
                (Spec::Unknown(text), Some(f)) => {
                    sink.warn(Code::UnknownTypeSpelling, type_cell.pos, format!("`{text}` is not a type; took the type of `{name}` from the JSON representation"));
                    cell = f;
                }
                _ => {}
            }
        }
        if !listed.insert(name.clone()) {
            sink.warn(
                Code::DuplicateProperty,
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
