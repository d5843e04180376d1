//! End to end over real HTTP on loopback: an emulator of Graph's API-connector endpoints runs in
//! this process, and the generated endpoints (the checked-in models of the sample pages), sent by
//! the runtime's reqwest client, run the whole lifecycle against it.

use graphdoc_generated::models::api;
use graphdoc_generated::models::{
    AnyApiAuthenticationConfigurationBase as AuthConfig, BasicAuthentication, IdentityApiConnector,
    IdentityApiConnectorUpdate, IdentityApiConnectorUploadClientCertificateParameters,
    Pkcs12Certificate,
};
use graphdoc_generated::{Client, Error, Field, Patch, Query, RetryPolicy, StaticToken};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// What the emulator holds and saw.
#[derive(Default)]
struct State {
    connectors: BTreeMap<String, Value>,
    next_id: u32,
    /// Raw request targets, in order, for the encoding assertions.
    seen: Vec<String>,
    /// The next GET of one connector answers 429 once.
    throttle_next_get: bool,
    auth_headers: Vec<String>,
}

struct Reply {
    status: u16,
    reason: &'static str,
    headers: Vec<(String, String)>,
    body: Option<Value>,
}

fn reply(status: u16, reason: &'static str, body: Option<Value>) -> Reply {
    Reply {
        status,
        reason,
        headers: Vec::new(),
        body,
    }
}

fn not_found(id: &str) -> Reply {
    reply(
        404,
        "Not Found",
        Some(
            json!({"error": {"code": "Request_ResourceNotFound", "message": format!("Resource '{id}' does not exist."), "innerError": {"request-id": "e2e"}}}),
        ),
    )
}

/// Percent-decodes one path segment (the emulator's view of a route parameter).
fn decode(seg: &str) -> String {
    let bytes = seg.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Graph never echoes secrets: strip them from a stored configuration.
fn without_secrets(mut v: Value) -> Value {
    if let Some(cfg) = v
        .get_mut("authenticationConfiguration")
        .and_then(Value::as_object_mut)
    {
        cfg.remove("password");
        cfg.remove("pkcs12Value");
    }
    v
}

/// `$select=a,b`: Graph returns only the selected properties; the others are absent (not `null`).
fn selected(v: Value, query: &str) -> Value {
    let Some(list) = query.split('&').find_map(|p| p.strip_prefix("$select=")) else {
        return v;
    };
    let names: Vec<String> = list.split(',').map(decode).collect();
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .filter(|(k, _)| names.iter().any(|n| n == k))
                .collect(),
        ),
        other => other,
    }
}

fn handle(
    state: &Mutex<State>,
    method: &str,
    target: &str,
    auth: Option<String>,
    body: &[u8],
    base: &str,
) -> Reply {
    let mut st = state.lock().expect("state");
    st.seen.push(format!("{method} {target}"));
    if let Some(a) = auth {
        st.auth_headers.push(a);
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let segs: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let Some(rest) = segs.strip_prefix(&["beta", "identity", "apiConnectors"]) else {
        return reply(
            400,
            "Bad Request",
            Some(json!({"error": {"code": "BadRequest", "message": format!("no route {path}")}})),
        );
    };
    let parsed: Option<Value> = if body.is_empty() {
        None
    } else {
        serde_json::from_slice(body).ok()
    };
    match (method, rest) {
        ("GET", []) => {
            // Two connectors a page, so any list of three or more spans pages.
            let skip: usize = query
                .split('&')
                .find_map(|p| p.strip_prefix("$skiptoken="))
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            let all: Vec<Value> = st
                .connectors
                .values()
                .cloned()
                .map(|v| selected(without_secrets(v), query))
                .collect();
            let page: Vec<Value> = all.iter().skip(skip).take(2).cloned().collect();
            let mut body = json!({"@odata.context": format!("{base}/$metadata#identity/apiConnectors"), "value": page});
            if skip + 2 < all.len() {
                // Like Graph, the next link keeps the query's $select.
                let select = query
                    .split('&')
                    .find(|p| p.starts_with("$select="))
                    .map_or(String::new(), |p| format!("&{p}"));
                body["@odata.nextLink"] = json!(format!(
                    "{base}/identity/apiConnectors?$skiptoken={}{select}",
                    skip + 2
                ));
            }
            reply(200, "OK", Some(body))
        }
        ("POST", []) => {
            let Some(mut v) = parsed else {
                return reply(400, "Bad Request", None);
            };
            st.next_id += 1;
            let id = format!("conn-{}", st.next_id);
            v["id"] = json!(id);
            st.connectors.insert(id, v.clone());
            reply(201, "Created", Some(without_secrets(v)))
        }
        ("GET", [id]) => {
            if st.throttle_next_get {
                st.throttle_next_get = false;
                let mut r = reply(
                    429,
                    "Too Many Requests",
                    Some(json!({"error": {"code": "TooManyRequests", "message": "slow down"}})),
                );
                r.headers.push(("Retry-After".into(), "1".into()));
                return r;
            }
            let id = decode(id);
            match st.connectors.get(&id) {
                Some(v) => reply(200, "OK", Some(selected(without_secrets(v.clone()), query))),
                None => not_found(&id),
            }
        }
        ("PATCH", [id]) => {
            let id = decode(id);
            let Some(Value::Object(changes)) = parsed else {
                return reply(400, "Bad Request", None);
            };
            match st.connectors.get_mut(&id) {
                Some(Value::Object(stored)) => {
                    // A property sent as null is cleared: Graph then returns it as `null`
                    // (it is still a property of the resource), not leaves it out.
                    stored.extend(changes);
                    reply(204, "No Content", None)
                }
                _ => not_found(&id),
            }
        }
        ("DELETE", [id]) => {
            let id = decode(id);
            match st.connectors.remove(&id) {
                Some(_) => reply(204, "No Content", None),
                None => not_found(&id),
            }
        }
        ("POST", [id, "uploadClientCertificate"]) => {
            let id = decode(id);
            let Some(p) = parsed else {
                return reply(400, "Bad Request", None);
            };
            if p.get("pkcs12Value").and_then(Value::as_str).is_none() {
                return reply(
                    400,
                    "Bad Request",
                    Some(
                        json!({"error": {"code": "BadRequest", "message": "pkcs12Value is required"}}),
                    ),
                );
            }
            match st.connectors.get_mut(&id) {
                Some(v) => {
                    v["authenticationConfiguration"] = json!({
                        "@odata.type": "#microsoft.graph.clientCertificateAuthentication",
                        "certificateList": [{"thumbprint": "0011AABB", "notAfter": 1_900_000_000i64, "notBefore": 1_600_000_000i64, "isActive": true}]
                    });
                    reply(200, "OK", Some(without_secrets(v.clone())))
                }
                None => not_found(&id),
            }
        }
        _ => reply(
            405,
            "Method Not Allowed",
            Some(json!({"error": {"code": "BadRequest", "message": "unsupported"}})),
        ),
    }
}

/// Serves HTTP/1.1 on a loopback port: one request per connection (`Connection: close`).
async fn serve(state: Arc<Mutex<State>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let base = format!("http://{}/beta", listener.local_addr().expect("addr"));
    let base_for_task = base.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let state = state.clone();
            let base = base_for_task.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                let head_end = loop {
                    let Ok(n) = sock.read(&mut chunk).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        break p + 4;
                    }
                    if buf.len() > 1 << 20 {
                        return;
                    }
                };
                let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
                let mut lines = head.lines();
                let mut first = lines.next().unwrap_or("").split_whitespace();
                let (method, target) = (
                    first.next().unwrap_or("").to_string(),
                    first.next().unwrap_or("").to_string(),
                );
                let mut len = 0usize;
                let mut auth = None;
                for l in lines {
                    if let Some((k, v)) = l.split_once(':') {
                        if k.eq_ignore_ascii_case("content-length") {
                            len = v.trim().parse().unwrap_or(0);
                        } else if k.eq_ignore_ascii_case("authorization") {
                            auth = Some(v.trim().to_string());
                        }
                    }
                }
                while buf.len() < head_end + len {
                    let Ok(n) = sock.read(&mut chunk).await else {
                        return;
                    };
                    if n == 0 {
                        break;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                }
                let body = buf.get(head_end..head_end + len).unwrap_or(&[]).to_vec();
                let r = handle(&state, &method, &target, auth, &body, &base);
                let payload = r.body.map(|b| b.to_string()).unwrap_or_default();
                let mut out = format!(
                    "HTTP/1.1 {} {}\r\nContent-Length: {}\r\nConnection: close\r\n",
                    r.status,
                    r.reason,
                    payload.len()
                );
                if !payload.is_empty() {
                    out.push_str("Content-Type: application/json\r\n");
                }
                for (k, v) in r.headers {
                    out.push_str(&format!("{k}: {v}\r\n"));
                }
                out.push_str("\r\n");
                out.push_str(&payload);
                let _ = sock.write_all(out.as_bytes()).await;
                let _ = sock.shutdown().await;
            });
        }
    });
    base
}

fn basic(name: &str) -> IdentityApiConnector {
    IdentityApiConnector {
        display_name: name.into(),
        target_url: "https://api.example.com/validate".into(),
        authentication_configuration: Field::Value(AuthConfig::BasicAuthentication(Box::new(
            BasicAuthentication {
                username: "svc".into(),
                password: "hunter2".into(),
                ..Default::default()
            },
        ))),
        ..Default::default()
    }
}

/// A fresh emulator on loopback, and a client of it that sends the test token.
async fn emulator() -> (Arc<Mutex<State>>, Client) {
    let state = Arc::new(Mutex::new(State::default()));
    let base = serve(state.clone()).await;
    (state, Client::new(base, StaticToken("e2e-token".into())))
}

/// Runs a test's body over loopback; a body that hangs fails after a minute.
async fn within_a_minute(run: impl std::future::Future<Output = ()>) {
    tokio::time::timeout(Duration::from_secs(60), run)
        .await
        .expect("finished within a minute");
}

#[tokio::test]
async fn the_whole_lifecycle_over_loopback() {
    let (state, client) = emulator().await;
    let client = client.with_retry(RetryPolicy {
        max_retries: 3,
        max_wait: Duration::from_secs(5),
        base_backoff: Duration::from_millis(50),
    });
    let run = async {
        // Create three, with basic auth: 201 and the body back, secrets not echoed.
        let mut ids = Vec::new();
        for n in ["first", "second", "third"] {
            let created = client
                .send(&api::identity().api_connectors().create(&basic(n)))
                .await
                .expect("create");
            assert_eq!(created.display_name.as_deref(), Field::Value(n));
            match created.authentication_configuration {
                Field::Value(AuthConfig::BasicAuthentication(b)) => {
                    assert_eq!(b.username.as_deref(), Field::Value("svc"));
                    assert!(b.password.is_absent(), "the server does not echo secrets");
                }
                other => panic!("expected basic authentication, got {other:?}"),
            }
            ids.push(created.id.into_value().expect("id"));
        }
        // List: three connectors over two pages, followed through @odata.nextLink.
        let all = client
            .all(api::identity().api_connectors().list())
            .await
            .expect("list");
        assert_eq!(all.len(), 3);
        let list_calls = state
            .lock()
            .unwrap()
            .seen
            .iter()
            .filter(|s| {
                s.starts_with("GET /beta/identity/apiConnectors") && !s.contains("/apiConnectors/")
            })
            .count();
        assert_eq!(list_calls, 2, "two pages were fetched");

        // The first connector's endpoints, for the calls that follow.
        let first = || api::identity().api_connectors().by_id(&ids[0]);

        // Get, riding out one 429 with Retry-After: 1.
        state.lock().unwrap().throttle_next_get = true;
        let started = Instant::now();
        let got = client.send(&first().get()).await.expect("get after 429");
        assert!(
            started.elapsed() >= Duration::from_secs(1),
            "Retry-After was honoured"
        );
        assert_eq!(got.display_name.as_deref(), Field::Value("first"));

        // Update: change the name, clear the target URL with null.
        let change = IdentityApiConnectorUpdate {
            display_name: Patch::Value("renamed".into()),
            target_url: Patch::Null,
            ..Default::default()
        };
        client.send(&first().update(&change)).await.expect("update");
        let got = client.send(&first().get()).await.expect("get");
        assert_eq!(got.display_name.as_deref(), Field::Value("renamed"));
        assert_eq!(got.target_url, Field::Null, "null cleared the property");
        // The null the server sent is kept, and written back: it is not an absent member.
        let back = serde_json::to_value(&got).expect("serialize");
        assert_eq!(back.get("targetUrl"), Some(&Value::Null), "{back}");

        // With $select, the members not selected are absent, not null.
        let only_name = client
            .send(
                &first()
                    .get()
                    .query(&Query::default().select(["displayName"])),
            )
            .await
            .expect("get with $select");
        assert_eq!(only_name.display_name.as_deref(), Field::Value("renamed"));
        assert!(only_name.target_url.is_absent());
        assert!(only_name.id.is_absent());
        assert!(only_name.authentication_configuration.is_absent());
        assert_eq!(
            serde_json::to_value(&only_name).expect("serialize"),
            serde_json::json!({"displayName": "renamed"})
        );

        // Upload a client certificate: the configuration becomes clientCertificateAuthentication.
        let upload = IdentityApiConnectorUploadClientCertificateParameters {
            pkcs12_value: "MIIKaQIBAzCC".into(),
            password: "pfx-pass".into(),
        };
        let after = client
            .send(&first().upload_client_certificate(&upload))
            .await
            .expect("upload");
        match after.authentication_configuration {
            Field::Value(AuthConfig::ClientCertificateAuthentication(c)) => {
                let list = c.certificate_list.into_value().expect("certificates");
                assert_eq!(list[0].thumbprint.as_deref(), Field::Value("0011AABB"));
                assert_eq!(list[0].not_after, Field::Value(1_900_000_000));
            }
            other => panic!("expected client certificate authentication, got {other:?}"),
        }

        // Delete, then get → a typed 404 carrying Graph's error JSON.
        client.send(&first().delete()).await.expect("delete");
        match client.send(&first().get()).await {
            Err(e @ Error::Api { status: 404, .. }) => {
                assert!(e.is_not_found());
                assert_eq!(e.graph_code(), Some("Request_ResourceNotFound"));
            }
            other => panic!("expected a 404, got {other:?}"),
        }

        // Path parameters are one encoded segment: they can never change the route.
        for hostile in ["../../users", "a/b?c#d"] {
            match client
                .send(&api::identity().api_connectors().by_id(hostile).get())
                .await
            {
                Err(Error::Api { status: 404, .. }) => {}
                other => {
                    panic!("{hostile}: expected the emulator's 404 for that id, got {other:?}")
                }
            }
        }
        let seen = state.lock().unwrap().seen.clone();
        assert!(
            seen.contains(&"GET /beta/identity/apiConnectors/..%2F..%2Fusers".to_string()),
            "{seen:#?}"
        );
        assert!(
            seen.contains(&"GET /beta/identity/apiConnectors/a%2Fb%3Fc%23d".to_string()),
            "{seen:#?}"
        );
        assert!(state
            .lock()
            .unwrap()
            .auth_headers
            .iter()
            .all(|a| a == "Bearer e2e-token"));
    };
    within_a_minute(run).await;
}

/// A struct of the user's own, checked against the sample pages by the derive: its endpoints
/// select exactly its fields, and its responses (pages followed by the client) decode into it.
#[derive(graphdoc_derive::GraphResource, serde::Deserialize, Debug, PartialEq)]
#[graph(docs = "../generated/docs", resource = "identityApiConnector")]
struct Connector {
    id: String,
    display_name: Option<String>,
}

#[tokio::test]
async fn a_derived_struct_over_loopback() {
    let (state, client) = emulator().await;
    let run = async {
        // The body of create is any serializable value; here the generated struct.
        let created = client
            .send(&Connector::create(&basic("one")))
            .await
            .expect("create");
        assert_eq!(created.display_name.as_deref(), Some("one"));
        for n in ["two", "three"] {
            client
                .send(&Connector::create(&basic(n)))
                .await
                .expect("create");
        }
        let all = client.all(Connector::list()).await.expect("list");
        let names: Vec<Option<String>> = all.iter().map(|c| c.display_name.clone()).collect();
        assert_eq!(
            names,
            [Some("one".into()), Some("two".into()), Some("three".into())]
        );
        let got = client
            .send(&Connector::get(&created.id))
            .await
            .expect("get");
        assert_eq!(got, created);
        let seen = state.lock().unwrap().seen.clone();
        let lists: Vec<&String> = seen
            .iter()
            .filter(|s| s.starts_with("GET /beta/identity/apiConnectors?"))
            .collect();
        assert_eq!(lists.len(), 2, "two pages: {seen:#?}");
        assert!(
            lists.iter().all(|s| s.contains("$select=id,displayName")),
            "{seen:#?}"
        );
        assert!(
            seen.contains(&format!(
                "GET /beta/identity/apiConnectors/{}?$select=id,displayName",
                created.id
            )),
            "{seen:#?}"
        );
    };
    within_a_minute(run).await;
}

#[tokio::test]
async fn a_decode_error_names_the_member_and_its_path() {
    /// A connector read with the URL as a string: the emulator stores what it is sent, so a
    /// number there is what a service that disagrees with its docs would send.
    #[derive(graphdoc_derive::GraphResource, serde::Deserialize, Debug)]
    #[graph(docs = "../generated/docs", resource = "identityApiConnector")]
    #[allow(dead_code)] // only whether it decodes is tested
    struct ConnectorUrl {
        id: String,
        target_url: Option<String>,
    }

    let (_state, client) = emulator().await;
    let run = async {
        for (name, url) in [("fine", json!("https://a.example")), ("odd", json!(42))] {
            let body = json!({"displayName": name, "targetUrl": url});
            client
                .send(&Connector::create(&body))
                .await
                .expect("create");
        }
        let err = client.all(ConnectorUrl::list()).await.unwrap_err();
        match &err {
            graphdoc_generated::Error::Decode { path, message, .. } => {
                assert_eq!(path.as_deref(), Some("$.value[1].targetUrl"), "{message}");
                assert!(message.contains("invalid type: integer `42`"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        assert!(
            err.to_string().contains("at `$.value[1].targetUrl`"),
            "{err}"
        );
    };
    within_a_minute(run).await;
}

#[test]
fn secrets_never_show_in_debug() {
    let b = BasicAuthentication {
        username: "svc".into(),
        password: "hunter2".into(),
        ..Default::default()
    };
    let p = Pkcs12Certificate {
        pkcs12_value: "MIIKaQIBAzCC".into(),
        password: "pfx-pass".into(),
        ..Default::default()
    };
    let upload = IdentityApiConnectorUploadClientCertificateParameters {
        pkcs12_value: "MIIKaQIBAzCC".into(),
        password: "pfx-pass".into(),
    };
    for shown in [
        format!("{b:?}"),
        format!("{p:?}"),
        format!("{:?}", basic("x")),
        format!("{upload:?}"),
        format!("{:?}", AuthConfig::Pkcs12Certificate(Box::new(p.clone()))),
    ] {
        for secret in ["hunter2", "MIIKaQIBAzCC", "pfx-pass"] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }
    assert!(format!("{b:?}").contains("svc"), "non-secrets still show");
    // A redacted secret still shows its state: set, null or absent.
    assert!(
        format!("{b:?}").contains(r#"password: Value("<redacted>")"#),
        "{b:?}"
    );
    let cleared = BasicAuthentication {
        password: Field::Null,
        ..Default::default()
    };
    assert!(
        format!("{cleared:?}").contains("password: Null"),
        "{cleared:?}"
    );
    assert!(format!("{:?}", BasicAuthentication::default()).contains("password: Absent"));
}
