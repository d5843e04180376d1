//! Deserializing documented response examples into the emitted types versus into
//! `serde_json::Value`, in the same process, interleaved. Prints the median time per batch of
//! each and the ratio.
//!
//! `cargo bench -p graphdoc-tests --bench examples -- [--runs N] [--repeat N]`
//!
//! Self-contained: the types are `graphdoc_generated::models` (emitted by graphdoc from the
//! sample pages in `generated/docs/`, checked in, kept equal to the generator's output by
//! `tests/drift.rs`), and the JSON is every response example of those pages with a documented
//! type, extracted through graphdoc's own model (`graphdoc::samples::docs()`).

use graphdoc::model::TypeRef;
use graphdoc_generated::models;
use graphdoc_generated::Page;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Deserializes `json` into the emitted type of `key` (a page of it when `collection`); the
/// result is dropped. Errors when the type does not read the example.
type Reader = fn(&str) -> Result<(), serde_json::Error>;

fn read<T: serde::de::DeserializeOwned>(json: &str) -> Result<(), serde_json::Error> {
    black_box(serde_json::from_str::<T>(json)?);
    Ok(())
}

/// The emitted type of each sample type, by the path `graphdoc::Output::paths` gives for it.
fn reader(path: &str, collection: bool) -> Option<Reader> {
    macro_rules! types {
        ($($name:ident),* $(,)?) => {
            match (path, collection) {
                $(
                    (stringify!($name), false) => Some(read::<models::$name> as Reader),
                    (stringify!($name), true) => Some(read::<Page<models::$name>> as Reader),
                )*
                _ => None,
            }
        };
    }
    types!(
        AnyApiAuthenticationConfigurationBase,
        BasicAuthentication,
        ClientCertificateAuthentication,
        IdentityApiConnector,
        Pkcs12Certificate,
        Pkcs12CertificateInformation,
    )
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn arg(args: &[String], name: &str, default: usize) -> usize {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
        .max(1)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs = arg(&args, "--runs", 21);
    let repeat = arg(&args, "--repeat", 2000);

    // The sample pages through graphdoc: the model's response examples with a type, and the
    // path of the type the generator emits for each.
    let model = graphdoc::samples::docs().model();
    let out = graphdoc::generate(&model, &graphdoc::Settings::default());
    let mut batch: Vec<(String, Reader)> = Vec::new();
    for op in &model.operations {
        for ex in op.examples.iter().filter(|e| e.response) {
            let Some(TypeRef::Named(key)) = &ex.ty else {
                continue;
            };
            if batch.iter().any(|(j, _)| *j == ex.json) {
                continue;
            }
            let path = out
                .paths
                .get(key)
                .unwrap_or_else(|| panic!("no emitted type for {key}"));
            let r = reader(path, ex.collection)
                .unwrap_or_else(|| panic!("the bench does not know the emitted type {path}"));
            if let Err(e) = r(&ex.json) {
                panic!(
                    "{}:{}: the emitted type does not read the example: {e}",
                    op.page, ex.line
                );
            }
            batch.push((ex.json.clone(), r));
        }
    }
    assert!(
        !batch.is_empty(),
        "the sample pages have no typed response examples"
    );
    let bytes: usize = batch.iter().map(|(j, _)| j.len()).sum();
    println!(
        "batch: {} response examples ({} bytes) from generated/docs, read {repeat} times per run; {runs} runs each (interleaved)",
        batch.len(),
        bytes
    );

    let typed = || {
        for _ in 0..repeat {
            for (json, r) in &batch {
                r(black_box(json)).expect("read");
            }
        }
    };
    let untyped = || {
        for _ in 0..repeat {
            for (json, _) in &batch {
                black_box(
                    serde_json::from_str::<serde_json::Value>(black_box(json)).expect("read"),
                );
            }
        }
    };
    // Warm up, then interleave so both see the same machine state.
    typed();
    untyped();
    let (mut t, mut u) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let s = Instant::now();
        typed();
        t.push(s.elapsed());
        let s = Instant::now();
        untyped();
        u.push(s.elapsed());
    }
    let (t, u) = (median(t), median(u));
    let per = |d: Duration| d.as_secs_f64() * 1e6 / (repeat * batch.len()) as f64;
    let mbs = |d: Duration| (bytes * repeat) as f64 / d.as_secs_f64() / 1e6;
    println!(
        "emitted types:     median {t:>10.2?} per run, {:.2} µs per example, {:.0} MB/s",
        per(t),
        mbs(t)
    );
    println!(
        "serde_json::Value: median {u:>10.2?} per run, {:.2} µs per example, {:.0} MB/s",
        per(u),
        mbs(u)
    );
    println!(
        "ratio (emitted / Value): {:.2}",
        t.as_secs_f64() / u.as_secs_f64()
    );
}
