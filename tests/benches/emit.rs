//! Emit throughput and the compile cost of what is emitted, over whole docs trees (issue 9,
//! point 5). Prints, per folder: the model build (once, not counted), the median time of
//! `graphdoc::generate` over every type with its endpoints, lines of Rust and lines per second;
//! with `--check`, the `cargo check` time of that output as a crate (dependencies warmed by a
//! first check, then the median of timed re-checks of the crate alone) and the time per emitted
//! type.
//!
//! `cargo bench -p graphdoc-tests --bench emit -- [--check] [--runs N] [DOCS_FOLDER...]`
//! (default folders: ../shared/graph-docs/v1.0 and ../shared/graph-docs/beta beside the checkout).

use graphdoc::{Docs, Settings};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// CPU time used so far by this process (`RUSAGE_SELF`) or by its waited-for children
/// (`RUSAGE_CHILDREN`): on a shared machine wall time measures the neighbours too.
fn cpu(who: libc::c_int) -> Duration {
    // SAFETY: getrusage writes into the struct we own; a zeroed rusage is a valid value.
    let mut r: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(who, &mut r) } != 0 {
        return Duration::ZERO;
    }
    let tv = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    tv(r.ru_utime) + tv(r.ru_stime)
}

fn main() {
    let mut args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let check = args.iter().any(|a| a == "--check");
    args.retain(|a| a != "--check");
    let mut runs = 7usize;
    if let Some(i) = args.iter().position(|a| a == "--runs") {
        runs = args
            .get(i + 1)
            .and_then(|n| n.parse().ok())
            .unwrap_or(runs)
            .max(1);
        args.drain(i..(i + 2).min(args.len()));
    }
    let root = graphdoc_tests::repo_root();
    let folders: Vec<PathBuf> = if args.is_empty() {
        vec![
            root.join("../shared/graph-docs/v1.0"),
            root.join("../shared/graph-docs/beta"),
        ]
    } else {
        args.iter().map(PathBuf::from).collect()
    };
    for folder in &folders {
        let docs = match Docs::read(folder) {
            Ok(d) => d,
            Err(e) => {
                println!("skipping {}: {e}", folder.display());
                continue;
            }
        };
        let t = Instant::now();
        let model = docs.model();
        println!(
            "\n=== {} ===\nmodel: {} types in {:.2?} (built once, not counted)",
            folder.display(),
            model.types.len(),
            t.elapsed()
        );
        let settings = Settings::default();
        let (mut times, mut cpus) = (Vec::new(), Vec::new());
        let mut out = None;
        for _ in 0..runs {
            let (t, c) = (Instant::now(), cpu(libc::RUSAGE_SELF));
            let o = black_box(graphdoc::generate(&model, &settings));
            times.push(t.elapsed());
            cpus.push(cpu(libc::RUSAGE_SELF).saturating_sub(c));
            out = Some(o);
        }
        let Some(out) = out else { continue };
        let lines = out.code.lines().count();
        let (emit, emit_cpu) = (median(times), median(cpus));
        println!(
            "emit: {} types, {} lines, {} bytes; median of {runs} runs {:.2?} wall, {:.0} lines/s ({:.2?} CPU, {:.0} lines per CPU second)",
            out.emitted.len(),
            lines,
            out.code.len(),
            emit,
            lines as f64 / emit.as_secs_f64(),
            emit_cpu,
            lines as f64 / emit_cpu.as_secs_f64()
        );
        if !check {
            continue;
        }
        let name = folder
            .file_name()
            .map_or("docs".into(), |f| f.to_string_lossy().replace('.', "_"));
        let dir = root.join("target/emit-bench").join(&name);
        let krate = format!("emit_bench_{name}");
        // The first check builds the dependencies (shared across scratch crates) and the crate.
        let (ok, log) = graphdoc_tests::cargo_check(&dir, &krate, &out.code);
        if !ok {
            println!("cargo check FAILED:");
            for l in log.lines().take(30) {
                println!("  {l}");
            }
            continue;
        }
        // Each call rewrites lib.rs, so cargo checks the crate again (only it).
        let checks = 3;
        let (mut times, mut cpus) = (Vec::new(), Vec::new());
        for _ in 0..checks {
            let (t, c) = (Instant::now(), cpu(libc::RUSAGE_CHILDREN));
            let (ok, _) = graphdoc_tests::cargo_check(&dir, &krate, &out.code);
            times.push(t.elapsed());
            cpus.push(cpu(libc::RUSAGE_CHILDREN).saturating_sub(c));
            assert!(ok, "the second check of the same code failed");
        }
        let (check, check_cpu) = (median(times), median(cpus));
        let per_type = |d: Duration| d.as_secs_f64() * 1e3 / out.emitted.len().max(1) as f64;
        println!(
            "cargo check: median of {checks} re-checks {:.2?} wall, {:.2} ms per emitted type ({:.2?} CPU, {:.2} ms per type)",
            check,
            per_type(check),
            check_cpu,
            per_type(check_cpu)
        );
    }
}
