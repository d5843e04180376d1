//! One page of a Graph collection, with the links that lead to the rest of it.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A page of a collection response. Graph returns large collections a page at a time; the
/// `@odata.nextLink` of each page is the URL of the next (the client's `pages` and `all`
/// follow it), and a delta query's last page carries `@odata.deltaLink` for the next sync.
///
/// ```
/// use graphdoc_generated::Page;
///
/// let page: Page<serde_json::Value> = serde_json::from_str(
///     r#"{"@odata.context":"…","value":[{"id":"1"}],"@odata.nextLink":"https://graph.microsoft.com/beta/users?$skiptoken=x"}"#,
/// ).unwrap();
/// assert_eq!(page.value.len(), 1);
/// assert!(page.next_link.is_some());
/// assert!(page.additional_properties.contains_key("@odata.context"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    /// The items of this page. Required: a body without it is not a page, and reading it as an
    /// empty one would silently drop whatever the body held (an error says what came instead).
    pub value: Vec<T>,
    /// The absolute URL of the next page; `None` on the last page.
    pub next_link: Option<String>,
    /// The URL that returns changes since this delta round, on its last page.
    pub delta_link: Option<String>,
    /// The total number of items across all pages, when `$count=true` was asked for.
    pub count: Option<i64>,
    /// Every other member (`@odata.context`, newer annotations), kept so nothing is lost.
    pub additional_properties: BTreeMap<String, Value>,
}

/// The wire form: `value`, the links and count that are set, then every other member (the
/// order serde's derive with a flattened map wrote).
impl<T: Serialize> Serialize for Page<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("value", &self.value)?;
        let links = [
            ("@odata.nextLink", &self.next_link),
            ("@odata.deltaLink", &self.delta_link),
        ];
        for (key, link) in links {
            if let Some(link) = link {
                map.serialize_entry(key, link)?;
            }
        }
        if let Some(count) = &self.count {
            map.serialize_entry("@odata.count", count)?;
        }
        for (key, value) in &self.additional_properties {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// Read member by member, like the emitted structs (see [`crate::wire`]): a derive with the
/// flattened map would first hold every other member in serde's private buffer, key included.
/// The semantics are the derive's: `value` must be sent, a link or `value` sent twice is
/// `duplicate field`, any other member sent twice keeps the last.
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Page<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(PageVisitor(PhantomData))
    }
}

struct PageVisitor<T>(PhantomData<T>);

/// Reads the value of a member that may come once.
fn once<'de, V: Deserialize<'de>, A: MapAccess<'de>>(
    map: &mut A,
    slot: &mut Option<V>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for PageVisitor<T> {
    type Value = Page<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("struct Page")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Page<T>, A::Error> {
        let mut value = None;
        // Option<Option<_>>: sent as `null` counts as sent, for the duplicate check.
        let (mut next_link, mut delta_link, mut count) = (None, None, None);
        let mut additional_properties = BTreeMap::new();
        while let Some(key) = map.next_key_seed(crate::wire::Key)? {
            match &*key {
                "value" => once(&mut map, &mut value, "value")?,
                "@odata.nextLink" => once(&mut map, &mut next_link, "@odata.nextLink")?,
                "@odata.deltaLink" => once(&mut map, &mut delta_link, "@odata.deltaLink")?,
                "@odata.count" => once(&mut map, &mut count, "@odata.count")?,
                _ => {
                    let v: Value = map.next_value()?;
                    additional_properties.insert(key.into_owned(), v);
                }
            }
        }
        Ok(Page {
            value: value.ok_or_else(|| de::Error::missing_field("value"))?,
            next_link: next_link.flatten(),
            delta_link: delta_link.flatten(),
            count: count.flatten(),
            additional_properties,
        })
    }
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page {
            value: Vec::new(),
            next_link: None,
            delta_link: None,
            count: None,
            additional_properties: BTreeMap::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Serialize, Debug, PartialEq, Clone)]
    struct Item {
        id: String,
    }

    #[test]
    fn reads_links_and_keeps_unknown_annotations() {
        let page: Page<Item> = serde_json::from_str(
            r#"{
                "@odata.context": "https://graph.microsoft.com/beta/$metadata#users",
                "@odata.count": 3,
                "@odata.nextLink": "https://graph.microsoft.com/beta/users?$skiptoken=X",
                "@microsoft.graph.tips": "Use $select",
                "value": [{"id": "1"}, {"id": "2"}]
            }"#,
        )
        .unwrap();
        assert_eq!(
            page.value,
            [Item { id: "1".into() }, Item { id: "2".into() }]
        );
        assert_eq!(
            page.next_link.as_deref(),
            Some("https://graph.microsoft.com/beta/users?$skiptoken=X")
        );
        assert_eq!(page.count, Some(3));
        assert_eq!(page.delta_link, None);
        assert_eq!(page.additional_properties.len(), 2);
        assert_eq!(
            page.additional_properties["@microsoft.graph.tips"],
            "Use $select"
        );
        let back: Page<Item> =
            serde_json::from_value(serde_json::to_value(&page).unwrap()).unwrap();
        assert_eq!(back, page);
    }

    #[test]
    fn last_page_and_empty_page() {
        let page: Page<Item> = serde_json::from_str(
            r#"{"value":[],"@odata.deltaLink":"https://graph.microsoft.com/beta/users/delta?$deltatoken=D"}"#,
        )
        .unwrap();
        assert!(page.value.is_empty());
        assert!(page.next_link.is_none());
        assert!(page.delta_link.is_some());
        // A single object is not a page: an error, not an empty page that drops it.
        let err = serde_json::from_str::<Page<Item>>(r#"{"id":"1"}"#).unwrap_err();
        assert!(err.to_string().contains("missing field `value`"), "{err}");
        let text = serde_json::to_string(&Page::<Item>::default()).unwrap();
        assert_eq!(text, r#"{"value":[]}"#);
        assert!(serde_json::from_str::<Page<Item>>(r#"{"value":[{"nope":1}]}"#).is_err());
    }

    #[test]
    fn read_as_the_derive_read_it() {
        // A link or `value` twice is an error (a `null` counts as sent), another member twice
        // keeps the last, and only an object is a page: the derive's rules and wording.
        for (text, wording) in [
            (r#"{"value":[],"value":[]}"#, "duplicate field `value`"),
            (
                r#"{"value":[],"@odata.nextLink":null,"@odata.nextLink":"x"}"#,
                "duplicate field `@odata.nextLink`",
            ),
            (r#"[[]]"#, "expected struct Page"),
        ] {
            let err = serde_json::from_str::<Page<Item>>(text).unwrap_err();
            assert!(err.to_string().contains(wording), "{text}: {err}");
        }
        let page: Page<Item> =
            serde_json::from_str(r#"{"a":1,"value":[],"a":2,"@odata.count":null}"#).unwrap();
        assert_eq!(page.additional_properties["a"], 2);
        assert_eq!(page.count, None);
    }

    #[test]
    fn written_as_read_links_and_count_only_when_set() {
        let text = r#"{"value":[{"id":"1"}],"@odata.nextLink":"https://n","@odata.deltaLink":"https://d","@odata.count":7,"@odata.context":"c"}"#;
        let page: Page<Item> = serde_json::from_str(text).unwrap();
        assert_eq!(serde_json::to_string(&page).unwrap(), text);
        let last: Page<Item> = serde_json::from_str(r#"{"value":[]}"#).unwrap();
        assert_eq!(serde_json::to_string(&last).unwrap(), r#"{"value":[]}"#);
    }
}
