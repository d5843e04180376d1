//! The example validator (`graphdoc::model::validate`) must predict exactly when the emitted
//! types fail to deserialize: checked here against the runtime's parsers and against the
//! checked-in models emitted from the sample pages.

use graphdoc::model::validate::{check_example, check_example_text, primitive_str};
use graphdoc::model::{Edm, Model, TypeRef};
use graphdoc_generated::edm;
use graphdoc_generated::{models, Page};
use serde_json::{json, Value};

/// A small deterministic generator (no extra dependency, same sequence every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[(self.next() % v.len() as u64) as usize]
    }
}

fn runtime_accepts(e: Edm, s: &str) -> bool {
    match e {
        Edm::Guid => s.parse::<edm::Guid>().is_ok(),
        Edm::DateTimeOffset => s.parse::<edm::DateTimeOffset>().is_ok(),
        Edm::Date => s.parse::<edm::Date>().is_ok(),
        Edm::TimeOfDay => s.parse::<edm::TimeOfDay>().is_ok(),
        Edm::Duration => s.parse::<edm::Duration>().is_ok(),
        Edm::Binary => s.parse::<edm::Binary>().is_ok(),
        _ => unreachable!(),
    }
}

/// Mutations of valid values (and noise) must be accepted by the validator exactly when the
/// runtime parses them.
#[test]
fn primitive_formats_agree_with_the_runtime() {
    let seeds: &[(Edm, &[&str])] = &[
        (
            Edm::DateTimeOffset,
            &[
                "2021-07-16T10:00:00.0000000Z",
                "2021-07-16T15:30:00+05:30",
                "2016-12-31T23:59:60.5-00:00",
                "2024-02-29t10:00z",
                "+262142-12-31T23:59:59Z",
                "-262143-01-01T00:00:00Z",
                "0000-01-01T00:00:00",
            ],
        ),
        (
            Edm::Date,
            &["2021-07-16", "+2000-02-29", "-0044-03-15", "262142-12-31"],
        ),
        (Edm::TimeOfDay, &["08:00:00.0000000", "23:59:60", "12:34"]),
        (
            Edm::Duration,
            &[
                "P1Y2M3W4DT5H6M7.123456789S",
                "-PT18446744073709551615S",
                "pt0,5s",
                "+P1D",
            ],
        ),
        (
            Edm::Binary,
            &[
                "aGVsbG8gd29ybGQ=",
                "aGVsbG8",
                "-_8=",
                "QQ==",
                "QUJD",
                "+/+/",
            ],
        ),
        (
            Edm::Guid,
            &[
                "5F4F2E1C-0B7A-4C3B-9D2E-8A1B2C3D4E5F",
                "5f4f2e1c0b7a4c3b9d2e8a1b2c3d4e5f",
                "{5f4f2e1c-0b7a-4c3b-9d2e-8a1b2c3d4e5f}",
                "URN:UUID:5f4f2e1c-0b7a-4c3b-9d2e-8a1b2c3d4e5f",
            ],
        ),
    ];
    let alphabet: Vec<char> = "0123456789-+:.,TtZzPpYMWDHS =_/{}aéQ".chars().collect();
    let mut rng = Lcg(0x5eed);
    let mut checked = 0;
    for (e, values) in seeds {
        for seed in *values {
            assert!(primitive_str(*e, seed).is_ok(), "{e:?} {seed:?}");
            assert!(runtime_accepts(*e, seed), "{e:?} {seed:?}");
            let chars: Vec<char> = seed.chars().collect();
            for _ in 0..20_000 {
                let mut m = chars.clone();
                for _ in 0..1 + rng.next() % 3 {
                    let at = (rng.next() % (m.len() as u64 + 1)) as usize;
                    match rng.next() % 3 {
                        0 if at < m.len() => {
                            m.remove(at);
                        }
                        1 => m.insert(at, *rng.pick(&alphabet)),
                        _ if at < m.len() => m[at] = *rng.pick(&alphabet),
                        _ => {}
                    }
                }
                let s: String = m.into_iter().collect();
                assert_eq!(
                    primitive_str(*e, &s).is_ok(),
                    runtime_accepts(*e, &s),
                    "{e:?} {s:?}: validator says {:?}",
                    primitive_str(*e, &s)
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 100_000);
}

fn samples() -> Model {
    graphdoc::samples::docs().model()
}

fn connector() -> TypeRef {
    TypeRef::Named("microsoft.graph.identityapiconnector".into())
}

/// Every leaf of a value, by JSON pointer.
fn leaves(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                leaves(
                    x,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                leaves(x, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

/// Every member of the sample examples replaced by values of every JSON shape: the validator's
/// verdict must be serde's, for a single connector and for a page of them.
#[test]
fn structure_agrees_with_the_emitted_models() {
    let model = samples();
    let examples: Vec<Value> = model
        .operations
        .iter()
        .flat_map(|o| &o.examples)
        .filter(|e| e.ty == Some(connector()) && !e.collection)
        .filter_map(|e| serde_json::from_str(&e.json).ok())
        .collect();
    assert!(examples.len() >= 3, "{}", examples.len());
    let replacements = [
        json!(null),
        json!(true),
        json!(0),
        json!(-1),
        json!(1.5),
        json!(1_700_000_000_000i64),
        json!(9_223_372_036_854_775_808u64),
        json!("text"),
        json!("2021-07-16T10:00:00Z"),
        json!([]),
        json!([null]),
        json!([{}]),
        json!([{"thumbprint": 1}]),
        json!({}),
        json!({"@odata.type": "#microsoft.graph.basicAuthentication", "username": 5}),
        json!({"@odata.type": "#Microsoft.Graph.Pkcs12Certificate", "pkcs12Value": "x"}),
        json!({"@odata.type": "#microsoft.graph.clientCertificateAuthentication", "certificateList": [{"notAfter": "soon"}]}),
        json!({"@odata.type": "#microsoft.graph.clientCertificateAuthentication", "certificateList": {}}),
        json!({"@odata.type": "#microsoft.graph.apiAuthenticationConfigurationBase"}),
        json!({"@odata.type": 3, "username": 5}),
    ];
    let mut checked = 0;
    let mut failures = 0;
    for ex in &examples {
        let mut paths = Vec::new();
        leaves(ex, String::new(), &mut paths);
        for p in &paths {
            for r in &replacements {
                let mut v = ex.clone();
                match v.pointer_mut(p) {
                    Some(slot) => *slot = r.clone(),
                    None => continue,
                }
                let text = v.to_string();
                let predicted = check_example(&model, &connector(), false, &v);
                let actual = serde_json::from_str::<models::IdentityApiConnector>(&text);
                assert_eq!(
                    predicted.is_empty(),
                    actual.is_ok(),
                    "{text}\nvalidator: {predicted:?}\nserde: {actual:?}"
                );
                let page = json!({"@odata.context": "x", "value": [v.clone(), ex]});
                let predicted = check_example(&model, &connector(), true, &page);
                let actual = serde_json::from_value::<Page<models::IdentityApiConnector>>(page);
                assert_eq!(predicted.is_empty(), actual.is_ok(), "page of {text}");
                checked += 1;
                failures += usize::from(!predicted.is_empty());
            }
        }
    }
    assert!(
        checked > 200 && failures > 50,
        "{checked} checked, {failures} failing"
    );
}

/// What only the text shows: duplicate members, and numbers serde_json reads as floats.
#[test]
fn text_level_cases_agree_with_the_emitted_models() {
    let model = samples();
    let cases = [
        r#"{"id": "1", "id": "2"}"#,
        r#"{"other": 1, "other": 2}"#,
        r##"{"authenticationConfiguration": {"@odata.type": "#microsoft.graph.basicAuthentication", "username": 1, "username": "u"}}"##,
        r##"{"authenticationConfiguration": {"@odata.type": "#microsoft.graph.clientCertificateAuthentication", "certificateList": [{"notAfter": 1e3}]}}"##,
        r##"{"authenticationConfiguration": {"@odata.type": "#microsoft.graph.clientCertificateAuthentication", "certificateList": [{"notAfter": -0}]}}"##,
        r##"{"authenticationConfiguration": {"@odata.type": "#microsoft.graph.clientCertificateAuthentication", "certificateList": [{"notAfter": 100000000000000000000}]}}"##,
        r##"{"authenticationConfiguration": {"@odata.type": "#microsoft.graph.clientCertificateAuthentication", "certificateList": [{"notAfter": 12}]}}"##,
        r#"[{"id": "1"}]"#,
        r#""text""#,
    ];
    for text in cases {
        let predicted = check_example_text(&model, &connector(), false, text).expect("strict");
        let actual = serde_json::from_str::<models::IdentityApiConnector>(text);
        assert_eq!(
            predicted.is_empty(),
            actual.is_ok(),
            "{text}\nvalidator: {predicted:?}\nserde: {actual:?}"
        );
    }
    let pages = [
        r#"{"value": [], "value": []}"#,
        r#"{"value": null}"#,
        r#"{"@odata.count": 1.0}"#,
        r#"{"@odata.nextLink": 1}"#,
        r#"{"@odata.deltaLink": null, "value": [{"id": 1}]}"#,
        r#"{"value": [null]}"#,
    ];
    for text in pages {
        let predicted = check_example_text(&model, &connector(), true, text).expect("strict");
        let actual = serde_json::from_str::<Page<models::IdentityApiConnector>>(text);
        assert_eq!(
            predicted.is_empty(),
            actual.is_ok(),
            "{text}\nvalidator: {predicted:?}\nserde: {actual:?}"
        );
    }
}
