//! Reading a docs tree: the one place the core touches the file system.

use crate::diag::Code;
use crate::diag::{self, Diagnostic, Pos, Severity, Sink};
use crate::files;
use crate::parse::{self, Page};
use std::path::{Path, PathBuf};

/// The markdown files of a docs tree, read into memory.
#[derive(Debug, Clone, Default)]
pub struct Docs {
    /// The folder the tree was read from.
    pub root: PathBuf,
    /// `(path relative to root with '/' separators, text)`, sorted by path.
    pub files: Vec<(String, String)>,
    /// Files that could not be read as text (reported, not dropped).
    pub unreadable: Vec<Diagnostic>,
}

/// Why a docs tree could not be read at all.
#[derive(Debug)]
pub struct DocsError {
    /// The folder.
    pub root: PathBuf,
    /// What the OS said.
    pub source: std::io::Error,
}

impl std::fmt::Display for DocsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.source.kind() == std::io::ErrorKind::InvalidInput {
            // A folder of the wrong shape: the message says what to pass instead.
            return write!(f, "`{}` {}", self.root.display(), self.source);
        }
        write!(
            f,
            "cannot read docs folder `{}`: {}",
            self.root.display(),
            self.source
        )
    }
}

/// Why `root` is a folder near a docs tree rather than one: the parent of several versions
/// (`graph-docs` holding `beta/` and `v1.0/`), or a tree's `resources/` or `api/` folder. The
/// text says what to pass instead. Any other folder is taken as it is (a flat folder of pages
/// is a docs tree too).
fn wrong_folder(root: &Path) -> Option<String> {
    let has_tree = |p: &Path| p.join("resources").is_dir() || p.join("api").is_dir();
    if has_tree(root) {
        return None;
    }
    let name = root.file_name().map(|n| n.to_string_lossy().into_owned());
    if let (Some(name @ ("resources" | "api")), Some(parent)) = (name.as_deref(), root.parent()) {
        if parent.join("resources").is_dir() && parent.join("api").is_dir() {
            return Some(format!(
                "is the `{name}` folder of a docs tree; pass the tree itself: `{}`",
                parent.display()
            ));
        }
    }
    let mut versions: Vec<String> = std::fs::read_dir(root)
        .ok()?
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()) && has_tree(&e.path()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    versions.sort();
    (versions.len() > 1).then(|| {
        format!(
            "holds {} docs trees ({}), which define the same types differently; pass one of them, e.g. `{}`",
            versions.len(),
            versions.join(", "),
            root.join(&versions[0]).display()
        )
    })
}

/// `p` relative to `root`, with `/` separators: how diagnostics name a page.
fn relative(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .unwrap_or(p)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// A file of the tree that is not read.
fn skipped(sink: &mut Sink, code: Code, file: &str, message: String) {
    sink.push_at(Severity::Warning, code, file, Pos::line(1), message);
}

/// Where a link in the tree leads, when it is a page to read: a `.md` link to a regular file
/// inside the tree. Links to folders are not followed (their pages are read where they lie, and
/// a loop cannot form); a link out of the tree, or one that does not resolve, is reported.
fn follow_link(
    link: &Path,
    (root, real_root): (&Path, &Path),
    is_page: bool,
    sink: &mut Sink,
) -> Option<PathBuf> {
    let rel = relative(root, link);
    let target = match link.canonicalize() {
        Ok(t) => t,
        Err(e) => {
            if is_page {
                let why = format!("the link does not resolve (dangling, or a loop): {e}");
                skipped(sink, Code::OutsideRoot, &rel, why);
            }
            return None;
        }
    };
    let is_dir = target.is_dir();
    if !target.starts_with(real_root) {
        if !is_page && !is_dir {
            return None; // an image or other non-page file: never read, nothing to report
        }
        let why = "the link leads outside the docs folder; only files inside it are read".into();
        skipped(sink, Code::OutsideRoot, &rel, why);
        return None;
    }
    if is_dir {
        let why =
            "a link to a folder inside the tree is not followed; its pages are read where they lie"
                .into();
        skipped(sink, Code::SpecialFile, &rel, why);
        return None;
    }
    is_page.then_some(target)
}

impl std::error::Error for DocsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

impl Docs {
    /// Reads every `*.md` file below `root`. Only regular files inside the tree are read, each
    /// up to [`files::MAX_PAGE_BYTES`]: a FIFO, device, oversize page, linked folder or a link
    /// whose target lies outside the tree (or cannot be resolved) is skipped with a diagnostic
    /// in [`Docs::unreadable`]. Files that are not UTF-8 are read lossily and reported.
    pub fn read(root: &Path) -> Result<Docs, DocsError> {
        let meta = std::fs::metadata(root).map_err(|source| DocsError {
            root: root.to_path_buf(),
            source,
        })?;
        if !meta.is_dir() {
            return Err(DocsError {
                root: root.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::NotADirectory, "not a folder"),
            });
        }
        if let Some(why) = wrong_folder(root) {
            return Err(DocsError {
                root: root.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::InvalidInput, why),
            });
        }
        // Links are resolved against the real root, so a tree reached through a link works.
        let real_root = root.canonicalize().map_err(|source| DocsError {
            root: root.to_path_buf(),
            source,
        })?;
        let mut docs = Docs {
            root: root.to_path_buf(),
            ..Docs::default()
        };
        let mut sink = Sink::default();
        let mut pages = Vec::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            let entries = std::fs::read_dir(&dir).map_err(|source| DocsError {
                root: dir.clone(),
                source,
            })?;
            for e in entries.flatten() {
                let p = e.path();
                let Ok(ft) = e.file_type() else { continue };
                let is_page = p.extension().is_some_and(|x| x == "md");
                if ft.is_dir() {
                    stack.push(p);
                } else if ft.is_symlink() {
                    let roots = (root, real_root.as_path());
                    if let Some(found) = follow_link(&p, roots, is_page, &mut sink) {
                        pages.push((p, found));
                    }
                } else if is_page {
                    pages.push((p.clone(), p));
                }
            }
        }
        pages.sort();
        for (p, target) in pages {
            let rel = relative(root, &p);
            match files::read_regular(&target, files::MAX_PAGE_BYTES) {
                Ok(bytes) => {
                    let text = match String::from_utf8(bytes) {
                        Ok(t) => t,
                        Err(e) => {
                            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                            let line = valid.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
                            let column = valid
                                .rsplit(|&b| b == b'\n')
                                .next()
                                .map_or(0, |l| String::from_utf8_lossy(l).chars().count())
                                as u32
                                + 1;
                            sink.push_at(
                                Severity::Warning,
                                Code::NotUtf8,
                                &rel,
                                Pos { line, column },
                                "the page is not valid UTF-8 (first bad byte here); invalid bytes were replaced with U+FFFD",
                            );
                            String::from_utf8_lossy(e.as_bytes()).into_owned()
                        }
                    };
                    docs.files.push((rel, text));
                }
                Err(why @ files::Refused::NotRegular(_)) => {
                    let message = format!("the page is not read: {why}");
                    skipped(&mut sink, Code::SpecialFile, &rel, message);
                }
                Err(why @ files::Refused::TooLarge(_)) => {
                    let message = format!("the page is not read: {why}");
                    skipped(&mut sink, Code::OversizePage, &rel, message);
                }
                Err(why) => {
                    let message = format!("cannot read the page: {why}");
                    skipped(&mut sink, Code::UnreadablePage, &rel, message);
                }
            }
        }
        docs.unreadable = sink.items;
        Ok(docs)
    }

    /// Builds docs from in-memory pages (tests, macros that embed pages).
    pub fn from_pages(
        root: impl Into<PathBuf>,
        pages: impl IntoIterator<Item = (String, String)>,
    ) -> Docs {
        let mut files: Vec<(String, String)> = pages.into_iter().collect();
        files.sort();
        Docs {
            root: root.into(),
            files,
            unreadable: Vec::new(),
        }
    }

    /// The text of a page by its relative path.
    pub fn text(&self, file: &str) -> Option<&str> {
        self.files
            .binary_search_by(|(f, _)| f.as_str().cmp(file))
            .ok()
            .map(|i| self.files[i].1.as_str())
    }

    /// Parses every page, on all cores: pages are independent until resolution.
    pub fn parse(&self) -> (Vec<Page>, Vec<Diagnostic>) {
        let parts = crate::par::batches(&self.files, 64, |part| {
            let mut pages = Vec::with_capacity(part.len());
            let mut diags = Vec::new();
            for (file, text) in part {
                let mut sink = diag::Sink::new(file.clone());
                pages.push(parse::parse_page(file, text, &mut sink));
                diags.extend(sink.items);
            }
            (pages, diags)
        });
        let mut pages = Vec::with_capacity(self.files.len());
        let mut diags = self.unreadable.clone();
        for (p, d) in parts {
            pages.extend(p);
            diags.extend(d);
        }
        (pages, diags)
    }

    /// Parses and resolves the whole tree. Each worker parses a page, collects its types and
    /// drops it before the next, so memory stays small and warm.
    pub fn model(&self) -> crate::model::Model {
        use crate::model::{collect_page, finish, Collected};
        // Small batches balance the big API pages across workers.
        let parts = crate::par::batches(&self.files, 64, |part| {
            let mut c = Collected::default();
            for (file, text) in part {
                let mut sink = diag::Sink::new(file.clone());
                let page = parse::parse_page(file, text, &mut sink);
                c.absorb(Collected::from_diagnostics(sink.items));
                collect_page(&page, &mut c);
            }
            c
        });
        let mut all = Collected::from_diagnostics(self.unreadable.clone());
        for p in parts {
            all.absorb(p);
        }
        finish(all)
    }
}
