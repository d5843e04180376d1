//! [`TypeKey`]: how the model names a documented type.

use std::borrow::Borrow;
use std::fmt;

/// A type's model key: its qualified name trimmed, without a leading `#`, lowercased
/// (`microsoft.graph.identityapiconnector`), because pages disagree on casing.
///
/// Only [`TypeKey::of`] makes one, so every key in the model is spelled the one way. It reads
/// as a `str` (`Deref`, `Borrow`: maps keyed by it are looked up with a `&str`) and serializes
/// as the plain string.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
#[serde(transparent)]
pub struct TypeKey(String);

impl TypeKey {
    /// The key of a qualified name, any casing (`#microsoft.graph.User` → `microsoft.graph.user`).
    pub fn of(qualified: &str) -> TypeKey {
        TypeKey(qualified.trim().trim_start_matches('#').to_lowercase())
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after the last dot: `identityapiconnector`.
    pub fn short(&self) -> &str {
        short_of(&self.0)
    }

    /// The part before the last dot, `microsoft.graph`; empty for a name without one.
    pub fn namespace(&self) -> &str {
        match self.0.rfind('.') {
            Some(i) => &self.0[..i],
            None => "",
        }
    }
}

/// The part of a dotted name after its last dot (the whole name when it has none): the one
/// place the model splits a qualified name, keyed or as written.
pub fn short_of(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

impl fmt::Display for TypeKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::ops::Deref for TypeKey {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for TypeKey {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for TypeKey {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for TypeKey {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for TypeKey {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl From<TypeKey> for String {
    fn from(k: TypeKey) -> String {
        k.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn one_spelling_and_its_parts() {
        let k = TypeKey::of(" #microsoft.graph.IdentityApiConnector");
        assert_eq!(k.as_str(), "microsoft.graph.identityapiconnector");
        assert_eq!(k.short(), "identityapiconnector");
        assert_eq!(k.namespace(), "microsoft.graph");
        assert_eq!(k.to_string(), k.as_str());
        let bare = TypeKey::of("thing");
        assert_eq!((bare.short(), bare.namespace()), ("thing", ""));
    }

    #[test]
    fn maps_are_looked_up_by_str_and_serialize_plain() {
        let mut m = BTreeMap::new();
        m.insert(TypeKey::of("microsoft.graph.User"), 1);
        assert_eq!(m.get("microsoft.graph.user"), Some(&1));
        assert_eq!(m.get("microsoft.graph.User"), None);
        let json = serde_json::to_string(&TypeKey::of("a.B")).unwrap();
        assert_eq!(json, "\"a.b\"");
    }
}
