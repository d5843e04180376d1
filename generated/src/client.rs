//! The HTTP adapter (feature `client`, on by default): sends [`Request`]s with reqwest, adds the
//! bearer token, rides out throttling and follows `@odata.nextLink`.
//!
//! ```no_run
//! # async fn demo() -> Result<(), graphdoc_generated::Error> {
//! use graphdoc_generated::{http::Method, Client, Json, Page, Request, StaticToken, GRAPH_BETA};
//!
//! let client = Client::new(GRAPH_BETA, StaticToken("eyJ0…".into()));
//! let users = Request::<Json<Page<serde_json::Value>>>::new(Method::GET).segment("users");
//! let all = client.all(users).await?;
//! # Ok(()) }
//! ```

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use futures_util::{Stream, StreamExt};
use http::header::{HeaderValue, AUTHORIZATION};
use http::{Method, StatusCode};

use crate::error::{retry_after, Error};
use crate::page::Page;
use crate::request::{error_from_response, Request, ResponseBody};
use crate::resource::Paged;

/// Where the client gets its access token, asked before every attempt so a source can refresh
/// an expiring token; caching is the source's job. Implemented by [`StaticToken`] and by any
/// `Fn() -> impl Future<Output = Result<String, Error>>` closure.
pub trait TokenSource: Send + Sync {
    /// The bare access token (without `Bearer `).
    fn token(&self) -> Pin<Box<dyn Future<Output = Result<String, Error>> + Send + '_>>;
}

/// A token fixed up front, for scripts and tests where it outlives the run.
#[derive(Clone, PartialEq, Eq)]
pub struct StaticToken(pub String);

impl fmt::Debug for StaticToken {
    /// The token is a credential, so it is never printed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StaticToken(<redacted>)")
    }
}

impl TokenSource for StaticToken {
    fn token(&self) -> Pin<Box<dyn Future<Output = Result<String, Error>> + Send + '_>> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }
}

impl<F, Fut> TokenSource for F
where
    F: Fn() -> Fut + Send + Sync,
    Fut: Future<Output = Result<String, Error>> + Send + 'static,
{
    fn token(&self) -> Pin<Box<dyn Future<Output = Result<String, Error>> + Send + '_>> {
        Box::pin(self())
    }
}

/// How the client rides out throttling (429) and transient unavailability (503, 504), which
/// Graph expects callers to retry after the `Retry-After` it sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 turns retrying off.
    pub max_retries: u32,
    /// Longest single wait, whatever `Retry-After` says, so a call cannot stall for hours.
    pub max_wait: Duration,
    /// First wait when the response has no `Retry-After`; doubled on each further retry.
    pub base_backoff: Duration,
}

impl Default for RetryPolicy {
    /// 3 retries, waits capped at 60 s, backoff from 500 ms.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            max_wait: Duration::from_secs(60),
            base_backoff: Duration::from_millis(500),
        }
    }
}

impl RetryPolicy {
    /// No retries, for callers that throttle themselves (the `Error::Api` carries
    /// `retry_after`).
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// The wait before retry number `retry` (0-based): the server's `Retry-After` if given,
    /// else exponential backoff; both capped at `max_wait`.
    fn wait(&self, retry: u32, server: Option<Duration>) -> Duration {
        let wait = server.unwrap_or_else(|| {
            self.base_backoff
                .saturating_mul(1u32.checked_shl(retry).unwrap_or(u32::MAX))
        });
        wait.min(self.max_wait)
    }
}

/// Statuses Graph uses for "try again later".
fn is_retryable(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 503 | 504)
}

/// Sends [`Request`]s to one Graph base URL with one token source. Cheap to clone (the
/// connection pool and token source are shared), so clone it into tasks.
#[derive(Clone)]
pub struct Client {
    base_url: String,
    token: Arc<dyn TokenSource>,
    retry: RetryPolicy,
    http: Result<reqwest::Client, String>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

/// The reqwest client used unless [`Client::with_http`] supplies one: rustls, a connect timeout
/// and a stall timeout so a dead connection cannot hang a call forever.
/// The `User-Agent` the default HTTP client sends, so services and proxies can tell graphdoc's
/// traffic apart. A client of the caller's ([`Client::with_http`]) sends its own.
pub const USER_AGENT: &str = concat!("graphdoc-generated/", env!("CARGO_PKG_VERSION"));

fn default_http() -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .connect_timeout(Duration::from_secs(30))
        .read_timeout(Duration::from_secs(300))
        .build()
        .map_err(|e| chain(&e))
}

/// An error and its causes on one line, since reqwest's own message omits the cause that
/// explains it (the TLS or DNS failure).
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    for _ in 0..16 {
        let Some(cause) = source else { break };
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// Scheme, host and port, for telling whether a URL may receive the token.
fn origin(url: &reqwest::Url) -> (String, Option<String>, Option<u16>) {
    (
        url.scheme().to_string(),
        url.host_str().map(str::to_ascii_lowercase),
        url.port_or_known_default(),
    )
}

fn parse_url(text: &str) -> Result<reqwest::Url, Error> {
    reqwest::Url::parse(text).map_err(|e| Error::Request(format!("invalid URL {text:?}: {e}")))
}

/// The items of a paged collection, fetched page by page as they are used (see
/// [`Client::pages`]). Read them with [`Pages::next`] in a `while let` loop, or use the value as
/// a [`Stream`] with any stream combinators.
pub struct Pages<'a, T>(std::pin::Pin<Box<dyn Stream<Item = Result<T, Error>> + Send + 'a>>);

impl<T> Pages<'_, T> {
    /// The next item, fetching the next page when the current one is used up; `None` at the
    /// end, and after the first error.
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        self.0.as_mut().next().await
    }
}

impl<T> Stream for Pages<'_, T> {
    type Item = Result<T, Error>;
    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.0.as_mut().poll_next(cx)
    }
}

impl<T> std::fmt::Debug for Pages<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Pages<{}>", std::any::type_name::<T>())
    }
}

impl Client {
    /// A client for `base_url` (e.g. [`GRAPH_BETA`](crate::GRAPH_BETA)) that authenticates with
    /// `token`. Never fails: a bad base URL is reported by the first call.
    pub fn new(base_url: impl Into<String>, token: impl TokenSource + 'static) -> Client {
        Client {
            base_url: base_url.into(),
            token: Arc::new(token),
            retry: RetryPolicy::default(),
            http: default_http(),
        }
    }

    /// Replaces the retry policy.
    pub fn with_retry(mut self, policy: RetryPolicy) -> Client {
        self.retry = policy;
        self
    }

    /// Uses a reqwest client of the caller's (proxy, timeouts, shared pool).
    pub fn with_http(mut self, http: reqwest::Client) -> Client {
        self.http = Ok(http);
        self
    }

    /// The base URL requests are sent to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends `req` and decodes its response: `Authorization: Bearer <token>` is added (replacing
    /// any the request set), 429/503/504 are retried per the [`RetryPolicy`], any other
    /// non-2xx becomes [`Error::Api`], and a 2xx is decoded by `R`.
    pub async fn send<R: ResponseBody>(&self, req: &Request<R>) -> Result<R::Output, Error> {
        let (status, body) = self.execute(|| req.to_http(&self.base_url)).await?;
        R::parse(status, &body)
    }

    /// Every item of a paged collection, as a stream that fetches the next page (following
    /// `@odata.nextLink` with GET and the request's headers) only when the items of the
    /// current one are used up. A nextLink to another scheme, host or port than the base URL
    /// is refused with [`Error::Request`], so the token never leaves for another host. The
    /// stream ends after the first error.
    ///
    /// Works for any paged body: `Json<Page<T>>` from emitted endpoints, `SelectedPage<T>`
    /// from derived ones. The common loop needs nothing else imported:
    ///
    /// ```ignore
    /// let mut users = client.pages(api::users().list());
    /// while let Some(user) = users.next().await {
    ///     println!("{:?}", user?.display_name);
    /// }
    /// ```
    pub fn pages<R>(&self, req: Request<R>) -> Pages<'_, R::Item>
    where
        R: Paged + Send + 'static,
        R::Item: Send + 'static,
    {
        Pages(Box::pin(self.page_stream(req)))
    }

    fn page_stream<R>(
        &self,
        req: Request<R>,
    ) -> impl Stream<Item = Result<R::Item, Error>> + Send + '_
    where
        R: Paged + Send + 'static,
        R::Item: Send + 'static,
    {
        enum Next {
            First,
            Link(String),
            Done,
        }
        struct State<R: Paged> {
            req: Request<R>,
            next: Next,
            last_link: Option<String>,
            items: std::vec::IntoIter<R::Item>,
        }
        let state = State {
            req,
            next: Next::First,
            last_link: None,
            items: Vec::new().into_iter(),
        };
        futures_util::stream::unfold(state, move |mut st| async move {
            loop {
                if let Some(item) = st.items.next() {
                    return Some((Ok(item), st));
                }
                let fetched = match std::mem::replace(&mut st.next, Next::Done) {
                    Next::Done => return None,
                    Next::First => {
                        self.fetch_page::<R>(|| st.req.to_http(&self.base_url))
                            .await
                    }
                    Next::Link(link) => {
                        let fetched = self.follow(&st.req, &link).await;
                        st.last_link = Some(link);
                        fetched
                    }
                };
                match fetched {
                    Ok(page) => {
                        st.items = page.value.into_iter();
                        match page.next_link {
                            Some(link) if Some(&link) == st.last_link.as_ref() => {
                                st.next = Next::Done;
                                st.items = Vec::new().into_iter();
                                return Some((
                                    Err(Error::Request(format!(
                                        "@odata.nextLink {link:?} points at the page just read"
                                    ))),
                                    st,
                                ));
                            }
                            Some(link) => st.next = Next::Link(link),
                            None => st.next = Next::Done,
                        }
                    }
                    Err(e) => return Some((Err(e), st)),
                }
            }
        })
    }

    /// Every item of a paged collection, all pages fetched; see [`pages`](Client::pages).
    pub async fn all<R>(&self, req: Request<R>) -> Result<Vec<R::Item>, Error>
    where
        R: Paged + Send + 'static,
        R::Item: Send + 'static,
    {
        let mut stream = self.pages(req);
        let mut out = Vec::new();
        while let Some(item) = stream.next().await {
            out.push(item?);
        }
        Ok(out)
    }

    /// Fetches the page a nextLink names, after checking it is on the base URL's origin.
    async fn follow<R: Paged>(&self, req: &Request<R>, link: &str) -> Result<Page<R::Item>, Error> {
        let base = parse_url(&self.base_url)?;
        let next = parse_url(link)?;
        if origin(&next) != origin(&base) {
            return Err(Error::Request(format!(
                "refusing to follow @odata.nextLink to {}: not the host of the base URL {}",
                next.origin().ascii_serialization(),
                base.origin().ascii_serialization()
            )));
        }
        self.fetch_page::<R>(|| req.to_http_at(link, Method::GET, None))
            .await
    }

    async fn fetch_page<R: Paged>(
        &self,
        build: impl Fn() -> Result<http::Request<Vec<u8>>, Error>,
    ) -> Result<Page<R::Item>, Error> {
        let (status, body) = self.execute(build).await?;
        R::parse(status, &body)
    }

    /// Sends the request `build` makes (rebuilt per attempt, with a fresh token), retrying as
    /// the policy says; returns a 2xx status and body, or the error.
    async fn execute(
        &self,
        build: impl Fn() -> Result<http::Request<Vec<u8>>, Error>,
    ) -> Result<(StatusCode, Vec<u8>), Error> {
        let mut retry = 0u32;
        loop {
            // Build first, so a problem with the caller's input is the error reported.
            let built = build()?;
            let base = parse_url(self.base_url.trim_end_matches('/'))?;
            let http = self.http.as_ref().map_err(|e| {
                Error::Transport(format!("the HTTP client could not be created: {e}"))
            })?;
            let request = self.prepare(built, &base).await?;
            let response = http
                .execute(request)
                .await
                .map_err(|e| Error::Transport(chain(&e)))?;
            let status = response.status();
            let headers = response.headers().clone();
            let body = response
                .bytes()
                .await
                .map_err(|e| Error::Transport(chain(&e)))?;
            if is_retryable(status) && retry < self.retry.max_retries {
                tokio::time::sleep(self.retry.wait(retry, retry_after(&headers))).await;
                retry += 1;
                continue;
            }
            if !status.is_success() {
                return Err(error_from_response(status, &headers, &body));
            }
            return Ok((status, body.to_vec()));
        }
    }

    /// Turns a built request into reqwest's, with the bearer token, after a last check that it
    /// goes to the base URL's origin.
    async fn prepare(
        &self,
        request: http::Request<Vec<u8>>,
        base: &reqwest::Url,
    ) -> Result<reqwest::Request, Error> {
        let (parts, body) = request.into_parts();
        let url = parse_url(&parts.uri.to_string())?;
        if origin(&url) != origin(base) {
            return Err(Error::Request(format!(
                "refusing to send the token to {}: not the host of the base URL",
                url.origin().ascii_serialization()
            )));
        }
        let token = self.token.token().await?;
        let mut auth = HeaderValue::from_str(&format!("Bearer {token}"))
            .map_err(|_| Error::Token("the token is not a valid header value".into()))?;
        auth.set_sensitive(true);
        let mut out = reqwest::Request::new(parts.method, url);
        *out.headers_mut() = parts.headers;
        out.headers_mut().insert(AUTHORIZATION, auth);
        // GET and HEAD go without a body; other methods always send one (possibly empty, so
        // Content-Length: 0 is sent, which Graph requires on a body-less POST).
        if !(body.is_empty() && matches!(*out.method(), Method::GET | Method::HEAD)) {
            *out.body_mut() = Some(body.into());
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests;
