//! Docs trees built to hurt: each case is written into a temp folder by the test, and the
//! `graphdoc` binary runs on it under a time limit and an address-space limit enforced at
//! process level (a hang is killed and fails the test; so does a panic or an abort). Whether
//! what such trees generate compiles is `tests/hostile.rs` in the `graphdoc-tests` crate.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Address space allowed to one run (the issue's bound: 4 GiB).
const MEMORY_KIB: u64 = 4 << 20;
/// Time allowed to one run, far above what these small trees need.
const SECONDS: u64 = 60;

#[path = "../../tests/support/bounded.rs"]
mod bounded;

/// Runs graphdoc within the bounds; a hang, panic or abort fails the test.
fn bounded(args: &[&str]) -> bounded::Run {
    let run = bounded::run(
        Path::new(env!("CARGO_BIN_EXE_graphdoc")),
        args,
        MEMORY_KIB,
        SECONDS,
    );
    assert!(
        !run.hung,
        "graphdoc {args:?} hung: killed after {SECONDS} s"
    );
    assert!(
        !run.crashed() && !run.killed(),
        "graphdoc {args:?} crashed:\n{}",
        run.stderr
    );
    run
}

fn tree(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../target/hostile")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("docs/resources")).expect("create tree");
    std::fs::create_dir_all(dir.join("docs/api")).expect("create tree");
    dir
}

/// A resource page in the docs' format; `props` are `(name, type)` rows.
fn resource(name: &str, base: Option<&str>, props: &[(String, String)]) -> String {
    let rows: String = props
        .iter()
        .map(|(n, t)| format!("|{n}|{t}|A value for testing.|\n"))
        .collect();
    let base_line = base.map_or(String::new(), |b| {
        format!("Inherits from [{b}]({}.md).\n\n", b.to_lowercase())
    });
    let base_json = base.map_or(String::new(), |b| {
        format!("  \"baseType\": \"microsoft.graph.{b}\",\n")
    });
    format!("---\ntitle: \"{name} resource type\"\ndoc_type: resourcePageType\n---\n\n# {name} resource type\n\nNamespace: microsoft.graph\n\nA type made up for a test.\n\n{base_line}## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n{rows}\n## JSON representation\n\n<!-- {{\n  \"blockType\": \"resource\",\n{base_json}  \"@odata.type\": \"microsoft.graph.{name}\"\n}} -->\n\n```json\n{{\n  \"@odata.type\": \"#microsoft.graph.{name}\"\n}}\n```\n")
}

fn write(dir: &Path, rel: &str, text: &str) {
    std::fs::write(dir.join("docs").join(rel), text).expect("write page");
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn special_files_and_links_are_skipped_and_reported() {
    let dir = tree("special");
    write(
        &dir,
        "resources/widget.md",
        &resource("widget", None, &[("size".into(), "Int32".into())]),
    );
    let docs = dir.join("docs");
    let fifo = docs.join("resources/waiting.md");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo")
        .success());
    let outside = dir.join("secret.md");
    std::fs::write(
        &outside,
        resource("leaked", None, &[("canary".into(), "String".into())]),
    )
    .expect("write");
    let link = |target: &Path, name: &str| {
        std::os::unix::fs::symlink(target, docs.join(name)).expect("symlink");
    };
    link(&outside, "resources/leak.md");
    link(Path::new("/dev/zero"), "resources/zero.md");
    link(Path::new("/dev/urandom"), "resources/random.md");
    link(Path::new("/etc"), "resources/etc");
    link(&docs.join("resources/loop.md"), "resources/loop.md");
    let out = dir.join("out");
    std::fs::create_dir_all(&out).expect("out");
    let victim = dir.join("victim.rs");
    std::fs::write(&victim, "keep").expect("write");
    std::os::unix::fs::symlink(&victim, out.join("mod.rs")).expect("symlink");

    let run = bounded(&["generate", path(&docs), "--out", path(&out)]);
    assert_eq!(
        run.code,
        Some(3),
        "a linked mod.rs is refused:\n{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("is a symbolic link, not a regular file"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&victim).expect("read"), "keep");
    for (file, code) in [
        ("resources/waiting.md", "special-file"),
        ("resources/leak.md", "outside-root"),
        ("resources/zero.md", "outside-root"),
        ("resources/random.md", "outside-root"),
        ("resources/etc", "outside-root"),
        ("resources/loop.md", "outside-root"),
    ] {
        assert!(
            run.stderr.contains(&format!("warning[{code}]")) && run.stderr.contains(file),
            "{file} ({code}) not reported:\n{}",
            run.stderr
        );
    }

    std::fs::remove_file(out.join("mod.rs")).expect("unlink");
    let ok = bounded(&["generate", path(&docs), "--out", path(&out)]);
    assert_eq!(ok.code, Some(0), "{}", ok.stderr);
    let code = std::fs::read_to_string(out.join("mod.rs")).expect("read output");
    assert!(
        code.contains("pub struct Widget") && !code.contains("canary") && !code.contains("Leaked")
    );
    let fifo_out = out.join("mod.rs");
    std::fs::remove_file(&fifo_out).expect("unlink");
    assert!(Command::new("mkfifo")
        .arg(&fifo_out)
        .status()
        .expect("mkfifo")
        .success());
    for cmd in ["generate", "check"] {
        let r = bounded(&[cmd, path(&docs), "--out", path(&out)]);
        assert_eq!(r.code, Some(3), "{cmd} on a FIFO mod.rs:\n{}", r.stderr);
        assert!(r.stderr.contains("a FIFO"), "{}", r.stderr);
    }
    let lint = bounded(&["lint", path(&docs), "--code", "outside-root"]);
    assert_eq!(
        lint.stdout.matches("warning[outside-root]").count(),
        5,
        "{}",
        lint.stdout
    );
}

#[test]
fn a_long_inheritance_chain_costs_linear_time() {
    let dir = tree("chain");
    const N: usize = 1200;
    for i in 0..N {
        let base = (i + 1 < N).then(|| format!("chain{}", i + 1));
        let props = [(format!("level{i}"), "Int32".to_string())];
        write(
            &dir,
            &format!("resources/chain{i}.md"),
            &resource(&format!("chain{i}"), base.as_deref(), &props),
        );
    }
    let out = dir.join("out");
    let run = bounded(&[
        "generate",
        path(&dir.join("docs")),
        "--out",
        path(&out),
        "-q",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let code = std::fs::read_to_string(out.join("mod.rs")).expect("read");
    // 1200 types, each dispatch enum lists at most 16 levels below it.
    assert!(code.len() < 40 << 20, "output is {} bytes", code.len());
    let lint = bounded(&["lint", path(&dir.join("docs")), "--code", "base-too-deep"]);
    // Every 17th type starts a new chain: 1200 / 17 of them lose their base.
    assert_eq!(
        lint.stdout.matches("warning[base-too-deep]").count(),
        N / 17,
        "{}",
        &lint.stdout[..lint.stdout.len().min(2000)]
    );
    eprintln!(
        "chain of {N}: generate {:?}, lint {:?}",
        run.took, lint.took
    );
}

#[test]
fn huge_names_and_repeated_rows_are_bounded() {
    let dir = tree("names");
    let long = "x".repeat(1 << 20);
    let mut props = vec![(long.clone(), "String".to_string())];
    props.extend((0..20_000).map(|_| ("same".to_string(), "String".to_string())));
    write(
        &dir,
        "resources/widget.md",
        &resource("widget", None, &props),
    );
    let docs = dir.join("docs");
    let out = dir.join("out");
    let run = bounded(&["generate", path(&docs), "--out", path(&out)]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let code = std::fs::read_to_string(out.join("mod.rs")).expect("read");
    assert!(code.len() < 1 << 20, "the long name reached the output");
    let lint = bounded(&["lint", path(&docs), "--code", "name-too-long"]);
    assert!(
        lint.stdout.contains("warning[name-too-long]"),
        "{}",
        &lint.stdout[..lint.stdout.len().min(2000)]
    );
    assert!(
        lint.stdout.len() < 1 << 16,
        "the long name was echoed in full"
    );
    let name = "y".repeat(100_000);
    let refused = bounded(&["generate", path(&docs), "--resource", &name]);
    assert_eq!(
        refused.code,
        Some(3),
        "{}",
        &refused.stderr[..refused.stderr.len().min(300)]
    );
    eprintln!(
        "1 MiB name + 20,000 rows: generate {:?}, lint {:?}; 100 KB --resource refused in {:?}",
        run.took, lint.took, refused.took
    );
}
