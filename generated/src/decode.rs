//! Decoding response bodies, with the JSON path of what did not fit.
//!
//! serde_json says *what* failed and where in the text (`invalid type: null, expected a string
//! at line 1 column 52`); a caller wants to know *which member*. The path is found by decoding a
//! second time with [`serde_path_to_error`] only after the first attempt failed, so a successful
//! decode costs nothing extra.

use crate::error::Error;
use serde::de::DeserializeOwned;

/// `$.value[3].jobTitle` from a tracked path; `rename` maps a member name serde read back to
/// its wire name (derived structs read `job_title` where Graph wrote `jobTitle`).
fn json_path(path: &serde_path_to_error::Path, rename: &dyn Fn(&str) -> Option<String>) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::from("$");
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } => {
                out.push('.');
                out.push_str(&rename(key).unwrap_or_else(|| key.clone()));
            }
            Segment::Enum { variant } => {
                out.push('.');
                out.push_str(variant);
            }
            Segment::Unknown => out.push_str(".?"),
        }
    }
    out
}

/// The error for a body that did not decode as `T`: serde_json's message, and the path of the
/// member it was about when there is one.
fn error(
    first: serde_json::Error,
    tracked: Option<serde_path_to_error::Path>,
    rename: &dyn Fn(&str) -> Option<String>,
    body: &[u8],
) -> Error {
    let path = tracked.map(|p| json_path(&p, rename)).filter(|p| p != "$");
    Error::Decode {
        message: first.to_string(),
        path,
        body: crate::error::body_text(body),
    }
}

/// Decodes JSON text as `T`.
pub(crate) fn from_slice<T: DeserializeOwned>(text: &[u8], body: &[u8]) -> Result<T, Error> {
    serde_json::from_slice(text).map_err(|first| {
        let mut de = serde_json::Deserializer::from_slice(text);
        let tracked = serde_path_to_error::deserialize::<_, T>(&mut de)
            .err()
            .map(|e| e.path().clone());
        error(first, tracked, &|_| None, body)
    })
}

/// Decodes a JSON value as `T`; `fields` are `(wire name, name serde reads)` pairs whose
/// member names the path reports as the wire names.
pub(crate) fn from_value<T: DeserializeOwned>(
    value: serde_json::Value,
    fields: &[(&str, &str)],
    body: &[u8],
) -> Result<T, Error> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|e| {
        let path = e.path().clone();
        let rename = |name: &str| {
            fields
                .iter()
                .find(|(_, serde_name)| *serde_name == name)
                .map(|(wire, _)| (*wire).to_string())
        };
        error(e.into_inner(), Some(path), &rename, body)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct User {
        #[serde(rename = "jobTitle")]
        job_title: String,
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Page {
        value: Vec<User>,
    }

    #[test]
    fn a_decode_error_names_the_member() {
        let body = br#"{"value":[{"jobTitle":"a"},{"jobTitle":null}]}"#;
        match from_slice::<Page>(body, body).unwrap_err() {
            Error::Decode { message, path, .. } => {
                assert_eq!(path.as_deref(), Some("$.value[1].jobTitle"));
                assert!(message.contains("invalid type: null"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        let value = serde_json::json!({"value": [{"job_title": 5}]});
        let fields = [("jobTitle", "job_title")];
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Plain {
            job_title: String,
        }
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Plains {
            value: Vec<Plain>,
        }
        match from_value::<Plains>(value, &fields, b"").unwrap_err() {
            Error::Decode { path, .. } => assert_eq!(path.as_deref(), Some("$.value[0].jobTitle")),
            other => panic!("{other:?}"),
        }
    }
}
