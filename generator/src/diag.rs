//! Diagnostics: every irregularity found in a doc page, with where it is and what to do.
//!
//! Codes are stable strings (kebab-case) so scripts and CI can count and filter them; the
//! message is for people and may be reworded.

use std::fmt::Write as _;

mod code;
pub use code::{readme_table, Code};

/// How bad a diagnostic is. Errors stop the build in front ends that fail on errors (build.rs,
/// macros); warnings describe a page irregularity that generation worked around.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Generation could not produce something the page documents.
    Error,
    /// The page is irregular; generation worked around it.
    Warning,
    /// Worth knowing, nothing was lost.
    Note,
}

impl Severity {
    /// The word rustc uses for this severity.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// One finding about one place in one page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// What kind of irregularity it is; printed as a stable kebab-case code, e.g. `lenient-json`.
    pub code: Code,
    /// The page, relative to the docs root, with `/` separators.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// What is wrong, and what was done about it.
    pub message: String,
}

impl Diagnostic {
    /// One line, compiler-style: `file:line:column: severity[code]: message`, for places that
    /// show a list (a macro's error note, a `cargo:warning`).
    /// The same finding with its file as a path under `root` (the docs folder), so a terminal
    /// or editor opens it from wherever the user is. Every front end shows files this way.
    pub fn under(&self, root: &std::path::Path) -> Diagnostic {
        let mut d = self.clone();
        if !d.file.is_empty() {
            d.file = root.join(&d.file).display().to_string();
        }
        d
    }

    pub fn one_line(&self) -> String {
        format!(
            "{}:{}:{}: {}[{}]: {}",
            self.file,
            self.line,
            self.column,
            self.severity.as_str(),
            self.code,
            self.message
        )
    }
}

/// A place in a page, carried by parsed items so later stages can point back at the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

impl Pos {
    /// A position at the start of `line`.
    pub fn line(line: u32) -> Pos {
        Pos { line, column: 1 }
    }
}

/// The one collector every stage pushes its diagnostics to (in the manner of serde_derive's
/// `Ctxt`): a page's parser and extractor with [`Sink::warn`] and friends, which fill in the
/// sink's file; stages that span pages (merging, resolution, routes, emission, the example
/// checker) with [`Sink::push_at`], naming the file. A sink for no one file has an empty name.
#[derive(Debug, Default)]
pub struct Sink {
    file: String,
    /// What was collected so far.
    pub items: Vec<Diagnostic>,
}

impl Sink {
    /// A sink for diagnostics about `file`.
    pub fn new(file: impl Into<String>) -> Sink {
        Sink {
            file: file.into(),
            items: Vec::new(),
        }
    }

    /// The file this sink reports on.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Records one diagnostic.
    pub fn push(&mut self, severity: Severity, code: Code, pos: Pos, message: impl Into<String>) {
        self.items.push(Diagnostic {
            severity,
            code,
            file: self.file.clone(),
            line: pos.line.max(1),
            column: pos.column.max(1),
            message: message.into(),
        });
    }

    /// Records one diagnostic about `file` (empty for none: a command-line setting), whatever
    /// the sink's own file.
    pub fn push_at(
        &mut self,
        severity: Severity,
        code: Code,
        file: &str,
        pos: Pos,
        message: impl Into<String>,
    ) {
        self.items.push(Diagnostic {
            severity,
            code,
            file: file.to_string(),
            line: pos.line.max(1),
            column: pos.column.max(1),
            message: message.into(),
        });
    }

    /// Records a warning.
    pub fn warn(&mut self, code: Code, pos: Pos, message: impl Into<String>) {
        self.push(Severity::Warning, code, pos, message);
    }

    /// Records an error.
    pub fn error(&mut self, code: Code, pos: Pos, message: impl Into<String>) {
        self.push(Severity::Error, code, pos, message);
    }

    /// Records a note.
    pub fn note(&mut self, code: Code, pos: Pos, message: impl Into<String>) {
        self.push(Severity::Note, code, pos, message);
    }
}

/// Renders a diagnostic the way rustc does: header, location arrow, the source line and a caret.
/// `source` is the text of the file the diagnostic points into, when the caller has it.
pub fn render(d: &Diagnostic, source: Option<&str>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}[{}]: {}", d.severity.as_str(), d.code, d.message);
    if d.file.is_empty() {
        // About the request, not a page (an unknown resource name): no place to point at.
        return out;
    }
    let line_no = d.line.to_string();
    let pad = " ".repeat(line_no.len());
    let _ = writeln!(out, "{pad}--> {}:{}:{}", d.file, d.line, d.column);
    let text = source.and_then(|s| s.lines().nth((d.line as usize).saturating_sub(1)));
    if let Some(text) = text {
        let shown: String = text.chars().take(160).collect();
        let caret_at = (d.column as usize)
            .saturating_sub(1)
            .min(shown.chars().count());
        let lead: String = shown
            .chars()
            .take(caret_at)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{line_no} | {shown}");
        let _ = writeln!(out, "{pad} | {lead}^");
    }
    out
}

/// Sorts diagnostics into the order every front end reports them in: by file, line, column, code.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (a.file.as_str(), a.line, a.column, a.code, &a.message).cmp(&(
            b.file.as_str(),
            b.line,
            b.column,
            b.code,
            &b.message,
        ))
    });
}
