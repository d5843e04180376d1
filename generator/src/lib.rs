//! graphdoc: typed Rust for Microsoft Graph, generated from its reference documentation.
//!
//! The pipeline runs one way: [`parse`] reads each markdown page into a [`parse::Page`],
//! [`model`] resolves all pages into a [`model::Model`] of types, and [`emit`] turns the model
//! into Rust tokens, rendering the wire shape that [`wire`] decides once from the model; the
//! example checker ([`check`]) walks documented examples along the same shape. Diagnostics
//! ([`diag`]) travel alongside every stage. [`Settings`] is the
//! one configuration object that the CLI, build scripts and the proc macros share.

pub mod builder;
pub mod check;
pub mod diag;
pub mod docs;
pub mod emit;
pub mod files;
pub mod macros;
pub mod model;
pub mod naming;
pub mod par;
pub mod parse;
pub mod samples;
pub mod settings;
pub mod wire;

pub use builder::Builder;
pub use docs::Docs;
pub use emit::{generate, Output};
pub use settings::Settings;
