//! Emitted code must compile, without warnings, in a crate of its own — with real `cargo`. The
//! code emitted for each fixture tree is checked in under `tests/golden/` (a change shows as a
//! diff; `GRAPHDOC_BLESS=1` updates the files after review).

use graphdoc::Settings;
use graphdoc_tests::{assert_golden, cargo_check, fixture, repo_root};

#[test]
fn every_hazard_fixture_type_compiles_and_behaves() {
    let model = fixture("hazards").model();
    let out = graphdoc::generate(&model, &Settings::default());
    assert!(!out.has_errors(), "{:?}", out.diagnostics);
    assert_golden("tests/golden/hazards.rs", &out.code);
    // Behaviour that only a compiled crate can show: unknown enum values and unknown kinds are
    // kept, derived values write their @odata.type, keyword fields round-trip under wire names,
    // null and absent members come back as sent.
    let behaviour = include_str!("behaviour/hazards.rs");
    let dir = repo_root().join("target/scratch/hazards");
    let code = format!("{}\n{behaviour}", out.code);
    let (ok, log) = cargo_check(&dir, "hazards_check", &code);
    assert!(
        ok,
        "emitted code for the hazard fixtures does not compile:\n{log}"
    );
    assert!(
        !log.contains("warning"),
        "emitted code has warnings:\n{log}"
    );
    let test =
        std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["test", "--quiet", "--offline"])
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", repo_root().join("target/scratch-check"))
            .output()
            .expect("run cargo test");
    assert!(
        test.status.success(),
        "behaviour tests failed:\n{}{}",
        String::from_utf8_lossy(&test.stdout),
        String::from_utf8_lossy(&test.stderr)
    );
}

#[test]
fn malformed_fixture_types_compile() {
    let model = fixture("malformed").model();
    let out = graphdoc::generate(&model, &Settings::default());
    assert_golden("tests/golden/malformed.rs", &out.code);
    let (ok, log) = cargo_check(
        &repo_root().join("target/scratch/malformed"),
        "malformed_check",
        &out.code,
    );
    assert!(ok, "{log}");
}

#[test]
fn implied_fixture_types_compile() {
    let model = fixture("implied").model();
    let out = graphdoc::generate(&model, &Settings::default());
    assert!(!out.has_errors(), "{:?}", out.diagnostics);
    assert_golden("tests/golden/implied.rs", &out.code);
    let (ok, log) = cargo_check(
        &repo_root().join("target/scratch/implied"),
        "implied_check",
        &out.code,
    );
    assert!(ok, "{log}");
    assert!(
        !log.contains("warning"),
        "emitted code has warnings:\n{log}"
    );
}
