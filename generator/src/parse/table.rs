//! Markdown (GFM) tables, read line by line so every cell keeps its line and column, and so the
//! irregular tables of the real pages are repaired with a diagnostic instead of being dropped.

use crate::diag::Code;
use crate::diag::{Pos, Sink};

/// One table cell: its raw markdown and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The cell's markdown, trimmed, with `<br>` kept (callers decide what it means).
    pub text: String,
    /// Where the cell's text starts.
    pub pos: Pos,
}

/// A table with the heading it sits under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Index into `Page::headings` of the nearest heading above, if any.
    pub heading: Option<usize>,
    /// The header row.
    pub header: Vec<Cell>,
    /// The body rows, each exactly as wide as the header (ragged rows are padded or merged).
    pub rows: Vec<Vec<Cell>>,
    /// Where the header row starts.
    pub pos: Pos,
    /// The header cells as plain lowercase text, for column lookups.
    pub keys: Vec<String>,
}

impl Table {
    /// True when the table had no header row (its header cells are empty).
    pub fn headerless(&self) -> bool {
        self.header.iter().all(|c| c.text.is_empty())
    }

    /// The index of the first header cell whose plain text equals one of `names` (ASCII case
    /// folded).
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        self.keys.iter().position(|k| names.iter().any(|n| k == n))
    }
}

/// True when `line` is a table delimiter row such as `|:---|---:|` or `--- | ---`.
pub fn is_delimiter(line: &str) -> bool {
    let t = line.trim();
    if !t.contains('-') {
        return false;
    }
    let inner = t.trim_start_matches('|').trim_end_matches('|');
    if inner.is_empty() {
        return false;
    }
    let cells: Vec<&str> = inner.split('|').collect();
    // A lone `---` is a thematic break, not a table.
    if cells.len() == 1 && !t.contains('|') {
        return false;
    }
    cells.iter().all(|c| {
        let c = c.trim();
        !c.is_empty() && c.trim_matches(':').chars().all(|ch| ch == '-') && c.contains('-')
    })
}

/// Splits a row into cells. `|` inside a code span or escaped as `\|` does not split; the second
/// value is the 1-based column of the first such code-span pipe (worth a note: GFM would split
/// there).
pub fn split_row(line: &str, line_no: u32) -> (Vec<Cell>, Option<u32>) {
    // Byte offsets of the splitting pipes; chars are only counted for reported columns.
    let bytes = line.as_bytes();
    let lead = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    let start = if bytes.get(lead) == Some(&b'|') {
        lead + 1
    } else {
        lead
    };
    let mut splits: Vec<usize> = Vec::new();
    let mut code_pipe: Option<usize> = None;
    let mut in_code = false;
    let mut k = start;
    while k < bytes.len() {
        // Eight bytes with no backslash, backtick or pipe change nothing: skipped whole (every
        // table row of the corpus passes here).
        if let Some(word) = bytes.get(k..k + 8) {
            if !has_special(word) {
                k += 8;
                continue;
            }
        }
        match bytes[k] {
            b'\\' => {
                k += 2;
                continue;
            }
            b'`' => in_code = !in_code,
            b'|' if in_code => {
                code_pipe.get_or_insert(k);
            }
            b'|' => splits.push(k),
            _ => {}
        }
        k += 1;
    }
    // A code span left open at the end of the line was not a code span: split at every pipe.
    if in_code && code_pipe.is_some() {
        splits.clear();
        code_pipe = None;
        let mut k = start;
        while k < bytes.len() {
            if bytes[k] == b'\\' {
                k += 2;
                continue;
            }
            if bytes[k] == b'|' {
                splits.push(k);
            }
            k += 1;
        }
    }
    let mut columns = Columns {
        line,
        byte: 0,
        column: 1,
    };
    let mut cells = Vec::with_capacity(splits.len() + 1);
    let mut from = start;
    for &at in &splits {
        cells.push(cell(line, from, at, line_no, &mut columns));
        from = at + 1;
    }
    if from < line.len() && !line[from..].trim().is_empty() {
        cells.push(cell(line, from, line.len(), line_no, &mut columns));
    }
    (cells, code_pipe.map(|b| columns.at(b)))
}

/// Whether an eight-byte word holds a `\\`, `` ` `` or `|` (exact: a zero-byte test per
/// character, which never misses one).
fn has_special(word: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut w = [0u8; 8];
    w.copy_from_slice(word);
    let w = u64::from_le_bytes(w);
    [b'\\', b'`', b'|'].iter().any(|&c| {
        let x = w ^ (ONES * u64::from(c));
        x.wrapping_sub(ONES) & !x & HIGH != 0
    })
}

/// The 1-based column of a byte offset of a line, counted on from the last one asked for:
/// the cells of a row are asked for left to right, so a row is counted once, not once per cell.
struct Columns<'l> {
    line: &'l str,
    byte: usize,
    column: u32,
}

impl Columns<'_> {
    fn at(&mut self, byte: usize) -> u32 {
        if byte < self.byte {
            (self.byte, self.column) = (0, 1);
        }
        self.column += self.line[self.byte..byte].chars().count() as u32;
        self.byte = byte;
        self.column
    }
}

fn cell(line: &str, from: usize, to: usize, line_no: u32, columns: &mut Columns) -> Cell {
    let raw = &line[from..to];
    let lead = raw.len() - raw.trim_start().len();
    let t = raw.trim();
    // A backslash first: a two-byte pattern search costs more to set up than most cells take
    // to scan, and few cells have one.
    let text = if t.contains('\\') && t.contains("\\|") {
        t.replace("\\|", "|")
    } else {
        t.to_string()
    };
    Cell {
        text,
        pos: Pos {
            line: line_no,
            column: columns.at(from + lead),
        },
    }
}

/// Reads a table starting at `lines[at]` (the header) with the delimiter at `lines[at + 1]`.
/// Returns the table and the index of the first line after it.
pub fn read(lines: &[&str], at: usize, heading: Option<usize>, sink: &mut Sink) -> (Table, usize) {
    let line_no = |i: usize| (i + 1) as u32;
    let (header, hp) = split_row(lines[at], line_no(at));
    if let Some(column) = hp {
        sink.note(Code::PipeInCodeSpan, Pos { line: line_no(at), column }, "a `|` inside a code span was kept in its cell; GFM renderers would split the cell there");
    }
    read_body(lines, at + 2, header, heading, Pos::line(line_no(at)), sink)
}

/// Reads a table whose delimiter row at `lines[at]` has no header row above it. The header
/// cells are empty; the model guesses the columns from the section the table is in.
pub fn read_headerless(
    lines: &[&str],
    at: usize,
    heading: Option<usize>,
    sink: &mut Sink,
) -> (Table, usize) {
    let (delims, _) = split_row(lines[at], (at + 1) as u32);
    let header: Vec<Cell> = delims
        .iter()
        .map(|c| Cell {
            text: String::new(),
            pos: c.pos,
        })
        .collect();
    read_body(
        lines,
        at + 1,
        header,
        heading,
        Pos::line((at + 1) as u32),
        sink,
    )
}

fn read_body(
    lines: &[&str],
    from: usize,
    header: Vec<Cell>,
    heading: Option<usize>,
    pos: Pos,
    sink: &mut Sink,
) -> (Table, usize) {
    let line_no = |i: usize| (i + 1) as u32;
    let width = header.len().max(1);
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut i = from;
    while i < lines.len() {
        let line = lines[i];
        if line.trim().is_empty() {
            break;
        }
        let starts_like_row = line.trim_start().starts_with('|');
        if !line.contains('|') {
            // A line with no pipe right after a short row continues that row (a wrapped row).
            if let Some(last) = rows.last_mut() {
                if !line.trim_start().starts_with('#') && !line.trim_start().starts_with("<!--") {
                    if let Some(cell) = last.iter_mut().rev().find(|c| !c.text.is_empty()).or(None)
                    {
                        cell.text.push(' ');
                        cell.text.push_str(line.trim());
                        sink.warn(Code::WrappedTableRow, Pos::line(line_no(i)), "a table row continues on this line without a `|`; joined it to the row above");
                        i += 1;
                        continue;
                    }
                }
            }
            break;
        }
        if line.trim_start().starts_with('#') || line.trim_start().starts_with("<!--") {
            break;
        }
        let (mut cells, code_pipe) = split_row(line, line_no(i));
        if let Some(column) = code_pipe {
            sink.note(Code::PipeInCodeSpan, Pos { line: line_no(i), column }, "a `|` inside a code span was kept in its cell; GFM renderers would split the cell there");
        }
        // A row without a leading pipe right after a row that did not end with one is the rest
        // of that row.
        let prev_open = !lines[i - 1].trim_end().ends_with('|');
        if !starts_like_row && prev_open && !cells.is_empty() {
            if let Some(last) = rows.last_mut() {
                let filled = last
                    .iter()
                    .rposition(|c| !c.text.is_empty())
                    .map_or(0, |p| p + 1);
                if filled + cells.len() - 1 <= width {
                    let mut incoming = cells.into_iter();
                    if let (Some(first), Some(target)) =
                        (incoming.next(), last.get_mut(filled.saturating_sub(1)))
                    {
                        target.text.push(' ');
                        target.text.push_str(&first.text);
                    }
                    for (slot, c) in last.iter_mut().skip(filled).zip(incoming) {
                        *slot = c;
                    }
                    sink.warn(
                        Code::WrappedTableRow,
                        Pos::line(line_no(i)),
                        "a table row was broken over two lines; joined it to the row above",
                    );
                    i += 1;
                    continue;
                }
            }
        }
        if cells.len() < width {
            if cells.iter().any(|c| !c.text.is_empty()) {
                sink.warn(
                    Code::RaggedTableRow,
                    Pos::line(line_no(i)),
                    format!("this row has {} cells but the header has {}; the missing cells are taken as empty", cells.len(), width),
                );
            }
            let end_col = line.chars().count() as u32 + 1;
            while cells.len() < width {
                cells.push(Cell {
                    text: String::new(),
                    pos: Pos {
                        line: line_no(i),
                        column: end_col,
                    },
                });
            }
        } else if cells.len() > width {
            let extra: Vec<Cell> = cells.split_off(width);
            let extra_text: Vec<String> = extra
                .iter()
                .map(|c| c.text.clone())
                .filter(|t| !t.is_empty())
                .collect();
            if !extra_text.is_empty() {
                sink.warn(
                    Code::RaggedTableRow,
                    extra[0].pos,
                    format!("this row has {} cells but the header has {}; the extra text was appended to the last cell (an unescaped `|`?)", width + extra.len(), width),
                );
                if let Some(last) = cells.last_mut() {
                    for t in extra_text {
                        last.text.push_str(" | ");
                        last.text.push_str(&t);
                    }
                }
            }
        }
        rows.push(cells);
        i += 1;
    }
    (
        Table {
            heading,
            keys: header
                .iter()
                .map(|c| super::inline::plain(&c.text).to_ascii_lowercase())
                .collect(),
            header,
            rows,
            pos,
        },
        i,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(cells: &[Cell]) -> Vec<&str> {
        cells.iter().map(|c| c.text.as_str()).collect()
    }

    /// The table at the first line, the line after it, and the codes of what was repaired.
    fn read_table(lines: &[&str]) -> (Table, usize, Vec<Code>) {
        let mut sink = Sink::new("f.md");
        let (t, next) = read(lines, 0, None, &mut sink);
        (t, next, sink.items.iter().map(|d| d.code).collect())
    }

    #[test]
    fn delimiters() {
        assert!(is_delimiter("|:---|:---|"));
        assert!(is_delimiter(":--- | ---:"));
        assert!(is_delimiter("|---|"));
        assert!(!is_delimiter("---"));
        assert!(!is_delimiter("| a | b |"));
    }

    #[test]
    fn the_word_test_finds_every_special_byte() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut word = *b"abcdefgh";
                word[at] = b;
                let special = matches!(b, b'\\' | b'`' | b'|');
                assert_eq!(has_special(&word), special, "byte {b} at {at}");
            }
        }
        // Long rows: the skipped words must not hide a pipe or a code span.
        let (cells, pipe) = split_row(
            "| a long property name | `code | span` in a long cell |x|",
            1,
        );
        assert_eq!(
            texts(&cells),
            ["a long property name", "`code | span` in a long cell", "x"]
        );
        assert_eq!(pipe, Some(32));
    }

    #[test]
    fn split_keeps_code_span_pipes_and_columns() {
        let (cells, pipe) = split_row("|a| `x|y` |c|", 3);
        assert_eq!(texts(&cells), ["a", "`x|y`", "c"]);
        assert_eq!(pipe, Some(7));
        assert_eq!(cells[1].pos, Pos { line: 3, column: 5 });
        let (cells, _) = split_row("a | b", 1);
        assert_eq!(texts(&cells), ["a", "b"]);
        let (cells, _) = split_row(r"|a\|b|c|", 1);
        assert_eq!(texts(&cells), ["a|b", "c"]);
    }

    #[test]
    fn ragged_rows_are_padded_or_merged_with_a_diagnostic() {
        let lines = [
            "|P|T|D|",
            "|-|-|-|",
            "|a|String|",
            "|b|Int32|x|y|",
            "",
            "after",
        ];
        let (t, next, codes) = read_table(&lines);
        assert_eq!(next, 4);
        assert_eq!(texts(&t.rows[0]), ["a", "String", ""]);
        assert_eq!(texts(&t.rows[1]), ["b", "Int32", "x | y"]);
        assert_eq!(codes, [Code::RaggedTableRow, Code::RaggedTableRow]);
    }

    #[test]
    fn wrapped_rows_are_joined() {
        let lines = [
            "|P|T|D|",
            "|-|-|-|",
            "|a|String|first half",
            "second half|",
            "|b|Int32|ok|",
        ];
        let (t, _, codes) = read_table(&lines);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0][2].text, "first half second half");
        assert_eq!(codes, [Code::WrappedTableRow]);
    }
}
