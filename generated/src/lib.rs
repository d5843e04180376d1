//! Runtime that code emitted by graphdoc stands on.
//!
//! Generated models refer to the types here instead of to raw strings so that
//! a value which Microsoft Graph sends in a quirky form is checked and
//! normalised once, at the serde boundary, rather than in every caller. Every field of a
//! generated struct is a [`Field`] (absent, `null` or a value), so what the server sent, `null`
//! included, reads and writes back unchanged.
//!
//! Generated endpoint methods build a [`Request`]: a plain value (sans-IO) that any HTTP stack
//! can send via [`Request::to_http`] and decode with its [`ResponseBody`]. The `client` feature
//! (on by default) adds `Client`, a reqwest adapter with bearer tokens, retry on throttling
//! and paging; turn default features off to keep only the sans-IO part.
#![deny(missing_docs)]

mod decode;
pub mod edm;
pub mod error;
pub mod field;
pub mod flags;
pub mod odata;
pub mod page;
pub mod patch;
pub mod query;
pub mod request;
pub mod resource;
pub mod wire;

#[cfg(feature = "client")]
pub mod client;

pub use error::{Error, GraphError};
pub use field::Field;
pub use flags::{Flags, GraphEnum};
pub use page::Page;
pub use patch::Patch;
pub use query::Query;
pub use request::{
    error_from_response, Json, NoContent, Raw, Request, ResponseBody, Wrapped, GRAPH_BETA, GRAPH_V1,
};
pub use resource::{GraphResource, Paged, Selected, SelectedPage};

#[cfg(feature = "client")]
pub use client::{Client, Pages, RetryPolicy, StaticToken, TokenSource, USER_AGENT};

/// The `http` crate this runtime's API is written in (`Method`, `StatusCode`, `HeaderMap`),
/// re-exported so generated code and its users need no direct dependency on a matching version.
pub use http;

/// The reqwest version [`Client::with_http`] takes, re-exported for the same reason as `http`.
#[cfg(feature = "client")]
pub use reqwest;

/// Types emitted from the repo's own sample pages (`generated/docs/`): the identityApiConnector
/// family. Checked in; a test fails when they drift from what the generator writes.
#[rustfmt::skip] // emitted by graphdoc (prettyplease); the drift test compares it byte for byte
pub mod models;
