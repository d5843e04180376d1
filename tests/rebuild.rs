//! Rebuild tracking, as cargo sees it: crates that use the derive, `generate!` and the
//! build.rs builder are rebuilt when a page they read changes and left alone when an unrelated
//! page changes. Real `cargo build`s; freshness is read from cargo's own JSON messages.

use graphdoc_tests::repo_root;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

/// A resource page no other page names, written for this test.
const UNRELATED_PAGE: &str = "# gadget resource type

Namespace: microsoft.graph

A page that nothing else refers to, so no macro reads it.

## Properties

| Property | Type | Description |
|:---|:---|:---|
| id | String | Identifier. |
| colour | String | Paint colour. |

## JSON representation

<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.gadget\" } -->

```json
{ \"id\": \"String\", \"colour\": \"String\" }
```
";

fn scratch(name: &str) -> PathBuf {
    let dir = repo_root().join("target/rebuild-tests").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    // The sample pages plus one unrelated page, in the crate's own folder.
    let docs = dir.join("docs");
    for (rel, text) in graphdoc::samples::PAGES {
        let p = docs.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    std::fs::write(docs.join("resources/gadget.md"), UNRELATED_PAGE).unwrap();
    let _ = std::fs::copy(repo_root().join("Cargo.lock"), dir.join("Cargo.lock"));
    dir
}

fn manifest(name: &str, extra: &str) -> String {
    let root = repo_root();
    format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\ngraphdoc-generated = {{ path = {:?}, default-features = false }}\n{extra}\n[workspace]\n",
        root.join("generated").display().to_string()
    )
}

/// Builds the crate; returns whether cargo found its library fresh (not recompiled).
fn build_is_fresh(dir: &Path, name: &str) -> bool {
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--offline", "--message-format", "json"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", repo_root().join("target/scratch-check"))
        .output()
        .expect("run cargo");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "cargo build failed:\n{}\n{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lib = name.replace('-', "_");
    let fresh: Vec<bool> = stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == lib.as_str())
        .filter_map(|m| m["fresh"].as_bool())
        .collect();
    assert_eq!(
        fresh.len(),
        1,
        "one artifact for `{lib}` expected:\n{stdout}"
    );
    fresh[0]
}

/// Moves a page's modification time forward, as an edit would.
fn touch(path: &Path) {
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(SystemTime::now() + Duration::from_secs(5))
        .unwrap();
}

fn assert_tracking(dir: &Path, name: &str) {
    assert!(!build_is_fresh(dir, name), "the first build compiles");
    assert!(build_is_fresh(dir, name), "nothing changed: fresh");
    touch(&dir.join("docs/resources/gadget.md"));
    assert!(
        build_is_fresh(dir, name),
        "an unrelated page changed: the crate must not rebuild"
    );
    touch(&dir.join("docs/resources/identityapiconnector.md"));
    assert!(
        !build_is_fresh(dir, name),
        "the resource's page changed: the crate must rebuild"
    );
    touch(&dir.join("docs/api/identityapiconnector-list.md"));
    assert!(
        !build_is_fresh(dir, name),
        "an API page behind an endpoint changed: the crate must rebuild"
    );
}

/// A crate that uses the proc macros, with `lib` as its lib.rs.
fn macro_crate(name: &str, lib: &str) -> PathBuf {
    let dir = scratch(name);
    let derive = repo_root().join("derive");
    std::fs::write(
        dir.join("Cargo.toml"),
        manifest(
            name,
            &format!(
                "graphdoc-derive = {{ path = {:?} }}\n",
                derive.display().to_string()
            ),
        ),
    )
    .unwrap();
    std::fs::write(dir.join("src/lib.rs"), lib).unwrap();
    dir
}

#[test]
fn derive_rebuilds_on_the_pages_it_read_only() {
    let name = "rebuild-derive";
    let dir = macro_crate(
        name,
        "#[derive(graphdoc_derive::GraphResource, serde::Deserialize)]\n#[graph(docs = \"docs\", resource = \"identityApiConnector\")]\npub struct Connector {\n    pub id: String,\n    pub display_name: Option<String>,\n}\n",
    );
    assert_tracking(&dir, name);
}

#[test]
fn generate_macro_rebuilds_on_the_pages_it_read_only() {
    let name = "rebuild-generate";
    let dir = macro_crate(
        name,
        "#![allow(dead_code)]\ngraphdoc_derive::generate! { docs = \"docs\", resources = [\"identityApiConnector\"] }\n",
    );
    assert_tracking(&dir, name);
}

/// A crate whose build script generates `resource` with `graphdoc::Builder` from its `docs/`.
fn build_script_crate(name: &str, resource: &str, lib: &str) -> PathBuf {
    let dir = scratch(name);
    let generator = repo_root().join("generator");
    std::fs::write(
        dir.join("Cargo.toml"),
        manifest(
            name,
            &format!(
                "\n[build-dependencies]\ngraphdoc = {{ path = {:?}, default-features = false }}\n",
                generator.display().to_string()
            ),
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("build.rs"),
        format!("fn main() -> Result<(), Box<dyn std::error::Error>> {{\n    graphdoc::Builder::new(\"docs\").resource(\"{resource}\").generate()?;\n    Ok(())\n}}\n"),
    )
    .unwrap();
    std::fs::write(dir.join("src/lib.rs"), lib).unwrap();
    dir
}

#[test]
fn build_script_reruns_on_the_pages_it_read_only() {
    let name = "rebuild-build-script";
    let dir = build_script_crate(
        name,
        "identityApiConnector",
        "#![allow(dead_code)]\ninclude!(concat!(env!(\"OUT_DIR\"), \"/graphdoc.rs\"));\n",
    );
    assert_tracking(&dir, name);
}

/// A build script naming an undocumented resource fails the build, and cargo shows the
/// rendered diagnostic with the nearest documented name.
#[test]
fn build_script_errors_fail_the_build_with_a_hint() {
    let name = "rebuild-build-error";
    let dir = build_script_crate(name, "identityApiConector", "");
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--offline"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", repo_root().join("target/scratch-check"))
        .output()
        .expect("run cargo");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("error[unknown-resource]")
            && stderr.contains("did you mean `identityApiConnector`?"),
        "{stderr}"
    );
}
