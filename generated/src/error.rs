//! What can go wrong when talking to Microsoft Graph, as one error type.
//!
//! Graph reports failures as JSON (`{"error":{"code":…,"message":…}}`); [`Error::Api`] keeps
//! that parsed, plus the raw body and any `Retry-After`, so callers can branch on Graph's stable
//! error codes instead of on message text.

use std::collections::BTreeMap;
use std::fmt;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// Longest body text, in bytes, that an error keeps: an HTML error page from a proxy or a huge
/// response that failed to decode should not turn into a multi-megabyte log line.
pub(crate) const MAX_KEPT_BODY: usize = 4096;

/// Every failure of building, sending or decoding a Graph request, so one `?` covers a call.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// Graph answered with a non-2xx status. Match on `error.code` (stable across releases)
    /// rather than on `message` (localised, reworded over time).
    Api {
        /// The HTTP status code.
        status: u16,
        /// Graph's error object, when the body was Graph's error JSON. Boxed so that every
        /// `Result<_, Error>` stays small.
        error: Option<Box<GraphError>>,
        /// The response body as text (lossy UTF-8), cut to its first 4 KiB, for diagnosis when
        /// the body was not Graph's error JSON (a gateway's HTML page, say).
        body: String,
        /// How long the server asked the caller to wait (`Retry-After`), for throttling.
        retry_after: Option<Duration>,
    },
    /// A 2xx response whose body did not match the expected type, usually the docs and the
    /// service disagreeing about a property.
    Decode {
        /// serde_json's description, with line and column.
        message: String,
        /// The JSON path of the member that did not fit (`$.value[3].jobTitle`, wire names),
        /// when the failure was inside the body rather than its shape as a whole.
        path: Option<String>,
        /// The body as text (lossy UTF-8), cut to its first 4 KiB.
        body: String,
    },
    /// A path parameter that would change the route however it is encoded (`.`, `..`, empty),
    /// so the request was not built rather than sent to an unintended resource.
    InvalidPathParameter {
        /// The rejected value, as given.
        value: String,
        /// Why it was rejected.
        reason: &'static str,
    },
    /// The request could not be built: the body did not serialize, a header or the base URL
    /// was invalid, or a `@odata.nextLink` pointed at another host.
    Request(String),
    /// The request could not be sent or the response not read (DNS, TLS, connection reset);
    /// the text includes the chain of underlying causes.
    Transport(String),
    /// The token source could not produce a token; nothing was sent.
    Token(String),
}

impl Error {
    /// The HTTP status of an [`Error::Api`], so callers can branch on it without a match.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Graph's error code (`Request_ResourceNotFound`, `ErrorItemNotFound`, …) of an
    /// [`Error::Api`]: the stable thing to match on, unlike the message.
    pub fn graph_code(&self) -> Option<&str> {
        match self {
            Error::Api {
                error: Some(error), ..
            } if !error.code.is_empty() => Some(&error.code),
            _ => None,
        }
    }

    /// True for a 404, the one failure most callers handle as "absent" rather than as an error.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }

    /// How long Graph asked the caller to wait before trying again, for callers that do their
    /// own throttling.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Api { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api {
                status,
                error,
                body,
                ..
            } => {
                let reason = http::StatusCode::from_u16(*status)
                    .ok()
                    .and_then(|s| s.canonical_reason())
                    .unwrap_or("");
                write!(f, "Microsoft Graph answered {status} {reason}")?;
                match error {
                    Some(error) => write!(f, ": {error}"),
                    None if body.is_empty() => Ok(()),
                    None => write!(f, ": {}", first_chars(body, 200)),
                }
            }
            Error::Decode {
                message,
                path: Some(path),
                ..
            } => write!(
                f,
                "could not decode Microsoft Graph's response at `{path}`: {message}"
            ),
            Error::Decode { message, .. } => {
                write!(f, "could not decode Microsoft Graph's response: {message}")
            }
            Error::InvalidPathParameter { value, reason } => {
                write!(f, "invalid path parameter {value:?}: {reason}")
            }
            Error::Request(message) => write!(f, "could not build the request: {message}"),
            Error::Transport(message) => write!(f, "could not reach Microsoft Graph: {message}"),
            Error::Token(message) => write!(f, "could not get an access token: {message}"),
        }
    }
}

impl std::error::Error for Error {}

/// Graph's error object (the `error` member of an error response), so callers can read the
/// code, message and nested details without handling JSON.
///
/// Reading is lenient: missing or null members become empty, members of an unexpected type
/// are kept in `additional_properties`, so any error JSON that is an object yields a value.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct GraphError {
    /// Graph's machine-readable error code, e.g. `Request_ResourceNotFound`.
    pub code: String,
    /// The human-readable message.
    pub message: String,
    /// Service diagnostics (`request-id`, `date`, `client-request-id`, nested `innerError`),
    /// which support asks for. Read from `innerError` or `innererror`.
    #[serde(rename = "innerError", skip_serializing_if = "Option::is_none")]
    pub inner_error: Option<Value>,
    /// Per-item errors of a batch-like operation.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<GraphError>,
    /// Members not listed above (`target`, `@odata.type`, …), kept so nothing the service
    /// said is lost.
    #[serde(flatten)]
    pub additional_properties: BTreeMap<String, Value>,
}

impl GraphError {
    /// Reads an error object, keeping whatever does not fit the known members.
    fn from_map(mut map: Map<String, Value>) -> GraphError {
        let mut text = |key: &str| match map.remove(key) {
            Some(Value::String(s)) => Some(s),
            Some(Value::Null) | None => None,
            Some(other) => {
                map.insert(key.to_string(), other);
                None
            }
        };
        let code = text("code").unwrap_or_default();
        let message = text("message").unwrap_or_default();
        let inner_error = match map.remove("innerError") {
            Some(Value::Null) | None => map.remove("innererror").filter(|v| !v.is_null()),
            some => some,
        };
        let details = match map.remove("details") {
            Some(Value::Array(items)) => items
                .into_iter()
                .filter_map(|item| match item {
                    Value::Object(m) => Some(GraphError::from_map(m)),
                    _ => None,
                })
                .collect(),
            Some(Value::Null) | None => Vec::new(),
            Some(other) => {
                map.insert("details".to_string(), other);
                Vec::new()
            }
        };
        GraphError {
            code,
            message,
            inner_error,
            details,
            additional_properties: map.into_iter().collect(),
        }
    }

    /// Graph's error object from a whole error response body (`{"error":{…}}`); `None` when the
    /// body is not that shape.
    pub fn from_body(body: &[u8]) -> Option<GraphError> {
        match serde_json::from_slice::<Value>(body).ok()? {
            Value::Object(mut envelope) => match envelope.remove("error")? {
                Value::Object(map) => Some(GraphError::from_map(map)),
                _ => None,
            },
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for GraphError {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Map::<String, Value>::deserialize(d).map(GraphError::from_map)
    }
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.code.is_empty(), self.message.is_empty()) {
            (false, false) => write!(f, "{}: {}", self.code, self.message),
            (false, true) => f.write_str(&self.code),
            (true, false) => f.write_str(&self.message),
            (true, true) => f.write_str("(no code or message)"),
        }
    }
}

/// The first `max` bytes of `text`, cut back to a character boundary so it never splits one.
pub(crate) fn truncate_text(mut text: String, max: usize) -> String {
    if text.len() > max {
        let mut end = max;
        while end > 0 && !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

/// Body bytes as bounded text for an error.
pub(crate) fn body_text(body: &[u8]) -> String {
    let head = body.get(..MAX_KEPT_BODY).unwrap_or(body);
    truncate_text(String::from_utf8_lossy(head).into_owned(), MAX_KEPT_BODY)
}

fn first_chars(text: &str, max: usize) -> String {
    let mut out: String = text.chars().take(max).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

/// Reads a `Retry-After` value: delay-seconds or an HTTP date (relative to `now`; a date in
/// the past means "now"). `None` for anything else.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Absurdly long digit strings saturate instead of failing.
        return Some(Duration::from_secs(
            value.parse::<u64>().unwrap_or(u64::MAX),
        ));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let secs = u64::try_from(date.timestamp()).ok()?;
    let when = SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(secs))?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The `Retry-After` of a response, if present and readable.
pub(crate) fn retry_after(headers: &http::HeaderMap) -> Option<Duration> {
    let value = headers.get(http::header::RETRY_AFTER)?.to_str().ok()?;
    parse_retry_after(value, SystemTime::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_graph_error() {
        let body = br#"{"error":{"code":"Request_ResourceNotFound","message":"Resource 'x' does not exist.",
            "innerError":{"date":"2024-01-01T00:00:00","request-id":"r1","client-request-id":"c1"},
            "details":[{"code":"a","message":"m","target":"displayName"}],
            "target":"id"}}"#;
        let e = GraphError::from_body(body).unwrap();
        assert_eq!(e.code, "Request_ResourceNotFound");
        assert_eq!(e.message, "Resource 'x' does not exist.");
        assert_eq!(e.inner_error.as_ref().unwrap()["request-id"], "r1");
        assert_eq!(e.details.len(), 1);
        assert_eq!(e.details[0].code, "a");
        assert_eq!(e.details[0].additional_properties["target"], "displayName");
        assert_eq!(e.additional_properties["target"], "id");
        assert_eq!(
            e.to_string(),
            "Request_ResourceNotFound: Resource 'x' does not exist."
        );
        // Writes back with Graph's spelling.
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["innerError"]["request-id"], "r1");
        assert_eq!(v["target"], "id");
    }

    #[test]
    fn partial_and_odd_graph_errors() {
        let e = GraphError::from_body(br#"{"error":{"code":"Throttled"}}"#).unwrap();
        assert_eq!(e.code, "Throttled");
        assert_eq!(e.message, "");
        assert!(e.details.is_empty());
        let e = GraphError::from_body(
            br#"{"error":{"message":null,"innererror":{"x":1},"details":null}}"#,
        )
        .unwrap();
        assert_eq!(e.code, "");
        assert_eq!(e.inner_error.unwrap()["x"], 1);
        // Wrong types are kept, not fatal.
        let e = GraphError::from_body(br#"{"error":{"code":42,"details":"nope"}}"#).unwrap();
        assert_eq!(e.code, "");
        assert_eq!(e.additional_properties["code"], 42);
        assert_eq!(e.additional_properties["details"], "nope");
        // Both spellings: the documented one wins, the other is kept.
        let e = GraphError::from_body(br#"{"error":{"innerError":{"a":1},"innererror":{"b":2}}}"#)
            .unwrap();
        assert_eq!(e.inner_error.unwrap()["a"], 1);
        assert_eq!(e.additional_properties["innererror"]["b"], 2);
        // Not Graph's shape at all.
        assert!(GraphError::from_body(b"<html>bad gateway</html>").is_none());
        assert!(GraphError::from_body(br#"{"error":"x"}"#).is_none());
        assert!(GraphError::from_body(b"[]").is_none());
        assert!(GraphError::from_body(b"").is_none());
        // Direct deserialization goes through the same lenient reader.
        let e: GraphError =
            serde_json::from_str(r#"{"code":"c","details":[1,{"code":"d"}]}"#).unwrap();
        assert_eq!(e.details.len(), 1);
    }

    #[test]
    fn error_helpers_and_display() {
        let e = Error::Api {
            status: 404,
            error: GraphError::from_body(br#"{"error":{"code":"NotFound","message":"gone"}}"#)
                .map(Box::new),
            body: String::new(),
            retry_after: None,
        };
        assert!(e.is_not_found());
        assert_eq!(e.status(), Some(404));
        assert_eq!(e.graph_code(), Some("NotFound"));
        assert_eq!(
            e.to_string(),
            "Microsoft Graph answered 404 Not Found: NotFound: gone"
        );
        let e = Error::Api {
            status: 599,
            error: None,
            body: "x".repeat(500),
            retry_after: None,
        };
        assert!(e.to_string().ends_with('…'));
        assert_eq!(e.graph_code(), None);
        assert!(!Error::Token("t".into()).is_not_found());
        assert_eq!(Error::Request("r".into()).status(), None);
    }

    #[test]
    fn retry_after_values() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(parse_retry_after("1", now), Some(Duration::from_secs(1)));
        assert_eq!(
            parse_retry_after(" 120 ", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_retry_after("Thu, 01 Jan 1960 00:00:00 GMT", now),
            None
        );
        assert_eq!(parse_retry_after("-1", now), None);
        assert_eq!(parse_retry_after("1.5", now), None);
        assert_eq!(parse_retry_after("", now), None);
        assert_eq!(parse_retry_after("soon", now), None);
        let mut headers = http::HeaderMap::new();
        headers.insert(http::header::RETRY_AFTER, "7".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
    }

    #[test]
    fn bodies_are_bounded_without_splitting_characters() {
        let body = "é".repeat(5000); // 2 bytes each
        let kept = body_text(body.as_bytes());
        assert!(kept.len() <= MAX_KEPT_BODY);
        assert!(kept.chars().all(|c| c == 'é'));
        assert_eq!(body_text(b"short"), "short");
        assert_eq!(truncate_text("abc".into(), 0), "");
    }
}
