//! The streaming decoders against the serde shapes they replace: a derived struct with a
//! flattened map, and a dispatch enum that reads a `serde_json::Value` first and again from it.
//! Every input must give the same value, or an error on both sides.

use super::*;
use crate::Field;

/// The old shape of an emitted struct.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct OldThing {
    #[serde(rename = "name", default, skip_serializing_if = "Field::is_absent")]
    name: Field<String>,
    #[serde(rename = "size", default, skip_serializing_if = "Field::is_absent")]
    size: Field<i32>,
    #[serde(rename = "inner", default, skip_serializing_if = "Field::is_absent")]
    inner: Field<Vec<Thing>>,
    #[serde(flatten)]
    additional_properties: Extra,
}

/// The new shape: the same fields, `Serialize` and the streaming `Deserialize` both from
/// `wire_object!`.
#[derive(Clone, Debug, Default, PartialEq)]
struct Thing {
    name: Field<String>,
    size: Field<i32>,
    inner: Field<Vec<Thing>>,
    additional_properties: Extra,
}

crate::wire_object!(Thing, additional_properties { "name" => name, "size" => size, "inner" => inner });

/// A derived kind of `Thing`.
#[derive(Clone, Debug, Default, PartialEq)]
struct Special {
    name: Field<String>,
    colour: Field<String>,
    additional_properties: Extra,
}

crate::wire_object!(Special, additional_properties { "name" => name, "colour" => colour });

/// The new dispatch enum over `Thing` (not abstract: a value without a kind is a `Thing`).
#[derive(Clone, Debug, PartialEq)]
enum AnyThing {
    Thing(Box<Thing>),
    Special(Box<Special>),
    Unrecognized(Value),
}

impl Serialize for AnyThing {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Thing(v) => crate::odata::serialize_with_type(&**v, "#x.thing", s),
            Self::Special(v) => crate::odata::serialize_with_type(&**v, "#x.special", s),
            Self::Unrecognized(v) => v.serialize(s),
        }
    }
}

impl Dispatch for AnyThing {
    fn by_kind<'de, D: Deserializer<'de>>(kind: Option<&str>, d: D) -> Result<Self, D::Error> {
        match kind {
            Some("x.thing") | None => variant(d, Self::Thing),
            Some("x.special") => variant(d, Self::Special),
            _ => Deserialize::deserialize(d).map(Self::Unrecognized),
        }
    }
}

impl<'de> Deserialize<'de> for AnyThing {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        dispatch(d)
    }
}

/// How the dispatch enum read a value before: all of it into a `Value`, then again from it.
fn old_any(text: &str) -> Result<AnyThing, serde_json::Error> {
    let value: Value = serde_json::from_str(text)?;
    match crate::odata::type_key(&value).as_deref() {
        Some("x.thing") | None => crate::odata::from_value(value).map(AnyThing::Thing),
        Some("x.special") => crate::odata::from_value(value).map(AnyThing::Special),
        _ => Ok(AnyThing::Unrecognized(value)),
    }
}

fn old_thing(text: &str) -> Result<Thing, serde_json::Error> {
    let old: OldThing = serde_json::from_str(text)?;
    Ok(Thing {
        name: old.name,
        size: old.size,
        inner: old.inner,
        additional_properties: old.additional_properties,
    })
}

/// Both shapes agree on `text`: the same value, or both an error; returns the new result.
fn same_struct(text: &str) -> Result<Thing, serde_json::Error> {
    let new = serde_json::from_str::<Thing>(text);
    match (&new, old_thing(text)) {
        (Ok(a), Ok(b)) => {
            assert_eq!(*a, b, "{text}");
            // Written back the same too: the macro's `Serialize` is the derive's.
            let old: OldThing = serde_json::from_str(text).unwrap();
            let old = (serde_json::to_string(&old), serde_json::to_value(&old));
            let new = (serde_json::to_string(a), serde_json::to_value(a));
            assert_eq!(new.0.unwrap(), old.0.unwrap(), "{text}");
            assert_eq!(new.1.unwrap(), old.1.unwrap(), "{text}");
        }
        (Err(_), Err(_)) => {}
        (a, b) => panic!("{text}: new {a:?}, old {b:?}"),
    }
    new
}

fn same_any(text: &str) -> Result<AnyThing, serde_json::Error> {
    let new = serde_json::from_str::<AnyThing>(text);
    match (&new, old_any(text)) {
        (Ok(a), Ok(b)) => assert_eq!(*a, b, "{text}"),
        (Err(_), Err(_)) => {}
        (a, b) => panic!("{text}: new {a:?}, old {b:?}"),
    }
    new
}

#[test]
fn null_absent_and_value_are_kept_apart() {
    let t = same_struct(r#"{"name":null,"size":3,"extra":{"a":[1,null]}}"#).unwrap();
    assert_eq!(t.name, Field::Null);
    assert_eq!(t.size, Field::Value(3));
    assert_eq!(t.inner, Field::Absent);
    assert_eq!(
        t.additional_properties["extra"],
        serde_json::json!({"a": [1, null]})
    );
    for text in [
        "{}",
        r#"{"name":"n","inner":[{"size":null,"x":1}],"@odata.etag":"W/1"}"#,
        r#"{"size":"three"}"#,
        r#"{"inner":null}"#,
        r#"{"inner":[null]}"#,
        r#"{"na\u006de":"escaped"}"#,
        "[]",
        r#""text""#,
        "null",
    ] {
        let _ = same_struct(text);
    }
    // Round trip: what was sent is what is written back.
    let text = r#"{"name":null,"size":3,"extra":true}"#;
    let t = same_struct(text).unwrap();
    assert_eq!(serde_json::to_string(&t).unwrap(), text);
}

#[test]
fn a_documented_member_twice_is_an_error_unknown_ones_keep_the_last() {
    let e = same_struct(r#"{"name":"a","name":"b"}"#).unwrap_err();
    assert!(e.to_string().starts_with("duplicate field `name`"), "{e}");
    // Also after a null: serde's derive tells a member sent as null from one not sent.
    same_struct(r#"{"size":null,"size":1}"#).unwrap_err();
    let t = same_struct(r#"{"x":1,"x":2}"#).unwrap();
    assert_eq!(t.additional_properties["x"], 2);
    // Nested, outside any dispatch enum: an error too.
    same_struct(r#"{"inner":[{"name":"a","name":"b"}]}"#).unwrap_err();
}

#[test]
fn not_an_object_says_what_was_expected() {
    let e = same_struct(r#""x""#).unwrap_err();
    assert!(e.to_string().contains("expected struct Thing"), "{e}");
}

#[test]
fn the_kind_first_streams_into_its_variant() {
    let a = same_any(r##"{"@odata.type":"#x.special","name":"n","colour":"red"}"##).unwrap();
    let AnyThing::Special(s) = &a else {
        panic!("{a:?}")
    };
    assert_eq!(s.colour.value().map(String::as_str), Some("red"));
    // The tag stays among the unknown members, so it is written back as sent.
    assert_eq!(s.additional_properties[TAG], "#x.special");
    // Any casing, `#` or not.
    assert!(matches!(
        same_any(r#"{"@odata.type":"X.SPECIAL","colour":"red"}"#).unwrap(),
        AnyThing::Special(_)
    ));
    // An error in the streamed rest is still an error.
    same_any(r##"{"@odata.type":"#x.thing","size":"big"}"##).unwrap_err();
}

#[test]
fn the_kind_last_replays_what_came_before() {
    let a = same_any(r##"{"name":"n","colour":"red","@odata.type":"#x.special"}"##).unwrap();
    assert!(matches!(a, AnyThing::Special(_)), "{a:?}");
    let a = same_any(r##"{"size":1,"@odata.type":"#x.thing","name":"n"}"##).unwrap();
    assert!(
        matches!(&a, AnyThing::Thing(t) if t.size == Field::Value(1)),
        "{a:?}"
    );
    same_any(r##"{"size":"x","@odata.type":"#x.thing"}"##).unwrap_err();
}

#[test]
fn no_kind_is_the_base_and_an_unknown_kind_is_kept_whole() {
    let a = same_any(r#"{"name":"n","size":2,"other":[1]}"#).unwrap();
    assert!(matches!(&a, AnyThing::Thing(t) if t.additional_properties.contains_key("other")));
    let text = r##"{"name":"n","@odata.type":"#x.future","deep":{"a":{"b":[1,2]}}}"##;
    let a = same_any(text).unwrap();
    assert_eq!(
        a,
        AnyThing::Unrecognized(serde_json::from_str(text).unwrap())
    );
    let a = same_any(r##"{"@odata.type":"#x.future","n":1}"##).unwrap();
    assert!(matches!(a, AnyThing::Unrecognized(_)));
    // A kind that is not a string is no kind.
    assert!(matches!(
        same_any(r#"{"@odata.type":5,"name":"n"}"#).unwrap(),
        AnyThing::Thing(_)
    ));
    // Not an object: the base reads it, and fails as it did.
    for text in [r#""x""#, "[1]", "null", "1", "true"] {
        same_any(text).unwrap_err();
    }
}

#[test]
fn inside_a_dispatch_enum_the_last_duplicate_counts() {
    let a = same_any(r##"{"@odata.type":"#x.thing","name":"a","name":"b"}"##).unwrap();
    assert!(matches!(&a, AnyThing::Thing(t) if t.name == Field::Value("b".into())));
    // Nested structs too, as a `Value` held them.
    same_any(r##"{"@odata.type":"#x.thing","inner":[{"size":1,"size":2}]}"##).unwrap();
    same_any(r#"{"name":"a","name":"b"}"#).unwrap();
    // And outside it again, the error.
    same_struct(r#"{"name":"a","name":"b"}"#).unwrap_err();
}

#[test]
fn a_second_kind_decides_as_a_value_did() {
    for text in [
        r##"{"@odata.type":"#x.thing","colour":"red","@odata.type":"#x.special"}"##,
        r##"{"@odata.type":"#x.special","colour":"red","@odata.type":"#x.thing"}"##,
        r##"{"@odata.type":"#x.future","colour":"red","@odata.type":"#x.special"}"##,
        r##"{"@odata.type":"#x.special","@odata.type":"#x.future"}"##,
        r##"{"@odata.type":"#x.special","@odata.type":"#X.Special"}"##,
        r##"{"@odata.type":"#x.special","@odata.type":null}"##,
        r##"{"@odata.type":null,"@odata.type":"#x.special","colour":"c"}"##,
    ] {
        same_any(text).unwrap();
    }
}

/// A type with a member that must be sent, the way a `WireObject` says so.
#[derive(Debug, Default)]
struct Named {
    id: Option<String>,
    additional_properties: Extra,
}

impl WireObject for Named {
    fn read_field<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error> {
        match key {
            "id" => required(map, key, &mut self.id),
            _ => Ok(false),
        }
    }

    fn extra(&mut self) -> &mut Extra {
        &mut self.additional_properties
    }

    fn finish<E: de::Error>(&self) -> Result<(), E> {
        match self.id {
            Some(_) => Ok(()),
            None => Err(E::missing_field("id")),
        }
    }
}

#[test]
fn a_required_member_missing_is_reported_as_serde_does() {
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Derived {
        id: String,
        #[serde(flatten)]
        rest: Extra,
    }
    let text = r#"{"name":"x"}"#;
    let old = serde_json::from_str::<Derived>(text).unwrap_err();
    let new = deserialize::<Named, _>(&mut serde_json::Deserializer::from_str(text)).unwrap_err();
    assert_eq!(new.to_string(), old.to_string());
    assert!(new.to_string().starts_with("missing field `id`"), "{new}");
    let ok: Named = deserialize(&mut serde_json::Deserializer::from_str(
        r#"{"id":"1","n":2}"#,
    ))
    .unwrap();
    assert_eq!(ok.id.as_deref(), Some("1"));
    assert_eq!(ok.additional_properties["n"], 2);
    let dup = deserialize::<Named, _>(&mut serde_json::Deserializer::from_str(
        r#"{"id":"1","id":"2"}"#,
    ))
    .unwrap_err();
    assert!(dup.to_string().starts_with("duplicate field `id`"), "{dup}");
}

#[test]
fn members_are_read_from_a_value_too() {
    let value = serde_json::json!({"@odata.type": "#x.special", "colour": "c", "z": 1});
    let a: AnyThing = serde_json::from_value(value.clone()).unwrap();
    assert!(matches!(&a, AnyThing::Special(s) if s.colour == Field::Value("c".into())));
    assert_eq!(serde_json::to_value(&a).unwrap(), value);
}

#[test]
fn errors_leave_the_lenient_mode() {
    same_any(r##"{"@odata.type":"#x.thing","size":"x"}"##).unwrap_err();
    assert!(!lenient());
}
