//! Type cells → unresolved type specs. The cells are free text written by hand:
//! `String`, `[x](x.md) collection`, `Collection(x)`, `[x][]`, `<ul><li>[a](a.md)</li>…`, ….

use super::edm::Edm;
use crate::parse::{inline, Page};

/// A named type as a cell spells it, before resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedSpec {
    /// The name as written (link text or bare word), possibly qualified.
    pub text: String,
    /// The link target's file stem, lowercased (`apiauthenticationconfigurationbase`).
    pub file: Option<String>,
    /// The link target's anchor, lowercased, `-values` removed (`riskleve`).
    pub anchor: Option<String>,
}

impl NamedSpec {
    /// The type a link names: its text, and the file and anchor of its target.
    pub fn from_link(l: inline::Link) -> Self {
        let (file, anchor) = l
            .target
            .as_deref()
            .map(target_parts)
            .unwrap_or((None, None));
        NamedSpec {
            text: l.text,
            file,
            anchor,
        }
    }
}

/// What a type cell says, before names are resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spec {
    /// A primitive.
    Primitive(Edm),
    /// One named type.
    Named(NamedSpec),
    /// One of several types (a list of links in one cell).
    OneOf(Vec<NamedSpec>),
    /// Nothing usable: the text is kept for the diagnostic.
    Unknown(String),
    /// The cell is empty.
    Empty,
}

/// A type cell read: the type and whether it is a collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellType {
    /// The element type.
    pub spec: Spec,
    /// A collection of it.
    pub collection: bool,
}

/// Splits a link target into (file stem, anchor), lowercased.
pub fn target_parts(target: &str) -> (Option<String>, Option<String>) {
    let (path, anchor) = match target.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (target, None),
    };
    let path = path.split('?').next().unwrap_or("");
    let stem = path
        .rsplit('/')
        .next()
        .unwrap_or("")
        .trim_end_matches(".md")
        .to_lowercase();
    let anchor = anchor.map(|a| {
        a.to_lowercase()
            .trim_end_matches("-values")
            .trim_end_matches("values")
            .trim_matches('-')
            .to_string()
    });
    (
        (!stem.is_empty()).then_some(stem),
        anchor.filter(|a| !a.is_empty()),
    )
}

/// Reads a type cell. Reference links resolve through the page's link definitions.
pub fn read_cell(raw: &str, page: &Page) -> CellType {
    // Only the words around the links say "collection": a link's text or target may contain it.
    let around = inline::without_links(raw).to_ascii_lowercase();
    let mut collection = around.contains("collection") || around.trim_end().ends_with("[]");
    let links = inline::links(raw);
    let named: Vec<NamedSpec> = links
        .iter()
        .filter(|l| !l.text.trim().is_empty())
        .map(|l| {
            let target = l.target.clone().or_else(|| {
                l.reference
                    .as_deref()
                    .and_then(|r| page.link_def(r))
                    .map(str::to_string)
            });
            let (file, anchor) = target.as_deref().map(target_parts).unwrap_or((None, None));
            NamedSpec {
                text: clean_name(&l.text),
                file,
                anchor,
            }
        })
        .collect();
    let spec = match named.len() {
        0 => {
            let mut text = inline::plain(raw);
            for prefix in [
                "Collection of ",
                "collection of ",
                "Array of ",
                "array of ",
                "List of ",
                "list of ",
            ] {
                if let Some(rest) = text.strip_prefix(prefix) {
                    // `collection of strings`: drop the plural only when that names a primitive.
                    let singular = rest
                        .strip_suffix('s')
                        .filter(|r| Edm::from_spelling(r).is_some());
                    text = singular.unwrap_or(rest).to_string();
                    collection = true;
                    break;
                }
            }
            // `Collection(x)`, `x collection`, `x[]`.
            if let Some(inner) = text
                .strip_prefix("Collection(")
                .or_else(|| text.strip_prefix("collection("))
            {
                text = inner.trim_end_matches(')').to_string();
                collection = true;
            }
            let word = text
                .trim()
                .trim_end_matches("[]")
                .trim_end_matches(" collection")
                .trim_end_matches(" Collection")
                .trim();
            if word.is_empty() {
                Spec::Empty
            } else if let Some(e) = Edm::from_spelling(word) {
                Spec::Primitive(e)
            } else if is_type_name(word) {
                Spec::Named(NamedSpec {
                    text: clean_name(word),
                    file: None,
                    anchor: None,
                })
            } else {
                Spec::Unknown(text.trim().to_string())
            }
        }
        1 => {
            let n = named.into_iter().next().unwrap_or(NamedSpec {
                text: String::new(),
                file: None,
                anchor: None,
            });
            match Edm::from_spelling(&n.text) {
                Some(e)
                    if n.file.as_deref().is_none_or(|f| {
                        Edm::from_spelling(f).is_some() || !f.contains(&n.text.to_lowercase())
                    }) =>
                {
                    Spec::Primitive(e)
                }
                _ => Spec::Named(n),
            }
        }
        _ => Spec::OneOf(named),
    };
    CellType { spec, collection }
}

fn clean_name(text: &str) -> String {
    let t = inline::plain(text);
    let t = t.trim().trim_start_matches('#');
    let t = t
        .strip_prefix("Collection(")
        .map(|s| s.trim_end_matches(')'))
        .unwrap_or(t);
    t.trim_end_matches(" collection").trim().to_string()
}

/// A bare word that can name a type: letters, digits, dots and underscores.
fn is_type_name(word: &str) -> bool {
    let w = word.trim_start_matches('#');
    !w.is_empty()
        && w.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && w.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_with_ref() -> Page {
        let mut p = Page::default();
        p.link_defs
            .insert("identityset".into(), "identityset.md".into());
        p
    }

    #[test]
    fn reads_the_spellings_of_the_corpus() {
        let p = page_with_ref();
        let c = read_cell("String collection", &p);
        assert_eq!((c.spec, c.collection), (Spec::Primitive(Edm::String), true));
        let c = read_cell("[apiBase](../resources/apibase.md) collection", &p);
        assert!(c.collection);
        assert_eq!(
            c.spec,
            Spec::Named(NamedSpec {
                text: "apiBase".into(),
                file: Some("apibase".into()),
                anchor: None
            })
        );
        let c = read_cell("Collection(Edm.String)", &p);
        assert_eq!((c.spec, c.collection), (Spec::Primitive(Edm::String), true));
        let c = read_cell("Collection(microsoft.graph.thing)", &p);
        assert!(c.collection);
        assert!(matches!(c.spec, Spec::Named(n) if n.text == "microsoft.graph.thing"));
        let c = read_cell("[identitySet][]", &p);
        assert!(!c.collection, "`[x][]` is a reference link, not an array");
        assert!(!read_cell("[collectionInfo](collectioninfo.md)", &p).collection);
        assert!(matches!(c.spec, Spec::Named(n) if n.file.as_deref() == Some("identityset")));
        let c = read_cell("[riskLevel](enums.md#risklevel-values)", &p);
        assert!(
            matches!(c.spec, Spec::Named(n) if n.anchor.as_deref() == Some("risklevel") && n.file.as_deref() == Some("enums"))
        );
        assert_eq!(read_cell("", &p).spec, Spec::Empty);
        assert_eq!(
            read_cell("4230 minutes", &p).spec,
            Spec::Unknown("4230 minutes".into())
        );
        assert!(
            matches!(read_cell("<ul><li>[a](a.md)</li><li>[b](b.md)</li></ul>", &p).spec, Spec::OneOf(v) if v.len() == 2)
        );
        assert_eq!(
            read_cell("[String](https://example.com/string)", &p).spec,
            Spec::Primitive(Edm::String)
        );
    }
}
