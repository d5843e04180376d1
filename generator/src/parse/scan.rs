//! The block scanner: one pass over a page's lines, one method per kind of markdown block the
//! pages use (fenced code, HTML comments and annotations, headings, tables, link definitions,
//! list items, block quotes, paragraphs).

use super::{inline, json, table, Annotation, Fence, Heading, Page, Paragraph};
use crate::diag::Code;
use crate::diag::{Pos, Sink};

/// Where the scan of a page stands: the line it is at, the paragraph being gathered, and the
/// annotation waiting for the fence it describes.
pub(super) struct Scanner<'t, 's> {
    lines: Vec<&'t str>,
    /// The next line to read (0-based).
    at: usize,
    page: Page,
    sink: &'s mut Sink,
    /// An annotation comment not yet followed by a fence.
    pending: Option<Annotation>,
    /// The lines of the paragraph (or list item) being gathered.
    para: Vec<&'t str>,
    para_start: usize,
    in_list_item: bool,
}

/// 1-based line number of line index `i`.
fn line_no(i: usize) -> u32 {
    (i + 1) as u32
}

impl<'t, 's> Scanner<'t, 's> {
    /// A scanner over `lines`, starting at line index `at` (after the front matter).
    pub(super) fn new(lines: Vec<&'t str>, at: usize, page: Page, sink: &'s mut Sink) -> Self {
        Scanner {
            lines,
            at,
            page,
            sink,
            pending: None,
            para: Vec::new(),
            para_start: 0,
            in_list_item: false,
        }
    }

    /// Reads every block and returns the page.
    pub(super) fn run(mut self) -> Page {
        while self.at < self.lines.len() {
            self.block();
        }
        self.flush();
        if let Some(ann) = self.pending.take() {
            self.page.loose_annotations.push(ann);
        }
        let mut current = String::new();
        self.page.sections = self
            .page
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
        self.page
    }

    /// Reads the block that starts at the current line; every branch moves past at least one
    /// line.
    fn block(&mut self) {
        let line = self.lines[self.at];
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if indent <= 3 && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            self.flush();
            self.fence(trimmed);
        } else if trimmed.starts_with("<!--") {
            self.flush();
            self.comment(trimmed);
        } else if is_heading(line) {
            self.flush();
            self.heading(trimmed);
        } else if line.contains('|')
            && self
                .lines
                .get(self.at + 1)
                .is_some_and(|next| table::is_delimiter(next))
        {
            self.flush();
            let (t, next) = table::read(&self.lines, self.at, self.heading_idx(), self.sink);
            self.page.tables.push(t);
            self.at = next;
        } else if line.contains('|') && table::is_delimiter(line) {
            self.flush();
            self.headerless_table();
        } else if trimmed.is_empty() {
            self.flush();
            self.at += 1;
        } else if let Some((label, target)) = link_definition(trimmed) {
            self.flush();
            self.page.link_defs.insert(label, target);
            self.at += 1;
        } else if trimmed.starts_with("- ")
            || trimmed.starts_with("* ")
            || trimmed.starts_with("+ ")
        {
            self.flush();
            self.in_list_item = true;
            self.para_start = self.at;
            self.para.push(trimmed[2..].trim());
            self.at += 1;
        } else if trimmed.starts_with('>') {
            self.flush();
            self.quote();
        } else {
            if self.para.is_empty() {
                self.para_start = self.at;
            }
            self.para.push(trimmed);
            self.at += 1;
        }
    }

    /// Index into `Page::headings` of the heading the scan is under.
    fn heading_idx(&self) -> Option<usize> {
        self.page.headings.len().checked_sub(1)
    }

    /// Ends the paragraph or list item being gathered, if any.
    fn flush(&mut self) {
        if self.para.is_empty() {
            return;
        }
        let p = Paragraph {
            text: self.para.join(" "),
            pos: Pos::line(line_no(self.para_start)),
            heading: self.heading_idx(),
        };
        if self.in_list_item {
            self.page.list_items.push(p);
        } else {
            self.page.paragraphs.push(p);
        }
        self.para.clear();
        self.in_list_item = false;
    }

    /// A fenced code block opening at the current line (`trimmed` without its indent).
    fn fence(&mut self, trimmed: &str) {
        let fence_char = trimmed.as_bytes()[0];
        let fence_len = trimmed.bytes().take_while(|&c| c == fence_char).count();
        let lang = trimmed[fence_len..].trim().to_lowercase();
        let start = self.at;
        // A closing fence: the same character, at least as many, nothing else on the line.
        let closes = |l: &str| {
            let t = l.trim();
            t.len() >= fence_len && t.bytes().all(|c| c == fence_char)
        };
        let close = (start + 1..self.lines.len()).find(|&j| closes(self.lines[j]));
        let end = close.unwrap_or_else(|| {
            // CommonMark would run to the end of the page; the authors meant to close it
            // before the next heading, so stop there and keep the rest of the page.
            let stop = (start + 1..self.lines.len())
                .find(|&k| is_heading(self.lines[k]))
                .unwrap_or(self.lines.len());
            self.sink.warn(
                Code::UnterminatedFence,
                Pos::line(line_no(start)),
                format!("this code block is never closed; it was taken to end at line {stop}"),
            );
            stop
        });
        let body = self.lines[start + 1..end.min(self.lines.len())].join("\n");
        let fence = Fence {
            lang,
            body,
            pos: Pos::line(line_no(start)),
            body_line: line_no(start + 1),
            annotation: self.pending.take(),
            heading: self.heading_idx(),
        };
        self.page.fences.push(fence);
        self.at = if close.is_some() { end + 1 } else { end };
    }

    /// An HTML comment opening at the current line: an annotation (`<!-- { … } -->`), or a
    /// remark the authors left each other.
    fn comment(&mut self, trimmed: &str) {
        let start = self.at;
        let mut body = String::new();
        let mut close = None;
        for j in start..self.lines.len() {
            let l = if j == start {
                trimmed.strip_prefix("<!--").unwrap_or(trimmed)
            } else {
                self.lines[j]
            };
            if let Some(end) = find_close(l) {
                body.push_str(&l[..end]);
                close = Some(j);
                break;
            }
            body.push_str(l);
            body.push('\n');
        }
        let Some(end) = close else {
            self.sink.warn(
                Code::UnterminatedComment,
                Pos::line(line_no(start)),
                "this HTML comment is never closed; the rest of the page was read as normal text",
            );
            self.at += 1;
            return;
        };
        if let Some(prev) = self.pending.take() {
            self.page.loose_annotations.push(prev);
        }
        let inner = body.trim();
        if inner.starts_with('{') {
            self.annotation(&body, start, end);
        } else {
            if !inner.is_empty() {
                let comment = Paragraph {
                    text: inner.split_whitespace().collect::<Vec<_>>().join(" "),
                    pos: Pos::line(line_no(start)),
                    heading: self.heading_idx(),
                };
                self.page.comments.push(comment);
            }
            if inner.contains("blockType") {
                self.sink.warn(
                    Code::InvalidAnnotation,
                    Pos::line(line_no(start)),
                    "this comment looks like an annotation (it names `blockType`) but is not a JSON object; ignored",
                );
            }
        }
        self.at = end + 1;
    }

    /// The JSON of an annotation comment spanning lines `start..=end`; `body` is the text
    /// between `<!--` and `-->`.
    fn annotation(&mut self, body: &str, start: usize, end: usize) {
        let lines = &self.lines;
        // Map positions inside the JSON back to the page: line 0 of the JSON is where the `{`
        // is, and only that line is shifted by the comment's opening.
        let lead = body.len() - body.trim_start().len();
        let json_line = start + body[..lead].matches('\n').count();
        let json_col = lines
            .get(json_line)
            .and_then(|l| l.find('{'))
            .map_or(0, |b| lines[json_line][..b].chars().count()) as u32;
        let to_page = |l: u32, c: u32| Pos {
            line: json_line as u32 + l + 1,
            column: if l == 0 { json_col + c + 1 } else { c + 1 },
        };
        let pos = to_page(0, 0);
        match json::parse_lenient(body.trim()) {
            Ok((serde_json::Value::Object(mut map), repairs)) => {
                json::report_repairs(self.sink, &repairs, "the annotation", to_page);
                if let Some(v) = map.remove("@type") {
                    let at = key_pos(lines, start, end, "\"@type\"").unwrap_or(pos);
                    self.sink.warn(
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
                    self.page.loose_annotations.push(ann);
                } else {
                    self.pending = Some(ann);
                }
            }
            Ok(_) => self.sink.warn(
                Code::InvalidAnnotation,
                pos,
                "annotation is JSON but not an object; ignored",
            ),
            Err(e) => self.sink.warn(
                Code::InvalidAnnotation,
                to_page(e.line, e.column),
                format!("annotation is not valid JSON ({}); ignored", e.message),
            ),
        }
    }

    /// An ATX heading at the current line (`trimmed` without its indent).
    fn heading(&mut self, trimmed: &str) {
        let level = trimmed.bytes().take_while(|&c| c == b'#').count() as u8;
        let text = trimmed[level as usize..]
            .trim()
            .trim_end_matches('#')
            .trim();
        // `# [C#](#tab/csharp)` lines are tab markers of the docs site, not headings.
        if !text.contains("(#tab/") {
            self.page.headings.push(Heading {
                level,
                text: inline::plain(text),
                pos: Pos::line(line_no(self.at)),
            });
        }
        self.at += 1;
    }

    /// A delimiter row with no header row above it.
    fn headerless_table(&mut self) {
        self.sink.warn(
            Code::TableWithoutHeader,
            Pos::line(line_no(self.at)),
            "a table delimiter row has no header row above it; the columns are guessed from the section",
        );
        let (t, next) = table::read_headerless(&self.lines, self.at, self.heading_idx(), self.sink);
        self.page.tables.push(t);
        self.at = next;
    }

    /// A run of `>` lines: one note (notes and includes are not descriptions).
    fn quote(&mut self) {
        let start = self.at;
        let mut text: Vec<&str> = Vec::new();
        while let Some(l) = self.lines.get(self.at).map(|l| l.trim_start()) {
            if !l.starts_with('>') {
                break;
            }
            let l = l.trim_start_matches('>').trim();
            if !l.is_empty() {
                text.push(l);
            }
            self.at += 1;
        }
        let note = Paragraph {
            text: text.join(" "),
            pos: Pos::line(line_no(start)),
            heading: self.heading_idx(),
        };
        self.page.notes.push(note);
    }
}

/// Where `-->` first is in `line`: the lines of every comment are searched for it, and most are
/// short, so a byte loop beats setting up a substring search.
fn find_close(line: &str) -> Option<usize> {
    line.as_bytes().windows(3).position(|w| w == b"-->")
}

/// Where `needle` first appears in lines `from..=to`, as a position.
fn key_pos(lines: &[&str], from: usize, to: usize, needle: &str) -> Option<Pos> {
    (from..=to.min(lines.len().saturating_sub(1))).find_map(|k| {
        lines[k].find(needle).map(|b| Pos {
            line: line_no(k),
            column: lines[k][..b].chars().count() as u32 + 1,
        })
    })
}

pub(super) fn is_heading(line: &str) -> bool {
    let t = line.trim_start();
    if line.len() - t.len() > 3 || !t.starts_with('#') {
        return false;
    }
    let hashes = t.bytes().take_while(|&c| c == b'#').count();
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
