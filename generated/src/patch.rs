//! A field of a PATCH body: left out, cleared, or set.

/// One property of an update: the same type as [`Field`](crate::Field), under the name update
/// bodies use. Graph's PATCH changes only the properties sent, and clears a property sent as
/// `null`, so an update needs three states where `Option` has two: [`Patch::Absent`] keeps the
/// property, [`Patch::Null`] clears it, [`Patch::Value`] sets it.
///
/// Generated update structs (`XUpdate`) put
/// `#[serde(default, skip_serializing_if = "::graphdoc_generated::Patch::is_absent")]` on each
/// such field, so `Absent` is left out of the JSON.
///
/// ```
/// use graphdoc_generated::Patch;
///
/// #[derive(serde::Serialize)]
/// struct Update {
///     #[serde(default, skip_serializing_if = "::graphdoc_generated::Patch::is_absent")]
///     display_name: Patch<String>,
///     #[serde(default, skip_serializing_if = "::graphdoc_generated::Patch::is_absent")]
///     target_url: Patch<String>,
///     #[serde(default, skip_serializing_if = "::graphdoc_generated::Patch::is_absent")]
///     description: Patch<String>,
/// }
///
/// let body = Update {
///     display_name: "New name".into(),
///     target_url: Patch::Null,
///     description: Patch::Absent,
/// };
/// assert_eq!(
///     serde_json::to_string(&body).unwrap(),
///     r#"{"display_name":"New name","target_url":null}"#
/// );
/// ```
pub type Patch<T> = crate::Field<T>;

// `Patch` is `Field` (the compiler sees to that): its serde behaviour is tested in `field.rs`,
// and the doc example above checks the attribute path generated update structs write.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conveniences() {
        // `None` clears: an update built from an `Option` sends it.
        assert_eq!(Patch::from(Some(1)), Patch::Value(1));
        assert_eq!(Patch::<i32>::from(None), Patch::Null);
        assert!(Patch::<i32>::default().is_absent());
        assert_eq!(Patch::Value(2).into_value(), Some(2));
        assert_eq!(Patch::<i32>::Null.as_value(), None);
    }
}
