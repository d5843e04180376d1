//! Criterion bench: deserializing documented response examples into the emitted types versus
//! into `serde_json::Value`, one benchmark group with both functions over the same batch. After
//! the group, prints both medians and their ratio, read back from the estimates criterion wrote
//! in this run (`<target>/criterion/examples/<function>/new/estimates.json`).
//!
//! `cargo bench -p graphdoc-tests --bench examples` (about 15 s; criterion's own flags go after
//! `--`, e.g. `-- --measurement-time 10`).
//!
//! Self-contained: the types are `graphdoc_generated::models` (emitted by graphdoc from the
//! sample pages in `generated/docs/`, checked in, kept equal to the generator's output by
//! `tests/drift.rs`), and the JSON is every response example of those pages with a documented
//! type, extracted through graphdoc's own model (`graphdoc::samples::docs()`).

use criterion::{Criterion, Throughput};
use graphdoc::model::TypeRef;
use graphdoc_generated::models;
use graphdoc_generated::Page;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The benchmark group, and its two functions: the names of criterion's output folders.
const GROUP: &str = "examples";
const TYPED: &str = "emitted_types";
const UNTYPED: &str = "serde_json_value";

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

/// The sample pages' typed response examples (each JSON once) with the reader of the type the
/// generator emits for it; every one is read once here, so the bench times only success.
fn batch() -> Vec<(String, Reader)> {
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
    batch
}

/// Where criterion writes its results, found the way criterion finds it: `$CRITERION_HOME`, else
/// `criterion/` in the cargo target directory (`$CARGO_TARGET_DIR`, else the one this bench
/// binary was built in: `<target>/release/deps/examples-…`).
fn criterion_home() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            let exe = std::env::current_exe().ok()?;
            exe.ancestors().nth(3).map(Path::to_path_buf)
        })
        .unwrap_or_else(|| PathBuf::from("target"));
    target.join("criterion")
}

/// The median time per iteration (one pass over the batch) criterion estimated for `function`
/// in this run: `None` when it did not measure it (filtered out, or `--test` mode), which the
/// file's age tells, so a result left by an earlier run is never reported.
fn median(function: &str, started: SystemTime) -> Option<Duration> {
    let file = criterion_home()
        .join(GROUP)
        .join(function)
        .join("new/estimates.json");
    let modified = std::fs::metadata(&file).ok()?.modified().ok()?;
    if modified < started {
        return None;
    }
    let estimates: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).ok()?).ok()?;
    let nanos = estimates["median"]["point_estimate"].as_f64()?;
    Some(Duration::from_secs_f64(nanos / 1e9))
}

fn main() {
    let batch = batch();
    let bytes: usize = batch.iter().map(|(j, _)| j.len()).sum();
    println!(
        "batch: {} response examples ({bytes} bytes) from generated/docs",
        batch.len()
    );

    // Short by default, so the bench stays under a minute; flags on the command line win.
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .without_plots()
        .configure_from_args();
    // Estimates written from here on belong to this run.
    let started = SystemTime::now() - Duration::from_secs(1);
    let mut group = c.benchmark_group(GROUP);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function(TYPED, |b| {
        b.iter(|| {
            for (json, r) in &batch {
                r(black_box(json)).expect("read");
            }
        })
    });
    group.bench_function(UNTYPED, |b| {
        b.iter(|| {
            for (json, _) in &batch {
                black_box(
                    serde_json::from_str::<serde_json::Value>(black_box(json)).expect("read"),
                );
            }
        })
    });
    group.finish();
    c.final_summary();

    let (Some(t), Some(u)) = (median(TYPED, started), median(UNTYPED, started)) else {
        println!(
            "no ratio: criterion did not measure both functions in this run (a filter, or --test)"
        );
        return;
    };
    let per = |d: Duration| d.as_secs_f64() * 1e6 / batch.len() as f64;
    let mbs = |d: Duration| bytes as f64 / d.as_secs_f64() / 1e6;
    println!(
        "emitted types:     median {t:>10.2?} per batch, {:.2} µs per example, {:.0} MB/s",
        per(t),
        mbs(t)
    );
    println!(
        "serde_json::Value: median {u:>10.2?} per batch, {:.2} µs per example, {:.0} MB/s",
        per(u),
        mbs(u)
    );
    println!(
        "ratio (emitted / Value): {:.2}",
        t.as_secs_f64() / u.as_secs_f64()
    );
}
