//! Inline markdown the model needs: links (inline and reference style) and plain text.

/// A link found in inline text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The link text, with emphasis and code markers removed.
    pub text: String,
    /// The target, for inline links or reference links that were resolved.
    pub target: Option<String>,
    /// The reference label for `[text][label]` / `[text][]` links (lowercased).
    pub reference: Option<String>,
    /// Char offset of the `[` within the scanned text.
    pub offset: usize,
}

/// Finds the links in `text`. Reference links keep their label; the caller resolves them
/// against the page's link definitions.
pub fn links(text: &str) -> Vec<Link> {
    // Every link starts at a `[`; most cells have none.
    if !text.contains('[') {
        return Vec::new();
    }
    // Read by bytes: every delimiter is ASCII, so each one found is a char boundary and the
    // bytes of other characters (all >= 0x80) never match. Reported offsets stay in chars.
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut counted_to, mut chars_before) = (0usize, 0usize);
    let mut char_offset = |at: usize| {
        chars_before += text[counted_to..at].chars().count();
        counted_to = at;
        chars_before
    };
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            // Links inside code spans are not links.
            let mut j = i + 1;
            while j < bytes.len() && bytes[j] != b'`' {
                j += 1;
            }
            i = j + 1;
            continue;
        }
        if bytes[i] != b'[' || (i > 0 && bytes[i - 1] == b'!') {
            i += 1;
            continue;
        }
        let Some(close) = matching(bytes, i, b'[', b']', b'\\') else {
            i += 1;
            continue;
        };
        let label = &text[i + 1..close];
        match bytes.get(close + 1) {
            Some(b'(') => {
                if let Some(end) = matching(bytes, close + 1, b'(', b')', b'\\') {
                    let target = text[close + 2..end]
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .trim_matches(['<', '>'])
                        .to_string();
                    out.push(Link {
                        text: plain(label),
                        target: Some(target),
                        reference: None,
                        offset: char_offset(i),
                    });
                    i = end + 1;
                    continue;
                }
            }
            Some(b'[') => {
                if let Some(end) = matching(bytes, close + 1, b'[', b']', b'\\') {
                    let r = &text[close + 2..end];
                    let r = if r.trim().is_empty() { label } else { r };
                    out.push(Link {
                        text: plain(label),
                        target: None,
                        reference: Some(r.trim().to_lowercase()),
                        offset: char_offset(i),
                    });
                    i = end + 1;
                    continue;
                }
            }
            _ => {}
        }
        i = close + 1;
    }
    out
}

/// Where the bracket opened at `open_at` closes (nesting counted, a backslash skips the next
/// unit), over chars or over bytes. Over bytes the delimiters are ASCII: a backslash skips one
/// byte, and the next character's other bytes, if any, are >= 0x80 and match nothing.
fn matching<T: PartialEq + Copy>(
    units: &[T],
    open_at: usize,
    open: T,
    close: T,
    escape: T,
) -> Option<usize> {
    let mut depth = 0usize;
    let mut j = open_at;
    while j < units.len() {
        let c = units[j];
        if c == escape {
            j += 2;
            continue;
        }
        if c == open {
            depth += 1;
        } else if c == close {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return Some(j);
            }
        }
        j += 1;
    }
    None
}

/// What a `<` at `i` opens, written to `out`: an autolink (`<https://…>`) as written, an HTML
/// tag as `tag(lowercased name, closing)` says. The index after its `>`; `None` when the `<`
/// opens neither (nothing written).
fn angle(
    chars: &[char],
    i: usize,
    out: &mut String,
    tag: impl Fn(&str, bool) -> &'static str,
) -> Option<usize> {
    let end = i + chars[i..].iter().position(|&x| x == '>')?;
    if url_at(chars, i + 1) {
        out.extend(&chars[i..=end]);
        return Some(end + 1);
    }
    let text: String = chars[i + 1..end]
        .iter()
        .collect::<String>()
        .to_ascii_lowercase();
    if !text
        .chars()
        .next()
        .is_some_and(|t| t.is_ascii_alphabetic() || t == '/')
    {
        return None;
    }
    let name = text
        .trim_start_matches('/')
        .split([' ', '/'])
        .next()
        .unwrap_or("");
    out.push_str(tag(name, text.starts_with('/')));
    Some(end + 1)
}

/// Text with inline markup removed: links become their text, emphasis/code markers and HTML
/// tags go, `<br>` becomes a space, whitespace is folded.
pub fn plain(text: &str) -> String {
    // Most cells are plain words: skip the char-by-char pass for them.
    if !text
        .bytes()
        .any(|b| matches!(b, b'*' | b'`' | b'_' | b'\\' | b'<' | b'['))
    {
        let t = text.trim();
        if !t.bytes().any(|b| b.is_ascii_whitespace() && b != b' ') && !t.contains("  ") {
            return t.to_string();
        }
        return t.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '*' | '`' => {}
            '_' if (i == 0 || !chars[i - 1].is_alphanumeric())
                || chars.get(i + 1).is_none_or(|n| !n.is_alphanumeric()) => {}
            '\\' => {
                if let Some(n) = chars.get(i + 1) {
                    out.push(*n);
                    i += 1;
                }
            }
            '<' => {
                if let Some(next) = angle(&chars, i, &mut out, |_, _| " ") {
                    i = next;
                    continue;
                }
                out.push(c);
            }
            '[' => {
                if let Some(close) = matching(&chars, i, '[', ']', '\\') {
                    let label: String = chars[i + 1..close].iter().collect();
                    let mut next = close + 1;
                    match chars.get(next) {
                        Some('(') => {
                            if let Some(end) = matching(&chars, next, '(', ')', '\\') {
                                next = end + 1;
                            }
                        }
                        Some('[') => {
                            if let Some(end) = matching(&chars, next, '[', ']', '\\') {
                                next = end + 1;
                            }
                        }
                        _ => {}
                    }
                    out.push_str(&plain(&label));
                    i = next;
                    continue;
                }
                out.push(c);
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Description markdown → rustdoc markdown: code spans and emphasis stay; links to other doc
/// pages become their text (the pages are not part of the crate), web links stay; `<br>` and
/// `<li>` become line breaks and bullets; other HTML tags go; brackets are escaped so rustdoc
/// does not read them as intra-doc links.
pub fn doc_markdown(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '`' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|&x| x == '`')
                    .map(|p| i + 1 + p);
                match end {
                    Some(end) => {
                        out.extend(&chars[i..=end]);
                        i = end + 1;
                    }
                    None => {
                        out.push('`');
                        i += 1;
                    }
                }
                continue;
            }
            '\\' => {
                if let Some(n) = chars.get(i + 1) {
                    out.push('\\');
                    out.push(*n);
                    i += 2;
                    continue;
                }
            }
            '<' => {
                let tag = |name: &str, closing: bool| match (name, closing) {
                    ("br" | "p" | "ul" | "ol", _) => "\n",
                    ("li", false) => "\n- ",
                    _ => " ",
                };
                if let Some(next) = angle(&chars, i, &mut out, tag) {
                    i = next;
                    continue;
                }
                // A `<` that cannot open a tag stays; one that could is escaped for rustdoc.
                if chars
                    .get(i + 1)
                    .is_some_and(|n| n.is_ascii_alphabetic() || *n == '/')
                {
                    out.push_str("&lt;");
                } else {
                    out.push('<');
                }
                i += 1;
                continue;
            }
            '[' => {
                if let Some(close) = matching(&chars, i, '[', ']', '\\') {
                    let label: String = chars[i + 1..close].iter().collect();
                    let (target, next) = match chars.get(close + 1) {
                        Some('(') => match matching(&chars, close + 1, '(', ')', '\\') {
                            Some(end) => (
                                Some(chars[close + 2..end].iter().collect::<String>()),
                                end + 1,
                            ),
                            None => (None, close + 1),
                        },
                        Some('[') => match matching(&chars, close + 1, '[', ']', '\\') {
                            Some(end) => (None, end + 1),
                            None => (None, close + 1),
                        },
                        _ => (None, close + 1),
                    };
                    let label_md = doc_markdown(&label);
                    match target {
                        Some(t) if t.starts_with("http://") || t.starts_with("https://") => {
                            out.push('[');
                            out.push_str(&label_md);
                            out.push_str("](");
                            out.push_str(t.split_whitespace().next().unwrap_or(""));
                            out.push(')');
                        }
                        _ if next == close + 1 => {
                            out.push_str("\\[");
                            out.push_str(&label_md);
                            out.push_str("\\]");
                        }
                        _ => out.push_str(&label_md),
                    }
                    i = next;
                    continue;
                }
                out.push_str("\\[");
                i += 1;
                continue;
            }
            ']' => {
                out.push_str("\\]");
                i += 1;
                continue;
            }
            'h' if url_at(&chars, i) => {
                // A bare URL: rustdoc warns about it (`bare_urls`) and does not link it; an
                // autolink does both right.
                let end = url_end(&chars, i);
                out.push('<');
                out.extend(&chars[i..end]);
                out.push('>');
                i = end;
                continue;
            }
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    out.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// True when an `http://` or `https://` URL starts at `i` (and not inside a word).
fn url_at(chars: &[char], i: usize) -> bool {
    let starts = |p: &str| {
        p.chars()
            .enumerate()
            .all(|(k, c)| chars.get(i + k) == Some(&c))
    };
    (starts("http://") || starts("https://"))
        && i.checked_sub(1)
            .and_then(|p| chars.get(p))
            .is_none_or(|c| !c.is_alphanumeric())
}

/// Where a bare URL starting at `i` ends: at whitespace or a character that cannot be part of
/// it in prose, less trailing punctuation (`see https://x.test.`).
fn url_end(chars: &[char], i: usize) -> usize {
    let mut end = i;
    while end < chars.len()
        && !chars[end].is_whitespace()
        && !matches!(chars[end], '<' | '>' | '"' | '`' | '|')
    {
        end += 1;
    }
    while end > i
        && matches!(
            chars[end - 1],
            '.' | ',' | ';' | ':' | '!' | '?' | ')' | '\''
        )
    {
        end -= 1;
    }
    end
}

/// `text` with every link removed entirely (label and target), for reading what a cell says
/// around its links (`[x](x.md) collection`).
pub fn without_links(text: &str) -> String {
    if !text.contains('[') {
        return text.to_string();
    }
    // By bytes, as `links` reads: the delimiters are ASCII.
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut i, mut kept) = (0, 0);
    while i < bytes.len() {
        if bytes[i] == b'[' {
            if let Some(close) = matching(bytes, i, b'[', b']', b'\\') {
                let after = match bytes.get(close + 1) {
                    Some(b'(') => matching(bytes, close + 1, b'(', b')', b'\\'),
                    Some(b'[') => matching(bytes, close + 1, b'[', b']', b'\\'),
                    _ => None,
                };
                if let Some(end) = after {
                    out.push_str(&text[kept..i]);
                    i = end + 1;
                    kept = i;
                    continue;
                }
            }
        }
        i += 1;
    }
    out.push_str(&text[kept..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_and_reference_links() {
        let l = links("[apiBase](../resources/apibase.md) collection and [x][] and [y][Why]");
        assert_eq!(l.len(), 3);
        assert_eq!(l[0].text, "apiBase");
        assert_eq!(l[0].target.as_deref(), Some("../resources/apibase.md"));
        assert_eq!(l[1].reference.as_deref(), Some("x"));
        assert_eq!(l[2].reference.as_deref(), Some("why"));
    }

    #[test]
    fn code_spans_hide_links_and_images_are_skipped() {
        assert!(links("`[a](b)` ![img](p.png)").is_empty());
    }

    #[test]
    fn plain_strips_markup() {
        assert_eq!(
            plain("**Bold** `code`<br/>[link](x.md) and snake_case"),
            "Bold code link and snake_case"
        );
        assert_eq!(plain("a < b"), "a < b");
    }

    #[test]
    fn doc_markdown_keeps_code_and_turns_html_into_lines() {
        assert_eq!(
            doc_markdown("Use `a|b` with [widget](widget.md) or [docs](https://x.test/a).<br>Values:<ul><li>one</li><li>two</li></ul> [optional]"),
            "Use `a|b` with widget or [docs](https://x.test/a).\nValues:\n- one\n- two\n\\[optional\\]"
        );
        assert_eq!(
            doc_markdown(
                "See https://x.test/a?b=1. Or <https://x.test/c>, and `https://x.test/d`."
            ),
            "See <https://x.test/a?b=1>. Or <https://x.test/c>, and `https://x.test/d`."
        );
        assert_eq!(doc_markdown("a < b"), "a < b");
        assert_eq!(doc_markdown("a <b"), "a &lt;b");
    }

    #[test]
    fn unbalanced_brackets_do_not_panic() {
        for s in ["[", "[a](", "[a][", "]", "[[[", "\\", "<", "<a", "[a](b"] {
            let _ = links(s);
            let _ = plain(s);
            let _ = doc_markdown(s);
            let _ = without_links(s);
        }
    }
}
