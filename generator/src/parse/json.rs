//! Lenient JSON: the doc pages' JSON blocks and annotations are written by hand, and about 2% are
//! not strict JSON. We repair the common slips in place (keeping every line and column where it
//! was, so later errors still point at the right spot) and say what we repaired.

use crate::diag::Code;
use serde_json::Value;

/// A repair made to make a block parse; reported as a diagnostic by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    /// What kind of slip it was, as a short phrase.
    pub what: &'static str,
    /// 0-based line within the parsed text.
    pub line: u32,
    /// 0-based column (characters) within that line.
    pub column: u32,
}

/// Why a block could not be read even after repairs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// serde_json's message, without its position suffix.
    pub message: String,
    /// 0-based line within the parsed text.
    pub line: u32,
    /// 0-based column within that line.
    pub column: u32,
}

/// Parses `text` as JSON, repairing comments, trailing commas, non-ASCII spaces and numbers with
/// leading zeros. Returns the value and the repairs it needed (empty for strict JSON).
pub fn parse_lenient(text: &str) -> Result<(Value, Vec<Repair>), JsonError> {
    if let Ok(v) = serde_json::from_str::<Value>(text) {
        return Ok((v, Vec::new()));
    }
    let (fixed, repairs) = repair(text);
    match serde_json::from_str::<Value>(&fixed) {
        Ok(v) => Ok((v, repairs)),
        Err(e) => {
            let full = e.to_string();
            let message = match full.find(" at line ") {
                Some(i) => full[..i].to_string(),
                None => full,
            };
            Err(JsonError {
                message,
                line: (e.line() as u32).saturating_sub(1),
                column: (e.column() as u32).saturating_sub(1),
            })
        }
    }
}

/// Reports the repairs made to one block as a single warning at the first one, naming each kind
/// of slip once with a count, so a block full of stray spaces is one finding, not twenty.
/// `to_page` maps a (line, column) within the block to the page.
pub fn report_repairs(
    sink: &mut crate::diag::Sink,
    repairs: &[Repair],
    what: &str,
    to_page: impl Fn(u32, u32) -> crate::diag::Pos,
) {
    let Some(first) = repairs.first() else { return };
    let mut kinds: Vec<(&str, usize)> = Vec::new();
    for r in repairs {
        match kinds.iter_mut().find(|(k, _)| *k == r.what) {
            Some((_, n)) => *n += 1,
            None => kinds.push((r.what, 1)),
        }
    }
    let list: Vec<String> = kinds
        .iter()
        .map(|(k, n)| {
            if *n == 1 {
                k.to_string()
            } else {
                format!("{k} (×{n})")
            }
        })
        .collect();
    sink.warn(
        Code::LenientJson,
        to_page(first.line, first.column),
        format!(
            "{what} is not strict JSON: it has {}; read it anyway",
            list.join(", ")
        ),
    );
}

/// Rewrites slips into spaces so positions are preserved. Works on chars; never panics.
fn repair(text: &str) -> (String, Vec<Repair>) {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<char> = chars.clone();
    let mut repairs = Vec::new();
    // Line/column of every char index, computed lazily by a running counter.
    let mut line_of = Vec::with_capacity(chars.len());
    let mut col_of = Vec::with_capacity(chars.len());
    let (mut l, mut c) = (0u32, 0u32);
    for ch in &chars {
        line_of.push(l);
        col_of.push(c);
        if *ch == '\n' {
            l += 1;
            c = 0;
        } else {
            c += 1;
        }
    }
    let at = |i: usize, what: &'static str| Repair {
        what,
        line: line_of.get(i).copied().unwrap_or(0),
        column: col_of.get(i).copied().unwrap_or(0),
    };
    let mut i = 0;
    let mut in_string = false;
    while i < chars.len() {
        let ch = chars[i];
        if in_string {
            if ch == '\\' {
                i += 2;
                continue;
            }
            if ch == '"' {
                in_string = false;
            } else if ch == '\n' {
                // An unterminated string: stop treating the rest of the line as string content.
                in_string = false;
            }
            i += 1;
            continue;
        }
        match ch {
            '"' => in_string = true,
            '/' if chars.get(i + 1) == Some(&'/') => {
                repairs.push(at(i, "a `//` comment"));
                while i < chars.len() && chars[i] != '\n' {
                    out[i] = ' ';
                    i += 1;
                }
                continue;
            }
            '/' if chars.get(i + 1) == Some(&'*') => {
                repairs.push(at(i, "a `/* */` comment"));
                let start = i;
                i += 2;
                while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                    i += 1;
                }
                let end = (i + 2).min(chars.len());
                for slot in out.iter_mut().take(end).skip(start) {
                    if *slot != '\n' {
                        *slot = ' ';
                    }
                }
                i = end;
                continue;
            }
            ',' => {
                let mut j = i + 1;
                while j < chars.len() && (out[j].is_whitespace()) {
                    j += 1;
                }
                // Skip comments that follow the comma, as written in the original.
                if matches!(chars.get(j), Some('}') | Some(']')) {
                    repairs.push(at(i, "a trailing comma"));
                    out[i] = ' ';
                }
            }
            '0' => {
                let prev_is_num = i > 0 && (chars[i - 1].is_ascii_digit() || chars[i - 1] == '.');
                if !prev_is_num && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit()) {
                    repairs.push(at(i, "a number with leading zeros"));
                    let mut j = i;
                    while chars.get(j) == Some(&'0')
                        && chars.get(j + 1).is_some_and(|d| d.is_ascii_digit())
                    {
                        out[j] = ' ';
                        j += 1;
                    }
                    i = j;
                    continue;
                }
            }
            c if c != '\n' && c != '\r' && c != '\t' && c != ' ' && c.is_whitespace() => {
                repairs.push(at(i, "a non-ASCII space"));
                out[i] = ' ';
            }
            '\u{feff}' | '\u{200b}' => {
                repairs.push(at(i, "an invisible character"));
                out[i] = ' ';
            }
            _ => {}
        }
        i += 1;
    }
    // Trailing commas hidden behind comments were blanked above only if the comment came first;
    // a second pass catches `, /* x */ }` now that comments are spaces.
    let mut k = 0;
    let mut in_str = false;
    while k < out.len() {
        let ch = out[k];
        if in_str {
            if ch == '\\' {
                k += 2;
                continue;
            }
            if ch == '"' || ch == '\n' {
                in_str = false;
            }
        } else if ch == '"' {
            in_str = true;
        } else if ch == ',' {
            let mut j = k + 1;
            while j < out.len() && out[j].is_whitespace() {
                j += 1;
            }
            if matches!(out.get(j), Some('}') | Some(']')) {
                repairs.push(at(k, "a trailing comma"));
                out[k] = ' ';
            }
        }
        k += 1;
    }
    (out.into_iter().collect(), repairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_json_needs_no_repair() {
        let (v, r) = parse_lenient(r#"{"a": [1, 2]}"#).unwrap();
        assert_eq!(v["a"][1], 2);
        assert!(r.is_empty());
    }

    #[test]
    fn repairs_comments_commas_spaces_and_zeros() {
        let text =
            "{\n  \"a\": 1, // one\n  /* gone */ \"b\": [1,2,],\n  \"c\":\u{a0}0000000000,\n}";
        let (v, r) = parse_lenient(text).unwrap();
        assert_eq!(v["a"], 1);
        assert_eq!(v["b"].as_array().map(|a| a.len()), Some(2));
        assert_eq!(v["c"], 0);
        let whats: Vec<_> = r.iter().map(|r| r.what).collect();
        assert!(whats.contains(&"a `//` comment"));
        assert!(whats.contains(&"a `/* */` comment"));
        assert!(whats.contains(&"a trailing comma"));
        assert!(whats.contains(&"a non-ASCII space"));
        assert!(whats.contains(&"a number with leading zeros"));
        let comment = r.iter().find(|r| r.what == "a `//` comment").unwrap();
        assert_eq!((comment.line, comment.column), (1, 10));
    }

    #[test]
    fn slashes_and_commas_inside_strings_are_kept() {
        let (v, r) = parse_lenient("{\"u\": \"https://x/y,]\", \"n\": 10,}").unwrap();
        assert_eq!(v["u"], "https://x/y,]");
        assert_eq!(r.len(), 1);
    }

    #[test]
    fn hopeless_json_reports_a_position() {
        let err = parse_lenient("{\n  \"a\": String\n}").unwrap_err();
        assert_eq!(err.line, 1);
        assert!(err.message.contains("expected"), "{}", err.message);
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            "",
            "\\",
            "\"",
            "0",
            "00",
            "/*",
            ",",
            "{\"a\":\"\\",
            "\u{a0}",
            "0\u{a0}0",
        ] {
            let _ = parse_lenient(s);
        }
    }
}
