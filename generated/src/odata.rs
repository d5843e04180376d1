//! OData plumbing that emitted dispatch enums call: reading and writing `@odata.type`.

use serde::de::DeserializeOwned;
use serde::{Serialize, Serializer};
use serde_json::Value;

/// The `@odata.type` of a JSON object as a match key: `#` removed, ASCII lowercased (the pages
/// and servers disagree on casing, and a kind must not be missed over it).
pub fn type_key(value: &Value) -> Option<String> {
    let t = value.get("@odata.type")?.as_str()?;
    Some(t.trim_start_matches('#').to_ascii_lowercase())
}

/// Serializes `value` with `@odata.type` set to `odata_type` unless it already carries one, so a
/// derived value sent where its base is expected says what it is.
pub fn serialize_with_type<T: Serialize, S: Serializer>(
    value: &T,
    odata_type: &str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut json = serde_json::to_value(value).map_err(serde::ser::Error::custom)?;
    if let Value::Object(map) = &mut json {
        map.entry("@odata.type")
            .or_insert_with(|| Value::String(odata_type.to_string()));
    }
    json.serialize(serializer)
}

/// Deserializes a variant of a dispatch enum from the already-buffered JSON value.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, serde_json::Error> {
    serde_json::from_value(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Basic {
        username: String,
    }

    #[test]
    fn writes_the_type_once() {
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::new(&mut out);
        serialize_with_type(
            &Basic {
                username: "u".into(),
            },
            "#microsoft.graph.basicAuthentication",
            &mut ser,
        )
        .unwrap();
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["@odata.type"], "#microsoft.graph.basicAuthentication");
        assert_eq!(v["username"], "u");
        let tagged = serde_json::json!({"@odata.type": "#keep.me"});
        let mut out = Vec::new();
        serialize_with_type(
            &tagged,
            "#other",
            &mut serde_json::Serializer::new(&mut out),
        )
        .unwrap();
        assert!(String::from_utf8(out).unwrap().contains("#keep.me"));
    }

    #[test]
    fn type_keys() {
        assert_eq!(
            type_key(&serde_json::json!({"@odata.type": "#Microsoft.Graph.X"})).as_deref(),
            Some("microsoft.graph.x")
        );
        assert_eq!(type_key(&serde_json::json!({"@odata.type": 1})), None);
        assert_eq!(type_key(&serde_json::json!([1])), None);
    }
}
