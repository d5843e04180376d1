//! Merging: drafts of one type from several pages (or an enum both on its own page and in
//! enums.md) become one draft.

use super::build::Draft;
use super::TypeKey;
use crate::diag::Code;
use crate::diag::{self, Pos, Sink};
use std::collections::BTreeMap;

/// Joins drafts of the same type (several pages, or an enum both on its own page and in
/// enums.md). The primary page wins: the one whose file is named for the type, else the first
/// by path; properties the others add are appended.
pub(super) fn merge(drafts: Vec<Draft>, sink: &mut Sink) -> BTreeMap<TypeKey, Draft> {
    let mut by_key: BTreeMap<TypeKey, Vec<Draft>> = BTreeMap::new();
    for d in drafts {
        by_key.entry(TypeKey::of(&d.name)).or_default().push(d);
    }
    let mut out = BTreeMap::new();
    for (key, mut ds) in by_key {
        if ds.len() == 1 {
            out.insert(key, ds.pop().expect("one draft"));
            continue;
        }
        let short = key.short().to_string();
        ds.sort_by(|a, b| {
            // A page named exactly for the type beats `area-type.md`, which beats the rest.
            let rank = |d: &Draft| {
                let stem = crate::model::page_stem(&d.file);
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
            add_new(&mut first.props, other.props, |p| &p.name, &mut added);
            add_new(&mut first.members, other.members, |m| &m.name, &mut added);
            if first.is_enum != other.is_enum {
                sink.push_at(
                    diag::Severity::Warning,
                    Code::DuplicateType,
                    &other.file,
                    Pos::line(other.pos.line),
                    format!("`{}` is documented as an enum on one page and a structured type on another (`{}`); kept `{}`", first.name, first.file, first.file),
                );
            } else {
                let what = if added.is_empty() {
                    "nothing new".to_string()
                } else {
                    format!("added {}", added.join(", "))
                };
                sink.push_at(
                    diag::Severity::Note,
                    Code::DuplicateType,
                    &other.file,
                    Pos::line(other.pos.line),
                    format!(
                        "`{}` is also documented in `{}` (the primary page); merged: {what}",
                        first.name, first.file
                    ),
                );
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

/// Appends the items of `more` whose name (ASCII case aside) `into` lacks, noting each name in
/// `added`.
fn add_new<T>(into: &mut Vec<T>, more: Vec<T>, name: fn(&T) -> &str, added: &mut Vec<String>) {
    for item in more {
        if !into
            .iter()
            .any(|q| name(q).eq_ignore_ascii_case(name(&item)))
        {
            added.push(name(&item).to_string());
            into.push(item);
        }
    }
}
