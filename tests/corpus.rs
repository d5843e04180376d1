//! The corpus step of CI: runs graphdoc over real Graph doc trees and checks what it produces.
//!
//! `cargo run --release -p graphdoc-tests --bin corpus -- ../shared/graph-docs/v1.0 ../shared/graph-docs/beta`
//! (`--mutations-only` runs just the mutation run, over pages of the first folder)
//!
//! For each folder: parses every page (a panic is caught, counted and fails the run), builds the
//! model, prints pages/types/properties/diagnostics by code and the types left out with their
//! reasons, emits every type into one scratch crate and builds it together with a binary that
//! runs the examples conformance check: every documented example whose type is known and whose
//! JSON is strict is deserialized into the emitted type and serialized back. Failures the example
//! checker (`graphdoc::check`) predicts are contradictions in the docs; the others
//! are generator bugs. The same binary rebuilds every documented request example through the
//! emitted builders (`corpus_requests.rs`), and a second crate, `--resource user`, is PATCHed
//! and read over loopback with the runtime's client (`corpus_user.rs`). Exits 1 when any page
//! panics, the crate does not compile, more than 1% of the documented types are left out, more
//! than 1% of the typed strict examples fail unexplained, fewer than 97% of the deserialized
//! examples round-trip with nothing lost, fewer than 90% of the request examples are reproduced
//! or one fails unexplained, or the loopback user fails.

#[allow(dead_code)] // shared with the CLI tests, which read the output this run does not
#[path = "support/bounded.rs"]
mod bounded;
#[path = "corpus_damage.rs"]
mod damage;
#[path = "corpus_mutations.rs"]
mod mutations;
#[path = "corpus_requests.rs"]
mod requests;
#[path = "corpus_user.rs"]
mod user;

use graphdoc::diag::{Code, Diagnostic, Sink};
use graphdoc::{Docs, Settings};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let skip_check = args.iter().any(|a| a == "--no-check");
    let only_mutations = args.iter().any(|a| a == "--mutations-only");
    let folders: Vec<PathBuf> = args
        .iter()
        .filter(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .collect();
    if folders.is_empty() {
        eprintln!("usage: corpus [--no-check | --mutations-only] DOCS_FOLDER...\n  e.g. corpus ../shared/graph-docs/v1.0 ../shared/graph-docs/beta");
        std::process::exit(2);
    }
    let mut failed = false;
    for folder in folders.iter().filter(|_| !only_mutations) {
        failed |= !run(folder, skip_check);
    }
    if !skip_check {
        println!(
            "\n=== mutation run over pages of {} ===",
            folders[0].display()
        );
        let scratch = graphdoc_tests::repo_root().join("target/corpus/mutations");
        failed |= !mutations::run(&folders[0], &scratch);
    }
    println!(
        "{}",
        if failed {
            "corpus: FAILED"
        } else {
            "corpus: ok"
        }
    );
    std::process::exit(i32::from(failed));
}

fn run(folder: &Path, skip_check: bool) -> bool {
    let name = folder
        .file_name()
        .map_or("docs".into(), |f| f.to_string_lossy().replace('.', "_"));
    println!("\n=== {} ===", folder.display());
    let t = Instant::now();
    let docs = match Docs::read(folder) {
        Ok(d) => d,
        Err(e) => {
            println!("cannot read: {e}");
            return false;
        }
    };
    // Parse page by page under catch_unwind so one bad page is counted, not fatal.
    let mut panics = Vec::new();
    let mut pages = Vec::new();
    let mut diags: Vec<Diagnostic> = docs.unreadable.clone();
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    for (file, text) in &docs.files {
        let r = std::panic::catch_unwind(|| {
            let mut sink = Sink::new(file.clone());
            let p = graphdoc::parse::parse_page(file, text, &mut sink);
            (p, sink.items)
        });
        match r {
            Ok((p, d)) => {
                pages.push(p);
                diags.extend(d);
            }
            Err(_) => panics.push(file.clone()),
        }
    }
    let model = std::panic::catch_unwind(|| graphdoc::model::build(&pages, diags));
    std::panic::set_hook(hook);
    let Ok(model) = model else {
        println!("PANIC while resolving the model");
        return false;
    };
    let properties: usize = model.types.values().map(|t| t.properties.len()).sum();
    let members: usize = model.types.values().map(|t| t.members.len()).sum();
    let documented = model.types.len() + model.left_out.len();
    let left_pct = 100.0 * model.left_out.len() as f64 / documented.max(1) as f64;
    println!(
        "pages: {}  panics: {}  ({:.2?} to read, parse and resolve)",
        docs.files.len(),
        panics.len(),
        t.elapsed()
    );
    for p in &panics {
        println!("  PANIC in {p}");
    }
    println!(
        "types: {}  properties: {}  enum members: {}",
        model.types.len(),
        properties,
        members
    );
    let mut by_code: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for d in &model.diagnostics {
        *by_code
            .entry((d.severity.as_str(), d.code.as_str()))
            .or_default() += 1;
    }
    println!("diagnostics: {}", model.diagnostics.len());
    for ((sev, code), n) in &by_code {
        println!("  {n:6}  {sev:7} {code}");
    }
    let count = |code: Code| model.diagnostics.iter().filter(|d| d.code == code).count();
    println!(
        "implied by the pages: {} bases (`entity`), {} kinds (entity); doc gaps: {} `values-in-string`, {} `inferred-navigation`",
        count(Code::InferredBase),
        count(Code::InferredKind),
        count(Code::ValuesInString),
        count(Code::InferredNavigation)
    );
    println!(
        "types left out: {} of {} documented ({left_pct:.2}%)",
        model.left_out.len(),
        documented
    );
    for l in &model.left_out {
        println!("  {} ({}): {}", l.name, l.file, l.reason);
    }
    let dropped: usize = model
        .diagnostics
        .iter()
        .filter(|d| {
            d.message.contains("the property is left out")
                || d.message.contains("property `") && d.message.contains("is left out")
        })
        .count();
    println!("properties left out (each has a diagnostic above): {dropped}");

    let t = Instant::now();
    let out = graphdoc::generate(&model, &Settings::default());
    let lines = out.code.lines().count();
    println!(
        "emitted: {} types, {} lines of Rust in {:.2?}",
        out.emitted.len(),
        lines,
        t.elapsed()
    );
    let mut ok = panics.is_empty() && left_pct <= 1.0 && !out.has_errors();
    if out.emitted.len() != model.types.len() {
        println!(
            "NOT EMITTED: {} types of the model",
            model.types.len() - out.emitted.len()
        );
        ok = false;
    }
    for d in out
        .diagnostics
        .iter()
        .filter(|d| d.severity == graphdoc::diag::Severity::Error)
    {
        println!("  emit error: {}", d.message);
    }
    if skip_check {
        return ok;
    }
    let dir = graphdoc_tests::repo_root()
        .join("target/corpus")
        .join(&name);
    let examples_ok = examples::run(&model, &out, &dir, &name);
    let user_ok = user::run(&model, &dir.join("user"), &name);
    examples_ok && user_ok && ok
}

/// The examples conformance check: every documented example whose type is known and whose JSON
/// is strict is deserialized into the emitted type and serialized back, in a binary built from
/// the all-types crate (building it is also the crate's compile check).
mod examples {
    use graphdoc::check::{self as validate, ExampleCheck, Mismatch};
    use graphdoc::model::{Model, TypeRef};
    use serde_json::{json, Value};
    use std::collections::BTreeMap;
    use std::path::Path;
    use std::time::Instant;

    /// The Rust type of a body of `key` (a primitive's `Edm.X` name or a model key).
    fn rust_type(out: &graphdoc::Output, krate: &str, key: &str) -> Option<String> {
        let rt = "::graphdoc_generated::edm";
        Some(match key {
            "Edm.String" => "::std::string::String".into(),
            "Edm.Boolean" => "bool".into(),
            "Edm.Byte" => "u8".into(),
            "Edm.SByte" => "i8".into(),
            "Edm.Int16" => "i16".into(),
            "Edm.Int32" => "i32".into(),
            "Edm.Int64" => "i64".into(),
            // As the emitter maps them (emit/types.rs): all three floating types are f64.
            "Edm.Single" | "Edm.Double" | "Edm.Decimal" => "f64".into(),
            "Edm.Guid" => format!("{rt}::Guid"),
            "Edm.DateTimeOffset" => format!("{rt}::DateTimeOffset"),
            "Edm.Date" => format!("{rt}::Date"),
            "Edm.TimeOfDay" => format!("{rt}::TimeOfDay"),
            "Edm.Duration" => format!("{rt}::Duration"),
            "Edm.Binary" => format!("{rt}::Binary"),
            "Edm.Untyped" => "::serde_json::Value".into(),
            k => format!("{krate}::{}", out.paths.get(k)?),
        })
    }

    fn key_of(ty: &TypeRef) -> String {
        match ty {
            TypeRef::Primitive(e) => e.qualified().to_string(),
            TypeRef::Named(k) => k.to_string(),
        }
    }

    fn mismatch_text(m: &Mismatch) -> String {
        format!(
            "`{}` is `{}`, typed `{}` ({})",
            m.path, m.value, m.expected, m.reason
        )
    }

    /// Runs the check for one version; false when the crate does not build or the thresholds
    /// are not met.
    pub fn run(model: &Model, out: &graphdoc::Output, dir: &Path, name: &str) -> bool {
        let t = Instant::now();
        let report = validate::examples(model);
        let krate = format!("corpus_{name}");
        // The examples to run: typed, strict, with an emitted type.
        let mut lines = Vec::new();
        let mut chosen: Vec<&ExampleCheck> = Vec::new();
        // (key, collection) → the body is OData's `{"value": x}` wrapper of a single value.
        let mut arms: BTreeMap<(String, bool), bool> = BTreeMap::new();
        let mut wrapped_responses = 0;
        let mut no_type = 0;
        for e in &report.examples {
            let (Some(ty), Some(_)) = (&e.ty, &e.mismatches) else {
                continue;
            };
            let key = key_of(ty);
            if rust_type(out, "models", &key).is_none() {
                no_type += 1;
                continue;
            }
            let wrapped = !e.collection && validate::is_wrapped(model, ty);
            wrapped_responses += usize::from(wrapped && e.response);
            arms.insert((key.clone(), e.collection), wrapped);
            lines.push(
                json!({"id": chosen.len(), "key": key, "collection": e.collection, "json": e.json})
                    .to_string(),
            );
            chosen.push(e);
        }
        let arms: Vec<String> = arms
            .iter()
            .map(|((k, c), wrapped)| {
                let t = rust_type(out, "models", k).unwrap_or_default();
                let t = if *c {
                    format!("::graphdoc_generated::Page<{t}>")
                } else if *wrapped {
                    format!("Single<{t}>")
                } else {
                    t
                };
                format!("        ({k:?}, {c}) => check::<{t}>(json),")
            })
            .collect();
        let requests = super::requests::prepare(model, out, "models");
        let main = include_str!("corpus_examples.rs.in")
            .replace("__CRATE__", &krate)
            .replace("__ARMS__", &arms.join("\n"))
            + &include_str!("corpus_requests.rs.in").replace("__CASES__", &requests.code);
        let predicted = report.contradicted();
        println!(
            "examples: {} found, {} typed, {} strict JSON ({} not strict, skipped), {} run against {} emitted types; the validator predicts {} contradictions ({:.2?})",
            report.found(),
            report.typed(),
            report.strict(),
            report.not_strict(),
            chosen.len(),
            arms.len(),
            predicted,
            t.elapsed()
        );
        if no_type > 0 {
            println!("  {no_type} typed strict examples have no emitted type (not run)");
        }
        if wrapped_responses > 0 {
            println!(
                "  {wrapped_responses} of them are single primitive or enum responses, run as OData's `{{\"value\": x}}` wrapper (as the emitted endpoints decode them, with `Wrapped<T>`)"
            );
        }

        let t = Instant::now();
        let bin = format!("examples_{name}");
        let (built, log, exe) =
            graphdoc_tests::cargo_build_bin(dir, &krate, &bin, &out.code, &main);
        let errors = log.lines().filter(|l| l.contains("error")).count();
        println!(
            "cargo build of the all-types crate and its examples binary ({}): {} in {:.0?}, {} error lines",
            dir.display(),
            if built { "ok" } else { "FAILED" },
            t.elapsed(),
            errors
        );
        if !built {
            for l in log.lines().take(40) {
                println!("  {l}");
            }
            return false;
        }
        let t = Instant::now();
        let Some(results) = run_lines(&exe, &[], &dir.join("examples.jsonl"), &lines, "examples")
        else {
            return false;
        };
        println!("ran {} examples in {:.2?}", results.len(), t.elapsed());
        let examples_ok = summarise(model, &chosen, &results);
        let Some(results) = run_lines(
            &exe,
            &["--requests"],
            &dir.join("requests.jsonl"),
            &requests.lines,
            "request examples",
        ) else {
            return false;
        };
        super::requests::summarise(model, &requests, &results, name) && examples_ok
    }

    /// Writes `lines` to `file`, runs the examples binary on it (after `args`) and reads one
    /// JSON result per line; `None` (said why) when it cannot, fails, or answers a different
    /// number of lines.
    fn run_lines(
        exe: &Path,
        args: &[&str],
        file: &Path,
        lines: &[String],
        what: &str,
    ) -> Option<Vec<Value>> {
        if let Err(e) = std::fs::write(file, lines.join("\n") + "\n") {
            println!("cannot write {}: {e}", file.display());
            return None;
        }
        let results: Vec<Value> = match std::process::Command::new(exe)
            .args(args)
            .arg(file)
            .output()
        {
            Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout)
                .lines()
                .filter_map(|l| serde_json::from_str(l).ok())
                .collect(),
            Ok(o) => {
                println!(
                    "the examples binary failed on the {what} ({}): {}",
                    o.status,
                    String::from_utf8_lossy(&o.stderr)
                );
                return None;
            }
            Err(e) => {
                println!("cannot run {}: {e}", exe.display());
                return None;
            }
        };
        if results.len() != lines.len() {
            println!(
                "the examples binary answered {} of {} {what}",
                results.len(),
                lines.len()
            );
            return None;
        }
        Some(results)
    }

    fn summarise(model: &Model, chosen: &[&ExampleCheck], results: &[Value]) -> bool {
        let mut deserialized = 0;
        let mut round_tripped = 0;
        let mut only_nulls = 0;
        let mut allowed: BTreeMap<String, usize> = BTreeMap::new();
        let mut contradictions: Vec<String> = Vec::new();
        let mut unexplained: Vec<String> = Vec::new();
        let mut false_alarms: Vec<String> = Vec::new();
        let mut lossy: Vec<String> = Vec::new();
        let mut null_lossy: Vec<String> = Vec::new();
        let mut loss_kinds: BTreeMap<String, usize> = BTreeMap::new();
        for r in results {
            let Some(e) = r["id"].as_u64().and_then(|i| chosen.get(i as usize)) else {
                continue;
            };
            let ms = e.mismatches.as_deref().unwrap_or_default();
            let ty = e.ty.as_ref().map_or_else(String::new, |t| {
                let n = model.type_name(t);
                if e.collection {
                    format!("Collection({n})")
                } else {
                    n
                }
            });
            let at = format!("{}:{}", e.page, e.line);
            if r["ok"] == true {
                deserialized += 1;
                if !ms.is_empty() {
                    false_alarms.push(format!(
                        "{at} ({ty}): predicted {} but it deserialized",
                        mismatch_text(&ms[0])
                    ));
                }
                let lost = r["lost"].as_array().cloned().unwrap_or_default();
                for (k, n) in r["allowed"].as_object().into_iter().flatten() {
                    *allowed.entry(k.clone()).or_default() += n.as_u64().unwrap_or(0) as usize;
                }
                if lost.is_empty() {
                    round_tripped += 1;
                } else {
                    if lost.iter().all(|l| l["kind"] == "null member dropped") {
                        only_nulls += 1;
                    }
                    for l in &lost {
                        *loss_kinds
                            .entry(l["kind"].as_str().unwrap_or("").to_string())
                            .or_default() += 1;
                    }
                    // Show the first difference that is more than a dropped null.
                    let l = lost
                        .iter()
                        .find(|l| l["kind"] != "null member dropped")
                        .unwrap_or(&lost[0]);
                    let line = format!(
                        "{at} ({ty}): {} at `{}`: {} → {} ({}){}",
                        if lost.len() == 1 {
                            "1 difference".to_string()
                        } else {
                            format!("{} differences, first", lost.len())
                        },
                        l["path"].as_str().unwrap_or(""),
                        l["input"].as_str().unwrap_or("(absent)"),
                        l["output"].as_str().unwrap_or("(absent)"),
                        l["kind"].as_str().unwrap_or(""),
                        if l["kind"] == "null member dropped" {
                            ""
                        } else {
                            " ←"
                        }
                    );
                    if l["kind"] == "null member dropped" {
                        null_lossy.push(line);
                    } else {
                        lossy.push(line);
                    }
                }
            } else if ms.is_empty() {
                unexplained.push(format!(
                    "{at} ({ty}): {}",
                    r["error"].as_str().unwrap_or("?")
                ));
            } else {
                for m in ms {
                    contradictions.push(format!(
                        "{}:{} {}",
                        e.page,
                        e.line + m.at.map_or(1, |a| a.0) - 1,
                        mismatch_text(m)
                    ));
                }
            }
        }
        let run = chosen.len();
        let failed = run - deserialized;
        let explained = failed - unexplained.len();
        println!(
            "examples conformance: {run} typed strict, {deserialized} deserialized, {round_tripped} round-tripped with nothing lost; {failed} failed: {explained} doc contradictions (predicted), {} unexplained",
            unexplained.len()
        );
        println!(
            "  allowed differences (value kept, written differently): {}",
            allowed
                .iter()
                .map(|(k, n)| format!("{k}: {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        println!(
            "doc contradictions ({} mismatches in {explained} examples):",
            contradictions.len()
        );
        for c in &contradictions {
            println!("  {c}");
        }
        println!(
            "unexplained failures (generator bugs): {}",
            unexplained.len()
        );
        for u in &unexplained {
            println!("  {u}");
        }
        if !false_alarms.is_empty() {
            println!(
                "validator false alarms (predicted a failure, deserialized fine): {}",
                false_alarms.len()
            );
            for f in &false_alarms {
                println!("  {f}");
            }
        }
        println!(
            "round-trip losses: {} examples (differences by kind: {})",
            lossy.len() + null_lossy.len(),
            loss_kinds
                .iter()
                .map(|(k, n)| format!("{k}: {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        for l in &lossy {
            println!("  {l}");
        }
        const SHOWN: usize = 15;
        if !null_lossy.is_empty() {
            println!(
                "  …and {} examples that lose only members sent as `null`, e.g.:",
                null_lossy.len()
            );
            for l in null_lossy.iter().take(SHOWN) {
                println!("    {l}");
            }
        }
        let unexplained_pct = 100.0 * unexplained.len() as f64 / run.max(1) as f64;
        // Strict: a member sent as `null` must come back as `null` (every field is a `Field`,
        // which keeps null apart from absent), so a dropped null is a loss like any other.
        let round_trip_pct = 100.0 * round_tripped as f64 / deserialized.max(1) as f64;
        let without_nulls =
            100.0 * (round_tripped + only_nulls) as f64 / deserialized.max(1) as f64;
        println!(
            "  {only_nulls} examples lose nothing but members sent as `null` (counted as losses); without them {without_nulls:.2}% would round-trip"
        );
        let ok = unexplained_pct <= 1.0 && round_trip_pct >= 97.0;
        println!(
            "examples: {unexplained_pct:.2}% unexplained (limit 1%), {round_trip_pct:.2}% of the deserialized round-trip with nothing lost, nulls included (minimum 97%): {}",
            if ok { "ok" } else { "FAILED" }
        );
        ok
    }
}
