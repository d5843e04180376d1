//! The `graphdoc` command: a thin adapter over the library. Reads arguments, calls the core,
//! prints, and maps outcomes to exit codes.

use clap::{Parser, Subcommand};
use graphdoc::diag::{self, Diagnostic, Severity};
use graphdoc::{Docs, Settings};
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit code: the run did what was asked and found nothing wrong.
const OK: u8 = 0;
/// Exit code: `check` found drift, or `lint` found errors (or warnings with `--deny-warnings`).
const FINDINGS: u8 = 1;
/// Exit code: the command line is wrong (clap's own code for its errors, and ours).
const USAGE: u8 = 2;
/// Exit code: the docs folder or the output could not be read or written, or generation failed.
const FAILED: u8 = 3;

#[derive(Parser)]
#[command(
    name = "graphdoc",
    version,
    about = "Typed Rust for Microsoft Graph, generated from its reference documentation.",
    long_about = "Typed Rust for Microsoft Graph, generated from its reference documentation.\n\n\
graphdoc reads a folder of Graph reference pages (markdown: resources/*.md, api/*.md), builds a \
model of every documented type, and writes serde structs and enums for them.\n\n\
Start with the bundled sample pages:\n    graphdoc generate --out src/graph\n\
Then point it at real docs, asking only for what you use:\n    graphdoc generate path/to/graph-docs/beta --resource identityApiConnector --out src/graph\n\
Keep it honest in CI:\n    graphdoc check path/to/graph-docs/beta --resource identityApiConnector --out src/graph",
    after_help = "Exit codes:\n  0  success (for `check`: the output is up to date; for `lint`: no errors)\n  1  `check`: the output differs from what `generate` would write; `lint`: errors found (or warnings, with --deny-warnings)\n  2  the command line is wrong (unknown flag, missing argument, unknown `lint --code`)\n  3  a folder could not be read or written (a link or special file where mod.rs goes included) or is not a docs tree (the parent of several versions, or a tree's resources/ or api/), or generation reported errors (e.g. an unknown --resource)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct Selection {
    /// A type to generate, by name (`identityApiConnector`) or qualified name
    /// (`microsoft.graph.identityApiConnector`); repeat for more. Everything the named types
    /// reference comes along. Without it, every type in the folder is generated.
    #[arg(long = "resource", short = 'r', value_name = "NAME")]
    resources: Vec<String>,
    /// The path generated code uses for the runtime crate. Use `crate` when writing into the
    /// runtime crate itself.
    #[arg(long, value_name = "PATH", default_value = "::graphdoc_generated")]
    runtime: String,
    /// Print no page warnings (errors still show). `graphdoc lint` lists them all.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Write Rust types for the documented types of a docs folder.
    ///
    /// With --out DIR, writes DIR/mod.rs (creating DIR); without it, prints the code. Include the
    /// result with `mod graph;` (for DIR = src/graph). Generated code needs the crates serde,
    /// serde_json and graphdoc-generated.
    Generate {
        /// The docs folder (the one holding resources/ and api/, e.g. graph-docs/beta). Without
        /// it, graphdoc uses its bundled sample pages (the identityApiConnector family).
        docs: Option<PathBuf>,
        #[command(flatten)]
        selection: Selection,
        /// Folder to write mod.rs into.
        #[arg(long, short, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Print the model of a docs folder: every type with its kind, base, key and properties.
    Model {
        /// The docs folder.
        docs: PathBuf,
        /// Output format. `json` is a stable interface (see README).
        #[arg(long, default_value = "json", value_parser = ["json"])]
        format: String,
    },
    /// Report every irregularity in a docs folder, rustc-style, with a summary by code.
    Lint {
        /// The docs folder.
        docs: PathBuf,
        /// Exit with 1 on warnings too, not only on errors.
        #[arg(long)]
        deny_warnings: bool,
        /// Show only these codes (repeatable), e.g. `--code unknown-type`. An unknown code is an
        /// error (exit 2) naming the nearest known one.
        #[arg(long, value_name = "CODE")]
        code: Vec<String>,
        /// Only what concerns these types (repeatable): the pages `generate --resource` would
        /// read for them, and their examples.
        #[arg(long = "resource", short = 'r', value_name = "NAME")]
        resources: Vec<String>,
        /// Print only the summary.
        #[arg(long)]
        summary: bool,
    },
    /// Fail (exit 1) when DIR/mod.rs is not what `generate` would write: the drift check for CI.
    ///
    /// Pass the same folder and flags that you pass to `generate`.
    Check {
        /// The docs folder; without it, the bundled sample pages.
        docs: Option<PathBuf>,
        #[command(flatten)]
        selection: Selection,
        /// The folder `generate --out` wrote.
        #[arg(long, short, value_name = "DIR")]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Generate {
            docs,
            selection,
            out,
        } => generate(docs.as_deref(), &selection, out.as_deref()),
        Command::Model { docs, .. } => model(&docs),
        Command::Lint {
            docs,
            deny_warnings,
            code,
            resources,
            summary,
        } => lint(&docs, deny_warnings, &code, &resources, summary),
        Command::Check {
            docs,
            selection,
            out,
        } => check(docs.as_deref(), &selection, &out),
    };
    ExitCode::from(code)
}

/// Progress on stderr, only when a person is watching.
struct Progress(bool);

impl Progress {
    fn new() -> Progress {
        Progress(std::io::stderr().is_terminal())
    }
    fn say(&self, what: &str) {
        if self.0 {
            eprintln!("  {what}");
        }
    }
}

/// A diagnostic rendered rustc-style with its page's path under the docs folder (absolute, so
/// it opens from anywhere, as build.rs's warnings and the derive's notes do).
fn show(docs: &Docs, d: &Diagnostic) -> String {
    let root = docs
        .root
        .canonicalize()
        .unwrap_or_else(|_| docs.root.clone());
    diag::render(&d.under(&root), docs.text(&d.file))
}

fn load(docs: Option<&Path>, progress: &Progress) -> Result<(Docs, Settings), u8> {
    let Some(root) = docs else {
        progress.say("using the bundled sample pages");
        return Ok((graphdoc::samples::docs(), Settings::default()));
    };
    progress.say(&format!("reading {}", root.display()));
    match Docs::read(root) {
        Ok(d) if d.files.is_empty() => {
            eprintln!("error: `{}` holds no .md pages\n  hint: pass the folder that holds resources/ and api/, e.g. graph-docs/beta", root.display());
            Err(FAILED)
        }
        Ok(d) => {
            let canonical = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
            Ok((d, Settings::for_folder(&canonical)))
        }
        Err(e) if e.source.kind() == std::io::ErrorKind::InvalidInput => {
            eprintln!("error: {e}");
            Err(FAILED)
        }
        Err(e) => {
            eprintln!("error: {e}\n  hint: pass the folder that holds resources/ and api/, e.g. graph-docs/beta");
            Err(FAILED)
        }
    }
}

fn build(
    docs: Option<&Path>,
    selection: &Selection,
) -> Result<(Docs, graphdoc::model::Model, graphdoc::Output), u8> {
    let progress = Progress::new();
    let (d, mut settings) = load(docs, &progress)?;
    settings.resources = selection.resources.clone();
    settings.runtime = selection.runtime.clone();
    settings.quiet = selection.quiet;
    progress.say(&format!("parsing {} pages", d.files.len()));
    let model = d.model();
    progress.say(&format!(
        "emitting ({} types documented)",
        model.types.len()
    ));
    let out = graphdoc::generate(&model, &settings);
    for e in out
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
    {
        eprint!("{}", show(&d, e));
    }
    if out.has_errors() {
        return Err(FAILED);
    }
    Ok((d, model, out))
}

/// Warnings about the pages that contributed to the output: the first few in full, then a
/// count (the full list is `graphdoc lint`'s job).
fn summarise(
    docs: &Docs,
    model: &graphdoc::model::Model,
    out: &graphdoc::Output,
    folder: Option<&Path>,
) {
    const SHOWN: usize = 10;
    // Pages that were not read concern every output: one of them may be the page asked for.
    let unread = |d: &Diagnostic| docs.unreadable.contains(d);
    let relevant: Vec<&Diagnostic> = docs
        .unreadable
        .iter()
        .chain(
            model
                .diagnostics
                .iter()
                .chain(out.diagnostics.iter())
                .filter(|d| d.severity <= Severity::Warning && out.concerns(d) && !unread(d)),
        )
        .collect();
    for d in relevant.iter().take(SHOWN) {
        eprint!("{}", show(docs, d));
    }
    if relevant.len() > SHOWN {
        let folder = folder.map_or_else(|| "<docs>".to_string(), |p| p.display().to_string());
        eprintln!(
            "…and {} more warnings on the pages used; see them all with `graphdoc lint {folder}`",
            relevant.len() - SHOWN
        );
    }
}

fn generate(docs: Option<&Path>, selection: &Selection, out_dir: Option<&Path>) -> u8 {
    let (d, model, out) = match build(docs, selection) {
        Ok(x) => x,
        Err(code) => return code,
    };
    if !selection.quiet {
        summarise(&d, &model, &out, docs);
    }
    match out_dir {
        None => {
            let mut stdout = std::io::stdout().lock();
            if stdout.write_all(out.code.as_bytes()).is_err() {
                return FAILED;
            }
        }
        Some(dir) => {
            let file = dir.join("mod.rs");
            let written = std::fs::create_dir_all(dir)
                .map_err(graphdoc::files::Refused::Io)
                .and_then(|_| graphdoc::files::write_regular(&file, out.code.as_bytes()));
            if let Err(e) = written {
                eprintln!("error: cannot write `{}`: {e}\n  hint: --out must be a folder of your own; a link or special file named mod.rs there is never written through", file.display());
                return FAILED;
            }
            eprintln!("wrote {} types to {}", out.emitted.len(), file.display());
        }
    }
    OK
}

fn check(docs: Option<&Path>, selection: &Selection, out_dir: &Path) -> u8 {
    let (d, _, out) = match build(docs, selection) {
        Ok(x) => x,
        Err(code) => return code,
    };
    if !selection.quiet {
        for u in &d.unreadable {
            eprint!("{}", show(&d, u));
        }
    }
    let file = out_dir.join("mod.rs");
    let current = match graphdoc::files::read_existing(&file) {
        Ok(Some(c)) => c,
        Ok(None) => {
            eprintln!("error: `{}` does not exist\n  hint: run `graphdoc generate` with the same arguments and --out {}", file.display(), out_dir.display());
            return FAILED;
        }
        Err(e) => {
            let hint = match e {
                graphdoc::files::Refused::NotRegular(_) => "--out must be a folder of your own; a link or special file named mod.rs there is never read or written through".to_string(),
                _ => format!("run `graphdoc generate` with the same arguments and --out {}", out_dir.display()),
            };
            eprintln!(
                "error: cannot read `{}`: {e}\n  hint: {hint}",
                file.display()
            );
            return FAILED;
        }
    };
    if current == out.code {
        eprintln!(
            "{} is up to date ({} types)",
            file.display(),
            out.emitted.len()
        );
        return OK;
    }
    eprintln!(
        "{} differs from what `graphdoc generate` would write:",
        file.display()
    );
    eprint!("{}", line_diff(&current, &out.code, 40));
    eprintln!(
        "hint: run `graphdoc generate` with the same arguments and --out {} to update it",
        out_dir.display()
    );
    FINDINGS
}

/// A compact diff: each differing line of the two texts, up to `limit` lines, as `-`/`+` pairs
/// with line numbers (common prefix and suffix skipped).
fn line_diff(old: &str, new: &str, limit: usize) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let mut out = String::new();
    let (a_mid, b_mid) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    out.push_str(&format!(
        "@@ line {} @@ ({} lines now, {} expected)\n",
        prefix + 1,
        a_mid.len(),
        b_mid.len()
    ));
    for l in a_mid.iter().take(limit / 2) {
        out.push_str(&format!("-{l}\n"));
    }
    for l in b_mid.iter().take(limit / 2) {
        out.push_str(&format!("+{l}\n"));
    }
    if a_mid.len() + b_mid.len() > limit {
        out.push_str("…\n");
    }
    out
}

fn model(docs: &Path) -> u8 {
    let progress = Progress::new();
    let (d, _) = match load(Some(docs), &progress) {
        Ok(x) => x,
        Err(c) => return c,
    };
    progress.say(&format!("parsing {} pages", d.files.len()));
    let m = d.model();
    let mut stdout = std::io::stdout().lock();
    match serde_json::to_writer_pretty(&mut stdout, &m.to_json()) {
        Ok(()) => {
            let _ = writeln!(stdout);
            OK
        }
        Err(e) => {
            eprintln!("error: cannot write the model: {e}");
            FAILED
        }
    }
}

fn lint(
    docs: &Path,
    deny_warnings: bool,
    codes: &[String],
    resources: &[String],
    summary_only: bool,
) -> u8 {
    let mut wanted = Vec::new();
    for c in codes {
        if let Ok(code) = c.parse::<diag::Code>() {
            wanted.push(code);
        } else {
            let nearest = diag::Code::ALL
                .iter()
                .map(|k| k.as_str())
                .min_by_key(|k| graphdoc::emit::edit_distance(k, &c.to_ascii_lowercase()))
                .unwrap_or("");
            eprintln!("error: `--code {c}` is not a code graphdoc reports\n  hint: did you mean `{nearest}`? `graphdoc lint DOCS --summary` lists the codes a folder has");
            return USAGE;
        }
    }
    let progress = Progress::new();
    let (d, mut settings) = match load(Some(docs), &progress) {
        Ok(x) => x,
        Err(c) => return c,
    };
    progress.say(&format!("parsing {} pages", d.files.len()));
    let m = d.model();
    // With --resource, only the pages `generate` would read for those types count.
    let scope = if resources.is_empty() {
        None
    } else {
        settings.resources = resources.to_vec();
        let out = graphdoc::generate(&m, &settings);
        if out.has_errors() {
            for e in out
                .diagnostics
                .iter()
                .filter(|x| x.severity == Severity::Error)
            {
                eprint!("{}", show(&d, e));
            }
            return FAILED;
        }
        Some(out)
    };
    // The documented examples are checked against the documented types too: an example the
    // emitted types could not read is a contradiction in the pages (`example-mismatch`).
    progress.say("checking the examples against the types");
    let mut examples = diag::Sink::default();
    graphdoc::check::check_examples(&m, &mut examples);
    let mut shown: Vec<&Diagnostic> = m
        .diagnostics
        .iter()
        .chain(examples.items.iter())
        .chain(scope.iter().flat_map(|o| o.diagnostics.iter()))
        .filter(|x| wanted.is_empty() || wanted.contains(&x.code))
        .filter(|x| scope.as_ref().is_none_or(|o| o.concerns(x)))
        .collect();
    shown.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    let mut stdout = std::io::stdout().lock();
    if !summary_only {
        for x in &shown {
            let _ = writeln!(stdout, "{}", show(&d, x));
        }
    }
    let mut by_code: BTreeMap<(Severity, diag::Code), usize> = BTreeMap::new();
    for x in &shown {
        *by_code.entry((x.severity, x.code)).or_default() += 1;
    }
    let _ = writeln!(
        stdout,
        "summary: {} pages, {} types, {} diagnostics",
        m.pages,
        m.types.len(),
        shown.len()
    );
    for ((sev, code), n) in &by_code {
        let _ = writeln!(stdout, "  {n:6}  {:7} {code}", sev.as_str());
    }
    if !m.left_out.is_empty() && scope.is_none() {
        let _ = writeln!(
            stdout,
            "left out: {} documented types could not be built:",
            m.left_out.len()
        );
        for l in &m.left_out {
            let _ = writeln!(stdout, "  {} ({}): {}", l.name, l.file, l.reason);
        }
    }
    let errors = shown.iter().any(|x| x.severity == Severity::Error);
    let warnings = shown.iter().any(|x| x.severity == Severity::Warning);
    if errors || (deny_warnings && warnings) {
        FINDINGS
    } else {
        OK
    }
}
