//! A member of a Graph object: absent, `null`, or a value.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::ops::Deref;

/// One member of a Graph object, in the three states the wire has where `Option` has two.
///
/// Graph tells them apart: a member is *absent* when the server did not return it (not
/// selected with `$select`, a relationship not expanded, a property this endpoint leaves out),
/// and `null` when it returned it with no value. In a PATCH body the same three states mean
/// "leave it", "clear it" and "set it" (there the type is spelled [`Patch`](crate::Patch)).
///
/// Every field of a generated struct is a `Field`, written (left out when absent) and read by
/// the runtime's [`wire`](crate::wire) coders (a member not sent stays `Absent`), so a value reads
/// and writes back exactly as sent; a struct of your own deriving `Deserialize` adds `default`:
///
/// | JSON           | `Field`     | written back as |
/// |----------------|-------------|-----------------|
/// | member missing | `Absent`    | member missing  |
/// | `"x": null`    | `Null`      | `"x": null`     |
/// | `"x": 5`       | `Value(5)`  | `"x": 5`        |
///
/// (`default` makes a missing member `Absent`; the skip leaves `Absent` out. Without the skip,
/// `Absent` is written as `null`.)
///
/// ```
/// use graphdoc_generated::Field;
///
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct User {
///     #[serde(rename = "displayName", default, skip_serializing_if = "Field::is_absent")]
///     display_name: Field<String>,
///     #[serde(rename = "jobTitle", default, skip_serializing_if = "Field::is_absent")]
///     job_title: Field<String>,
///     #[serde(rename = "mail", default, skip_serializing_if = "Field::is_absent")]
///     mail: Field<String>,
/// }
///
/// let text = r#"{"displayName":"Adele Vance","jobTitle":null}"#;
/// let user: User = serde_json::from_str(text).unwrap();
/// assert_eq!(user.display_name.as_deref(), Field::Value("Adele Vance"));
/// assert!(user.job_title.is_null()); // sent, with no value
/// assert!(user.mail.is_absent()); // not sent at all
/// assert_eq!(user.mail.value(), None);
/// assert_eq!(serde_json::to_string(&user).unwrap(), text);
///
/// // Option-style handling, when null and absent may be treated alike:
/// let title = user.job_title.as_deref().into_value().unwrap_or("(none)");
/// assert_eq!(title, "(none)");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field<T> {
    /// Not sent: not returned by the server, or left unchanged by an update.
    Absent,
    /// Sent as `null`: no value, or cleared by an update.
    Null,
    /// Sent with this value.
    Value(T),
}

impl<T> Default for Field<T> {
    /// Absent, so a struct built with `..Default::default()` sends only what it names.
    fn default() -> Self {
        Field::Absent
    }
}

impl<T> Field<T> {
    /// True when the member is not sent; the `skip_serializing_if` predicate.
    pub const fn is_absent(&self) -> bool {
        matches!(self, Field::Absent)
    }

    /// True when the member is sent as `null`.
    pub const fn is_null(&self) -> bool {
        matches!(self, Field::Null)
    }

    /// True when the member holds a value.
    pub const fn is_value(&self) -> bool {
        matches!(self, Field::Value(_))
    }

    /// True when the member is sent at all, as `null` or with a value (not [`Field::Absent`]).
    pub const fn is_present(&self) -> bool {
        !self.is_absent()
    }

    /// True when the member holds a value that satisfies `f`.
    pub fn is_value_and(&self, f: impl FnOnce(&T) -> bool) -> bool {
        match self {
            Field::Value(v) => f(v),
            _ => false,
        }
    }

    /// The value, if any: `None` for both `Absent` and `Null`.
    pub const fn value(&self) -> Option<&T> {
        match self {
            Field::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The same as [`Field::value`]; the name update code written against `Patch` uses.
    pub const fn as_value(&self) -> Option<&T> {
        self.value()
    }

    /// The value, mutably, if any.
    pub fn value_mut(&mut self) -> Option<&mut T> {
        match self {
            Field::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The value, by value, if any: `None` for both `Absent` and `Null`.
    pub fn into_value(self) -> Option<T> {
        match self {
            Field::Value(v) => Some(v),
            _ => None,
        }
    }

    /// Both distinctions as nested options: `None` when absent, `Some(None)` when `null`,
    /// `Some(Some(v))` for a value (the reverse of [`Field::from_nested`]).
    pub fn into_nested(self) -> Option<Option<T>> {
        match self {
            Field::Absent => None,
            Field::Null => Some(None),
            Field::Value(v) => Some(Some(v)),
        }
    }

    /// From nested options: `None` is absent, `Some(None)` is `null`, `Some(Some(v))` a value.
    pub fn from_nested(value: Option<Option<T>>) -> Self {
        match value {
            None => Field::Absent,
            Some(None) => Field::Null,
            Some(Some(v)) => Field::Value(v),
        }
    }

    /// A field borrowing the value, in the same state.
    pub const fn as_ref(&self) -> Field<&T> {
        match self {
            Field::Absent => Field::Absent,
            Field::Null => Field::Null,
            Field::Value(v) => Field::Value(v),
        }
    }

    /// A field borrowing the value mutably, in the same state.
    pub fn as_mut(&mut self) -> Field<&mut T> {
        match self {
            Field::Absent => Field::Absent,
            Field::Null => Field::Null,
            Field::Value(v) => Field::Value(v),
        }
    }

    /// A field borrowing the value's target (`&str` for a `String`, `&[T]` for a `Vec<T>`), in
    /// the same state, to match on or compare with literals.
    pub fn as_deref(&self) -> Field<&T::Target>
    where
        T: Deref,
    {
        match self {
            Field::Absent => Field::Absent,
            Field::Null => Field::Null,
            Field::Value(v) => Field::Value(v.deref()),
        }
    }

    /// Applies `f` to the value, keeping `Absent` and `Null` as they are.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Field<U> {
        match self {
            Field::Absent => Field::Absent,
            Field::Null => Field::Null,
            Field::Value(v) => Field::Value(f(v)),
        }
    }

    /// Takes the field out, leaving [`Field::Absent`] in its place.
    pub fn take(&mut self) -> Field<T> {
        std::mem::take(self)
    }
}

impl<T> From<T> for Field<T> {
    /// A value, so `field: "x".to_string().into()` reads naturally.
    fn from(value: T) -> Self {
        Field::Value(value)
    }
}

impl From<&str> for Field<String> {
    /// A string value from a literal, the commonest case.
    fn from(value: &str) -> Self {
        Field::Value(value.to_string())
    }
}

impl<T> From<Option<T>> for Field<T> {
    /// `None` becomes [`Field::Null`]: an `Option` is sent (in an update, `None` clears the
    /// property), which is also how serde reads a JSON `null`. To leave a member out when the
    /// option is `None`, write `opt.map_or(Field::Absent, Field::Value)`.
    fn from(value: Option<T>) -> Self {
        match value {
            Some(v) => Field::Value(v),
            None => Field::Null,
        }
    }
}

impl<T: Serialize> Serialize for Field<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            // Absent is only reached when a field lacks the skip attribute (or outside a
            // struct); null is the closest JSON for "nothing" there.
            Field::Absent | Field::Null => s.serialize_none(),
            Field::Value(v) => s.serialize_some(v),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Field<T> {
    /// `null` is [`Field::Null`], anything else a value. A missing member never gets here:
    /// `#[serde(default)]` on the field makes it [`Field::Absent`].
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(d).map(Field::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Shaped like the generated structs: renamed fields, a polymorphic-style untyped member,
    /// and the flattened map of unknown members (which makes serde buffer the object first).
    #[derive(Serialize, Deserialize, Debug, PartialEq, Default)]
    struct Connector {
        #[serde(
            rename = "displayName",
            default,
            skip_serializing_if = "Field::is_absent"
        )]
        display_name: Field<String>,
        #[serde(rename = "count", default, skip_serializing_if = "Field::is_absent")]
        count: Field<i32>,
        #[serde(rename = "tags", default, skip_serializing_if = "Field::is_absent")]
        tags: Field<Vec<String>>,
        #[serde(rename = "settings", default, skip_serializing_if = "Field::is_absent")]
        settings: Field<serde_json::Value>,
        #[serde(flatten)]
        additional_properties: BTreeMap<String, serde_json::Value>,
    }

    #[test]
    fn three_states_round_trip() {
        for text in [
            r#"{"displayName":null}"#,
            r#"{"displayName":"x","count":null}"#,
            r#"{"count":3,"tags":["a"]}"#,
            r#"{"tags":null,"settings":null}"#,
            r#"{"settings":{"a":null}}"#,
            r##"{"displayName":null,"@odata.type":"#microsoft.graph.x"}"##,
            "{}",
        ] {
            let c: Connector = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&c).unwrap(), text, "{c:?}");
        }
    }

    #[test]
    fn null_and_absent_are_told_apart() {
        let c: Connector = serde_json::from_str(r#"{"displayName":null,"tags":["a"]}"#).unwrap();
        assert_eq!(c.display_name, Field::Null);
        assert_eq!(c.count, Field::Absent);
        assert_eq!(c.settings, Field::Absent);
        assert_eq!(c.tags.value(), Some(&vec!["a".to_string()]));
        assert!(c.additional_properties.is_empty());
        assert!(serde_json::from_str::<Connector>(r#"{"count":"x"}"#).is_err());
        assert_eq!(serde_json::to_string(&Connector::default()).unwrap(), "{}");
    }

    #[test]
    fn option_like_api() {
        let mut f = Field::Value(String::from("a"));
        assert!(f.is_value() && f.is_present() && !f.is_null() && !f.is_absent());
        assert!(f.is_value_and(|s| s == "a"));
        assert_eq!(f.as_deref(), Field::Value("a"));
        assert_eq!(f.as_ref().map(String::len), Field::Value(1));
        f.value_mut().unwrap().push('b');
        if let Field::Value(s) = f.as_mut() {
            s.push('c');
        }
        assert_eq!(f.as_value().map(String::as_str), Some("abc"));
        assert_eq!(f.take(), Field::Value("abc".to_string()));
        assert!(f.is_absent());

        let null: Field<String> = Field::Null;
        assert!(null.is_present() && !null.is_value_and(|_| true));
        assert_eq!(null.as_deref(), Field::Null);
        assert_eq!(null.clone().map(|s| s.len()), Field::Null);
        assert_eq!(null.clone().into_value(), None);
        assert_eq!(null.clone().into_nested(), Some(None));
        assert_eq!(Field::<i32>::Absent.into_nested(), None);
        assert_eq!(Field::Value(1).into_nested(), Some(Some(1)));
        for f in [Field::Absent, Field::Null, Field::Value(1)] {
            assert_eq!(Field::from_nested(f.into_nested()), f);
        }

        assert_eq!(Field::from(1), Field::Value(1));
        assert_eq!(Field::from("x"), Field::Value("x".to_string()));
        assert_eq!(Field::from(Some(1)), Field::Value(1));
        assert_eq!(Field::<i32>::from(None), Field::Null);
        assert!(Field::<i32>::default().is_absent());
        // Outside a field with the skip attribute, Absent is written as null.
        assert_eq!(
            serde_json::to_string(&Field::<i32>::Absent).unwrap(),
            "null"
        );
    }
}
