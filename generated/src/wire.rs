//! Decoding Graph objects straight from the deserializer: the machinery every emitted
//! `Deserialize` impl calls, so each type emits only a `match` of its wire names.
//!
//! A struct ([`WireObject`]) reads each member as it comes: a documented one into its field, any
//! other into `additional_properties`; nothing is buffered. A dispatch enum ([`Dispatch`]) looks
//! for `@odata.type`: Graph sends it first, so the kind is known after one member and the rest
//! streams into that kind's struct; when it comes later, only the members before it are held
//! (as `serde_json::Value`) and replayed; with none, the whole object is held and read as the
//! base type (or kept raw when the base is abstract).
//!
//! The semantics are those of the serde derive with a flattened map that came before: a member
//! sent twice is an error (`duplicate field`), except inside a dispatch enum's value, where it
//! used to be read into a `serde_json::Value` first and the last one counted; so there it still
//! does (and a second `@odata.type` still decides the kind: the value is then read again).

use crate::Field;
use serde::de::value::{BorrowedStrDeserializer, MapAccessDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::borrow::Cow;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// The members a struct keeps beyond its documented ones.
pub type Extra = BTreeMap<String, Value>;

/// The member that says which kind a value is.
pub const TAG: &str = "@odata.type";

/// An object read member by member; emitted structs implement it with a `match` of their wire
/// names, and their `Deserialize` is [`deserialize`].
pub trait WireObject: Default {
    /// Reads the value of member `key` into its field and returns `true`, or returns `false`
    /// (without reading) when `key` is not one of this type's members.
    fn read_field<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error>;

    /// Where members that are not fields go.
    fn extra(&mut self) -> &mut Extra;

    /// Called once every member is read: a type with members that must be sent reports the
    /// first one missing here (with `E::missing_field`, serde's wording).
    fn finish<E: de::Error>(&self) -> Result<(), E> {
        Ok(())
    }
}

/// The `WireObject`, `Deserialize` and `Serialize` impls of a struct: its name, the field that
/// keeps other members, and each wire name with the field it goes to. What graphdoc emits for
/// each struct:
///
/// ```
/// use graphdoc_generated::{wire::Extra, Field};
///
/// #[derive(Default, Debug)]
/// pub struct Connector {
///     pub display_name: Field<String>,
///     pub additional_properties: Extra,
/// }
/// graphdoc_generated::wire_object!(Connector, additional_properties {
///     "displayName" => display_name,
/// });
///
/// let c: Connector = serde_json::from_str(r#"{"displayName":null,"x":1}"#).unwrap();
/// assert!(c.display_name.is_null());
/// assert_eq!(c.additional_properties["x"], 1);
/// assert_eq!(serde_json::to_string(&c).unwrap(), r#"{"displayName":null,"x":1}"#);
/// ```
///
/// `Serialize` writes what serde's derive writes for such a struct with
/// `skip_serializing_if = "Field::is_absent"` on every field and `#[serde(flatten)]` on the
/// map: a map of the present fields in order, then the kept members. Written here rather than
/// derived because the derive, over every type of a docs tree, is a large share of what
/// compiling the emitted code costs.
#[macro_export]
macro_rules! wire_object {
    ($ty:ident, $extra:ident {}) => {
        impl $crate::wire::WireObject for $ty {
            fn read_field<'de, A: ::serde::de::MapAccess<'de>>(
                &mut self,
                _: &str,
                _: &mut A,
            ) -> ::std::result::Result<bool, A::Error> {
                ::std::result::Result::Ok(false)
            }

            fn extra(&mut self) -> &mut $crate::wire::Extra {
                &mut self.$extra
            }
        }

        $crate::wire_object!(@deserialize $ty);
        $crate::wire_object!(@serialize $ty, $extra {});
    };
    ($ty:ident, $extra:ident { $($wire:literal => $field:ident),+ $(,)? }) => {
        impl $crate::wire::WireObject for $ty {
            fn read_field<'de, A: ::serde::de::MapAccess<'de>>(
                &mut self,
                key: &str,
                map: &mut A,
            ) -> ::std::result::Result<bool, A::Error> {
                match key {
                    $($wire => $crate::wire::field(map, key, &mut self.$field),)+
                    _ => ::std::result::Result::Ok(false),
                }
            }

            fn extra(&mut self) -> &mut $crate::wire::Extra {
                &mut self.$extra
            }
        }

        $crate::wire_object!(@deserialize $ty);
        $crate::wire_object!(@serialize $ty, $extra { $($wire => $field),+ });
    };
    (@serialize $ty:ident, $extra:ident {}) => {
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                let map = ::serde::Serializer::serialize_map(serializer, ::std::option::Option::None)?;
                $crate::wire::write_extra(map, &self.$extra)
            }
        }
    };
    (@serialize $ty:ident, $extra:ident { $($wire:literal => $field:ident),+ }) => {
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                let mut map = ::serde::Serializer::serialize_map(serializer, ::std::option::Option::None)?;
                $($crate::wire::write_field(&mut map, $wire, &self.$field)?;)*
                $crate::wire::write_extra(map, &self.$extra)
            }
        }
    };
    (@deserialize $ty:ident) => {
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::wire::deserialize(deserializer)
            }
        }
    };
}

/// Writes a present field as a member (an absent one is left out, `null` written).
pub fn write_field<M: SerializeMap, T: Serialize>(
    map: &mut M,
    key: &'static str,
    slot: &Field<T>,
) -> Result<(), M::Error> {
    if slot.is_absent() {
        return Ok(());
    }
    map.serialize_entry(key, slot)
}

/// Writes the kept members after the fields and ends the object.
pub fn write_extra<M: SerializeMap>(mut map: M, extra: &Extra) -> Result<M::Ok, M::Error> {
    for (key, value) in extra {
        map.serialize_entry(key, value)?;
    }
    map.end()
}

/// Reads a member into a [`Field`]: `null` is `Null`, anything else a value. A member already
/// read is `duplicate field` (serde's wording), or replaced inside a dispatch enum's value.
pub fn field<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    map: &mut A,
    key: &str,
    slot: &mut Field<T>,
) -> Result<bool, A::Error> {
    once(slot.is_present(), key)?;
    *slot = map.next_value()?;
    Ok(true)
}

/// Reads a member that must be sent into `slot` (`None` until it is): [`WireObject::finish`]
/// turns a `None` left at the end into serde's `missing field` error.
pub fn required<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    map: &mut A,
    key: &str,
    slot: &mut Option<T>,
) -> Result<bool, A::Error> {
    once(slot.is_some(), key)?;
    *slot = Some(map.next_value()?);
    Ok(true)
}

/// A member read before is `duplicate field` (serde's wording), except inside a dispatch
/// enum's value, where the last copy wins.
fn once<E: serde::de::Error>(present: bool, key: &str) -> Result<(), E> {
    if present && !lenient() {
        return Err(E::custom(format_args!("duplicate field `{key}`")));
    }
    Ok(())
}

/// The `Deserialize` of a [`WireObject`]: an object, nothing else (like a derived struct with a
/// flattened map).
pub fn deserialize<'de, T: WireObject, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: WireObject> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        // serde's wording for a derived struct: `struct User`.
        let name = std::any::type_name::<T>();
        write!(f, "struct {}", name.rsplit("::").next().unwrap_or(name))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        read_object(map)
    }
}

/// Reads the members of `map` into a new `T`.
pub fn read_object<'de, T: WireObject, A: MapAccess<'de>>(mut map: A) -> Result<T, A::Error> {
    let mut out = T::default();
    while let Some(key) = map.next_key_seed(Key)? {
        if !out.read_field(&key, &mut map)? {
            let value: Value = map.next_value()?;
            out.extra().insert(key.into_owned(), value);
        }
    }
    out.finish()?;
    Ok(out)
}

/// A member name, borrowed from the input when it can be (no allocation for documented names).
pub(crate) struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

thread_local! {
    /// How many dispatch enums' values are being read on this thread: inside one, a member
    /// sent twice replaces the first (see the module doc).
    static LENIENT: Cell<u32> = const { Cell::new(0) };
}

fn lenient() -> bool {
    LENIENT.with(|l| l.get() > 0)
}

/// Inside a dispatch enum's value while it lives (undone on drop, panics and errors included).
struct Lenient;

impl Lenient {
    fn enter() -> Self {
        LENIENT.with(|l| l.set(l.get() + 1));
        Lenient
    }
}

impl Drop for Lenient {
    fn drop(&mut self) {
        LENIENT.with(|l| l.set(l.get() - 1));
    }
}

/// A dispatch enum (`AnyX`): which variant reads a value of each kind.
pub trait Dispatch: Sized {
    /// Reads `d` as the variant for `kind` (the `@odata.type` without `#`, ASCII lowercased;
    /// `None` when the value has none, or not as a string).
    fn by_kind<'de, D: Deserializer<'de>>(kind: Option<&str>, d: D) -> Result<Self, D::Error>;
}

/// Reads a variant's struct and wraps it (`Self::User` as `f`).
pub fn variant<'de, T: Deserialize<'de>, V, D: Deserializer<'de>>(
    d: D,
    f: fn(Box<T>) -> V,
) -> Result<V, D::Error> {
    T::deserialize(d).map(|v| f(Box::new(v)))
}

/// The kind an `@odata.type` value names: `#` removed, ASCII lowercased (the pages and servers
/// disagree on casing); `None` for anything but a string.
pub fn kind_of(tag: &Value) -> Option<String> {
    let t = tag.as_str()?;
    Some(t.trim_start_matches('#').to_ascii_lowercase())
}

/// The `Deserialize` of a dispatch enum.
pub fn dispatch<'de, T: Dispatch + Serialize, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_any(DispatchVisitor(PhantomData))
}

struct DispatchVisitor<T>(PhantomData<T>);

impl<T: Dispatch> DispatchVisitor<T> {
    /// A value that is not an object has no kind: the base reads it (and fails), or it is kept.
    fn whole<E: de::Error>(value: Value) -> Result<T, E> {
        let _lenient = Lenient::enter();
        T::by_kind(None, value).map_err(E::custom)
    }
}

impl<'de, T: Dispatch + Serialize> Visitor<'de> for DispatchVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let _lenient = Lenient::enter();
        let mut before: Vec<(String, Value)> = Vec::new();
        let mut kind = None;
        let mut tagged = false;
        while let Some(key) = map.next_key_seed(Key)? {
            let value: Value = map.next_value()?;
            tagged = key == TAG;
            if tagged {
                kind = kind_of(&value);
            }
            before.push((key.into_owned(), value));
            if tagged {
                break;
            }
        }
        let mut replay = Replay {
            before: before.into_iter(),
            pending: None,
            live: tagged.then_some(map),
            late: None,
            late_next: false,
        };
        let out = T::by_kind(kind.as_deref(), MapAccessDeserializer::new(&mut replay))?;
        match replay.late.map(|late| kind_of(&late)) {
            // A later `@odata.type` is the one a `Value` kept: read the value again by it.
            Some(last) if last != kind => {
                let value = serde_json::to_value(&out).map_err(A::Error::custom)?;
                T::by_kind(last.as_deref(), value).map_err(A::Error::custom)
            }
            _ => Ok(out),
        }
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
        Self::whole(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        Self::whole(Value::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        Self::whole(Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        Self::whole(Value::from(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Self::whole(Value::from(v))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<T, E> {
        Self::whole(Value::String(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        Self::whole(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<T, E> {
        Self::whole(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        Self::whole(Value::deserialize(d)?)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
        let value = Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        Self::whole(value)
    }
}

/// The members held while looking for `@odata.type`, then the rest of the object as it comes;
/// a later `@odata.type` is noted on its way through.
struct Replay<A> {
    before: std::vec::IntoIter<(String, Value)>,
    /// The value of the held member whose key was just handed out.
    pending: Option<Value>,
    live: Option<A>,
    /// The last `@odata.type` among the live members.
    late: Option<Value>,
    /// The live member whose key was just handed out is an `@odata.type`.
    late_next: bool,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Replay<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        if let Some((key, value)) = self.before.next() {
            self.pending = Some(value);
            return seed
                .deserialize(StringDeserializer::<A::Error>::new(key))
                .map(Some);
        }
        let Some(live) = &mut self.live else {
            return Ok(None);
        };
        match live.next_key_seed(Key)? {
            None => Ok(None),
            Some(key) => {
                self.late_next = key == TAG;
                match key {
                    Cow::Borrowed(k) => seed.deserialize(BorrowedStrDeserializer::new(k)),
                    Cow::Owned(k) => seed.deserialize(StringDeserializer::new(k)),
                }
                .map(Some)
            }
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        if let Some(value) = self.pending.take() {
            return seed.deserialize(value).map_err(A::Error::custom);
        }
        let Some(live) = &mut self.live else {
            return Err(A::Error::custom("a value asked for before its key"));
        };
        if std::mem::take(&mut self.late_next) {
            let value: Value = live.next_value()?;
            self.late = Some(value.clone());
            return seed.deserialize(value).map_err(A::Error::custom);
        }
        live.next_value_seed(seed)
    }
}

#[cfg(test)]
mod tests;
