//! The seeded mutation run of the corpus step: small trees of real pages, broken on purpose,
//! given to the release `graphdoc` binary under a time and memory bound.
//!
//! Each case samples a few resource pages (and some of their API pages) from the docs folder,
//! applies one kind of damage (byte flips, truncation inside a UTF-8 character, ragged tables,
//! broken fences, deeply nested JSON, colliding names, inheritance cycles, odd files, hidden
//! characters, huge names and deep chains), runs `generate` and then `check`, and looks for a
//! panic, a hang, an abort, text from a canary file outside the tree in what was written, a
//! write outside the output folder, or output that `check` does not find up to date. Every
//! output is then compiled, as one module per case, with `deny(warnings)`. The case count and
//! the seed are fixed, so a run is reproducible and its time bounded.

use std::path::{Path, PathBuf};

use super::bounded;
use super::damage::{self, Places};

/// Cases per run, split evenly over the kinds of damage.
const CASES: usize = 60;
const SEED: u64 = 0x6772_6170_6864_6f63;
const MEMORY_KIB: u64 = 4 << 20;
const SECONDS: u64 = 60;
/// Text only the canary page outside the tree holds.
const CANARY: &str = "CanaryOutsideTheTree7f3a";

const KINDS: [&str; 10] = [
    "byte flips",
    "truncated inside UTF-8",
    "ragged tables",
    "broken fences",
    "deep JSON",
    "colliding names",
    "inheritance cycle",
    "odd files",
    "hidden characters",
    "huge names and deep chains",
];

/// splitmix64: small, seedable, and the same everywhere.
pub struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[derive(Default)]
struct Counts {
    cases: usize,
    generated: usize,
    refused: usize,
    panics: Vec<String>,
    hangs: Vec<String>,
    aborts: Vec<String>,
    outside_reads: Vec<String>,
    outside_writes: Vec<String>,
    stale: Vec<String>,
    not_compiling: Vec<String>,
    slowest: (std::time::Duration, String),
}

/// Runs the mutation cases on pages of `docs`; prints the counts and returns true when none
/// of the failures happened.
pub fn run(docs: &Path, scratch: &Path) -> bool {
    let t = std::time::Instant::now();
    let exe = match std::env::current_exe() {
        Ok(p) => p.with_file_name(format!("graphdoc{}", std::env::consts::EXE_SUFFIX)),
        Err(e) => {
            println!("mutation run: cannot find the graphdoc binary: {e}");
            return false;
        }
    };
    if !exe.is_file() {
        println!("mutation run: {} is missing; build it with `cargo build --release -p graphdoc -p graphdoc-tests --bins`", exe.display());
        return false;
    }
    let pool = page_pool(docs);
    if pool.is_empty() {
        println!(
            "mutation run: no small resource pages under {}",
            docs.display()
        );
        return false;
    }
    let _ = std::fs::remove_dir_all(scratch);
    let canary = scratch.join("outside-canary.md");
    let victim = scratch.join("outside-victim.rs");
    if std::fs::create_dir_all(scratch).is_err()
        || std::fs::write(&canary, format!("# {CANARY} resource type\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|{CANARY}|String|{CANARY}|\n")).is_err()
    {
        println!("mutation run: cannot write under {}", scratch.display());
        return false;
    }
    let mut rng = Rng(SEED);
    let mut c = Counts::default();
    let mut compiled: Vec<(String, String)> = Vec::new();
    for case in 0..CASES {
        let kind = case % KINDS.len();
        let id = format!("case_{case:03} ({})", KINDS[kind]);
        let dir = scratch.join(format!("case_{case:03}"));
        let tree = dir.join("docs");
        let out = dir.join("out");
        let _ = std::fs::write(&victim, "untouched");
        let places = Places {
            tree: &tree,
            out: &out,
            canary: &canary,
            victim: &victim,
        };
        if let Err(e) = build_case(&pool, kind, &places, &mut rng) {
            println!("mutation run: {id}: cannot build the tree: {e}");
            return false;
        }
        c.cases += 1;
        let (tree_s, out_s) = (tree.to_string_lossy(), out.to_string_lossy());
        let gen = bounded::run(
            &exe,
            &["generate", &tree_s, "--out", &out_s, "-q"],
            MEMORY_KIB,
            SECONDS,
        );
        let written = std::fs::read_to_string(out.join("mod.rs")).unwrap_or_default();
        classify(&gen, &id, &mut c);
        if written.contains(CANARY) || gen.stderr.contains(CANARY) {
            c.outside_reads.push(id.clone());
        }
        if std::fs::read_to_string(&victim).ok().as_deref() != Some("untouched") {
            c.outside_writes.push(id.clone());
        }
        match gen.code {
            Some(0) => {
                c.generated += 1;
                let check = bounded::run(
                    &exe,
                    &["check", &tree_s, "--out", &out_s, "-q"],
                    MEMORY_KIB,
                    SECONDS,
                );
                classify(&check, &id, &mut c);
                if check.code != Some(0) && !check.hung && !check.crashed() {
                    c.stale.push(format!("{id}: {}", first_line(&check.stderr)));
                }
                compiled.push((format!("case_{case:03}"), written));
            }
            Some(3) => c.refused += 1,
            _ => {}
        }
    }
    let compile_started = std::time::Instant::now();
    let (ok, log) = compile(&scratch.join("crate"), &compiled);
    if !ok {
        for (module, _) in &compiled {
            if log.contains(&format!("src/{module}.rs")) {
                c.not_compiling.push(module.clone());
            }
        }
        if c.not_compiling.is_empty() {
            c.not_compiling.push("(the crate)".into());
        }
        println!("{}", log.lines().take(30).collect::<Vec<_>>().join("\n"));
    }
    report(&c, compiled.len(), compile_started.elapsed(), t.elapsed())
}

fn classify(run: &bounded::Run, id: &str, c: &mut Counts) {
    if run.took > c.slowest.0 {
        c.slowest = (run.took, id.to_string());
    }
    if run.hung {
        c.hangs.push(id.to_string());
    } else if run.crashed() {
        c.panics.push(format!("{id}: {}", first_line(&run.stderr)));
    } else if run.killed() {
        c.aborts.push(id.to_string());
    }
}

fn first_line(s: &str) -> &str {
    s.lines().find(|l| !l.trim().is_empty()).unwrap_or("")
}

fn report(
    c: &Counts,
    outputs: usize,
    compile: std::time::Duration,
    all: std::time::Duration,
) -> bool {
    println!(
        "mutation run (seed {SEED:#x}): {} cases, {} generated, {} refused with exit 3; panics {}, hangs {}, aborts {}, outside reads {}, outside writes {}, not up to date after generate {}, outputs not compiling {} of {outputs} (slowest run {:.1?}, {}; {:.1?} to compile, {:.1?} in all)",
        c.cases,
        c.generated,
        c.refused,
        c.panics.len(),
        c.hangs.len(),
        c.aborts.len(),
        c.outside_reads.len(),
        c.outside_writes.len(),
        c.stale.len(),
        c.not_compiling.len(),
        c.slowest.0,
        c.slowest.1,
        compile,
        all
    );
    let lists = [
        ("panic", &c.panics),
        ("hang", &c.hangs),
        ("abort", &c.aborts),
        ("outside read", &c.outside_reads),
        ("outside write", &c.outside_writes),
        ("not up to date", &c.stale),
        ("not compiling", &c.not_compiling),
    ];
    let mut ok = true;
    for (what, list) in lists {
        for item in list.iter() {
            println!("  {what}: {item}");
            ok = false;
        }
    }
    ok
}

/// Resource pages under 16 KB (so each case's output stays small), sorted, each with up to
/// three of its API pages.
fn page_pool(docs: &Path) -> Vec<(PathBuf, Vec<PathBuf>)> {
    let list = |d: &Path| -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(d)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .collect();
        v.sort();
        v
    };
    let api = list(&docs.join("api"));
    list(&docs.join("resources"))
        .into_iter()
        .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.len() < 16_000))
        .map(|p| {
            let stem = p
                .file_stem()
                .map(|s| s.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            let pages = api
                .iter()
                .filter(|a| {
                    a.file_name().is_some_and(|n| {
                        n.to_string_lossy()
                            .to_lowercase()
                            .starts_with(&format!("{stem}-"))
                    })
                })
                .take(3)
                .cloned()
                .collect();
            (p, pages)
        })
        .collect()
}

/// Writes case `kind`'s tree: four sampled resources with their API pages, then the damage.
fn build_case(
    pool: &[(PathBuf, Vec<PathBuf>)],
    kind: usize,
    at: &Places,
    rng: &mut Rng,
) -> std::io::Result<()> {
    let (tree, out) = (at.tree, at.out);
    let _ = std::fs::remove_dir_all(tree.parent().unwrap_or(tree));
    std::fs::create_dir_all(tree.join("resources"))?;
    std::fs::create_dir_all(tree.join("api"))?;
    std::fs::create_dir_all(out)?;
    let mut pages: Vec<(String, Vec<u8>)> = Vec::new();
    for _ in 0..4 {
        let (res, apis) = &pool[rng.below(pool.len())];
        for p in std::iter::once(res).chain(apis) {
            let rel = format!(
                "{}/{}",
                if p == res { "resources" } else { "api" },
                p.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            );
            if !pages.iter().any(|(r, _)| *r == rel) {
                pages.push((rel, std::fs::read(p)?));
            }
        }
    }
    let target = rng.below(pages.len());
    damage::apply(kind, &mut pages, target, rng, at)?;
    for (rel, bytes) in &pages {
        std::fs::write(tree.join(rel), bytes)?;
    }
    Ok(())
}

/// One crate, a module per case, warnings denied.
fn compile(dir: &Path, outputs: &[(String, String)]) -> (bool, String) {
    let src = dir.join("src");
    if std::fs::create_dir_all(&src).is_err() {
        return (false, format!("cannot create {}", src.display()));
    }
    let mut lib = String::new();
    for (module, code) in outputs {
        if std::fs::write(src.join(format!("{module}.rs")), code).is_err() {
            return (false, format!("cannot write {module}.rs"));
        }
        lib.push_str(&format!("pub mod {module};\n"));
    }
    graphdoc_tests::cargo_check(dir, "graphdoc_mutations", &lib)
}
