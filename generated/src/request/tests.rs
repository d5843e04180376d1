//! Tests of `request.rs`, kept beside it so the module itself stays short.

use super::*;

type Any = Json<serde_json::Value>;

fn get() -> Request<Any> {
    Request::new(Method::GET)
}

#[test]
fn params_are_one_segment() {
    assert_eq!(
        get().segment("users").param("../../users").path(),
        "/users/..%2F..%2Fusers"
    );
    assert_eq!(get().param("a/b?c#d").path(), "/a%2Fb%3Fc%23d");
    assert_eq!(get().param("100% sure").path(), "/100%25%20sure");
    assert_eq!(get().param("a@b.com").path(), "/a%40b.com");
    assert_eq!(get().param("Az09-._~").path(), "/Az09-._~");
    assert_eq!(get().param("é").path(), "/%C3%A9");
    assert_eq!(get().param("a\\b").path(), "/a%5Cb");
    assert_eq!(get().param("...").path(), "/...");
    // The encoded path survives URL parsing as a single segment.
    let http = get()
        .segment("users")
        .param("../../x")
        .to_http(GRAPH_V1)
        .unwrap();
    assert_eq!(http.uri().path(), "/v1.0/users/..%2F..%2Fx");
}

#[test]
fn dot_and_empty_params_are_refused() {
    for bad in [".", "..", ""] {
        let err = get()
            .segment("users")
            .param(bad)
            .to_http(GRAPH_V1)
            .unwrap_err();
        match err {
            Error::InvalidPathParameter { value, .. } => assert_eq!(value, bad),
            other => panic!("{other:?}"),
        }
    }
    // The first problem is the one reported.
    let err = get().param("..").param("").to_http(GRAPH_V1).unwrap_err();
    assert!(matches!(err, Error::InvalidPathParameter { value, .. } if value == ".."));
}

#[test]
fn literal_segments_are_written_as_is() {
    let req = get()
        .segment("identity")
        .segment("apiConnectors")
        .param("id1")
        .segment("microsoft.graph.uploadClientCertificate")
        .segment("$value");
    assert_eq!(
        req.path(),
        "/identity/apiConnectors/id1/microsoft.graph.uploadClientCertificate/$value"
    );
    assert_eq!(
        get()
            .segment("reports")
            .segment("getOffice365ActiveUserDetail(period='D7')")
            .path(),
        "/reports/getOffice365ActiveUserDetail(period='D7')"
    );
    assert_eq!(get().path(), "");
}

#[test]
fn path_addressing() {
    let req = get()
        .segment("me")
        .segment("drive")
        .path_address("root", "/Documents/Q1 report?.docx/")
        .segment("content");
    assert_eq!(
        req.path(),
        "/me/drive/root:/Documents/Q1%20report%3F.docx:/content"
    );
    assert_eq!(
        get().path_address("root", "a:b#c").path(),
        "/root:/a%3Ab%23c:"
    );
    let http = req.to_http(GRAPH_V1).unwrap();
    assert_eq!(
        http.uri().path(),
        "/v1.0/me/drive/root:/Documents/Q1%20report%3F.docx:/content"
    );
    for bad in ["", "/", "a//b", "a/../b", "./a", "a/.."] {
        let err = get()
            .path_address("root", bad)
            .to_http(GRAPH_V1)
            .unwrap_err();
        assert!(
            matches!(&err, Error::InvalidPathParameter { value, .. } if value == bad),
            "{bad}: {err:?}"
        );
    }
}

#[test]
fn function_segments() {
    let req = get().segment("reports").function(
        "getEmailActivityUserDetail",
        &[("period", "D7", true), ("top", "5", false)],
    );
    assert_eq!(
        req.path(),
        "/reports/getEmailActivityUserDetail(period='D7',top=5)"
    );
    // User text cannot close the literal or the call.
    assert_eq!(
        get().function("f", &[("p", "x') or (1", true)]).path(),
        "/f(p='x''%29%20or%20%281')"
    );
    assert_eq!(
        get().function("f", &[("n", "1),g(x", false)]).path(),
        "/f(n=1%29%2Cg%28x)"
    );
    assert_eq!(
        get().function("users", &[("", "a/b", true)]).path(),
        "/users('a%2Fb')"
    );
    assert_eq!(get().function("f", &[]).path(), "/f()");
    assert_eq!(get().function("f", &[("s", "", true)]).path(), "/f(s='')");
    let err = get()
        .function("f", &[("n", "", false)])
        .to_http(GRAPH_V1)
        .unwrap_err();
    assert!(matches!(err, Error::InvalidPathParameter { .. }));
    assert!(req.to_http(GRAPH_V1).is_ok());
}

#[test]
fn raw_bodies_both_ways() {
    let req = Request::<Raw>::new(Method::PUT)
        .segment("me")
        .segment("photo")
        .segment("$value")
        .bytes("image/jpeg", vec![0xff, 0xd8]);
    let http = req.to_http(GRAPH_V1).unwrap();
    assert_eq!(http.headers()[CONTENT_TYPE], "image/jpeg");
    assert_eq!(http.headers()[ACCEPT], "*/*");
    assert_eq!(http.body(), &[0xff, 0xd8]);
    assert_eq!(
        Raw::parse(StatusCode::OK, b"a,b\n1,2"),
        Ok(b"a,b\n1,2".to_vec())
    );
    assert_eq!(
        Raw::parse(StatusCode::NOT_FOUND, b"").unwrap_err().status(),
        Some(404)
    );
    let err = get().bytes("bad\nvalue", b"x".to_vec()).to_http(GRAPH_V1);
    assert!(matches!(err, Err(Error::Request(_))));
}

#[test]
fn query_string_rendering() {
    let q = Query::default()
        .select(["id", "displayName"])
        .filter("startswith(displayName,'a b&c=d+e#f%')")
        .top(5)
        .count(true)
        .search("x");
    let req = get()
        .segment("users")
        .query(&q)
        .query_pair("$skiptoken", "a=b");
    assert_eq!(
        req.query_string(),
        "$select=id,displayName&$filter=startswith(displayName,'a%20b%26c%3Dd%2Be%23f%25')\
             &$top=5&$count=true&$search=%22x%22&$skiptoken=a%3Db"
    );
    assert_eq!(req.query_pairs().len(), 6);
    assert_eq!(req.query_pairs()[5], ("$skiptoken".into(), "a=b".into()));
    let http = req.to_http("https://graph.microsoft.com/beta/").unwrap();
    assert_eq!(
        http.uri().to_string(),
        format!(
            "https://graph.microsoft.com/beta/users?{}",
            req.query_string()
        )
    );
    assert_eq!(http.uri().query().unwrap(), req.query_string());
    // No `?` without parameters.
    let http = get().segment("me").to_http(GRAPH_BETA).unwrap();
    assert_eq!(
        http.uri().to_string(),
        "https://graph.microsoft.com/beta/me"
    );
}

#[test]
fn headers_and_body() {
    #[derive(Serialize)]
    struct Body {
        #[serde(rename = "displayName")]
        display_name: &'static str,
    }
    let req = Request::<NoContent>::new(Method::PATCH)
        .segment("me")
        .json(&Body { display_name: "x" })
        .header("ConsistencyLevel", "eventual");
    assert_eq!(req.body(), Some(&br#"{"displayName":"x"}"#[..]));
    assert_eq!(req.method(), Method::PATCH);
    let http = req.to_http(GRAPH_V1).unwrap();
    assert_eq!(http.method(), Method::PATCH);
    assert_eq!(http.headers()[CONTENT_TYPE], "application/json");
    assert_eq!(http.headers()[ACCEPT], "application/json");
    assert_eq!(http.headers()["consistencylevel"], "eventual");
    assert_eq!(http.body(), br#"{"displayName":"x"}"#);
    // No body, no Content-Type; a caller's Accept wins.
    let http = get()
        .header("Accept", "text/plain")
        .to_http(GRAPH_V1)
        .unwrap();
    assert!(!http.headers().contains_key(CONTENT_TYPE));
    assert_eq!(http.headers()[ACCEPT], "text/plain");
    assert!(http.body().is_empty());
}

#[test]
fn building_problems_surface_in_to_http() {
    struct Bad;
    impl Serialize for Bad {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("no"))
        }
    }
    let err = get().json(&Bad).to_http(GRAPH_V1).unwrap_err();
    assert!(matches!(err, Error::Request(m) if m.contains("serialize")));
    let err = get().header("bad name", "x").to_http(GRAPH_V1).unwrap_err();
    assert!(matches!(err, Error::Request(_)));
    let err = get()
        .header("Authorization", "Bearer secret\n")
        .to_http(GRAPH_V1)
        .unwrap_err();
    assert!(!err.to_string().contains("secret"));
    for base in [
        "",
        "graph.microsoft.com/beta",
        "ftp://graph.microsoft.com",
        "https://graph.microsoft.com/beta?x=1",
        "https://graph.microsoft.com/beta#x",
        "https:///beta",
        "not a url",
    ] {
        let err = get().segment("me").to_http(base).unwrap_err();
        assert!(matches!(err, Error::Request(_)), "{base}: {err:?}");
    }
    assert!(get().to_http("http://127.0.0.1:8080").is_ok());
}

#[test]
fn debug_hides_credentials() {
    let req = get()
        .header("Authorization", "Bearer s3cret")
        .header("X-Custom", "visible")
        .json(&serde_json::json!({"password": "hunter2"}));
    let text = format!("{req:?}");
    assert!(!text.contains("s3cret"), "{text}");
    assert!(!text.contains("hunter2"), "{text}");
    assert!(text.contains("visible"), "{text}");
    assert!(text.contains("<redacted>"), "{text}");
    let cloned = req.clone();
    assert_eq!(cloned.headers().len(), 2);
}

#[test]
fn no_content_and_json_parse() {
    assert_eq!(NoContent::parse(StatusCode::NO_CONTENT, b""), Ok(()));
    assert_eq!(NoContent::parse(StatusCode::ACCEPTED, b"whatever"), Ok(()));
    let err = NoContent::parse(
        StatusCode::BAD_REQUEST,
        br#"{"error":{"code":"BadRequest","message":"no"}}"#,
    )
    .unwrap_err();
    assert_eq!(err.graph_code(), Some("BadRequest"));
    assert_eq!(err.status(), Some(400));

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct User {
        id: String,
    }
    assert_eq!(
        Json::<User>::parse(StatusCode::OK, br#"{"id":"1"}"#),
        Ok(User { id: "1".into() })
    );
    let err = Json::<User>::parse(StatusCode::OK, br#"{"id":1}"#).unwrap_err();
    match err {
        Error::Decode { message, body, .. } => {
            assert!(message.contains("line 1"), "{message}");
            assert_eq!(body, r#"{"id":1}"#);
        }
        other => panic!("{other:?}"),
    }
    // Huge bad bodies are kept bounded.
    let big = format!("[{}]", "1,".repeat(10_000));
    match Json::<User>::parse(StatusCode::OK, big.as_bytes()).unwrap_err() {
        Error::Decode { body, .. } => assert_eq!(body.len(), 4096),
        other => panic!("{other:?}"),
    }
    // Empty bodies: fine for Option, a clear error otherwise.
    assert_eq!(
        Json::<Option<User>>::parse(StatusCode::NO_CONTENT, b""),
        Ok(None)
    );
    match Json::<User>::parse(StatusCode::OK, b" ").unwrap_err() {
        Error::Decode { message, .. } => assert!(message.contains("no body"), "{message}"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        Json::<User>::parse(StatusCode::NOT_FOUND, b"<html/>"),
        Err(Error::Api {
            status: 404,
            error: None,
            ..
        })
    ));
}

#[test]
fn api_errors_from_responses() {
    let mut headers = HeaderMap::new();
    headers.insert(http::header::RETRY_AFTER, HeaderValue::from_static("30"));
    let err = error_from_response(
        StatusCode::TOO_MANY_REQUESTS,
        &headers,
        br#"{"error":{"code":"TooManyRequests","message":"slow down"}}"#,
    );
    assert_eq!(err.retry_after(), Some(std::time::Duration::from_secs(30)));
    assert_eq!(err.graph_code(), Some("TooManyRequests"));
    match err {
        Error::Api { body, .. } => assert!(body.contains("slow down")),
        other => panic!("{other:?}"),
    }
}

/// The crate encoder writes what the hand-written one it replaced wrote: every byte outside
/// the kept set as upper-case `%XX`, UTF-8 bytes one by one.
#[test]
fn percent_encoding_keeps_exactly_the_documented_bytes() {
    fn reference(text: &str, keep: fn(u8) -> bool) -> String {
        let mut out = String::new();
        for &b in text.as_bytes() {
            if keep(b) {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    }
    type Keep = fn(u8) -> bool;
    let sets: [(&'static percent_encoding::AsciiSet, Keep); 3] = [
        (super::UNRESERVED, |b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
        }),
        (super::LITERAL_SAFE, |b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'\'')
        }),
        (super::QUERY_SAFE, |b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b'-' | b'.'
                        | b'_'
                        | b'~'
                        | b'$'
                        | b'\''
                        | b'('
                        | b')'
                        | b','
                        | b':'
                        | b'@'
                        | b'/'
                        | b'!'
                        | b'*'
                )
        }),
    ];
    let text: String = (0u8..128)
        .map(char::from)
        .chain("é€😀\u{202e}".chars())
        .collect();
    for (set, keep) in sets {
        let mut out = String::new();
        super::percent_encode(&text, set, &mut out);
        assert_eq!(out, reference(&text, keep));
    }
}
