//! Tests of `client.rs`, kept beside it so the module itself stays short.

use super::*;
use crate::request::{Json, NoContent};
use crate::Query;
use serde::de::DeserializeOwned;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Mutex;
use std::time::Instant;

/// A one-request-per-connection HTTP/1.1 responder on 127.0.0.1 that answers canned
/// responses in order and records each request's head and body.
struct Server {
    listener: TcpListener,
    base: String,
}

type Seen = Arc<Mutex<Vec<String>>>;

impl Server {
    fn bind() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        Server { listener, base }
    }

    /// Serves `responses` (one per connection) on a thread that gives up after 20 s.
    fn serve(self, responses: Vec<Vec<u8>>) -> Seen {
        let seen: Seen = Arc::default();
        let log = seen.clone();
        self.listener.set_nonblocking(true).unwrap();
        std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(20);
            for response in responses {
                let stream = loop {
                    match self.listener.accept() {
                        Ok((stream, _)) => break Some(stream),
                        Err(_) if Instant::now() < deadline => {
                            std::thread::sleep(Duration::from_millis(5))
                        }
                        Err(_) => break None,
                    }
                };
                let Some(mut stream) = stream else { return };
                if let Some(request) = read_request(&mut stream) {
                    log.lock().unwrap().push(request);
                    let _ = stream.write_all(&response);
                    let _ = stream.flush();
                }
            }
        });
        seen
    }
}

fn read_request(stream: &mut TcpStream) -> Option<String> {
    stream.set_nonblocking(false).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        if data.len() > 65536 {
            return None;
        }
        let n = stream.read(&mut buf).ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).to_string();
    let length = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse::<usize>().ok())
        .unwrap_or(0)
        .min(1 << 20);
    while data.len() < head_end + length {
        let n = stream.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        data.extend_from_slice(&buf[..n]);
    }
    Some(head + &String::from_utf8_lossy(&data[head_end..]))
}

fn response(status: &str, headers: &[(&str, &str)], body: &str) -> Vec<u8> {
    let mut text = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    text.push_str(body);
    text.into_bytes()
}

fn json(body: &str) -> Vec<u8> {
    response("200 OK", &[("Content-Type", "application/json")], body)
}

/// Runs a client test with a deadline, so a bug cannot hang the suite.
async fn bounded<F: Future>(f: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(30), f)
        .await
        .expect("test timed out")
}

fn lower(seen: &Seen, i: usize) -> String {
    seen.lock().unwrap()[i].to_ascii_lowercase()
}

#[derive(serde::Deserialize, Debug, PartialEq)]
struct Item {
    id: String,
}

fn get<T: DeserializeOwned>(path: &str) -> Request<Json<T>> {
    Request::new(Method::GET).segment(path)
}

#[tokio::test]
async fn sends_the_bearer_token() {
    let server = Server::bind();
    let client = Client::new(format!("{}/beta/", server.base), StaticToken("t0k".into()));
    let seen = server.serve(vec![json(r#"{"id":"1"}"#)]);
    let item = bounded(client.send(&get::<Item>("me").header("ConsistencyLevel", "eventual")))
        .await
        .unwrap();
    assert_eq!(item, Item { id: "1".into() });
    let request = lower(&seen, 0);
    assert!(
        request.starts_with("get /beta/me http/1.1\r\n"),
        "{request}"
    );
    assert!(
        request.contains("\r\nauthorization: bearer t0k\r\n"),
        "{request}"
    );
    assert!(
        request.contains("\r\naccept: application/json\r\n"),
        "{request}"
    );
    assert!(
        request.contains("\r\nconsistencylevel: eventual\r\n"),
        "{request}"
    );
    let agent = format!(
        "\r\nuser-agent: graphdoc-generated/{}\r\n",
        env!("CARGO_PKG_VERSION")
    );
    assert!(request.contains(&agent), "{request}");
    assert!(!format!("{client:?}").contains("t0k"));
}

#[tokio::test]
async fn posts_a_json_body_and_accepts_no_content() {
    let server = Server::bind();
    let client = Client::new(server.base.clone(), || async { Ok("fresh".to_string()) });
    let seen = server.serve(vec![response("204 No Content", &[], "")]);
    let req = Request::<NoContent>::new(Method::POST)
        .segment("users")
        .param("a b")
        .json(&serde_json::json!({"accountEnabled": false}));
    bounded(client.send(&req)).await.unwrap();
    let request = seen.lock().unwrap()[0].clone();
    assert!(
        request.starts_with("POST /users/a%20b HTTP/1.1"),
        "{request}"
    );
    assert!(request
        .to_ascii_lowercase()
        .contains("content-type: application/json"));
    assert!(request
        .to_ascii_lowercase()
        .contains("authorization: bearer fresh"));
    assert!(
        request.ends_with(r#"{"accountEnabled":false}"#),
        "{request}"
    );
}

#[tokio::test]
async fn rides_out_throttling() {
    let server = Server::bind();
    let client = Client::new(server.base.clone(), StaticToken("t".into()));
    let seen = server.serve(vec![
        response(
            "429 Too Many Requests",
            &[("Retry-After", "1")],
            r#"{"error":{"code":"TooManyRequests","message":"slow"}}"#,
        ),
        json(r#"{"id":"2"}"#),
    ]);
    let started = Instant::now();
    let item = bounded(client.send(&get::<Item>("me"))).await.unwrap();
    assert_eq!(item.id, "2");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(seen.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn gives_up_after_max_retries() {
    let server = Server::bind();
    let client =
        Client::new(server.base.clone(), StaticToken("t".into())).with_retry(RetryPolicy {
            max_retries: 1,
            max_wait: Duration::from_millis(50),
            base_backoff: Duration::from_millis(10),
        });
    let unavailable = response("503 Service Unavailable", &[("Retry-After", "120")], "");
    let seen = server.serve(vec![unavailable.clone(), unavailable]);
    let started = Instant::now();
    let err = bounded(client.send(&get::<Item>("me"))).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(120)));
    // The 120 s Retry-After was capped at max_wait.
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(seen.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn graph_errors_become_api_errors() {
    let server = Server::bind();
    let client = Client::new(server.base.clone(), StaticToken("t".into()));
    let seen = server.serve(vec![response(
            "404 Not Found",
            &[("Content-Type", "application/json")],
            r#"{"error":{"code":"Request_ResourceNotFound","message":"Resource 'x' does not exist.","innerError":{"request-id":"r"}}}"#,
        )]);
    let err = bounded(client.send(&get::<Item>("users").param("x")))
        .await
        .unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.graph_code(), Some("Request_ResourceNotFound"));
    match &err {
        Error::Api { error: Some(e), .. } => {
            assert_eq!(e.inner_error.as_ref().unwrap()["request-id"], "r")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn follows_next_links() {
    let server = Server::bind();
    let next = format!("{}/beta/users?$skiptoken=p2", server.base);
    let client = Client::new(format!("{}/beta", server.base), StaticToken("t".into()));
    let seen = server.serve(vec![
            json(&format!(
                r#"{{"@odata.context":"c","value":[{{"id":"1"}},{{"id":"2"}}],"@odata.nextLink":"{next}"}}"#
            )),
            json(r#"{"value":[{"id":"3"}]}"#),
        ]);
    let req = get::<Page<Item>>("users")
        .query(&Query::default().top(2))
        .header("ConsistencyLevel", "eventual");
    // The loop a caller writes, with nothing imported but the client.
    let mut ids = Vec::new();
    let mut pages = client.pages(req);
    while let Some(item) = bounded(pages.next()).await {
        ids.push(item.unwrap().id);
    }
    assert_eq!(ids, ["1", "2", "3"]);
    assert_eq!(seen.lock().unwrap().len(), 2);
    assert!(lower(&seen, 0).starts_with("get /beta/users?$top=2 http/1.1"));
    let second = lower(&seen, 1);
    assert!(
        second.starts_with("get /beta/users?$skiptoken=p2 http/1.1"),
        "{second}"
    );
    assert!(second.contains("authorization: bearer t"), "{second}");
    assert!(second.contains("consistencylevel: eventual"), "{second}");
}

#[tokio::test]
async fn refuses_next_links_to_other_hosts() {
    let server = Server::bind();
    let port = server.base.rsplit(':').next().unwrap().to_string();
    let elsewhere = [
        format!("http://localhost:{port}/users?$skiptoken=x"),
        format!("http://127.0.0.2:{port}/users"),
        format!("https://127.0.0.1:{port}/users"),
        "http://127.0.0.1:1/users".to_string(),
        format!("http://127.0.0.1:{port}@127.0.0.2:{port}/users"),
    ];
    for link in elsewhere {
        let server = Server::bind();
        let client = Client::new(server.base.clone(), StaticToken("t".into()));
        let seen = server.serve(vec![json(&format!(
            r#"{{"value":[{{"id":"1"}}],"@odata.nextLink":"{link}"}}"#
        ))]);
        let results: Vec<_> =
            bounded(client.pages(get::<Page<Item>>("users")).collect::<Vec<_>>()).await;
        assert_eq!(results.len(), 2, "{link}");
        assert_eq!(results[0], Ok(Item { id: "1".into() }));
        match &results[1] {
            Err(Error::Request(m)) => assert!(m.contains("refusing"), "{m}"),
            other => panic!("{link}: {other:?}"),
        }
        assert_eq!(seen.lock().unwrap().len(), 1, "{link}");
    }
}

#[tokio::test]
async fn a_repeated_next_link_ends_the_stream() {
    let server = Server::bind();
    let link = format!("{}/users?$skiptoken=same", server.base);
    let page = json(&format!(
        r#"{{"value":[{{"id":"1"}}],"@odata.nextLink":"{link}"}}"#
    ));
    let client = Client::new(server.base.clone(), StaticToken("t".into()));
    let seen = server.serve(vec![page.clone(), page]);
    let err = bounded(client.all(get::<Page<Item>>("users")))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Request(m) if m.contains("just read")));
    assert_eq!(seen.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn token_failures_send_nothing() {
    // Nothing listens on port 1; the token fails before any connection is tried.
    let client = Client::new("http://127.0.0.1:1", || async {
        Err(Error::Token("expired refresh token".into()))
    });
    let err = bounded(client.send(&get::<Item>("me"))).await.unwrap_err();
    assert_eq!(err, Error::Token("expired refresh token".into()));
    let client = Client::new("http://127.0.0.1:1", StaticToken("bad\ntoken".into()));
    let err = bounded(client.send(&get::<Item>("me"))).await.unwrap_err();
    assert!(
        matches!(err, Error::Token(ref m) if !m.contains("bad")),
        "{err:?}"
    );
    // A bad base URL is reported, not panicked on.
    let client = Client::new("nope", StaticToken("t".into()));
    let err = bounded(client.send(&get::<Item>("me"))).await.unwrap_err();
    assert!(matches!(err, Error::Request(_)), "{err:?}");
}

#[tokio::test]
async fn transport_failures_are_reported() {
    // Nothing listens on port 1, so the connection is refused.
    let client = Client::new("http://127.0.0.1:1", StaticToken("t".into()));
    let err = bounded(client.send(&get::<Item>("me"))).await.unwrap_err();
    assert!(
        matches!(err, Error::Transport(ref m) if m.contains("refused")),
        "{err:?}"
    );
}

#[test]
fn backoff_doubles_and_is_capped() {
    let p = RetryPolicy::default();
    assert_eq!(p.wait(0, None), Duration::from_millis(500));
    assert_eq!(p.wait(2, None), Duration::from_secs(2));
    assert_eq!(p.wait(40, None), Duration::from_secs(60));
    assert_eq!(
        p.wait(0, Some(Duration::from_secs(5))),
        Duration::from_secs(5)
    );
    assert_eq!(
        p.wait(0, Some(Duration::from_secs(500))),
        Duration::from_secs(60)
    );
    assert_eq!(RetryPolicy::none().max_retries, 0);
}
