//! A loopback run of the real docs' `user`: `--resource user` generated from the version's
//! folder, built with the runtime's client, PATCHed (the page documents `204 No Content`, so
//! the call must return `Ok`) and read back. What a user of the CLI on these docs gets.

use graphdoc::model::Model;
use graphdoc::Settings;
use std::path::Path;
use std::time::Instant;

/// Generates, builds and runs the check; false on any failure (printed).
pub fn run(model: &Model, dir: &Path, name: &str) -> bool {
    let t = Instant::now();
    let settings = Settings {
        resources: vec!["user".into()],
        ..Settings::default()
    };
    let out = graphdoc::generate(model, &settings);
    if out.has_errors() || !out.code.contains("pub struct UserUpdate") {
        println!("user over loopback: `--resource user` did not emit `UserUpdate`: FAILED");
        return false;
    }
    let krate = format!("user_{name}");
    let main = include_str!("corpus_user.rs.in").replace("__CRATE__", &krate);
    let (built, log, exe) = graphdoc_tests::cargo_build_client_bin(
        dir,
        &krate,
        &format!("user_e2e_{name}"),
        &out.code,
        &main,
    );
    if !built {
        println!("user over loopback: the crate does not build: FAILED");
        for l in log.lines().take(30) {
            println!("  {l}");
        }
        return false;
    }
    let run = std::process::Command::new(&exe).output();
    let ok = matches!(&run, Ok(o) if o.status.success());
    println!(
        "user over loopback (`--resource user`, {} lines, built and run in {:.0?}):",
        out.code.lines().count(),
        t.elapsed()
    );
    match run {
        Ok(o) => print!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => println!("  cannot run {}: {e}", exe.display()),
    }
    println!("user over loopback: {}", if ok { "ok" } else { "FAILED" });
    ok
}
