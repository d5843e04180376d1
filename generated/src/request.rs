//! A Graph call as a plain value (sans-IO): method, path, query, headers and body, plus the
//! type its response decodes to. Generated endpoint methods build these; any HTTP stack can
//! send them ([`Request::to_http`]), and the `client` feature ships one that does.

use std::fmt;
use std::marker::PhantomData;

use http::header::{HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use http::{HeaderMap, Method, StatusCode};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{body_text, retry_after, Error, GraphError};
use crate::query::Query;

/// Base URL of Graph's stable API, for [`Request::to_http`] and `Client::new`.
pub const GRAPH_V1: &str = "https://graph.microsoft.com/v1.0";
/// Base URL of Graph's beta API, for [`Request::to_http`] and `Client::new`.
pub const GRAPH_BETA: &str = "https://graph.microsoft.com/beta";

/// How a successful response body becomes a value, chosen per endpoint at compile time so a
/// call's return type follows from the route.
pub trait ResponseBody {
    /// What the call returns.
    type Output;
    /// The `Accept` header `to_http` sends unless the request sets one: JSON for typed
    /// responses, anything for raw streams (a CSV report, a file's content).
    const ACCEPT: &'static str = "application/json";
    /// Decodes a response. Given a non-2xx status it returns [`Error::Api`], so an adapter that
    /// skips its own status check still cannot mistake an error for data.
    fn parse(status: StatusCode, body: &[u8]) -> Result<Self::Output, Error>;
}

/// For calls whose success carries nothing worth reading (`204 No Content` on PATCH and
/// DELETE, `202 Accepted`): any 2xx is success and the body is ignored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoContent;

impl ResponseBody for NoContent {
    type Output = ();
    fn parse(status: StatusCode, body: &[u8]) -> Result<(), Error> {
        if status.is_success() {
            Ok(())
        } else {
            Err(error_from_response(status, &HeaderMap::new(), body))
        }
    }
}

/// For calls that return JSON: the body is decoded as `T`. An empty body reads as JSON `null`,
/// so `Json<Option<T>>` accepts a bare `204`.
pub struct Json<T>(PhantomData<fn() -> T>);

impl<T> Json<T> {
    /// The marker value, for code that wants one (the type alone is what matters).
    pub const fn new() -> Self {
        Json(PhantomData)
    }
}

impl<T> Default for Json<T> {
    fn default() -> Self {
        Json::new()
    }
}

impl<T> Clone for Json<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Json<T> {}

impl<T> fmt::Debug for Json<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Json<{}>", std::any::type_name::<T>())
    }
}

impl<T: DeserializeOwned> ResponseBody for Json<T> {
    type Output = T;
    fn parse(status: StatusCode, body: &[u8]) -> Result<T, Error> {
        if !status.is_success() {
            return Err(error_from_response(status, &HeaderMap::new(), body));
        }
        let empty = body.iter().all(u8::is_ascii_whitespace);
        let text: &[u8] = if empty { b"null" } else { body };
        crate::decode::from_slice(text, body).map_err(|e| match e {
            Error::Decode { message, .. } if empty => Error::Decode {
                message: format!("the response has no body ({message})"),
                path: None,
                body: String::new(),
            },
            e => e,
        })
    }
}

/// For calls that return one primitive or enum value, which OData sends wrapped as
/// `{"value": x}` (`$count` aside, which is plain text and uses [`Json`]).
pub struct Wrapped<T>(PhantomData<fn() -> T>);

#[derive(serde::Deserialize)]
struct ValueWrapper<T> {
    value: T,
}

impl<T: DeserializeOwned> ResponseBody for Wrapped<T> {
    type Output = T;
    fn parse(status: StatusCode, body: &[u8]) -> Result<T, Error> {
        Json::<ValueWrapper<T>>::parse(status, body).map(|w| w.value)
    }
}

/// For calls that return a stream (`Edm.Stream`: a file's `content`, a photo's `$value`, a CSV
/// report): the body bytes as sent, with any 2xx.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Raw;

impl ResponseBody for Raw {
    type Output = Vec<u8>;
    const ACCEPT: &'static str = "*/*";
    fn parse(status: StatusCode, body: &[u8]) -> Result<Vec<u8>, Error> {
        if status.is_success() {
            Ok(body.to_vec())
        } else {
            Err(error_from_response(status, &HeaderMap::new(), body))
        }
    }
}

/// Turns a non-2xx response into [`Error::Api`]: Graph's error JSON parsed when present, the
/// body kept (bounded) when not, and `Retry-After` read, for adapters other than the built-in
/// client.
pub fn error_from_response(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Error {
    Error::Api {
        status: status.as_u16(),
        error: GraphError::from_body(body).map(Box::new),
        body: body_text(body),
        retry_after: retry_after(headers),
    }
}

/// Bytes a path segment may carry unencoded: RFC 3986 unreserved characters. Everything else,
/// `/ ? # %` and spaces included, is percent-encoded so a value cannot change the route.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Bytes an OData string literal in a function call may carry unencoded: unreserved, plus the
/// `''` escape of a quote (a lone `'` cannot occur: quotes are doubled first).
const LITERAL_SAFE: &AsciiSet = &UNRESERVED.remove(b'\'');

/// Bytes a query name or value may carry unencoded: unreserved plus the OData punctuation that
/// is harmless in a query (`$ ' ( ) , : @ / ! *`), so URLs stay readable in logs. `& = + # %`,
/// spaces and quotes are encoded.
const QUERY_SAFE: &AsciiSet = &UNRESERVED
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b',')
    .remove(b':')
    .remove(b'@')
    .remove(b'/')
    .remove(b'!')
    .remove(b'*');

/// Appends `text` with every byte outside `keep` written `%XX` (upper-case hex), UTF-8 bytes
/// included.
fn percent_encode(text: &str, keep: &'static AsciiSet, out: &mut String) {
    out.extend(utf8_percent_encode(text, keep));
}

/// One Graph call, described but not sent. `R` says how the response is decoded.
///
/// Builders never fail: a problem found while building (a value that cannot be a path segment,
/// a body that does not serialize, an invalid header) is kept and returned by
/// [`to_http`](Request::to_http), so generated methods can chain without `?` at every step.
///
/// ```
/// use graphdoc_generated::{http::Method, Json, Page, Query, Request, GRAPH_BETA};
///
/// let req = Request::<Json<Page<serde_json::Value>>>::new(Method::GET)
///     .segment("identity")
///     .segment("apiConnectors")
///     .param("a/b")
///     .query(&Query::default().select(["id"]));
/// assert_eq!(req.path(), "/identity/apiConnectors/a%2Fb");
/// let http = req.to_http(GRAPH_BETA).unwrap();
/// assert_eq!(
///     http.uri().to_string(),
///     "https://graph.microsoft.com/beta/identity/apiConnectors/a%2Fb?$select=id"
/// );
/// ```
pub struct Request<R> {
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    body: Option<Vec<u8>>,
    error: Option<Error>,
    response: PhantomData<fn() -> R>,
}

impl<R: ResponseBody> Clone for Request<R> {
    fn clone(&self) -> Self {
        Request {
            method: self.method.clone(),
            path: self.path.clone(),
            query: self.query.clone(),
            headers: self.headers.clone(),
            body: self.body.clone(),
            error: self.error.clone(),
            response: PhantomData,
        }
    }
}

impl<R: ResponseBody> fmt::Debug for Request<R> {
    /// Header values that carry credentials are shown as `<redacted>`, so a request can be
    /// logged; the body is shown as its length, since it may hold secrets too.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Headers<'a>(&'a HeaderMap);
        impl fmt::Debug for Headers<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mut map = f.debug_map();
                for (name, value) in self.0 {
                    if is_secret_header(name) || value.is_sensitive() {
                        map.entry(&name.as_str(), &"<redacted>");
                    } else {
                        map.entry(&name.as_str(), value);
                    }
                }
                map.finish()
            }
        }
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &Headers(&self.headers))
            .field("body_len", &self.body.as_ref().map(Vec::len))
            .field("error", &self.error)
            .field("response", &std::any::type_name::<R>())
            .finish()
    }
}

fn is_secret_header(name: &HeaderName) -> bool {
    name == AUTHORIZATION
        || name == http::header::PROXY_AUTHORIZATION
        || name == http::header::COOKIE
}

impl<R: ResponseBody> Request<R> {
    /// An empty request for `method`; add path segments, options and a body with the builders.
    pub fn new(method: Method) -> Self {
        Request {
            method,
            path: String::new(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            error: None,
            response: PhantomData,
        }
    }

    /// The same request sent with another method (builders address a node first, then pick
    /// the verb).
    pub fn with_method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    /// The same request, its response read another way: the escape hatch for a page whose
    /// documented response is wrong, e.g. `.decode_as::<Json<serde_json::Value>>()` or
    /// `.decode_as::<Raw>()`. Nothing else changes.
    ///
    /// ```
    /// use graphdoc_generated::{http::Method, Json, NoContent, Request};
    /// let req: Request<NoContent> = Request::new(Method::PATCH).segment("me");
    /// let loose: Request<Json<serde_json::Value>> = req.decode_as();
    /// assert_eq!(loose.path(), "/me");
    /// ```
    pub fn decode_as<R2: ResponseBody>(self) -> Request<R2> {
        Request {
            method: self.method,
            path: self.path,
            query: self.query,
            headers: self.headers,
            body: self.body,
            error: self.error,
            response: PhantomData,
        }
    }

    /// Keeps the first problem found while building, to be returned by `to_http`.
    fn fail(&mut self, error: Error) {
        if self.error.is_none() {
            self.error = Some(error);
        }
    }

    /// Appends route text written by the generator (`users`, `microsoft.graph.user`, `$value`,
    /// `getByIds(ids=['…'])`) exactly as given. Never pass user input here; use
    /// [`param`](Request::param), which encodes.
    pub fn segment(mut self, literal: &str) -> Self {
        self.path.push('/');
        self.path.push_str(literal);
        self
    }

    /// Appends one path segment holding a user value (an id, a user principal name), percent-
    /// encoded so that `/`, `?`, `#`, `%`, spaces or `..` in it can never reach another route.
    /// Every byte but ASCII letters, digits and `-._~` is encoded. A value that is empty, `.` or
    /// `..` is refused ([`Error::InvalidPathParameter`] from `to_http`): URL parsers resolve dot
    /// segments even when percent-encoded, and an empty one names the collection instead.
    pub fn param(mut self, value: impl Into<String>) -> Self {
        let value = value.into();
        let reason = match value.as_str() {
            "" => Some("a path parameter cannot be empty"),
            "." | ".." => Some("a path parameter cannot be a dot segment"),
            _ => None,
        };
        if let Some(reason) = reason {
            self.fail(Error::InvalidPathParameter {
                value: value.clone(),
                reason,
            });
        }
        self.path.push('/');
        percent_encode(&value, UNRESERVED, &mut self.path);
        self
    }

    /// Appends path-based addressing, `/{prefix}:/{path}:` (OneDrive's `root:/folder/file.txt:`),
    /// where the user value is a path whose `/`s separate folders. Each folder name is
    /// percent-encoded like a [`param`](Request::param), so `:`, `?`, `#` cannot end the address
    /// early; leading and trailing `/` are ignored, and an empty, `.` or `..` component is
    /// refused ([`Error::InvalidPathParameter`]) because it would climb out of the folder.
    pub fn path_address(mut self, prefix: &str, path: impl Into<String>) -> Self {
        let path = path.into();
        let trimmed = path.trim_matches('/');
        let reason = if trimmed.is_empty() {
            Some("an item path cannot be empty")
        } else if trimmed.split('/').any(|c| c.is_empty()) {
            Some("an item path cannot have an empty folder name (`//`)")
        } else if trimmed.split('/').any(|c| c == "." || c == "..") {
            Some("an item path cannot have a `.` or `..` component")
        } else {
            None
        };
        if let Some(reason) = reason {
            self.fail(Error::InvalidPathParameter {
                value: path.clone(),
                reason,
            });
        }
        self.path.push('/');
        self.path.push_str(prefix);
        self.path.push_str(":/");
        for (i, component) in trimmed.split('/').enumerate() {
            if i > 0 {
                self.path.push('/');
            }
            percent_encode(component, UNRESERVED, &mut self.path);
        }
        self.path.push(':');
        self
    }

    /// Appends an OData function call segment, `name(arg='text',n=5)`, from
    /// `(parameter, value, quoted)` triples. A quoted value is an OData string literal (`'` is
    /// doubled); every value is percent-encoded like a [`param`](Request::param), so user text
    /// cannot close the literal or the call. An empty parameter name writes the value alone, as
    /// in a key segment `users('id')`. An unquoted value cannot be empty
    /// ([`Error::InvalidPathParameter`]): `f(n=)` is not a call.
    pub fn function(mut self, name: &str, args: &[(&str, &str, bool)]) -> Self {
        self.path.push('/');
        self.path.push_str(name);
        self.path.push('(');
        for (i, (param, value, quoted)) in args.iter().enumerate() {
            if i > 0 {
                self.path.push(',');
            }
            if !param.is_empty() {
                self.path.push_str(param);
                self.path.push('=');
            }
            if *quoted {
                self.path.push('\'');
                percent_encode(&value.replace('\'', "''"), LITERAL_SAFE, &mut self.path);
                self.path.push('\'');
            } else {
                if value.is_empty() {
                    self.fail(Error::InvalidPathParameter {
                        value: String::new(),
                        reason: "an unquoted function argument cannot be empty",
                    });
                }
                percent_encode(value, UNRESERVED, &mut self.path);
            }
        }
        self.path.push(')');
        self
    }

    /// Sets a non-JSON body (a file's content, a photo) with its media type, for `Edm.Stream`
    /// uploads.
    pub fn bytes(mut self, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        self.body = Some(body.into());
        self.header(CONTENT_TYPE.as_str(), content_type)
    }

    /// Adds the OData options of `q` (after any pairs already added).
    pub fn query(mut self, q: &Query) -> Self {
        self.query.extend(q.to_pairs());
        self
    }

    /// Adds one query parameter (unencoded; encoded by `to_http`), for options [`Query`] does
    /// not model (`$skiptoken`, function-specific ones).
    pub fn query_pair(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Sets a header (replacing an earlier value of the same name), e.g. `ConsistencyLevel:
    /// eventual` or `Prefer`. Defaults set by `to_http` (`Accept`, `Content-Type`) yield to a
    /// header set here.
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        let name = match HeaderName::from_bytes(name.as_ref().as_bytes()) {
            Ok(name) => name,
            Err(_) => {
                self.fail(Error::Request(format!(
                    "invalid header name {:?}",
                    name.as_ref()
                )));
                return self;
            }
        };
        match HeaderValue::from_str(value.as_ref()) {
            Ok(mut value) => {
                if is_secret_header(&name) {
                    value.set_sensitive(true);
                }
                self.headers.insert(name, value);
            }
            Err(_) => {
                // The value is not echoed: it may be a credential.
                self.fail(Error::Request(format!(
                    "invalid value for header {}",
                    name.as_str()
                )));
            }
        }
        self
    }

    /// Sets a JSON body, serialized now so the request stays a plain value; a serialization
    /// failure is returned by `to_http`.
    pub fn json<B: Serialize>(mut self, body: &B) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(bytes),
            Err(e) => self.fail(Error::Request(format!("could not serialize the body: {e}"))),
        }
        self
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The encoded path below the base URL (`/identity/apiConnectors/a%2Fb`); empty when no
    /// segment was added.
    pub fn path(&self) -> String {
        self.path.clone()
    }

    /// The query parameters, unencoded, in the order they will be sent.
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    /// The headers set on the request (without the defaults `to_http` adds).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The serialized body, if any.
    pub fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }

    /// The encoded query string, without the `?`; empty when there are no parameters.
    pub fn query_string(&self) -> String {
        let mut out = String::new();
        for (i, (name, value)) in self.query.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            percent_encode(name, QUERY_SAFE, &mut out);
            out.push('=');
            percent_encode(value, QUERY_SAFE, &mut out);
        }
        out
    }

    /// The full HTTP request against `base_url` (e.g. [`GRAPH_BETA`]; a trailing slash is
    /// fine), with `Accept: application/json` and, when there is a body, `Content-Type:
    /// application/json`. Fails with the first problem met while building, or
    /// [`Error::Request`] for a base URL that is not an absolute `http(s)` URL without query.
    pub fn to_http(&self, base_url: &str) -> Result<http::Request<Vec<u8>>, Error> {
        if let Some(error) = &self.error {
            return Err(error.clone());
        }
        let base = base_url.trim_end_matches('/');
        check_base_url(base)?;
        let mut url = String::with_capacity(base.len() + self.path.len() + 64);
        url.push_str(base);
        url.push_str(&self.path);
        if !self.query.is_empty() {
            url.push('?');
            url.push_str(&self.query_string());
        }
        self.to_http_at(&url, self.method.clone(), self.body.clone())
    }

    /// A request to an absolute URL taken as-is (a `@odata.nextLink`), with this request's
    /// headers and the given method and body.
    pub(crate) fn to_http_at(
        &self,
        url: &str,
        method: Method,
        body: Option<Vec<u8>>,
    ) -> Result<http::Request<Vec<u8>>, Error> {
        if let Some(error) = &self.error {
            return Err(error.clone());
        }
        let uri: http::Uri = url
            .parse()
            .map_err(|e| Error::Request(format!("invalid URL {url:?}: {e}")))?;
        let mut headers = self.headers.clone();
        if !headers.contains_key(ACCEPT) {
            headers.insert(ACCEPT, HeaderValue::from_static(R::ACCEPT));
        }
        if body.is_some() && !headers.contains_key(CONTENT_TYPE) {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        let mut request = http::Request::new(body.unwrap_or_default());
        *request.method_mut() = method;
        *request.uri_mut() = uri;
        *request.headers_mut() = headers;
        Ok(request)
    }
}

/// Rejects a base URL that would make the request go somewhere unexpected or fail obscurely.
fn check_base_url(base: &str) -> Result<(), Error> {
    let bad = |why: &str| Err(Error::Request(format!("invalid base URL {base:?}: {why}")));
    let uri: http::Uri = match base.parse() {
        Ok(uri) => uri,
        Err(e) => return bad(&e.to_string()),
    };
    match uri.scheme_str() {
        Some("https") | Some("http") => {}
        _ => return bad("it must start with https:// or http://"),
    }
    if uri.host().is_none_or(str::is_empty) {
        return bad("it has no host");
    }
    if base.contains(['?', '#']) {
        return bad("it must not have a query or fragment");
    }
    Ok(())
}

#[cfg(test)]
mod tests;
