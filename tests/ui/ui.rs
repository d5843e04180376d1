//! UI tests of the proc macros (trybuild): what compiles in each mode, and the errors a user
//! sees for each mistake, reviewed in `ui/fail/*.stderr`.

#[test]
fn ui() {
    let manifest = env!("CARGO_MANIFEST_DIR");
    // trybuild compiles the cases in a scratch project under target/; the macros resolve
    // `docs = "…"` against this crate's folder instead.
    std::env::set_var("GRAPHDOC_MANIFEST_DIR", manifest);
    // build.rs mode: run the builder as a build script would, for `pass/build_script.rs`.
    let out = std::path::Path::new(manifest).join("../../target/ui-build-script");
    std::fs::create_dir_all(&out).unwrap();
    graphdoc::Builder::new("../../generated/docs")
        .resource("identityApiConnector")
        .dirs(manifest, &out)
        .generate_with(&mut |_| {})
        .unwrap();
    std::env::set_var("GRAPHDOC_UI_OUT", out.canonicalize().unwrap());
    let t = trybuild::TestCases::new();
    t.pass("pass/*.rs");
    t.compile_fail("fail/*.rs");
}
