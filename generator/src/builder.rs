//! The build-script front end: the CLI's settings and output, written to `OUT_DIR`, with cargo
//! told exactly which pages to watch.
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     graphdoc::Builder::new("graph-docs/beta")
//!         .resource("identityApiConnector")
//!         .generate()?;
//!     Ok(())
//! }
//! ```
//! and in the crate: `include!(concat!(env!("OUT_DIR"), "/graphdoc.rs"));`

use crate::diag::{self, Diagnostic, Severity};
use crate::docs::Docs;
use crate::settings::Settings;
use std::fmt;
use std::path::{Path, PathBuf};

/// Generates Rust from a docs folder in a build script. Warnings about the pages used become
/// `cargo:warning`s; errors fail the build with rendered diagnostics; every page read for the
/// output gets a `cargo:rerun-if-changed`, and nothing else does.
#[derive(Debug, Clone)]
pub struct Builder {
    docs: PathBuf,
    settings: Settings,
    doc_url_set: bool,
    file_name: String,
    manifest_dir: Option<PathBuf>,
    out_dir: Option<PathBuf>,
}

/// What a build produced.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The file written (`$OUT_DIR/graphdoc.rs` by default).
    pub file: PathBuf,
    /// How many types it holds.
    pub types: usize,
    /// The pages it depends on, absolute.
    pub pages: Vec<PathBuf>,
    /// The `cargo:` lines printed, in order.
    pub instructions: Vec<String>,
}

/// Why a build script could not generate: the docs folder, the output file, or errors on the
/// pages. `Debug` prints the same text as `Display`, so `fn main() -> Result<…>` shows it whole.
pub struct BuildError {
    message: String,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Debug for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for BuildError {}

/// Warnings shown as `cargo:warning`, at most; the rest are counted (`graphdoc lint` lists them).
const SHOWN_WARNINGS: usize = 10;

impl Builder {
    /// Reads the docs folder `docs`, relative to the crate's `Cargo.toml` folder unless
    /// absolute.
    pub fn new(docs: impl AsRef<Path>) -> Builder {
        Builder {
            docs: docs.as_ref().to_path_buf(),
            settings: Settings::default(),
            doc_url_set: false,
            file_name: "graphdoc.rs".to_string(),
            manifest_dir: None,
            out_dir: None,
        }
    }

    /// Adds a resource to generate (everything it references comes along). None: all types.
    pub fn resource(mut self, name: impl Into<String>) -> Builder {
        self.settings.resources.push(name.into());
        self
    }

    /// The path generated code uses for the runtime crate (default `::graphdoc_generated`).
    pub fn runtime(mut self, path: impl Into<String>) -> Builder {
        self.settings.runtime = path.into();
        self
    }

    /// The doc link template (`{page}` is the page's file stem); by default the published
    /// pages for folders named `beta` or `v1.0`, as the CLI does.
    pub fn doc_url(mut self, template: impl Into<String>) -> Builder {
        self.settings.doc_url = Some(template.into());
        self.doc_url_set = true;
        self
    }

    /// No `cargo:warning`s for page warnings (Microsoft's own typos, repeated on every build);
    /// errors still fail the build with their diagnostics. `graphdoc lint` lists the warnings.
    pub fn quiet(mut self) -> Builder {
        self.settings.quiet = true;
        self
    }

    /// Uses these settings whole (what a project shares between its CLI runs and its build).
    pub fn settings(mut self, settings: Settings) -> Builder {
        self.doc_url_set = settings.doc_url.is_some();
        self.settings = settings;
        self
    }

    /// The file name in `OUT_DIR` (default `graphdoc.rs`), for scripts that generate twice.
    pub fn file_name(mut self, name: impl Into<String>) -> Builder {
        self.file_name = name.into();
        self
    }

    /// Uses these folders instead of cargo's `CARGO_MANIFEST_DIR` and `OUT_DIR` (tests, or
    /// tools that are not build scripts).
    pub fn dirs(
        mut self,
        manifest_dir: impl Into<PathBuf>,
        out_dir: impl Into<PathBuf>,
    ) -> Builder {
        self.manifest_dir = Some(manifest_dir.into());
        self.out_dir = Some(out_dir.into());
        self
    }

    /// Generates, printing `cargo:` instructions to stdout. Errors come back rendered in the
    /// `BuildError` (its `Debug` is its text, so `main() -> Result<…>` shows them whole).
    pub fn generate(self) -> Result<Generated, BuildError> {
        self.generate_with(&mut |line| println!("{line}"))
    }

    /// Generates, handing each `cargo:` instruction to `out` instead of printing it.
    pub fn generate_with(self, out: &mut dyn FnMut(&str)) -> Result<Generated, BuildError> {
        let env_dir = |given: &Option<PathBuf>, var: &str| -> Result<PathBuf, BuildError> {
            match given {
                Some(d) => Ok(d.clone()),
                None => std::env::var_os(var).map(PathBuf::from).ok_or_else(|| BuildError {
                    message: format!("graphdoc::Builder: `{var}` is not set; call it from a build script (build.rs), or set the folders with `.dirs(…)`"),
                }),
            }
        };
        let manifest_dir = env_dir(&self.manifest_dir, "CARGO_MANIFEST_DIR")?;
        let out_dir = env_dir(&self.out_dir, "OUT_DIR")?;
        let root = manifest_dir.join(&self.docs);
        let mut instructions = Vec::new();
        let mut say = |line: String, instructions: &mut Vec<String>| {
            out(&line);
            instructions.push(line);
        };
        let docs = match Docs::read(&root) {
            Ok(d) if !d.files.is_empty() => d,
            result => {
                // Watching the missing folder reruns the script once it appears.
                say(
                    format!("cargo:rerun-if-changed={}", root.display()),
                    &mut instructions,
                );
                let why = match result {
                    Err(e) => e.to_string(),
                    Ok(_) => format!("the docs folder `{}` holds no .md pages", root.display()),
                };
                return Err(BuildError {
                    message: format!("graphdoc: {why}\n  help: the path is relative to {}; point it at the folder that holds resources/ and api/", manifest_dir.display()),
                });
            }
        };
        let mut settings = self.settings.clone();
        if !self.doc_url_set {
            let canonical = root.canonicalize().unwrap_or_else(|_| root.clone());
            settings.doc_url = Settings::for_folder(&canonical).doc_url;
        }
        let model = docs.model();
        let output = crate::generate(&model, &settings);
        let pages: Vec<PathBuf> = output.pages.iter().map(|p| root.join(p)).collect();
        for p in &pages {
            say(
                format!("cargo:rerun-if-changed={}", p.display()),
                &mut instructions,
            );
        }
        let (errors, warnings): (Vec<&Diagnostic>, Vec<&Diagnostic>) = model
            .diagnostics
            .iter()
            .chain(&output.diagnostics)
            .filter(|d| d.severity <= Severity::Warning && output.concerns(d))
            .partition(|d| d.severity == Severity::Error);
        let warnings = if settings.quiet { Vec::new() } else { warnings };
        for d in warnings.iter().take(SHOWN_WARNINGS) {
            say(
                // The page's full path, so editors can jump to it from cargo's output.
                format!("cargo:warning={}", d.under(&root).one_line()),
                &mut instructions,
            );
        }
        if warnings.len() > SHOWN_WARNINGS {
            say(
                format!("cargo:warning=…and {} more warnings on the pages used; `graphdoc lint {}` lists them all", warnings.len() - SHOWN_WARNINGS, root.display()),
                &mut instructions,
            );
        }
        if !errors.is_empty() {
            let rendered: String = errors
                .iter()
                .map(|d| diag::render(&d.under(&root), docs.text(&d.file)))
                .collect();
            return Err(BuildError {
                message: format!(
                    "graphdoc: {} error(s) generating from {}:\n{rendered}",
                    errors.len(),
                    root.display()
                ),
            });
        }
        let file = out_dir.join(&self.file_name);
        // Rewriting an unchanged file would make cargo recompile the crate for nothing.
        // A link or special file there is refused rather than written through or waited on.
        let current = crate::files::read_existing(&file).ok().flatten();
        if current.as_deref() != Some(output.code.as_str()) {
            crate::files::write_regular(&file, output.code.as_bytes()).map_err(|e| BuildError {
                message: format!("graphdoc: cannot write `{}`: {e}", file.display()),
            })?;
        }
        Ok(Generated {
            file,
            types: output.emitted.len(),
            pages,
            instructions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let d =
            std::env::temp_dir().join(format!("graphdoc-builder-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    fn sample_docs(into: &Path) {
        for (rel, text) in crate::samples::PAGES {
            let p = into.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
    }

    /// Runs `b` in `dir` (writing to `dir/out`) as cargo would run the build script; returns
    /// what it generated and the lines it printed for cargo.
    fn run(b: Builder, dir: &Path) -> Result<(Generated, Vec<String>), BuildError> {
        let out = dir.join("out");
        std::fs::create_dir_all(&out).unwrap();
        let mut lines = Vec::new();
        b.dirs(dir, &out)
            .generate_with(&mut |l| lines.push(l.to_string()))
            .map(|g| (g, lines))
    }

    #[test]
    fn writes_what_the_cli_writes_and_watches_only_the_pages_used() {
        let dir = scratch("ok");
        sample_docs(&dir.join("docs"));
        // A page nothing references: it must not be watched.
        std::fs::write(
            dir.join("docs/resources/unrelated.md"),
            "# unrelated resource type\n",
        )
        .unwrap();
        let (g, lines) = run(Builder::new("docs").resource("identityApiConnector"), &dir).unwrap();
        let written = std::fs::read_to_string(&g.file).unwrap();
        let docs = Docs::read(&dir.join("docs")).unwrap();
        let cli = crate::generate(
            &docs.model(),
            &Settings::default().with_resource("identityApiConnector"),
        );
        assert_eq!(written, cli.code);
        let watched: Vec<&str> = lines
            .iter()
            .filter_map(|l| l.strip_prefix("cargo:rerun-if-changed="))
            .collect();
        for page in [
            "resources/identityapiconnector.md",
            "api/identityapiconnector-list.md",
            "resources/basicauthentication.md",
        ] {
            assert!(
                watched.iter().any(|p| p.ends_with(page)),
                "{page}: {watched:?}"
            );
        }
        assert!(
            !watched.iter().any(|p| p.contains("unrelated")),
            "{watched:?}"
        );
        assert_eq!(watched.len(), g.pages.len());
        assert!(lines
            .iter()
            .all(|l| l.starts_with("cargo:rerun-if-changed=") || l.starts_with("cargo:warning=")));
    }

    #[test]
    fn quiet_drops_page_warnings_not_errors() {
        let dir = scratch("quiet");
        let docs = dir.join("docs/resources");
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::write(
            docs.join("widget.md"),
            "# widget resource type\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| id | String | The id. | extra |\n",
        )
        .unwrap();
        let lines = |b: Builder| run(b, &dir).map(|(_, lines)| lines);
        let loud = lines(Builder::new("docs")).unwrap();
        assert!(
            loud.iter()
                .any(|l| l.starts_with("cargo:warning=") && l.contains("ragged-table-row")),
            "{loud:?}"
        );
        let quiet = lines(Builder::new("docs").quiet()).unwrap();
        assert!(
            !quiet.iter().any(|l| l.starts_with("cargo:warning=")),
            "{quiet:?}"
        );
        assert!(lines(Builder::new("docs").quiet().resource("widgit")).is_err());
    }

    #[test]
    fn errors_say_what_to_do() {
        let dir = scratch("err");
        let e = run(Builder::new("nowhere"), &dir).unwrap_err();
        assert!(e.to_string().contains("nowhere"), "{e}");
        assert!(e.to_string().contains("relative to"), "{e}");
        sample_docs(&dir.join("docs"));
        let e = run(Builder::new("docs").resource("identityApiConector"), &dir).unwrap_err();
        assert!(
            e.to_string()
                .contains("did you mean `identityApiConnector`"),
            "{e}"
        );
    }
}
