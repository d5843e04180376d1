//! Users' own structs as Graph resources: what `#[derive(GraphResource)]` implements, and the
//! response bodies its endpoint functions decode with.

use crate::error::Error;
use crate::page::Page;
use crate::request::{Json, ResponseBody};
use http::StatusCode;
use serde::de::DeserializeOwned;
use std::fmt;
use std::marker::PhantomData;

/// A struct that holds a chosen subset of a documented Graph resource. `graphdoc-derive`'s
/// `#[derive(GraphResource)]` implements it after checking every field against the docs.
pub trait GraphResource {
    /// The resource's `@odata.type`, e.g. `#microsoft.graph.identityApiConnector`.
    const ODATA_TYPE: &'static str;
    /// The wire name of the key property (`id`), when the docs give one.
    const KEY: Option<&'static str>;
    /// The wire names of the struct's fields, in field order: what its requests `$select`.
    const SELECT: &'static [&'static str];
    /// The wire names of the relationships the struct holds (`#[graph(expand)]` fields): what
    /// its GETs `$expand`.
    const EXPAND: &'static [&'static str] = &[];
    /// For each field, `(wire name, name serde reads)`. They differ when the struct leaves
    /// serde's field names as they are (`display_name` for `displayName`); [`Selected`] renames
    /// such members before decoding, so the struct needs no serde attributes to read Graph JSON.
    const FIELDS: &'static [(&'static str, &'static str)];
}

/// Renames the members of one JSON object from wire names to the names serde reads.
fn rename_members(value: &mut serde_json::Value, fields: &[(&str, &str)]) {
    if let serde_json::Value::Object(map) = value {
        for (wire, serde_name) in fields {
            if wire != serde_name {
                if let Some(v) = map.remove(*wire) {
                    map.insert((*serde_name).to_string(), v);
                }
            }
        }
    }
}

fn needs_renaming(fields: &[(&str, &str)]) -> bool {
    fields.iter().any(|(wire, serde_name)| wire != serde_name)
}

/// The response body of a derived endpoint that returns one resource: decoded as `T` after
/// renaming wire names to the names serde reads (see [`GraphResource::FIELDS`]).
pub struct Selected<T>(PhantomData<fn() -> T>);

impl<T> fmt::Debug for Selected<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Selected<{}>", std::any::type_name::<T>())
    }
}

impl<T: GraphResource + DeserializeOwned> ResponseBody for Selected<T> {
    type Output = T;
    fn parse(status: StatusCode, body: &[u8]) -> Result<T, Error> {
        if !needs_renaming(T::FIELDS) {
            return Json::<T>::parse(status, body);
        }
        let mut value = Json::<serde_json::Value>::parse(status, body)?;
        rename_members(&mut value, T::FIELDS);
        crate::decode::from_value(value, T::FIELDS, body)
    }
}

/// The response body of a derived endpoint that returns a collection: a [`Page`] of `T`, each
/// item renamed as [`Selected`] does.
pub struct SelectedPage<T>(PhantomData<fn() -> T>);

impl<T> fmt::Debug for SelectedPage<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SelectedPage<{}>", std::any::type_name::<T>())
    }
}

impl<T: GraphResource + DeserializeOwned> ResponseBody for SelectedPage<T> {
    type Output = Page<T>;
    fn parse(status: StatusCode, body: &[u8]) -> Result<Page<T>, Error> {
        if !needs_renaming(T::FIELDS) {
            return Json::<Page<T>>::parse(status, body);
        }
        let mut value = Json::<serde_json::Value>::parse(status, body)?;
        if let Some(serde_json::Value::Array(items)) = value.get_mut("value") {
            for item in items {
                rename_members(item, T::FIELDS);
            }
        }
        crate::decode::from_value(value, T::FIELDS, body)
    }
}

/// A response body that is one page of a collection, so a client can follow its
/// `@odata.nextLink`: [`Json<Page<T>>`](Json) for emitted types, [`SelectedPage<T>`] for
/// derived ones.
pub trait Paged: ResponseBody<Output = Page<Self::Item>> {
    /// The collection's item type.
    type Item;
}

impl<T: DeserializeOwned> Paged for Json<Page<T>> {
    type Item = T;
}

impl<T: GraphResource + DeserializeOwned> Paged for SelectedPage<T> {
    type Item = T;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Connector {
        id: String,
        display_name: Option<String>,
    }

    impl GraphResource for Connector {
        const ODATA_TYPE: &'static str = "#microsoft.graph.identityApiConnector";
        const KEY: Option<&'static str> = Some("id");
        const SELECT: &'static [&'static str] = &["id", "displayName"];
        const FIELDS: &'static [(&'static str, &'static str)] =
            &[("id", "id"), ("displayName", "display_name")];
    }

    #[test]
    fn wire_names_reach_serde_names() {
        let body =
            br#"{"@odata.context":"x","id":"c1","displayName":"Check","targetUrl":"https://a"}"#;
        let c = Selected::<Connector>::parse(StatusCode::OK, body).unwrap();
        assert_eq!(
            c,
            Connector {
                id: "c1".into(),
                display_name: Some("Check".into())
            }
        );
        let page = br#"{"value":[{"id":"a","displayName":"A"},{"id":"b"}],"@odata.nextLink":"https://graph.microsoft.com/beta/x?$skiptoken=2"}"#;
        let p = SelectedPage::<Connector>::parse(StatusCode::OK, page).unwrap();
        assert_eq!(p.value.len(), 2);
        assert_eq!(p.value[0].display_name.as_deref(), Some("A"));
        assert!(p.next_link.is_some());
    }

    #[test]
    fn errors_and_bad_bodies_are_errors_not_panics() {
        let err = br#"{"error":{"code":"Request_ResourceNotFound","message":"gone"}}"#;
        assert!(matches!(
            Selected::<Connector>::parse(StatusCode::NOT_FOUND, err),
            Err(Error::Api { .. })
        ));
        assert!(matches!(
            Selected::<Connector>::parse(StatusCode::OK, b"[1,2]"),
            Err(Error::Decode { .. })
        ));
        assert!(matches!(
            SelectedPage::<Connector>::parse(StatusCode::OK, b"{\"value\":3}"),
            Err(Error::Decode { .. })
        ));
    }
}
