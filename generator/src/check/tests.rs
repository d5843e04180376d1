//! Tests of the example checker.

use super::*;
use crate::diag::Pos;
use crate::model::{Kind, Property, Source, TypeDef, TypeKey};
use serde_json::json;

fn prop(name: &str, ty: TypeRef, collection: bool) -> Property {
    Property {
        name: name.into(),
        ty,
        collection,
        navigation: false,
        description: String::new(),
        pos: Pos::line(1),
    }
}

fn p(e: Edm) -> TypeRef {
    TypeRef::Primitive(e)
}

fn n(k: &str) -> TypeRef {
    TypeRef::Named(TypeKey::of(k))
}

/// Properties as the model's doc comment writes them: `name: Type`, comma-separated; `[Type]`
/// for a collection; a primitive by its Edm name, any other type by its name in
/// `microsoft.graph`.
fn props(spec: &str) -> Vec<Property> {
    spec.split(", ")
        .filter(|field| !field.is_empty())
        .map(|field| {
            let (name, ty) = field.split_once(": ").expect("`name: Type`");
            let (ty, collection) = match ty.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
                Some(element) => (element, true),
                None => (ty, false),
            };
            let ty = Edm::from_spelling(ty).map_or_else(|| n(&format!("microsoft.graph.{ty}")), p);
            prop(name, ty, collection)
        })
        .collect()
}

/// A type of `microsoft.graph` named `name`, with the properties `spec` lists (see [`props`]).
fn ty(name: &str, kind: Kind, base: Option<&str>, spec: &str) -> (TypeKey, TypeDef) {
    (
        TypeKey::of(&format!("microsoft.graph.{name}")),
        TypeDef {
            name: format!("microsoft.graph.{name}"),
            kind,
            base: base.map(|b| TypeKey::of(&format!("microsoft.graph.{b}"))),
            is_abstract: false,
            open: false,
            key: None,
            description: String::new(),
            properties: props(spec),
            members: Vec::new(),
            flags: false,
            source: Source {
                file: "resources/x.md".into(),
                line: 1,
            },
            pages: Vec::new(),
        },
    )
}

/// connector { id, displayName, authenticationConfiguration: base (polymorphic), tags:
/// Collection(String), cert: certificate }; certificate { notAfter: Int64, thumbprint,
/// uploaded: DateTimeOffset, key: Guid, blob: Binary, lifetime: Duration, day: Date, at:
/// TimeOfDay, score: Single, small: Byte, status: enum }; base (no properties) ← basic
/// { username, password }, ← pkcs12 { pkcs12Value }.
fn model() -> Model {
    let mut m = Model::default();
    m.types.extend([
        ty(
            "connector",
            Kind::Entity,
            None,
            "id: String, displayName: String, authenticationConfiguration: base, \
             configs: [base], tags: [String], cert: certificate, content: Stream, \
             extra: Untyped, extras: [Untyped]",
        ),
        ty(
            "certificate",
            Kind::Complex,
            None,
            "notAfter: Int64, thumbprint: String, uploaded: DateTimeOffset, key: Guid, \
             blob: Binary, lifetime: Duration, day: Date, at: TimeOfDay, score: Single, \
             small: Byte, count: Int32, status: status, parts: parts, enabled: Boolean",
        ),
        ty("base", Kind::Complex, None, ""),
        ty(
            "basic",
            Kind::Complex,
            Some("base"),
            "username: String, password: String",
        ),
        ty("pkcs12", Kind::Complex, Some("base"), "pkcs12Value: Binary"),
        ty("status", Kind::Enum, None, ""),
        ty("parts", Kind::Enum, None, ""),
        ty("animal", Kind::Entity, None, "legs: Int32"),
        ty("dog", Kind::Entity, Some("animal"), "bark: Boolean"),
    ]);
    m.types.get_mut("microsoft.graph.parts").unwrap().flags = true;
    m
}

fn check(ty: &str, collection: bool, v: serde_json::Value) -> Vec<(String, String)> {
    check_example(&model(), &n(ty), collection, &v)
        .into_iter()
        .map(|m| (m.path, m.expected))
        .collect()
}

fn paths(ty: &str, collection: bool, v: serde_json::Value) -> Vec<String> {
    check(ty, collection, v)
        .into_iter()
        .map(|(p, _)| p)
        .collect()
}

#[test]
fn a_fitting_example_has_no_mismatch() {
    let v = json!({
        "@odata.context": "https://graph.microsoft.com/beta/$metadata#x",
        "id": "1", "displayName": null, "unknownMember": {"any": [1, "x"]},
        "tags": ["a", "b"], "content": 12, "extra": [null], "extras": [1, null, {}],
        "authenticationConfiguration": {"@odata.type": "#microsoft.graph.basic", "username": "u"},
        "configs": [{"@odata.type": "#Microsoft.Graph.PKCS12", "pkcs12Value": "aGVsbG8"}, {"@odata.type": "#x.unknown", "pkcs12Value": 1}, {"no": "type"}, null, 7],
        "cert": {
            "notAfter": 1_700_000_000_000i64, "thumbprint": "abc", "uploaded": "2021-07-16T10:00:00.0000000",
            "key": "5F4F2E1C-0B7A-4C3B-9D2E-8A1B2C3D4E5F", "blob": "-_8", "lifetime": "P1DT2H30.5S",
            "day": "2024-02-29", "at": "08:00:00.0000000", "score": 1, "small": 255, "count": -5,
            "status": "somethingNew", "parts": "a, b", "enabled": false
        }
    });
    assert_eq!(check("microsoft.graph.connector", false, v), vec![]);
}

#[test]
fn wrong_primitives_are_found() {
    let v = json!({"cert": {
        "notAfter": "2021-07-16T10:00:00Z", "thumbprint": 5, "uploaded": "String (timestamp)",
        "key": "not-a-guid", "blob": "a", "lifetime": "1 day", "day": "2021-02-30", "at": "8:00",
        "score": "1.5", "small": 256, "count": 1.5, "status": 3, "parts": ["a"], "enabled": "true"
    }});
    let found = check("microsoft.graph.connector", false, v);
    let want = [
        ("$.cert.notAfter", "Edm.Int64"),
        ("$.cert.thumbprint", "Edm.String"),
        ("$.cert.uploaded", "Edm.DateTimeOffset"),
        ("$.cert.key", "Edm.Guid"),
        ("$.cert.blob", "Edm.Binary"),
        ("$.cert.lifetime", "Edm.Duration"),
        ("$.cert.day", "Edm.Date"),
        ("$.cert.at", "Edm.TimeOfDay"),
        ("$.cert.score", "Edm.Single"),
        ("$.cert.small", "Edm.Byte"),
        ("$.cert.count", "Edm.Int32"),
        ("$.cert.status", "microsoft.graph.status"),
        ("$.cert.parts", "microsoft.graph.parts"),
        ("$.cert.enabled", "Edm.Boolean"),
    ];
    let mut want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    want.sort();
    assert_eq!(found, want);
}

#[test]
fn integers_out_of_range_and_with_fractions() {
    let c = |v| paths("microsoft.graph.certificate", false, v);
    assert!(
        c(json!({"count": 2147483647, "small": 0, "notAfter": -9223372036854775807i64})).is_empty()
    );
    assert_eq!(c(json!({"count": 2147483648u64})), ["$.count"]);
    assert_eq!(c(json!({"count": -2147483649i64})), ["$.count"]);
    assert_eq!(c(json!({"small": -1})), ["$.small"]);
    assert_eq!(
        c(json!({"notAfter": 9223372036854775808u64})),
        ["$.notAfter"]
    );
    assert_eq!(c(json!({"count": 1.0})), ["$.count"]);
    let text = r#"{"count": 1e3, "notAfter": 100000000000000000000, "small": -0}"#;
    let found =
        check_example_text(&model(), &n("microsoft.graph.certificate"), false, text).unwrap();
    assert_eq!(
        found.iter().map(|m| m.path.as_str()).collect::<Vec<_>>(),
        ["$.count", "$.notAfter", "$.small"]
    );
}

#[test]
fn shapes_collections_and_nulls() {
    let c = |v| paths("microsoft.graph.connector", false, v);
    // An object where a collection is documented, and the reverse.
    assert_eq!(c(json!({"tags": "a"})), ["$.tags"]);
    assert_eq!(c(json!({"cert": [{}]})), ["$.cert"]);
    // null is fine for a property, not as a collection item.
    assert_eq!(c(json!({"tags": null, "cert": null})), Vec::<String>::new());
    assert_eq!(c(json!({"tags": ["a", null]})), ["$.tags[1]"]);
    // A whole body that is not an object.
    assert_eq!(c(json!([{"id": "1"}])), ["$"]);
}

#[test]
fn polymorphic_values_dispatch_on_odata_type() {
    let c = |v| paths("microsoft.graph.connector", false, v);
    // The base declares nothing, so a value without @odata.type is kept raw.
    assert!(c(json!({"authenticationConfiguration": {"username": 1}})).is_empty());
    assert!(c(json!({"authenticationConfiguration": "basic"})).is_empty());
    assert_eq!(
        c(
            json!({"authenticationConfiguration": {"@odata.type": "microsoft.graph.basic", "username": 1}})
        ),
        ["$.authenticationConfiguration.username"]
    );
    assert_eq!(
        c(json!({"configs": [{"@odata.type": "#microsoft.graph.pkcs12", "pkcs12Value": "!"}]})),
        ["$.configs[0].pkcs12Value"]
    );
    // A base with properties: no @odata.type is the base itself.
    let a = |v| paths("microsoft.graph.animal", false, v);
    assert_eq!(a(json!({"legs": "four"})), ["$.legs"]);
    assert_eq!(
        a(json!({"@odata.type": "#microsoft.graph.dog", "bark": "yes"})),
        ["$.bark"]
    );
    assert!(a(json!({"@odata.type": "#microsoft.graph.cat", "legs": "x"})).is_empty());
    assert_eq!(a(json!("dog")), ["$"]);
}

#[test]
fn pages() {
    let c = |v| check("microsoft.graph.animal", true, v);
    assert!(c(json!({"@odata.context": "x", "@odata.nextLink": "y", "@odata.count": 3, "value": [{"legs": 4}]})).is_empty());
    // A single object where a page is documented is not an empty page.
    assert_eq!(
        c(json!({"legs": 4})),
        [(
            "$".to_string(),
            "Collection(microsoft.graph.animal)".to_string()
        )]
    );
    assert_eq!(
        c(json!({"value": [{"legs": 4.5}]})),
        [("$.value[0].legs".to_string(), "Edm.Int32".to_string())]
    );
    assert_eq!(
        c(json!({"value": {"legs": 4}})),
        [(
            "$.value".to_string(),
            "Collection(microsoft.graph.animal)".to_string()
        )]
    );
    assert_eq!(c(json!({"value": null})).len(), 1);
    assert_eq!(c(json!([{"legs": 4}])).len(), 1);
    assert_eq!(c(json!({"@odata.count": "3"}))[0].0, "$[\"@odata.count\"]");
}

#[test]
fn single_primitive_and_enum_bodies_are_wrapped() {
    let m = model();
    let c = |ty: TypeRef, v| {
        check_example(&m, &ty, false, &v)
            .into_iter()
            .map(|x| x.path)
            .collect::<Vec<_>>()
    };
    assert!(c(
        p(Edm::Boolean),
        json!({"@odata.context": "x", "value": true})
    )
    .is_empty());
    assert_eq!(c(p(Edm::String), json!({"value": true})), ["$.value"]);
    assert_eq!(c(p(Edm::String), json!({"value": null})), ["$.value"]);
    assert_eq!(c(p(Edm::Int32), json!({"count": 1})), ["$"]);
    assert_eq!(c(p(Edm::Int32), json!([1])), ["$"]);
    assert!(c(n("microsoft.graph.status"), json!({"value": "new"})).is_empty());
    assert!(c(p(Edm::Untyped), json!([1, {"x": null}])).is_empty());
    let dup = check_example_text(&m, &p(Edm::Int32), false, "{\"value\": 1, \"value\": 2}");
    assert_eq!(dup.unwrap().len(), 1);
}

#[test]
fn duplicates_fail_only_when_read_straight_from_text() {
    let m = model();
    let text = "{\n  \"legs\": 4,\n  \"legs\": 5\n}";
    let found = check_example_text(
        &m,
        &n("microsoft.graph.certificate"),
        false,
        "{\"count\": 1, \"count\": 2, \"other\": 1, \"other\": 2}",
    )
    .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].reason, "`count` is given twice");
    // Inside a polymorphic value the last duplicate wins, but each is read, so each must fit.
    let found = check_example_text(
        &m,
        &n("microsoft.graph.animal"),
        false,
        "{\"legs\": 4, \"legs\": 5}",
    )
    .unwrap();
    assert!(found.is_empty(), "{found:?}");
    let found = check_example_text(
        &m,
        &n("microsoft.graph.animal"),
        false,
        "{\"legs\": \"x\", \"legs\": 5}",
    )
    .unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        check_example_text(&m, &n("microsoft.graph.dog"), false, text)
            .unwrap()
            .len()
            == 1
    );
}

#[test]
fn positions_and_messages() {
    let m = model();
    let text = "{\n  \"cert\": {\n    \"notAfter\": \"2021-07-16T10:00:00.0000000Z and some more text\"\n  }\n}";
    let found = check_example_text(&m, &n("microsoft.graph.connector"), false, text).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].at, Some((3, 17)));
    assert_eq!(found[0].value, "\"2021-07-16T10:00:00.0000000Z a…\"");
    assert!(
        check_example_text(&m, &n("microsoft.graph.connector"), false, "{\"a\": 1,}").is_none()
    );
}

#[test]
fn primitive_formats() {
    for (e, ok, bad) in [
        (
            Edm::Guid,
            vec![
                "5f4f2e1c-0b7a-4c3b-9d2e-8a1b2c3d4e5f",
                "5F4F2E1C0B7A4C3B9D2E8A1B2C3D4E5F",
                "{5f4f2e1c-0b7a-4c3b-9d2e-8a1b2c3d4e5f}",
                "urn:uuid:5f4f2e1c-0b7a-4c3b-9d2e-8a1b2c3d4e5f",
            ],
            vec![
                "",
                "5f4f2e1c-0b7a-4c3b-9d2e-8a1b2c3d4e5",
                "string",
                "5f4f2e1c-0b7a-4c3b-9d2e-8a1b2c3d4e5g",
            ],
        ),
        (
            Edm::DateTimeOffset,
            vec![
                "2021-07-16T10:00:00Z",
                "2021-07-16t10:00z",
                "2021-07-16T10:00:00.1234567-08:00",
                "2016-12-31T23:59:60Z",
                "2021-07-16T10:00:00",
            ],
            vec![
                "2021-07-16",
                "2021-07-16 10:00:00Z",
                "2021-07-16T10:00:00+0530",
                "String (timestamp)",
                "2021-02-29T00:00:00Z",
                "+262142-12-31T23:59:59-01:00",
            ],
        ),
        (
            Edm::Date,
            vec!["2021-07-16", "+2021-07-16", "-0044-03-15", "2000-02-29"],
            vec![
                "2021-7-16",
                "1900-02-29",
                "2021-07-16T00:00:00Z",
                "262143-01-01",
            ],
        ),
        (
            Edm::TimeOfDay,
            vec!["08:00", "08:00:00.0000000", "23:59:60"],
            vec!["8:00", "08:00:00Z", "24:00:00", "08:00:00."],
        ),
        (
            Edm::Duration,
            vec!["PT1H30M", "P1Y2M3W4DT5H6M7.5S", "-PT5M", "p1d", "PT0,5S"],
            vec!["P", "PT", "P1H", "PT1.5M", "PT1M1H", "1 day", "P1DT"],
        ),
        (
            Edm::Binary,
            vec!["", "aGVsbG8=", "aGVsbG8", "+/8=", "-_8", "QQ==", "QQ="],
            vec!["a", "QR==", "Q===", "aGVs bG8=", "aG=Vs", "QQ==="],
        ),
    ] {
        for s in ok {
            assert_eq!(primitive_str(e, s), Ok(()), "{e:?} {s:?}");
        }
        for s in bad {
            assert!(primitive_str(e, s).is_err(), "{e:?} {s:?}");
        }
    }
}
