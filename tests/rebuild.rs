//! Rebuild tracking, as cargo sees it: crates that use the derive, `generate!` and the
//! build.rs builder are rebuilt when a page they read changes and left alone when an unrelated
//! page changes. Real `cargo build`s; freshness is read from cargo's own JSON messages.

use graphdoc_tests::{repo_root, scratch_cargo, write_scratch_crate};
use std::path::{Path, PathBuf};
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

/// A scratch crate `name` with `lib` as its lib.rs and `extra_manifest` in its manifest (see
/// [`write_scratch_crate`]), and in its own folder the sample pages plus one unrelated page.
fn scratch(name: &str, lib: &str, extra_manifest: &str) -> PathBuf {
    let dir = repo_root().join("target/rebuild-tests").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    write_scratch_crate(&dir, name, lib, extra_manifest);
    let docs = dir.join("docs");
    for (rel, text) in graphdoc::samples::PAGES {
        let p = docs.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    std::fs::write(docs.join("resources/gadget.md"), UNRELATED_PAGE).unwrap();
    dir
}

/// A path dependency on the workspace crate in `folder`, with `options` after the path.
fn workspace_crate(folder: &str, options: &str) -> String {
    let path = repo_root().join(folder).display().to_string();
    format!("{{ path = {path:?}{options} }}")
}

/// Builds the crate; returns whether cargo found its library fresh (not recompiled).
fn build_is_fresh(dir: &Path, name: &str) -> bool {
    let out = scratch_cargo(dir, &["build", "--offline", "--message-format", "json"]);
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

/// The crate in `dir` (a [`scratch`] crate, named as its folder) rebuilds when a page it read
/// changes, and only then.
fn assert_tracking(dir: &Path) {
    let name = &dir.file_name().unwrap().to_string_lossy();
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
    let derive = workspace_crate("derive", "");
    scratch(name, lib, &format!("graphdoc-derive = {derive}\n"))
}

#[test]
fn derive_rebuilds_on_the_pages_it_read_only() {
    let dir = macro_crate(
        "rebuild-derive",
        "#[derive(graphdoc_derive::GraphResource, serde::Deserialize)]\n#[graph(docs = \"docs\", resource = \"identityApiConnector\")]\npub struct Connector {\n    pub id: String,\n    pub display_name: Option<String>,\n}\n",
    );
    assert_tracking(&dir);
}

#[test]
fn generate_macro_rebuilds_on_the_pages_it_read_only() {
    let dir = macro_crate(
        "rebuild-generate",
        "#![allow(dead_code)]\ngraphdoc_derive::generate! { docs = \"docs\", resources = [\"identityApiConnector\"] }\n",
    );
    assert_tracking(&dir);
}

/// A crate whose build script generates `resource` with `graphdoc::Builder` from its `docs/`.
fn build_script_crate(name: &str, resource: &str, lib: &str) -> PathBuf {
    let generator = workspace_crate("generator", ", default-features = false");
    let dir = scratch(
        name,
        lib,
        &format!("\n[build-dependencies]\ngraphdoc = {generator}\n"),
    );
    std::fs::write(
        dir.join("build.rs"),
        format!("fn main() -> Result<(), Box<dyn std::error::Error>> {{\n    graphdoc::Builder::new(\"docs\").resource(\"{resource}\").generate()?;\n    Ok(())\n}}\n"),
    )
    .unwrap();
    dir
}

#[test]
fn build_script_reruns_on_the_pages_it_read_only() {
    let dir = build_script_crate(
        "rebuild-build-script",
        "identityApiConnector",
        "#![allow(dead_code)]\ninclude!(concat!(env!(\"OUT_DIR\"), \"/graphdoc.rs\"));\n",
    );
    assert_tracking(&dir);
}

/// A build script naming an undocumented resource fails the build, and cargo shows the
/// rendered diagnostic with the nearest documented name.
#[test]
fn build_script_errors_fail_the_build_with_a_hint() {
    let name = "rebuild-build-error";
    let dir = build_script_crate(name, "identityApiConector", "");
    let out = scratch_cargo(&dir, &["build", "--offline"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("error[unknown-resource]")
            && stderr.contains("did you mean `identityApiConnector`?"),
        "{stderr}"
    );
}
