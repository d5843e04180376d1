//! The example checker (`graphdoc::check`) must predict exactly when the emitted types fail to
//! deserialize: checked here against the checked-in models emitted from the sample pages. (The
//! Edm primitives need no such check: the checker and the runtime call the same parsers, the
//! `graphdoc-edm` crate, whose own tests hold the cases once kept in step here.)

use graphdoc::check::{check_example, check_example_text};
use graphdoc::model::{Model, TypeRef};
use graphdoc_generated::{models, Page};
use serde_json::{json, Value};

fn samples() -> Model {
    graphdoc::samples::docs().model()
}

fn connector() -> TypeRef {
    TypeRef::Named(graphdoc::model::TypeKey::of(
        "microsoft.graph.identityApiConnector",
    ))
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
