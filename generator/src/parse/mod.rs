//! Markdown page → [`Page`]: the structural facts of one Graph doc page, read leniently.
//!
//! The scanner is line based rather than a full CommonMark parse: the pages use a small subset
//! of markdown, and reading lines keeps every item's line and column for diagnostics, lets us
//! repair the pages' typical slips (see DESIGN.md) and is several times faster than an event
//! parser.

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
#[allow(unused_assignments)] // the flush! macro resets state that the next line may overwrite
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
    let lines: Vec<&str> = text.lines().collect();
    let mut i = front_matter(&lines, &mut page, sink);
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
    let mut pending: Option<Annotation> = None;
    let mut para: Vec<&str> = Vec::new();
    let mut para_start = 0usize;
    let mut in_list_item = false;
    let heading_idx = |page: &Page| page.headings.len().checked_sub(1);

    macro_rules! flush {
        () => {
            if !para.is_empty() {
                let text = para.join(" ");
                let p = Paragraph {
                    text,
                    pos: Pos::line((para_start + 1) as u32),
                    heading: heading_idx(&page),
                };
                if in_list_item {
                    page.list_items.push(p);
                } else {
                    page.paragraphs.push(p);
                }
                para.clear();
                in_list_item = false;
            }
        };
    }

    while i < lines.len() {
        let line = lines[i].trim_end_matches('\0');
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        // Fenced code block.
        if indent <= 3 && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            flush!();
            let fence_char = trimmed.chars().next().unwrap_or('`');
            let fence_len = trimmed.chars().take_while(|&c| c == fence_char).count();
            let lang = trimmed[fence_len..].trim().to_lowercase();
            let start = i;
            let mut j = i + 1;
            let mut closed = false;
            while j < lines.len() {
                let t = lines[j].trim();
                if t.starts_with(&fence_char.to_string().repeat(fence_len))
                    && t.chars().all(|c| c == fence_char)
                {
                    closed = true;
                    break;
                }
                j += 1;
            }
            let end = if closed {
                j
            } else {
                // CommonMark would run to the end of the page; the authors meant to close it
                // before the next heading, so stop there and keep the rest of the page.
                let stop = (start + 1..lines.len())
                    .find(|&k| is_heading(lines[k]))
                    .unwrap_or(lines.len());
                sink.warn(
                    Code::UnterminatedFence,
                    Pos::line((start + 1) as u32),
                    format!(
                        "this code block is never closed; it was taken to end at line {}",
                        stop
                    ),
                );
                stop
            };
            let body = lines[start + 1..end.min(lines.len())].join("\n");
            page.fences.push(Fence {
                lang,
                body,
                pos: Pos::line((start + 1) as u32),
                body_line: (start + 2) as u32,
                annotation: pending.take(),
                heading: heading_idx(&page),
            });
            i = if closed { end + 1 } else { end };
            continue;
        }
        // HTML comment, possibly an annotation.
        if trimmed.starts_with("<!--") {
            flush!();
            let start = i;
            let mut body = String::new();
            let mut j = i;
            let mut closed = false;
            while j < lines.len() {
                let l = if j == start {
                    trimmed.strip_prefix("<!--").unwrap_or(trimmed)
                } else {
                    lines[j]
                };
                if let Some(end) = l.find("-->") {
                    body.push_str(&l[..end]);
                    closed = true;
                    break;
                }
                body.push_str(l);
                body.push('\n');
                j += 1;
            }
            if !closed {
                sink.warn(Code::UnterminatedComment, Pos::line((start + 1) as u32), "this HTML comment is never closed; the rest of the page was read as normal text");
                i += 1;
                continue;
            }
            if let Some(prev) = pending.take() {
                page.loose_annotations.push(prev);
            }
            let inner = body.trim();
            if !inner.starts_with('{') && !inner.is_empty() {
                let comment = Paragraph {
                    text: inner.split_whitespace().collect::<Vec<_>>().join(" "),
                    pos: Pos::line((start + 1) as u32),
                    heading: heading_idx(&page),
                };
                page.comments.push(comment);
            }
            if !inner.starts_with('{') && inner.contains("blockType") {
                sink.warn(
                    Code::InvalidAnnotation,
                    Pos::line((start + 1) as u32),
                    "this comment looks like an annotation (it names `blockType`) but is not a JSON object; ignored",
                );
            }
            if inner.starts_with('{') {
                // Map positions inside the JSON back to the page: line 0 of the JSON is where
                // the `{` is, and only that line is shifted by the comment's opening.
                let lead = body.len() - body.trim_start().len();
                let json_line = start + body[..lead].matches('\n').count();
                let json_col = lines
                    .get(json_line)
                    .and_then(|l| l.find('{'))
                    .map_or(0, |b| lines[json_line][..b].chars().count())
                    as u32;
                let to_page = |l: u32, c: u32| Pos {
                    line: json_line as u32 + l + 1,
                    column: if l == 0 { json_col + c + 1 } else { c + 1 },
                };
                let pos = to_page(0, 0);
                match json::parse_lenient(inner) {
                    Ok((serde_json::Value::Object(mut map), repairs)) => {
                        json::report_repairs(sink, &repairs, "the annotation", to_page);
                        if let Some(v) = map.remove("@type") {
                            let at = key_pos(&lines, start, j, "\"@type\"").unwrap_or(pos);
                            sink.warn(
                                Code::AnnotationAtType,
                                at,
                                "annotation uses `@type`; read it as `@odata.type`",
                            );
                            map.entry("@odata.type").or_insert(v);
                        }
                        let ann = Annotation { value: map, pos };
                        if ann
                            .str("type")
                            .is_some_and(|t| t.contains("page.annotation"))
                        {
                            page.loose_annotations.push(ann);
                        } else {
                            pending = Some(ann);
                        }
                    }
                    Ok(_) => sink.warn(
                        Code::InvalidAnnotation,
                        pos,
                        "annotation is JSON but not an object; ignored",
                    ),
                    Err(e) => sink.warn(
                        Code::InvalidAnnotation,
                        to_page(e.line, e.column),
                        format!("annotation is not valid JSON ({}); ignored", e.message),
                    ),
                }
            }
            i = j + 1;
            continue;
        }
        if is_heading(line) {
            flush!();
            let level = trimmed.chars().take_while(|&c| c == '#').count() as u8;
            let text = trimmed[level as usize..]
                .trim()
                .trim_end_matches('#')
                .trim();
            // `# [C#](#tab/csharp)` lines are tab markers of the docs site, not headings.
            if !text.contains("(#tab/") {
                page.headings.push(Heading {
                    level,
                    text: inline::plain(text),
                    pos: Pos::line((i + 1) as u32),
                });
            }
            i += 1;
            continue;
        }
        // Table: a row followed by a delimiter row.
        if line.contains('|') && i + 1 < lines.len() && table::is_delimiter(lines[i + 1]) {
            flush!();
            let (t, next) = table::read(&lines, i, heading_idx(&page), sink);
            page.tables.push(t);
            i = next;
            continue;
        }
        if table::is_delimiter(line) && line.contains('|') {
            flush!();
            sink.warn(
                Code::TableWithoutHeader,
                Pos::line((i + 1) as u32),
                "a table delimiter row has no header row above it; the columns are guessed from the section",
            );
            let (t, next) = table::read_headerless(&lines, i, heading_idx(&page), sink);
            page.tables.push(t);
            i = next;
            continue;
        }
        if trimmed.is_empty() {
            flush!();
            i += 1;
            continue;
        }
        // Reference link definition.
        if let Some((label, target)) = link_definition(trimmed) {
            flush!();
            page.link_defs.insert(label, target);
            i += 1;
            continue;
        }
        let is_bullet =
            trimmed.starts_with("- ") || trimmed.starts_with("* ") || trimmed.starts_with("+ ");
        if is_bullet {
            flush!();
            in_list_item = true;
            para_start = i;
            para.push(trimmed[2..].trim());
            i += 1;
            continue;
        }
        if trimmed.starts_with('>') {
            // Notes and includes are not descriptions: kept apart, one note per quote.
            flush!();
            let start = i;
            let mut text: Vec<&str> = Vec::new();
            while i < lines.len() && lines[i].trim_start().starts_with('>') {
                let l = lines[i].trim_start().trim_start_matches('>').trim();
                if !l.is_empty() {
                    text.push(l);
                }
                i += 1;
            }
            let note = Paragraph {
                text: text.join(" "),
                pos: Pos::line((start + 1) as u32),
                heading: heading_idx(&page),
            };
            page.notes.push(note);
            continue;
        }
        if para.is_empty() {
            para_start = i;
        }
        para.push(trimmed);
        i += 1;
    }
    flush!();
    if let Some(ann) = pending.take() {
        page.loose_annotations.push(ann);
    }
    let mut current = String::new();
    page.sections = page
        .headings
        .iter()
        .enumerate()
        .map(|(i, h)| {
            if h.level <= 2 || i == 0 {
                current = h.text.to_ascii_lowercase();
            }
            current.clone()
        })
        .collect();
    page
}

/// Where `needle` first appears in lines `from..=to`, as a position.
fn key_pos(lines: &[&str], from: usize, to: usize, needle: &str) -> Option<Pos> {
    (from..=to.min(lines.len().saturating_sub(1))).find_map(|k| {
        lines[k].find(needle).map(|b| Pos {
            line: (k + 1) as u32,
            column: lines[k][..b].chars().count() as u32 + 1,
        })
    })
}

fn is_heading(line: &str) -> bool {
    let t = line.trim_start();
    if line.len() - t.len() > 3 || !t.starts_with('#') {
        return false;
    }
    let hashes = t.chars().take_while(|&c| c == '#').count();
    hashes <= 6 && t[hashes..].starts_with([' ', '\t'])
}

fn link_definition(line: &str) -> Option<(String, String)> {
    let rest = line.strip_prefix('[')?;
    let close = rest.find("]:")?;
    let label = &rest[..close];
    if label.is_empty() || label.contains('[') {
        return None;
    }
    let target = rest[close + 2..].split_whitespace().next()?;
    Some((
        label.trim().to_lowercase(),
        target.trim_matches(['<', '>']).to_string(),
    ))
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
