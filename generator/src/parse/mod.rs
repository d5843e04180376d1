//! Markdown page → [`Page`]: the structural facts of one Graph doc page, read leniently.
//!
//! The scanner ([`scan`]) is line based rather than a full CommonMark parse: the pages use a
//! small subset of markdown, and reading lines keeps every item's line and column for
//! diagnostics, lets us repair the pages' typical slips (each repair has its diagnostic code;
//! the design, `../shared/DESIGN.md` beside the repository, lists them) and is faster than an
//! event parser. ARCHITECTURE.md (the parse section) gives the figures for what moving to
//! pulldown-cmark would cost.

pub mod hidden;

/// The longest name (type, property, enum member, route segment) graphdoc accepts, in
/// characters. Graph's longest is under 100; a longer one would only cost the compiler (a 30 KB
/// identifier takes rustc gigabytes to check), so it is left out with `name-too-long`.
pub const MAX_NAME: usize = 256;

/// A name as messages show it: long ones cut to their first 60 characters.
pub fn clip(name: &str) -> std::borrow::Cow<'_, str> {
    match name.char_indices().nth(60) {
        Some((at, _)) => format!("{}… ({} characters)", &name[..at], name.chars().count()).into(),
        None => name.into(),
    }
}

/// The `name-too-long` check: true (and reported) when `name` is over [`MAX_NAME`].
pub fn too_long(
    what: &str,
    name: &str,
    pos: crate::diag::Pos,
    sink: &mut crate::diag::Sink,
) -> bool {
    let n = name.chars().count();
    if n <= MAX_NAME {
        return false;
    }
    let message = format!("the {what} `{}` is {n} characters long, over the {MAX_NAME} graphdoc accepts for a name; left out", clip(name));
    sink.warn(Code::NameTooLong, pos, message);
    true
}
pub mod http;
pub mod inline;
pub mod json;
mod scan;
pub mod table;

use crate::diag::Code;
use crate::diag::{Pos, Sink};
use std::collections::BTreeMap;

pub use table::{Cell, Table};

/// A heading and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 for `#`, 2 for `##`, …
    pub level: u8,
    /// Heading text, inline markup removed.
    pub text: String,
    /// Where the heading line is.
    pub pos: Pos,
}

/// An annotation comment (`<!-- { ... } -->`) parsed as JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    /// The annotation's JSON object; `@type` is already renamed to `@odata.type`.
    pub value: serde_json::Map<String, serde_json::Value>,
    /// Where the comment starts.
    pub pos: Pos,
}

impl Annotation {
    /// A string member of the annotation.
    pub fn str(&self, key: &str) -> Option<&str> {
        self.value.get(key).and_then(|v| v.as_str())
    }

    /// A boolean member, accepting `true`/`"true"`.
    pub fn flag(&self, key: &str) -> Option<bool> {
        match self.value.get(key)? {
            serde_json::Value::Bool(b) => Some(*b),
            serde_json::Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
}

/// A fenced code block, with the annotation that precedes it, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Fence {
    /// The info string, lowercased (`json`, `http`, …).
    pub lang: String,
    /// The block's text.
    pub body: String,
    /// Line of the opening fence.
    pub pos: Pos,
    /// Line number of the first body line.
    pub body_line: u32,
    /// The annotation comment right before the block.
    pub annotation: Option<Annotation>,
    /// Index into `Page::headings` of the nearest heading above.
    pub heading: Option<usize>,
}

/// A paragraph of prose (consecutive non-blank text lines).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// The lines joined by single spaces.
    pub text: String,
    /// Where it starts.
    pub pos: Pos,
    /// Index into `Page::headings` of the nearest heading above.
    pub heading: Option<usize>,
}

/// Everything the model needs from one page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// Path relative to the docs root, `/`-separated.
    pub file: String,
    /// Front matter key/value pairs (quotes removed).
    pub front_matter: BTreeMap<String, String>,
    /// All headings, in order.
    pub headings: Vec<Heading>,
    /// All tables, in order.
    pub tables: Vec<Table>,
    /// All fenced blocks, in order.
    pub fences: Vec<Fence>,
    /// Annotations not followed by a fence (page annotations and strays).
    pub loose_annotations: Vec<Annotation>,
    /// Prose paragraphs, in order (list items and block quotes excluded).
    pub paragraphs: Vec<Paragraph>,
    /// Bullet list items, with the heading they sit under.
    pub list_items: Vec<Paragraph>,
    /// Block quotes (`> **Note:** …`), one per run of `>` lines, the markers removed: notes
    /// such as "the `/app` path is deprecated" that are not descriptions.
    pub notes: Vec<Paragraph>,
    /// HTML comments that are not annotations (`<!-- these are strings -->`): remarks the
    /// authors left for each other, which sometimes say what the rendered page does not.
    pub comments: Vec<Paragraph>,
    /// Reference link definitions: lowercased label → target.
    pub link_defs: BTreeMap<String, String>,
    /// For each heading, the lowercased text of the level-1/2 heading of its section.
    pub sections: Vec<String>,
}

impl Page {
    /// The first level-1 heading.
    pub fn title(&self) -> Option<&Heading> {
        self.headings.iter().find(|h| h.level == 1)
    }

    /// The `Namespace: x` line, if the page has one.
    pub fn namespace(&self) -> Option<(&str, Pos)> {
        self.paragraphs.iter().find_map(|p| {
            let rest = p
                .text
                .strip_prefix("Namespace:")
                .or_else(|| p.text.strip_prefix("Namespace :"))?;
            let ns = rest.split_whitespace().next()?;
            Some((ns.trim_matches(['`', '*']), p.pos))
        })
    }

    /// The lowercased text of the level-1 or level-2 heading whose section holds the item under
    /// heading `heading` (so `### Request` under `## Examples` is in "examples"). Computed once
    /// per page: the model asks for it for every table, fence and paragraph.
    pub fn section(&self, heading: Option<usize>) -> &str {
        heading
            .and_then(|h| self.sections.get(h))
            .map_or("", String::as_str)
    }

    /// Resolves a reference-style link label against the page's definitions.
    pub fn link_def(&self, label: &str) -> Option<&str> {
        self.link_defs
            .get(&label.to_lowercase())
            .map(String::as_str)
    }
}

/// Parses one page. `file` is the path used in diagnostics. Never panics; every irregularity it
/// works around lands in `sink`.
pub fn parse_page(file: &str, text: &str, sink: &mut Sink) -> Page {
    let mut page = Page {
        file: file.to_string(),
        ..Page::default()
    };
    let cleaned;
    let text = if let Some(at) = text.find('\0') {
        let line = text[..at].matches('\n').count() as u32 + 1;
        let column = text[..at]
            .rsplit('\n')
            .next()
            .map_or(0, |l| l.chars().count()) as u32
            + 1;
        sink.warn(
            Code::BinaryContent,
            Pos { line, column },
            "the page contains NUL bytes (first one here); they were removed before reading it",
        );
        cleaned = text.replace('\0', "");
        cleaned.as_str()
    } else {
        text
    };
    if text.trim().is_empty() {
        sink.warn(Code::EmptyPage, Pos::line(1), "the page is empty");
        return page;
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    hidden::report(text, sink);
    let lines = lines(text);
    let i = front_matter(&lines, &mut page, sink);
    if i > 0
        && lines[i.min(lines.len())..]
            .iter()
            .all(|l| l.trim().is_empty())
    {
        sink.warn(
            Code::EmptyPage,
            Pos::line(i as u32),
            "the page has front matter but nothing after it",
        );
        return page;
    }
    scan::Scanner::new(lines, i, page, sink).run()
}

/// `text.lines()`, collected: one pass over the bytes, since a call into `memchr` per line
/// costs more than the short lines of a page take to scan. The bytes are read eight at a time
/// (a word with no newline is skipped whole): this pass reads every byte of every page.
fn lines(text: &str) -> Vec<&str> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 32);
    let mut from = 0;
    let mut push = |i: usize, from: &mut usize| {
        let line = &text[*from..i];
        out.push(line.strip_suffix('\r').unwrap_or(line));
        *from = i + 1;
    };
    let mut i = 0;
    while i + 8 <= bytes.len() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[i..i + 8]);
        // A zero byte of `w ^ "\n\n…"` is a newline; the test has no false negatives.
        let x = u64::from_le_bytes(word) ^ (ONES * u64::from(b'\n'));
        if x.wrapping_sub(ONES) & !x & HIGH != 0 {
            for (k, &b) in bytes[i..i + 8].iter().enumerate() {
                if b == b'\n' {
                    push(i + k, &mut from);
                }
            }
        }
        i += 8;
    }
    for (k, &b) in bytes[i..].iter().enumerate() {
        if b == b'\n' {
            push(i + k, &mut from);
        }
    }
    if from < text.len() {
        out.push(&text[from..]);
    }
    out
}

fn front_matter(lines: &[&str], page: &mut Page, sink: &mut Sink) -> usize {
    if lines.first().map(|l| l.trim()) != Some("---") {
        return 0;
    }
    let Some(end) = lines
        .iter()
        .skip(1)
        .position(|l| l.trim() == "---")
        .map(|p| p + 1)
    else {
        sink.warn(
            Code::UnclosedFrontMatter,
            Pos::line(1),
            "front matter opened with `---` is never closed; read the page as if it had none",
        );
        return 1;
    };
    for (k, line) in lines.iter().enumerate().take(end).skip(1) {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        match line.split_once(':') {
            Some((key, value)) if !key.starts_with([' ', '\t', '-']) => {
                let v = value.trim().trim_matches(['"', '\'']).to_string();
                page.front_matter.insert(key.trim().to_string(), v);
            }
            _ if line.starts_with([' ', '\t', '-']) => {} // continuation of a list/multi-line value
            _ => sink.warn(
                Code::FrontMatterLine,
                Pos::line((k + 1) as u32),
                "front matter line is not `key: value`; ignored",
            ),
        }
    }
    end + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "---\ntitle: \"widget resource type\"\ndoc_type: resourcePageType\n---\n\n# widget resource type\n\nNamespace: microsoft.graph\n\nA widget.\n\nInherits from [entity](entity.md).\n\n## Properties\n|Property|Type|Description|\n|:--|:--|:--|\n|id|String|The id.|\n\n## JSON representation\n<!-- {\n  \"blockType\": \"resource\",\n  \"@type\": \"microsoft.graph.widget\",\n}\n-->\n```json\n{ \"id\": \"String\" }\n```\n\n[entity]: entity.md\n";

    #[test]
    fn reads_the_parts_of_a_page() {
        let mut sink = Sink::new("resources/widget.md");
        let p = parse_page("resources/widget.md", PAGE, &mut sink);
        assert_eq!(p.front_matter["title"], "widget resource type");
        assert_eq!(
            p.title().map(|h| h.text.as_str()),
            Some("widget resource type")
        );
        assert_eq!(p.namespace().map(|n| n.0), Some("microsoft.graph"));
        assert_eq!(p.tables.len(), 1);
        assert_eq!(p.tables[0].rows[0][1].text, "String");
        assert_eq!(
            p.tables[0].rows[0][1].pos,
            Pos {
                line: 17,
                column: 5
            }
        );
        assert_eq!(p.fences.len(), 1);
        let ann = p.fences[0].annotation.as_ref().unwrap();
        assert_eq!(ann.str("@odata.type"), Some("microsoft.graph.widget"));
        assert_eq!(p.link_def("Entity"), Some("entity.md"));
        let codes: Vec<_> = sink.items.iter().map(|d| (d.code, d.line)).collect();
        assert_eq!(
            codes,
            [(Code::LenientJson, 22), (Code::AnnotationAtType, 22)]
        );
    }

    #[test]
    fn unterminated_fence_stops_at_the_next_heading() {
        let mut sink = Sink::new("f.md");
        let p = parse_page(
            "f.md",
            "# t\n```json\n{\n## Properties\n|a|b|\n|-|-|\n|x|y|\n",
            &mut sink,
        );
        assert_eq!(p.fences[0].body, "{");
        assert_eq!(p.tables.len(), 1);
        assert_eq!(sink.items[0].code, Code::UnterminatedFence);
    }

    #[test]
    fn lines_split_as_str_lines_does() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\r\nb",
            "a\rb\r",
            "a\r\n\r\n",
            "\n\nb\r",
            "é\n—\r\n",
            "a line longer than one word\nand another\r\n\n\n12345678\n1234567\n123456789",
        ] {
            assert_eq!(lines(text), text.lines().collect::<Vec<_>>(), "{text:?}");
        }
    }

    #[test]
    fn odd_pages_never_panic() {
        for text in [
            "",
            "---",
            "---\na: b",
            "<!--",
            "<!-- {",
            "```",
            "|a|\n|-|",
            "|-|-|\n|a|b|",
            "#",
            "# ",
            "\u{feff}# t",
            "[x]:",
            "- ",
            "\0\0",
        ] {
            let mut sink = Sink::new("f.md");
            let _ = parse_page("f.md", text, &mut sink);
        }
    }
}
