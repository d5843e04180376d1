//! The decoding bench over the corpus: every strict, typed response example of the given docs
//! versions decoded three ways in one process, interleaved run by run —
//! - into the emitted types (the runtime's streaming decoders, unknown members kept),
//! - into `serde_json::Value`,
//! - into the ceiling: the same fields as plain serde derives, no flattened map (unknown members
//!   skipped) and no dispatch (`AnyX` is its base struct), emitted with the internal
//!   `Settings::plain_decode`.
//!
//! `cargo build --release -p graphdoc -p graphdoc-tests --bins && ./target/release/decode-bench
//! ../shared/graph-docs/v1.0 ../shared/graph-docs/beta [--runs N]` (the corpus step's build;
//! about two minutes cold, most of it the release build of the emitted types).
//!
//! Only the types the examples name are emitted (`--resource` for each, so their property types
//! come along and navigation targets stay raw JSON), for both versions into one scratch crate
//! built in release under `target/scratch-check`. An example either side cannot read is left
//! out (counted): the bench times decoding, the corpus step checks conformance. Prints the
//! median time of a pass over all examples for each of the three, and the ratios.

use graphdoc::check as validate;
use graphdoc::model::TypeRef;
use graphdoc::Docs;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let mut folders = Vec::new();
    let mut runs = 15usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--runs" {
            match args.next().and_then(|n| n.parse().ok()) {
                Some(n) if n > 0 => runs = n,
                _ => {
                    eprintln!("--runs takes a positive number");
                    return ExitCode::from(2);
                }
            }
        } else {
            folders.push(PathBuf::from(a));
        }
    }
    if folders.is_empty() {
        eprintln!("usage: decode-bench DOCS_FOLDER... [--runs N]");
        return ExitCode::from(2);
    }
    let t = Instant::now();
    let mut modules: Vec<(String, String)> = Vec::new();
    let mut lines = Vec::new();
    let mut arms = Vec::new();
    for (i, folder) in folders.iter().enumerate() {
        let docs = match Docs::read(folder) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{}: {e}", folder.display());
                return ExitCode::FAILURE;
            }
        };
        let model = docs.model();
        let report = validate::examples(&model);
        // Strict typed response examples of a named type, each JSON once.
        let mut seen = BTreeSet::new();
        let mut chosen = Vec::new();
        let mut keys = BTreeSet::new();
        for e in &report.examples {
            let (true, Some(TypeRef::Named(key)), Some(_)) = (e.response, &e.ty, &e.mismatches)
            else {
                continue;
            };
            if seen.insert(e.json.as_str()) {
                keys.insert(key.clone());
                chosen.push((key.clone(), e.collection, e.json.as_str()));
            }
        }
        let names: Vec<String> = keys.iter().map(|k| model.types[k].name.clone()).collect();
        let settings = graphdoc::Settings {
            resources: names,
            quiet: true,
            ..graphdoc::Settings::default()
        };
        let emitted = graphdoc::generate(&model, &settings);
        let ceiling = graphdoc::generate(
            &model,
            &graphdoc::Settings {
                plain_decode: true,
                ..settings
            },
        );
        let version = folder
            .file_name()
            .map_or(format!("v{i}"), |f| f.to_string_lossy().replace('.', "_"));
        let (e_mod, c_mod) = (format!("emitted_{version}"), format!("ceiling_{version}"));
        let mut pairs = BTreeMap::new();
        let before = lines.len();
        for (key, collection, json) in chosen {
            let Some(path) = emitted.paths.get(&key) else {
                continue;
            };
            // The ceiling's `AnyX` is an alias of the base struct, so the same path names it.
            let id = *pairs.entry((path.clone(), collection)).or_insert_with(|| {
                let wrap = |m: &str| {
                    if collection {
                        format!("::graphdoc_generated::Page<bench::{m}::{path}>")
                    } else {
                        format!("bench::{m}::{path}")
                    }
                };
                arms.push(format!(
                    "        {} => (read::<{}>, read::<{}>),",
                    arms.len(),
                    wrap(&e_mod),
                    wrap(&c_mod)
                ));
                arms.len() - 1
            });
            lines.push(json!({"arm": id, "version": version, "json": json}).to_string());
        }
        println!(
            "{}: {} strict typed response examples of {} types ({} emitted with their closure)",
            folder.display(),
            lines.len() - before,
            keys.len(),
            emitted.emitted.len()
        );
        modules.push((e_mod, emitted.code));
        modules.push((c_mod, ceiling.code));
    }
    let main = include_str!("decode_main.rs.in").replace("__ARMS__", &arms.join("\n"));
    let dir = graphdoc_tests::repo_root().join("target/decode-bench");
    let refs: Vec<(&str, &str)> = modules
        .iter()
        .map(|(m, c)| (m.as_str(), c.as_str()))
        .collect();
    let (built, log, exe) =
        graphdoc_tests::cargo_build_release_bin(&dir, "bench", "decode_bench", &refs, &main);
    println!(
        "model, emit and release build of the bench crate: {:.0?}",
        t.elapsed()
    );
    if !built {
        for l in log.lines().take(40) {
            eprintln!("  {l}");
        }
        return ExitCode::FAILURE;
    }
    let input = dir.join("examples.jsonl");
    if let Err(e) = std::fs::write(&input, lines.join("\n") + "\n") {
        eprintln!("{}: {e}", input.display());
        return ExitCode::FAILURE;
    }
    let status = std::process::Command::new(&exe)
        .arg(&input)
        .arg(runs.to_string())
        .status();
    match status {
        Ok(s) if s.success() => ExitCode::SUCCESS,
        Ok(s) => {
            eprintln!("the bench binary failed: {s}");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("{}: {e}", exe.display());
            ExitCode::FAILURE
        }
    }
}
