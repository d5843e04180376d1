//! Resolution across the tree: names (case-insensitive; qualified name, then short name
//! preferring the page's namespace, then link anchor, then link target file), each draft's
//! base (see `bases`), property types, kinds and inherited keys; then operations are linked
//! (`ops::link`), what the pages imply is inferred, and JSON members the tables lack reported.

use super::bases::{common_base, declared_base, settle_bases};
use super::build::{Draft, DEFAULT_NS};
use super::typeref::{NamedSpec, Spec};
use super::{Edm, Kind, Model, Property, Source, TypeDef, TypeKey, TypeRef};
use crate::diag::Code;
use crate::diag::{self, Sink};
use std::collections::{BTreeMap, BTreeSet};

/// Name lookup across the tree.
pub(super) struct Resolver {
    keys: BTreeSet<TypeKey>,
    by_short: BTreeMap<String, Vec<TypeKey>>,
    by_file: BTreeMap<String, TypeKey>,
}

impl Resolver {
    pub(super) fn new(drafts: &BTreeMap<TypeKey, Draft>) -> Resolver {
        let mut by_short: BTreeMap<String, Vec<TypeKey>> = BTreeMap::new();
        let mut by_file = BTreeMap::new();
        for (k, d) in drafts {
            by_short
                .entry(k.short().to_string())
                .or_default()
                .push(k.clone());
            if d.primary {
                for f in &d.pages {
                    let stem = crate::model::page_stem(f);
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
    pub(super) fn name(&self, text: &str, ns: &str) -> Option<TypeKey> {
        let t = TypeKey::of(text);
        if t.as_str().is_empty() {
            return None;
        }
        if t.as_str().contains('.') {
            if self.keys.contains(&t) {
                return Some(t);
            }
            let with_graph = format!("microsoft.graph.{t}");
            if let Some(k) = self.keys.get(with_graph.as_str()) {
                return Some(k.clone());
            }
        }
        let short = t.short();
        let cands = self.by_short.get(short)?;
        if cands.len() == 1 {
            return cands.first().cloned();
        }
        let in_ns = format!("{}.{short}", ns.to_lowercase());
        if let Some(k) = cands.iter().find(|c| **c == *in_ns) {
            return Some(k.clone());
        }
        let in_graph = format!("{DEFAULT_NS}.{short}");
        if let Some(k) = cands.iter().find(|c| **c == *in_graph) {
            return Some(k.clone());
        }
        cands.first().cloned()
    }

    pub(super) fn spec(&self, n: &NamedSpec, ns: &str) -> Option<TypeKey> {
        self.name(&n.text, ns)
            .or_else(|| n.anchor.as_deref().and_then(|a| self.name(a, ns)))
            .or_else(|| n.file.as_deref().and_then(|f| self.by_file.get(f).cloned()))
    }
}

/// Turns the merged drafts (by key) into the model, with its operations linked.
pub(super) fn resolve(
    drafts: BTreeMap<TypeKey, Draft>,
    apis: &[super::ops::ApiDraft],
    sink: &mut Sink,
) -> Model {
    let r = Resolver::new(&drafts);
    use diag::Severity::Note;
    let mut types: BTreeMap<TypeKey, TypeDef> = BTreeMap::new();
    for (key, d) in &drafts {
        let (base, root_entity) = declared_base(key, d, &drafts, &r, sink);
        if let Some(pos) = root_entity.filter(|_| d.key.is_none()) {
            sink.push_at(Note, Code::ImpliedEntity, &d.file, pos, format!("the base `microsoft.graph.entity` is not documented in this tree; it is Graph's root entity type (key `id`), so `{}` is an entity keyed by `id`", d.name));
        }
        let properties = properties(d, &drafts, &r, sink);
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
    let keys: Vec<TypeKey> = types.keys().cloned().collect();
    settle_bases(&mut types, &keys, sink);
    kinds_and_keys(&mut types, &keys);
    let mut model = Model {
        types,
        ..Model::default()
    };
    model.operations = super::ops::link::link_operations(&drafts, apis, &r, sink);
    super::implied::infer(&mut model, sink);
    report_json_only(&drafts, &model, sink);
    model
}

/// The types of a draft's properties, each with what was done where the page's type cell
/// names nothing documented.
fn properties(
    d: &Draft,
    drafts: &BTreeMap<TypeKey, Draft>,
    r: &Resolver,
    sink: &mut Sink,
) -> Vec<Property> {
    use diag::Severity::{Note, Warning};
    let mut properties = Vec::new();
    for p in &d.props {
        let ty = match &p.cell.spec {
            Spec::Primitive(e) => Some(TypeRef::Primitive(*e)),
            Spec::Named(n) => match r.spec(n, &d.namespace) {
                Some(k) => Some(TypeRef::Named(k)),
                None => {
                    sink.push_at(Warning,
                        Code::UnknownType,
                        &p.file,
                        p.pos,
                        format!("property `{}` has type `{}`, which no page in this tree documents; kept as raw JSON (`serde_json::Value`) so its value is still read (add the type's page to the docs folder to have it typed)", p.name, n.text),
                    );
                    Some(TypeRef::Primitive(Edm::Untyped))
                }
            },
            Spec::OneOf(list) => {
                let resolved: Vec<Option<TypeKey>> =
                    list.iter().map(|n| r.spec(n, &d.namespace)).collect();
                if let Some(common) = common_base(&resolved, drafts, r) {
                    sink.push_at(
                        Note,
                        Code::OneOfType,
                        &p.file,
                        p.pos,
                        format!(
                            "property `{}` lists several types; typed it as their common base `{}`",
                            p.name,
                            drafts
                                .get(&common)
                                .map_or(common.as_str(), |c| c.name.as_str())
                        ),
                    );
                    Some(TypeRef::Named(common))
                } else {
                    sink.push_at(Warning, Code::OneOfType, &p.file, p.pos, format!("property `{}` lists several types with no common documented base; kept as raw JSON (`serde_json::Value`)", p.name));
                    Some(TypeRef::Primitive(Edm::Untyped))
                }
            }
            Spec::Unknown(text) => {
                sink.push_at(Warning, Code::UnknownTypeSpelling, &p.file, p.pos, format!("`{text}` is not a type spelling graphdoc knows; property `{}` is kept as raw JSON (`serde_json::Value`)", p.name));
                Some(TypeRef::Primitive(Edm::Untyped))
            }
            Spec::Empty => {
                sink.push_at(Warning, Code::EmptyType, &p.file, p.pos, format!("property `{}` has no type and the JSON representation gives none; kept as raw JSON (`serde_json::Value`)", p.name));
                Some(TypeRef::Primitive(Edm::Untyped))
            }
        };
        if ty == Some(TypeRef::Primitive(Edm::Stream)) {
            sink.push_at(Note,
                Code::StreamProperty,
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
    properties
}

/// Kinds (entity when the type or a base has a key or a relationship, or derives from
/// `entity`) and inherited keys.
fn kinds_and_keys(types: &mut BTreeMap<TypeKey, TypeDef>, keys: &[TypeKey]) {
    for k in keys {
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
}

/// Members of a JSON representation the Properties table lacks, checked now that inherited
/// properties are known.
fn report_json_only(drafts: &BTreeMap<TypeKey, Draft>, model: &Model, sink: &mut Sink) {
    use diag::Severity::{Note, Warning};
    for (key, d) in drafts {
        if d.json_only.is_empty() {
            continue;
        }
        let mut known: BTreeSet<String> = d
            .props
            .iter()
            .map(|p| p.name.to_ascii_lowercase())
            .collect();
        for a in model.ancestors(key) {
            if let Some(ad) = drafts.get(&TypeKey::of(&a.name)) {
                known.extend(ad.props.iter().map(|p| p.name.to_ascii_lowercase()));
            }
        }
        for (k, pos) in &d.json_only {
            if known.contains(&k.to_ascii_lowercase()) {
                continue;
            }
            if d.table_has_rows {
                sink.push_at(Note, Code::JsonOnlyProperty, &d.file, *pos, format!("`{k}` is in the JSON representation but not in the Properties table (nor inherited); the table is the authority, so it is not modelled"));
            } else {
                sink.push_at(Warning, Code::JsonOnlyProperty, &d.file, *pos, format!("`{k}` is in the JSON representation but the Properties table has no rows; add `{k}` to the table (it is not modelled)"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Model, TypeRef};

    /// A type page in namespace `ns` whose Properties table is `rows` (`|name|type|`).
    fn page(name: &str, ns: &str, rows: &str) -> String {
        format!(
            "# {name} resource type\n\nNamespace: {ns}\n\nA type made up for this test.\n\n\
             ## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n{rows}"
        )
    }

    fn model(pages: Vec<(&str, String)>) -> Model {
        let pages = pages.into_iter().map(|(f, t)| (f.to_string(), t));
        crate::Docs::from_pages("docs", pages).model()
    }

    /// The key of the type property `prop` of type `key` resolved to.
    fn target(m: &Model, key: &str, prop: &str) -> String {
        let t = m.types.get(key).unwrap_or_else(|| panic!("no type {key}"));
        let p = t.properties.iter().find(|p| p.name == prop);
        match p.map(|p| &p.ty) {
            Some(TypeRef::Named(k)) => k.to_string(),
            other => panic!("`{prop}` of {key} is {other:?}"),
        }
    }

    /// Two `widget`s (Graph's and one in `callRecords`), a type whose page names neither by
    /// its name but by its file, an enum section reached by its anchor, and pages in three
    /// namespaces naming them.
    fn tree() -> Model {
        let rows = "|mine|widget|Short name.|\n\
                    |graphs|microsoft.graph.widget|Qualified.|\n\
                    |partly|callRecords.widget|Qualified without `microsoft.graph`.|\n\
                    |byFile|[settings](gizmosettings.md)|A link whose text names nothing.|\n\
                    |byAnchor|[colour](gizmosettings.md#gizmocolor-values)|The anchor wins over the file.|\n\
                    |textFirst|[widget](gizmosettings.md)|The text wins over the file.|\n";
        model(vec![
            (
                "resources/widget.md",
                page("widget", "microsoft.graph", "|id|String|Key.|\n"),
            ),
            (
                "resources/callrecords-widget.md",
                page(
                    "widget",
                    "microsoft.graph.callRecords",
                    "|size|Int32|Size.|\n",
                ),
            ),
            (
                "resources/gizmosettings.md",
                page("gizmoSettings", "microsoft.graph", "|on|Boolean|Set.|\n"),
            ),
            (
                "resources/enums.md",
                "# Enum values\n\nNamespace: microsoft.graph\n\n### gizmoColor values\n\n\
                 |Member|\n|:---|\n|red|\n|blue|\n"
                    .to_string(),
            ),
            (
                "resources/sprocket.md",
                page("sprocket", "microsoft.graph.callRecords", rows),
            ),
            ("resources/cog.md", page("cog", "microsoft.graph", rows)),
            (
                "resources/lever.md",
                page("lever", "microsoft.graph.security", rows),
            ),
        ])
    }

    #[test]
    fn a_qualified_name_wins_then_the_short_name_in_the_pages_namespace_then_graphs() {
        let m = tree();
        let (graph, records) = (
            "microsoft.graph.widget",
            "microsoft.graph.callrecords.widget",
        );
        // A short name prefers the page's own namespace…
        assert_eq!(
            target(&m, "microsoft.graph.callrecords.sprocket", "mine"),
            records
        );
        assert_eq!(target(&m, "microsoft.graph.cog", "mine"), graph);
        // …and, where that has none, Graph's.
        assert_eq!(target(&m, "microsoft.graph.security.lever", "mine"), graph);
        for ty in [
            "microsoft.graph.callrecords.sprocket",
            "microsoft.graph.cog",
            "microsoft.graph.security.lever",
        ] {
            // A qualified name is taken as written, whatever the page's namespace…
            assert_eq!(target(&m, ty, "graphs"), graph, "{ty}");
            // …and one without `microsoft.graph.` is read under it.
            assert_eq!(target(&m, ty, "partly"), records, "{ty}");
        }
    }

    #[test]
    fn a_link_is_resolved_by_its_text_then_its_anchor_then_its_file() {
        let m = tree();
        let ty = "microsoft.graph.cog";
        assert_eq!(target(&m, ty, "byFile"), "microsoft.graph.gizmosettings");
        assert_eq!(target(&m, ty, "byAnchor"), "microsoft.graph.gizmocolor");
        assert_eq!(target(&m, ty, "textFirst"), "microsoft.graph.widget");
        let unknown: Vec<_> = m
            .diagnostics
            .iter()
            .filter(|d| d.code == crate::diag::Code::UnknownType)
            .collect();
        assert!(unknown.is_empty(), "{unknown:#?}");
    }
}
