//! Shared helpers for graphdoc's integration tests and the corpus runner.

use graphdoc::model::{key_of, Model};
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
        let own: Vec<String> = out
            .emitted
            .iter()
            .filter(|k| names.iter().any(|n| key_of(n) == **k))
            .cloned()
            .collect();
        assert!(
            !own.is_empty() || names.is_empty(),
            "{file}: requested types were not emitted"
        );
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

/// Writes `code` as the lib.rs of a scratch crate under `dir` that depends on serde, serde_json
/// and the runtime crate, then runs `cargo check` on it. Returns (success, cargo's output).
/// The workspace lock file is copied in so the check uses the exact versions the workspace
/// builds with and needs no network.
pub fn cargo_check(dir: &Path, name: &str, code: &str) -> (bool, String) {
    let src = dir.join("src");
    std::fs::create_dir_all(&src).expect("create scratch crate");
    let runtime = repo_root().join("generated");
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\ngraphdoc-generated = {{ path = {:?}, default-features = false }}\n\n[workspace]\n",
        runtime.display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("write manifest");
    std::fs::write(src.join("lib.rs"), format!("#![deny(warnings)]\n{code}"))
        .expect("write lib.rs");
    let _ = std::fs::copy(repo_root().join("Cargo.lock"), dir.join("Cargo.lock"));
    let target = repo_root().join("target").join("scratch-check");
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["check", "--quiet", "--offline", "--message-format", "short"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .expect("run cargo");
    let text =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    (out.status.success(), text)
}

/// Like [`cargo_check`], and also writes `main` as the crate's binary (`src/main.rs`, named
/// `bin`) and runs `cargo build` (debug, in the same `target/scratch-check` directory so
/// dependencies are shared). Building the binary compiles the library, so compile errors are
/// reported just as `cargo_check` reports them. Returns (success, cargo's output, the binary).
pub fn cargo_build_bin(
    dir: &Path,
    name: &str,
    bin: &str,
    code: &str,
    main: &str,
) -> (bool, String, PathBuf) {
    let src = dir.join("src");
    std::fs::create_dir_all(&src).expect("create scratch crate");
    let runtime = repo_root().join("generated");
    // The same dependencies as `cargo_check`; only this package gets no debug info (it is large
    // and only run once), so the dependencies built by other scratch crates are reused as-is.
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\ngraphdoc-generated = {{ path = {:?}, default-features = false }}\n\n[[bin]]\nname = \"{bin}\"\npath = \"src/main.rs\"\n\n[profile.dev.package.{name}]\ndebug = 0\n\n[workspace]\n",
        runtime.display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("write manifest");
    std::fs::write(src.join("lib.rs"), format!("#![deny(warnings)]\n{code}"))
        .expect("write lib.rs");
    std::fs::write(src.join("main.rs"), main).expect("write main.rs");
    let _ = std::fs::copy(repo_root().join("Cargo.lock"), dir.join("Cargo.lock"));
    let target = repo_root().join("target").join("scratch-check");
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--quiet", "--offline", "--message-format", "short"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .expect("run cargo");
    let text =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    let exe = target
        .join("debug")
        .join(format!("{bin}{}", std::env::consts::EXE_SUFFIX));
    (out.status.success(), text, exe)
}
