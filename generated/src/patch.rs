//! A field of a PATCH body: left out, cleared, or set.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One property of an update. Graph's PATCH changes only the properties sent, and clears a
/// property sent as `null`, so an update needs three states where `Option` has two.
///
/// Generated update structs put
/// `#[serde(default, skip_serializing_if = "::graphdoc_generated::Patch::is_absent")]` on each
/// such field, so [`Patch::Absent`] is left out of the JSON.
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
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Patch<T> {
    /// Not sent: the property keeps its current value.
    Absent,
    /// Sent as `null`: the property is cleared.
    Null,
    /// Sent as this value.
    Value(T),
}

impl<T> Default for Patch<T> {
    /// Absent, so an update built with `..Default::default()` changes only what it names.
    fn default() -> Self {
        Patch::Absent
    }
}

impl<T> Patch<T> {
    /// True when the property is not to be sent; the `skip_serializing_if` predicate.
    pub fn is_absent(&self) -> bool {
        matches!(self, Patch::Absent)
    }

    /// True when the property is to be cleared.
    pub fn is_null(&self) -> bool {
        matches!(self, Patch::Null)
    }

    /// The value to set, if any, for reading an update back.
    pub fn as_value(&self) -> Option<&T> {
        match self {
            Patch::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The value to set, if any, by value.
    pub fn into_value(self) -> Option<T> {
        match self {
            Patch::Value(v) => Some(v),
            _ => None,
        }
    }
}

impl<T> From<T> for Patch<T> {
    /// Sets the property, so `field: "x".into()` reads naturally.
    fn from(value: T) -> Self {
        Patch::Value(value)
    }
}

impl From<&str> for Patch<String> {
    /// Sets a string property from a literal, the commonest case in updates.
    fn from(value: &str) -> Self {
        Patch::Value(value.to_string())
    }
}

impl<T> From<Option<T>> for Patch<T> {
    /// `None` clears the property (it is sent, as `null`); use [`Patch::Absent`] to leave it out.
    fn from(value: Option<T>) -> Self {
        match value {
            Some(v) => Patch::Value(v),
            None => Patch::Null,
        }
    }
}

impl<T: Serialize> Serialize for Patch<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            // Only reached when a field lacks the skip attribute; null is the safe reading of
            // "nothing" there, and the attribute keeps it from being sent.
            Patch::Absent | Patch::Null => s.serialize_none(),
            Patch::Value(v) => s.serialize_some(v),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(d).map(Patch::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize, Debug, PartialEq, Default)]
    struct Update {
        #[serde(
            rename = "displayName",
            default,
            skip_serializing_if = "crate::Patch::is_absent"
        )]
        display_name: Patch<String>,
        #[serde(default, skip_serializing_if = "crate::Patch::is_absent")]
        count: Patch<i32>,
        #[serde(default, skip_serializing_if = "crate::Patch::is_absent")]
        tags: Patch<Vec<String>>,
    }

    #[test]
    fn serializes_three_states() {
        let u = Update {
            display_name: "x".into(),
            count: Patch::Null,
            tags: Patch::Absent,
        };
        assert_eq!(
            serde_json::to_string(&u).unwrap(),
            r#"{"displayName":"x","count":null}"#
        );
        assert_eq!(serde_json::to_string(&Update::default()).unwrap(), "{}");
    }

    #[test]
    fn round_trips() {
        for text in [
            r#"{"displayName":"x","count":null}"#,
            r#"{"count":3,"tags":["a"]}"#,
            r#"{"tags":null}"#,
            "{}",
        ] {
            let u: Update = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&u).unwrap(), text);
        }
        let u: Update = serde_json::from_str(r#"{"count":null,"tags":["a"]}"#).unwrap();
        assert_eq!(u.display_name, Patch::Absent);
        assert!(u.count.is_null());
        assert_eq!(u.tags.as_value(), Some(&vec!["a".to_string()]));
        assert!(serde_json::from_str::<Update>(r#"{"count":"x"}"#).is_err());
    }

    #[test]
    fn conveniences() {
        assert_eq!(Patch::from(Some(1)), Patch::Value(1));
        assert_eq!(Patch::<i32>::from(None), Patch::Null);
        assert!(Patch::<i32>::default().is_absent());
        assert!(!Patch::Value(1).is_absent());
        assert_eq!(Patch::Value(2).into_value(), Some(2));
        assert_eq!(Patch::<i32>::Null.as_value(), None);
        // Outside a field with the skip attribute, Absent is written as null.
        assert_eq!(
            serde_json::to_string(&Patch::<i32>::Absent).unwrap(),
            "null"
        );
    }
}
