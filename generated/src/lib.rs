//! Runtime that code emitted by graphdoc stands on.
//!
//! Generated models refer to the types here instead of to raw strings so that
//! a value which Microsoft Graph sends in a quirky form is checked and
//! normalised once, at the serde boundary, rather than in every caller.
#![deny(missing_docs)]

pub mod edm;
pub mod flags;
pub mod odata;

pub use flags::{Flags, GraphEnum};

/// Types emitted from the repo's own sample pages (`generated/docs/`): the identityApiConnector
/// family. Checked in; a test fails when they drift from what the generator writes.
#[rustfmt::skip] // emitted by graphdoc (prettyplease); the drift test compares it byte for byte
pub mod models;
