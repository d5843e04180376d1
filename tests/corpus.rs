//! The corpus step of CI: runs graphdoc over real Graph doc trees and checks what it produces.
//!
//! `cargo run --release -p graphdoc-tests --bin corpus -- ../shared/graph-docs/v1.0 ../shared/graph-docs/beta`
//!
//! For each folder: parses every page (a panic is caught, counted and fails the run), builds the
//! model, prints pages/types/properties/diagnostics by code and the types left out with their
//! reasons, emits every type into one scratch crate and `cargo check`s it. Exits 1 when any page
//! panics, the crate does not compile, or more than 1% of the documented types are left out.

use graphdoc::diag::{Diagnostic, Sink};
use graphdoc::{Docs, Settings};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let skip_check = args.iter().any(|a| a == "--no-check");
    let folders: Vec<PathBuf> = args
        .iter()
        .filter(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .collect();
    if folders.is_empty() {
        eprintln!("usage: corpus [--no-check] DOCS_FOLDER...\n  e.g. corpus ../shared/graph-docs/v1.0 ../shared/graph-docs/beta");
        std::process::exit(2);
    }
    let mut failed = false;
    for folder in &folders {
        failed |= !run(folder, skip_check);
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
        *by_code.entry((d.severity.as_str(), d.code)).or_default() += 1;
    }
    println!("diagnostics: {}", model.diagnostics.len());
    for ((sev, code), n) in &by_code {
        println!("  {n:6}  {sev:7} {code}");
    }
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
    let t = Instant::now();
    let (compiled, log) = graphdoc_tests::cargo_check(&dir, &format!("corpus_{name}"), &out.code);
    let errors = log.lines().filter(|l| l.contains("error")).count();
    println!(
        "cargo check of the all-types crate ({}): {} in {:.0?}, {} error lines",
        dir.display(),
        if compiled { "ok" } else { "FAILED" },
        t.elapsed(),
        errors
    );
    if !compiled {
        for l in log.lines().take(40) {
            println!("  {l}");
        }
    }
    ok && compiled
}
