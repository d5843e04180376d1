//! What the model and emitter make of the identityApiConnector family: the first pages graphdoc
//! must serve perfectly.

use graphdoc::diag::Code;
use graphdoc::model::{Kind, TypeKey, TypeRef};
use graphdoc::{Docs, Settings};

#[test]
fn sample_family_model() {
    let model = graphdoc::samples::docs().model();
    let c = model
        .get("microsoft.graph.identityApiConnector")
        .expect("identityApiConnector");
    assert_eq!(c.kind, Kind::Entity);
    assert_eq!(c.key.as_deref(), Some("id"));
    let names: Vec<&str> = c.properties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "id",
            "displayName",
            "targetUrl",
            "authenticationConfiguration"
        ]
    );
    assert_eq!(
        c.properties[3].ty,
        TypeRef::Named(TypeKey::of(
            "microsoft.graph.apiAuthenticationConfigurationBase"
        ))
    );
    let derived = model.derived("microsoft.graph.apiauthenticationconfigurationbase");
    assert_eq!(
        derived,
        [
            "microsoft.graph.basicauthentication",
            "microsoft.graph.clientcertificateauthentication",
            "microsoft.graph.pkcs12certificate"
        ]
    );
    let list = model
        .get("microsoft.graph.clientCertificateAuthentication")
        .unwrap();
    assert!(list.properties[0].collection);
    assert!(
        model
            .diagnostics
            .iter()
            .all(|d| d.severity > graphdoc::diag::Severity::Warning),
        "{:#?}",
        model.diagnostics
    );
}

/// Every item of the emitted code, modules looked into: where the code's shape is the point,
/// the tests read it as Rust rather than search its text (prettyplease decides the layout).
fn items(code: &str) -> Vec<syn::Item> {
    fn walk(items: Vec<syn::Item>, out: &mut Vec<syn::Item>) {
        for item in items {
            if let syn::Item::Mod(m) = &item {
                walk(m.content.clone().map(|(_, i)| i).unwrap_or_default(), out);
            }
            out.push(item);
        }
    }
    let file = syn::parse_file(code).expect("the emitted code is Rust");
    let mut out = Vec::new();
    walk(file.items, &mut out);
    out
}

/// The item `name` of the kind `pick` reads (`what` names the kind for the panic message).
fn named<'a, T>(
    items: &'a [syn::Item],
    what: &str,
    name: &str,
    pick: impl Fn(&'a syn::Item) -> Option<(&'a syn::Ident, &'a T)>,
) -> &'a T {
    items
        .iter()
        .filter_map(pick)
        .find_map(|(ident, item)| (ident == name).then_some(item))
        .unwrap_or_else(|| panic!("no {what} {name}"))
}

/// The emitted struct `name`, with each field as (name, is `pub`, type tokens).
fn struct_fields(items: &[syn::Item], name: &str) -> Vec<(String, bool, String)> {
    let s = named(items, "struct", name, |i| {
        let syn::Item::Struct(s) = i else { return None };
        Some((&s.ident, s))
    });
    let field = |f: &syn::Field| {
        let name = f
            .ident
            .as_ref()
            .map_or_else(String::new, ToString::to_string);
        let public = matches!(f.vis, syn::Visibility::Public(_));
        (name, public, type_text(&f.ty))
    };
    s.fields.iter().map(field).collect()
}

/// The variants of the emitted enum `name`, with their payload types.
fn enum_variants(items: &[syn::Item], name: &str) -> Vec<(String, Vec<String>)> {
    let e = named(items, "enum", name, |i| {
        let syn::Item::Enum(e) = i else { return None };
        Some((&e.ident, e))
    });
    e.variants
        .iter()
        .map(|v| {
            let payload = v.fields.iter().map(|f| type_text(&f.ty)).collect();
            (v.ident.to_string(), payload)
        })
        .collect()
}

/// A type as token text, without the trailing commas prettyplease leaves where it wraps
/// generic arguments (`Field<\n    self::X,\n>`), so types compare by what they say.
fn type_text(t: &syn::Type) -> String {
    fn untrail(t: &mut syn::Type) {
        if let syn::Type::Path(p) = t {
            for seg in &mut p.path.segments {
                if let syn::PathArguments::AngleBracketed(a) = &mut seg.arguments {
                    a.args.pop_punct();
                    for arg in &mut a.args {
                        if let syn::GenericArgument::Type(t) = arg {
                            untrail(t);
                        }
                    }
                }
            }
        }
    }
    let mut t = t.clone();
    untrail(&mut t);
    quote::ToTokens::to_token_stream(&t).to_string()
}

/// What `generate` writes for `resource` from `docs`.
fn generate_with(docs: &Docs, resource: &str) -> graphdoc::Output {
    graphdoc::generate(&docs.model(), &Settings::default().with_resource(resource))
}

/// What `generate` writes for `resource` from the bundled sample pages.
fn sample_with(resource: &str) -> graphdoc::Output {
    generate_with(&graphdoc::samples::docs(), resource)
}

/// `text` read as a type, for comparing with emitted types.
fn ty(text: &str) -> String {
    type_text(&syn::parse_str::<syn::Type>(text).unwrap())
}

#[test]
fn sample_family_code() {
    let out = sample_with("identityApiConnector");
    let items = items(&out.code);
    let rt = "::graphdoc_generated";
    let string = format!("{rt}::Field<::std::string::String>");
    assert_eq!(
        struct_fields(&items, "IdentityApiConnector"),
        [
            ("id".to_string(), true, ty(&string)),
            ("display_name".into(), true, ty(&string)),
            ("target_url".into(), true, ty(&string)),
            (
                "authentication_configuration".into(),
                true,
                ty(&format!(
                    "{rt}::Field<self::AnyApiAuthenticationConfigurationBase>"
                ))
            ),
            (
                "additional_properties".into(),
                true,
                ty(&format!("{rt}::wire::Extra"))
            ),
        ]
    );
    let boxed = |t: &str| vec![ty(&format!("::std::boxed::Box<self::{t}>"))];
    assert_eq!(
        enum_variants(&items, "AnyApiAuthenticationConfigurationBase"),
        [
            (
                "BasicAuthentication".to_string(),
                boxed("BasicAuthentication")
            ),
            (
                "ClientCertificateAuthentication".into(),
                boxed("ClientCertificateAuthentication")
            ),
            ("Pkcs12Certificate".into(), boxed("Pkcs12Certificate")),
            ("Unrecognized".into(), vec![ty("::serde_json::Value")]),
        ]
    );
    // A connector deserializes into the dispatch enum's family, by the keys the model gives.
    let key = TypeKey::of("microsoft.graph.apiAuthenticationConfigurationBase");
    assert_eq!(out.paths[&key], "AnyApiAuthenticationConfigurationBase");
    let emitted: Vec<&str> = out.emitted.iter().map(|k| k.short()).collect();
    assert_eq!(
        emitted,
        [
            "apiauthenticationconfigurationbase",
            "basicauthentication",
            "clientcertificateauthentication",
            "identityapiconnector",
            "pkcs12certificate",
            "pkcs12certificateinformation",
        ]
    );
}

#[test]
fn a_lone_page_still_emits_and_names_what_is_missing() {
    let page = graphdoc::samples::PAGES
        .iter()
        .find(|(p, _)| p.ends_with("resources/identityapiconnector.md"))
        .unwrap();
    let docs = Docs::from_pages("lone", [(page.0.to_string(), page.1.to_string())]);
    let out = generate_with(&docs, "identityApiConnector");
    // The property whose type has no page is kept, as raw JSON.
    let fields = struct_fields(&items(&out.code), "IdentityApiConnector");
    let names: Vec<&str> = fields.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "id",
            "display_name",
            "target_url",
            "authentication_configuration",
            "additional_properties"
        ]
    );
    assert_eq!(
        fields[3].2,
        ty("::graphdoc_generated::Field<::serde_json::Value>")
    );
    let missing = docs
        .model()
        .diagnostics
        .into_iter()
        .find(|d| d.code == Code::UnknownType)
        .expect("a diagnostic for the missing page");
    assert!(
        missing
            .message
            .contains("apiAuthenticationConfigurationBase"),
        "{}",
        missing.message
    );
    assert_eq!(missing.file, "resources/identityapiconnector.md");
}

#[test]
fn checked_in_models_dispatch_and_keep_unknowns() {
    use graphdoc_generated::models::{
        AnyApiAuthenticationConfigurationBase as Any, IdentityApiConnector,
    };
    use graphdoc_generated::Field;
    let json = r##"{"id":"c1","displayName":"Check","authenticationConfiguration":{"@odata.type":"#microsoft.graph.basicAuthentication","username":"u","password":"p"},"newThing":1}"##;
    let c: IdentityApiConnector = serde_json::from_str(json).unwrap();
    match c.authentication_configuration.value().unwrap() {
        Any::BasicAuthentication(b) => assert_eq!(b.username.as_deref(), Field::Value("u")),
        other => panic!("wrong kind {other:?}"),
    }
    assert_eq!(c.additional_properties["newThing"], 1);
    let back = serde_json::to_value(&c).unwrap();
    assert_eq!(
        back,
        serde_json::from_str::<serde_json::Value>(json).unwrap()
    );
    let odd: Any =
        serde_json::from_str(r##"{"@odata.type":"#microsoft.graph.futureAuth","x":1}"##).unwrap();
    assert!(matches!(odd, Any::Unrecognized(_)));
    let bare: Any = serde_json::from_str(r#"{"username":"u"}"#).unwrap();
    assert!(
        matches!(bare, Any::Unrecognized(_)),
        "an abstract base without @odata.type is kept raw"
    );
}

#[test]
fn unknown_resource_is_an_error_with_a_suggestion() {
    let out = sample_with("identityApiConector");
    assert!(out.has_errors());
    assert!(
        out.diagnostics[0]
            .message
            .contains("did you mean `identityApiConnector`"),
        "{}",
        out.diagnostics[0].message
    );
}

#[test]
fn the_model_is_the_same_on_every_run() {
    // Pages are parsed and collected on every core, in batches of 64 taken by whichever worker
    // is free; the model must not depend on which worker took which page. Five copies of the
    // hazard pages in separate folders make several batches, and document every type on five
    // pages, so merging order matters too. The threaded model must equal one built page by
    // page, in order, on this thread.
    use graphdoc::model::{collect_page, finish, Collected};
    let hazards = graphdoc_tests::fixture("hazards");
    let pages: Vec<(String, String)> = (0..5)
        .flat_map(|c| {
            hazards
                .files
                .iter()
                .map(move |(f, t)| (format!("copy{c}/{f}"), t.clone()))
        })
        .collect();
    assert!(
        pages.len() > 4 * 64,
        "{} pages make too few batches",
        pages.len()
    );
    let docs = graphdoc::Docs::from_pages("copies", pages);
    let mut collected = Collected::default();
    for (file, text) in &docs.files {
        let mut sink = graphdoc::diag::Sink::new(file.clone());
        let page = graphdoc::parse::parse_page(file, text, &mut sink);
        collected.absorb(Collected::from_diagnostics(sink.items));
        collect_page(&page, &mut collected);
    }
    let one_thread = finish(collected).to_json();
    for _ in 0..3 {
        assert_eq!(docs.model().to_json(), one_thread);
    }
}

#[test]
fn documented_examples_deserialize_and_keep_what_the_docs_do_not_know() {
    use graphdoc_generated::models::{
        AnyApiAuthenticationConfigurationBase as Any, IdentityApiConnector,
    };
    use graphdoc_generated::{Field, Page};
    let model = graphdoc::samples::docs().model();
    let mut seen = 0;
    for op in &model.operations {
        for ex in op.examples.iter().filter(|e| e.response) {
            let mut json: serde_json::Value = serde_json::from_str(&ex.json)
                .unwrap_or_else(|e| panic!("{}:{}: {e}", op.page, ex.line));
            // What a newer server might send: an unknown member, an unknown kind.
            let target = if ex.collection {
                &mut json["value"][0]
            } else {
                &mut json
            };
            target["brandNewProperty"] = serde_json::json!({"nested": [1, 2]});
            target["authenticationConfiguration"] = serde_json::json!({"@odata.type": "#microsoft.graph.quantumAuthentication", "qubits": 7});
            let back = if ex.collection {
                let page: Page<IdentityApiConnector> = serde_json::from_value(json.clone())
                    .unwrap_or_else(|e| panic!("{}:{}: {e}", op.page, ex.line));
                let first = &page.value[0];
                assert_eq!(
                    first.additional_properties["brandNewProperty"]["nested"][1],
                    2
                );
                assert!(
                    matches!(&first.authentication_configuration, Field::Value(Any::Unrecognized(v)) if v["qubits"] == 7)
                );
                serde_json::to_value(&page).unwrap()
            } else {
                let one: IdentityApiConnector = serde_json::from_value(json.clone())
                    .unwrap_or_else(|e| panic!("{}:{}: {e}", op.page, ex.line));
                assert!(matches!(
                    &one.authentication_configuration,
                    Field::Value(Any::Unrecognized(_))
                ));
                serde_json::to_value(&one).unwrap()
            };
            assert_eq!(
                back, json,
                "{}:{} round-trips with nothing lost",
                op.page, ex.line
            );
            seen += 1;
        }
    }
    assert!(
        seen >= 4,
        "the sample pages have response examples with bodies ({seen})"
    );
}

#[test]
fn null_and_absent_members_stay_apart_through_a_round_trip() {
    use graphdoc_generated::models::{IdentityApiConnector, Pkcs12CertificateInformation};
    use graphdoc_generated::{Field, Page};
    // The sample get-response example, with the display name sent as null (a property with no
    // value) and the target URL left out (not selected): each must come back as it was sent.
    let model = graphdoc::samples::docs().model();
    let example = model
        .operations
        .iter()
        .flat_map(|op| &op.examples)
        .find(|e| e.response && !e.collection && e.json.contains("\"targetUrl\""))
        .expect("a single-connector response example with a targetUrl");
    let mut json: serde_json::Value = serde_json::from_str(&example.json).unwrap();
    json["displayName"] = serde_json::Value::Null;
    json.as_object_mut().unwrap().remove("targetUrl");
    let c: IdentityApiConnector = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(c.display_name, Field::Null);
    assert_eq!(c.target_url, Field::Absent);
    assert!(c.id.is_value());
    let back = serde_json::to_value(&c).unwrap();
    assert_eq!(back, json, "null written back as null, absent left out");
    assert_eq!(back.get("displayName"), Some(&serde_json::Value::Null));
    assert_eq!(back.get("targetUrl"), None);

    // The same inside a page and a nested complex type (whose struct also has the flattened
    // map of unknown members, so serde buffers the object before reading the fields).
    let text = r##"{"@odata.context":"https://graph.microsoft.com/beta/$metadata#identity/apiConnectors","value":[{"id":"c1","displayName":null,"authenticationConfiguration":{"@odata.type":"#microsoft.graph.clientCertificateAuthentication","certificateList":[{"thumbprint":null,"isActive":true,"notAfter":null}]}}]}"##;
    let page: Page<IdentityApiConnector> = serde_json::from_str(text).unwrap();
    assert!(page.value[0].display_name.is_null());
    assert!(page.value[0].target_url.is_absent());
    let cert: Pkcs12CertificateInformation =
        serde_json::from_str(r#"{"thumbprint":null,"isActive":true,"notAfter":null}"#).unwrap();
    assert!(cert.thumbprint.is_null() && cert.not_after.is_null() && cert.not_before.is_absent());
    assert_eq!(cert.is_active, Field::Value(true));
    assert_eq!(
        serde_json::to_value(&page).unwrap(),
        serde_json::from_str::<serde_json::Value>(text).unwrap()
    );
}

/// The README's path-tree example, as written there: builders follow the URL, and an update
/// whose page answers `204 No Content` is typed without a body although the Methods table names
/// the resource as its return type.
#[test]
fn readme_path_tree_example() {
    use graphdoc_generated::models::{api, IdentityApiConnectorUpdate};
    use graphdoc_generated::Patch;

    let list = api::identity().api_connectors().list();
    assert_eq!(list.path(), "/identity/apiConnectors");

    let connector = api::identity().api_connectors().by_id("c1");
    let clear_url = IdentityApiConnectorUpdate {
        target_url: Patch::Null,
        ..Default::default()
    };
    let update = connector.update(&clear_url); // Request<NoContent>: the page answers 204
    assert_eq!(update.path(), "/identity/apiConnectors/c1");
    assert_eq!(update.body(), Some(&br#"{"targetUrl":null}"#[..]));
    let _: graphdoc_generated::Request<graphdoc_generated::NoContent> = update;
}

/// The route tree of the sample pages, as `graphdoc model` shows it: keys typed from their
/// collection, the action called directly, the 204 update without a body.
#[test]
fn sample_route_tree() {
    let model = graphdoc::samples::docs().model();
    let routes = model.to_json()["routes"].clone();
    let node = |path: &str| {
        routes
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["path"] == path)
            .unwrap_or_else(|| panic!("no node {path} in {routes:#}"))
            .clone()
    };
    let coll = node("/identity/apiConnectors");
    assert_eq!(coll["type"], "microsoft.graph.identityApiConnector");
    assert_eq!(coll["collection"], true);
    let item = node("/identity/apiConnectors/{identityApiConnectorId}");
    assert_eq!(item["typedBy"], "model");
    let update = item["endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["verb"] == "update")
        .unwrap()
        .clone();
    assert_eq!(update["reply"]["kind"], "nothing");
    let upload = node("/identity/apiConnectors/{identityApiConnectorId}/uploadClientCertificate");
    assert_eq!(upload["step"], "action");
    assert!(model
        .diagnostics
        .iter()
        .any(|d| d.code == Code::ResponseWithoutBody
            && d.file.ends_with("identityapiconnector-update.md")));
}

/// Each request example of the sample pages, written as the builder call that sends it: the
/// ids, path and body come from the example itself.
#[test]
fn sample_requests_as_builder_calls() {
    let model = graphdoc::samples::docs().model();
    let out = graphdoc::generate(&model, &graphdoc::Settings::default());
    let mut calls: Vec<String> = Vec::new();
    for op in &model.operations {
        for ex in &op.requests {
            let at = model.routes.locate(&ex.url).expect("a documented route");
            let call = out
                .calls
                .call(&model, &at, ex.method.as_str(), "crate")
                .expect("an emitted call");
            assert_eq!(model.operations[call.op].page, op.page, "{}", ex.url);
            calls.push(format!("{} {}", ex.method, call.expr));
        }
    }
    calls.sort();
    assert_eq!(
        calls,
        [
            r#"DELETE crate::api::identity().api_connectors().by_id("3c1f7a52-8d0e-4b6a-9f21-5e7d2c4b8a10").delete()"#,
            r#"GET crate::api::identity().api_connectors().by_id("a94e0d37-1b62-4c85-8e3f-07d6b2f9c5e4").get()"#,
            r#"GET crate::api::identity().api_connectors().list()"#,
            r#"PATCH crate::api::identity().api_connectors().by_id("3c1f7a52-8d0e-4b6a-9f21-5e7d2c4b8a10").update(BODY)"#,
            r#"POST crate::api::identity().api_connectors().by_id("a94e0d37-1b62-4c85-8e3f-07d6b2f9c5e4").upload_client_certificate(BODY)"#,
            r#"POST crate::api::identity().api_connectors().create(BODY)"#,
        ]
    );
    // A URL no route documents says where it leaves the tree.
    let miss = model
        .routes
        .locate("https://graph.microsoft.com/beta/identity/apiConnectors/x/certificates")
        .unwrap_err();
    assert_eq!(
        miss.to_string(),
        "no documented route goes on from `/identity/apiConnectors/{identityApiConnectorId}` with `certificates`"
    );
}
