//! Shared helpers for graphdoc's integration tests and the corpus runner.

use graphdoc::model::{Model, TypeKey};
use graphdoc::{Docs, Settings};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Fails with a unified diff (want → have) when `have` differs from `want`, the text of the
/// checked-in file `what`; `hint` says how to bring the file up to date.
pub fn assert_same_text(what: &str, want: &str, have: &str, hint: &str) {
    if want == have {
        return;
    }
    let diff = similar::TextDiff::from_lines(want, have)
        .unified_diff()
        .context_radius(3)
        .header(&format!("{what} (checked in)"), &format!("{what} (now)"))
        .to_string();
    panic!("{what} differs from what the generator writes now; {hint}\n{diff}");
}

/// Compares `have` with the checked-in file at `path` (relative to the repository root): equal
/// passes; with `GRAPHDOC_BLESS=1` the file is rewritten; otherwise the test fails with a diff.
pub fn assert_golden(path: &str, have: &str) {
    let file = repo_root().join(path);
    if std::env::var_os("GRAPHDOC_BLESS").is_some() {
        std::fs::write(&file, have).unwrap_or_else(|e| panic!("write {path}: {e}"));
        return;
    }
    let want = std::fs::read_to_string(&file).unwrap_or_default();
    assert_same_text(
        path,
        &want,
        have,
        "review the diff, then rerun with GRAPHDOC_BLESS=1 to update the file",
    );
}

/// A fixture tree under `tests/fixtures/`.
pub fn fixture(name: &str) -> Docs {
    let root = repo_root().join("tests/fixtures").join(name);
    Docs::read(&root).unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

/// The snapshot text for one page of a tree: the types it documents (model JSON), its
/// diagnostics, and the Rust emitted for those types (with their closure).
pub fn page_report(docs: &Docs, model: &Model, file: &str) -> String {
    let json = model.to_json();
    let types: Vec<&serde_json::Value> = json["types"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|t| t["source"]["file"] == file)
        .collect();
    let diags: Vec<String> = model
        .diagnostics
        .iter()
        .filter(|d| d.file == file)
        .map(|d| {
            format!(
                "{}:{}:{} {}[{}] {}",
                d.file,
                d.line,
                d.column,
                d.severity.as_str(),
                d.code,
                d.message
            )
        })
        .collect();
    let left: Vec<String> = model
        .left_out
        .iter()
        .filter(|l| l.file == file)
        .map(|l| format!("{}: {}", l.name, l.reason))
        .collect();
    let names: Vec<String> = types
        .iter()
        .filter_map(|t| t["name"].as_str())
        .map(str::to_string)
        .collect();
    let code = if names.is_empty() {
        String::from("(no types)\n")
    } else {
        let settings = Settings {
            resources: names.clone(),
            ..Settings::default()
        };
        let out = graphdoc::generate(model, &settings);
        let own: Vec<TypeKey> = out
            .emitted
            .iter()
            .filter(|k| names.iter().any(|n| TypeKey::of(n) == **k))
            .cloned()
            .collect();
        assert!(!own.is_empty(), "{file}: requested types were not emitted");
        out.code
    };
    let _ = docs;
    format!(
        "== model ==\n{}\n== diagnostics ==\n{}\n== left out ==\n{}\n== emitted ==\n{}",
        serde_json::to_string_pretty(&types).unwrap_or_default(),
        diags.join("\n"),
        left.join("\n"),
        code
    )
}

/// Writes a scratch crate under `dir`: `code` as its lib.rs (warnings denied), a manifest with
/// serde, serde_json and the runtime crate plus `extra_manifest`, and the workspace lock file
/// (so builds use the workspace's exact versions and need no network).
pub fn write_scratch_crate(dir: &Path, name: &str, code: &str, extra_manifest: &str) -> PathBuf {
    write_scratch_crate_with(dir, name, code, extra_manifest, false)
}

/// [`write_scratch_crate`], with the runtime's HTTP client (and tokio) when `client`.
fn write_scratch_crate_with(
    dir: &Path,
    name: &str,
    code: &str,
    extra_manifest: &str,
    client: bool,
) -> PathBuf {
    let src = dir.join("src");
    std::fs::create_dir_all(&src).expect("create scratch crate");
    let runtime = repo_root().join("generated");
    let runtime_dep = if client {
        // The features the workspace's own tests use, so the lock file has them all.
        format!("graphdoc-generated = {{ path = {:?} }}\ntokio = {{ version = \"1\", default-features = false, features = [\"rt\", \"macros\", \"net\", \"io-util\", \"time\"] }}", runtime.display().to_string())
    } else {
        format!(
            "graphdoc-generated = {{ path = {:?}, default-features = false }}",
            runtime.display().to_string()
        )
    };
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n{runtime_dep}\n\n{extra_manifest}[workspace]\n"
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("write manifest");
    std::fs::write(src.join("lib.rs"), format!("#![deny(warnings)]\n{code}"))
        .expect("write lib.rs");
    let _ = std::fs::copy(repo_root().join("Cargo.lock"), dir.join("Cargo.lock"));
    src
}

/// Runs `cargo <verb>` in a scratch crate, sharing `target/scratch-check` so dependencies are
/// built once. Returns (success, cargo's output).
fn run_scratch_cargo(dir: &Path, verb: &str) -> (bool, String) {
    run_scratch_cargo_with(dir, &[verb])
}

fn run_scratch_cargo_with(dir: &Path, args: &[&str]) -> (bool, String) {
    let out = scratch_cargo(
        dir,
        &[args, &["--quiet", "--offline", "--message-format", "short"]].concat(),
    );
    let text =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    (out.status.success(), text)
}

fn scratch_target() -> PathBuf {
    repo_root().join("target").join("scratch-check")
}

/// Runs the cargo that runs the tests with `args` in the scratch crate `dir`, its target
/// directory shared with every scratch crate (`target/scratch-check`) so dependencies are built
/// once.
pub fn scratch_cargo(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", scratch_target())
        .output()
        .expect("run cargo")
}

/// What building a scratch binary gives: whether cargo succeeded, its output, and the path of
/// the binary.
pub type Built = (bool, String, PathBuf);

/// Writes `code` as the lib.rs of a scratch crate under `dir` that depends on serde, serde_json
/// and the runtime crate, then runs `cargo check` on it. Returns (success, cargo's output).
pub fn cargo_check(dir: &Path, name: &str, code: &str) -> (bool, String) {
    write_scratch_crate(dir, name, code, "");
    run_scratch_cargo(dir, "check")
}

/// Like [`cargo_check`], and also writes `main` as the crate's binary (`src/main.rs`, named
/// `bin`) and runs `cargo build` (debug, in the same `target/scratch-check` directory so
/// dependencies are shared). Building the binary compiles the library, so compile errors are
/// reported just as `cargo_check` reports them. Returns (success, cargo's output, the binary).
pub fn cargo_build_bin(dir: &Path, name: &str, bin: &str, code: &str, main: &str) -> Built {
    build_bin(dir, name, bin, code, main, false)
}

/// A release build of a scratch crate for timing: `modules` (name, code) as the library's
/// modules, `main` as its binary `bin`. Returns (success, cargo's output, the binary).
pub fn cargo_build_release_bin(
    dir: &Path,
    name: &str,
    bin: &str,
    modules: &[(&str, &str)],
    main: &str,
) -> Built {
    let lib: String = modules
        .iter()
        .map(|(m, _)| format!("pub mod {m};\n"))
        .collect();
    let extra = format!("[[bin]]\nname = \"{bin}\"\npath = \"src/main.rs\"\n\n");
    let src = write_scratch_crate_with(dir, name, &lib, &extra, false);
    for (m, code) in modules {
        std::fs::write(src.join(format!("{m}.rs")), code).expect("write module");
    }
    std::fs::write(src.join("main.rs"), main).expect("write main.rs");
    let (ok, text) = run_scratch_cargo_with(dir, &["build", "--release"]);
    let exe = scratch_target()
        .join("release")
        .join(format!("{bin}{}", std::env::consts::EXE_SUFFIX));
    (ok, text, exe)
}

/// Like [`cargo_build_bin`], with the runtime's HTTP client and tokio available to `main`, for
/// loopback runs of generated code.
pub fn cargo_build_client_bin(dir: &Path, name: &str, bin: &str, code: &str, main: &str) -> Built {
    build_bin(dir, name, bin, code, main, true)
}

fn build_bin(dir: &Path, name: &str, bin: &str, code: &str, main: &str, client: bool) -> Built {
    // Only this package gets no debug info (it is large and only run once), so the
    // dependencies built by other scratch crates are reused as-is.
    let extra = format!("[[bin]]\nname = \"{bin}\"\npath = \"src/main.rs\"\n\n[profile.dev.package.{name}]\ndebug = 0\n\n");
    let src = write_scratch_crate_with(dir, name, code, &extra, client);
    std::fs::write(src.join("main.rs"), main).expect("write main.rs");
    let (ok, text) = run_scratch_cargo(dir, "build");
    let exe = scratch_target()
        .join("debug")
        .join(format!("{bin}{}", std::env::consts::EXE_SUFFIX));
    (ok, text, exe)
}
