//! The models checked into `generated/` must be exactly what the generator writes for the bundled
//! sample pages. On failure, regenerate with:
//! `cargo run -p graphdoc -- generate --runtime crate --out generated/src/models`.

use graphdoc::Settings;
use graphdoc_tests::{assert_same_text, repo_root};

#[test]
fn checked_in_models_match_the_generator() {
    let model = graphdoc::samples::docs().model();
    let out = graphdoc::generate(&model, &Settings::default().with_runtime("crate"));
    let path = repo_root().join("generated/src/models/mod.rs");
    let on_disk = std::fs::read_to_string(&path).expect("read generated/src/models/mod.rs");
    assert_same_text(
        "generated/src/models/mod.rs",
        &on_disk,
        &out.code,
        "run `cargo run -p graphdoc -- generate --runtime crate --out generated/src/models`",
    );
}

#[test]
fn bundled_pages_are_the_sample_folder() {
    let folder =
        graphdoc::Docs::read(&repo_root().join("generated/docs")).expect("read generated/docs");
    let bundled = graphdoc::samples::docs();
    let a: Vec<_> = folder
        .files
        .iter()
        .map(|(f, t)| (f.as_str(), t.as_str()))
        .collect();
    let b: Vec<_> = bundled
        .files
        .iter()
        .map(|(f, t)| (f.as_str(), t.as_str()))
        .collect();
    assert_eq!(
        a, b,
        "generator/src/samples.rs must list every page of generated/docs"
    );
}
