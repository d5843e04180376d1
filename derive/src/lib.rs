//! Proc macros over graphdoc. The derive and `generate!` land with their own issue; this crate
//! exists now so the workspace layout is fixed.
