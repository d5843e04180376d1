//! Emitted code must compile, without warnings, in a crate of its own — with real `cargo`. The
//! code emitted for each fixture tree is checked in under `tests/golden/` (a change shows as a
//! diff; `GRAPHDOC_BLESS=1` updates the files after review).

use graphdoc::Settings;
use graphdoc_tests::{assert_golden, cargo_check, fixture, repo_root, scratch_cargo};

/// The code emitted for the fixture tree `tree`, checked against `tests/golden/<tree>.rs`.
fn emitted(tree: &str) -> graphdoc::Output {
    let out = graphdoc::generate(&fixture(tree).model(), &Settings::default());
    assert_golden(&format!("tests/golden/{tree}.rs"), &out.code);
    out
}

/// `cargo check` of `code` in a scratch crate of the tree's own, which must compile (and, when
/// `clean`, without warnings); returns the crate's folder.
fn compiles(tree: &str, code: &str, clean: bool) -> std::path::PathBuf {
    let dir = repo_root().join("target/scratch").join(tree);
    let (ok, log) = cargo_check(&dir, &format!("{tree}_check"), code);
    assert!(
        ok,
        "emitted code for the {tree} fixtures does not compile:\n{log}"
    );
    assert!(
        !clean || !log.contains("warning"),
        "emitted code has warnings:\n{log}"
    );
    dir
}

#[test]
fn every_hazard_fixture_type_compiles_and_behaves() {
    let out = emitted("hazards");
    assert!(!out.has_errors(), "{:?}", out.diagnostics);
    // Behaviour that only a compiled crate can show: unknown enum values and unknown kinds are
    // kept, derived values write their @odata.type, keyword fields round-trip under wire names,
    // null and absent members come back as sent.
    let behaviour = include_str!("behaviour/hazards.rs");
    let dir = compiles("hazards", &format!("{}\n{behaviour}", out.code), true);
    let test = scratch_cargo(&dir, &["test", "--quiet", "--offline"]);
    assert!(
        test.status.success(),
        "behaviour tests failed:\n{}{}",
        String::from_utf8_lossy(&test.stdout),
        String::from_utf8_lossy(&test.stderr)
    );
}

#[test]
fn malformed_fixture_types_compile() {
    compiles("malformed", &emitted("malformed").code, false);
}

#[test]
fn implied_fixture_types_compile() {
    let out = emitted("implied");
    assert!(!out.has_errors(), "{:?}", out.diagnostics);
    compiles("implied", &out.code, true);
}
