//! Characters that make text display differently from what it is.
//!
//! Bidirectional controls reorder what a reader sees (the "Trojan Source" hazard: rustc rejects
//! them in literals and comments), and zero-width or other format characters hide text. A page
//! may carry them by accident or on purpose; they are reported where they stand and written into
//! emitted source only as visible `\u{…}` escapes.

use crate::diag::Code;
use crate::diag::{Pos, Sink};
use std::borrow::Cow;

/// True for a character that is invisible or changes the display order of the text around it:
/// control characters other than tab, bidi embeddings/overrides/isolates and marks, zero-width
/// characters, the soft hyphen, word joiners and invisible operators, and the BOM.
pub fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n' && c != '\r')
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206F}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
        )
}

/// True for the bidirectional controls: embeddings, overrides, isolates and marks.
fn reorders(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every hidden character written as a visible `\u{…}` escape (in a string literal
/// the escape means the same character; in a comment it shows what is there).
pub fn visible(text: &str) -> Cow<'_, str> {
    // Bytes first (the emitter passes its whole output through here): only from a byte that
    // may start a hidden character on are characters decoded.
    let Some(from) = text.bytes().position(|b| SUSPECT[b as usize]) else {
        return Cow::Borrowed(text);
    };
    if !text[from..].contains(is_hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_hidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Bytes that may start a hidden character: ASCII controls other than tab, newline and
/// carriage return, DEL, and the lead bytes of the hidden characters above 0x7F.
const SUSPECT: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = !matches!(b, 0x09 | 0x0A | 0x0D);
        b += 1;
    }
    t[0x7F] = true;
    t[0xC2] = true;
    t[0xD8] = true;
    t[0xE1] = true;
    t[0xE2] = true;
    t[0xEF] = true;
    t
};

/// Eight bytes at a time, the offset of the next [`SUSPECT`] byte at or after `from`. A word
/// with no byte under 0x20 and none at or over 0x7F holds none, and most words of a page are
/// such; only the others (a newline is enough) are looked at byte by byte. This scan reads
/// every byte of the corpus, so it is worth not doing a table lookup per byte.
fn next_suspect(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = from;
    while i + 8 <= bytes.len() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[i..i + 8]);
        let w = u64::from_le_bytes(word);
        // High bit set in some byte: a byte < 0x20, or a byte >= 0x7F (0x7F + 1 carries into
        // the high bit; bytes already >= 0x80 have it). False positives only send the word
        // to the byte loop.
        let low = w.wrapping_sub(ONES * 0x20) & !w;
        let high = w.wrapping_add(ONES) | w;
        if (low | high) & HIGH != 0 {
            if let Some(k) = bytes[i..i + 8].iter().position(|&b| SUSPECT[b as usize]) {
                return Some(i + k);
            }
        }
        i += 8;
    }
    bytes[i..]
        .iter()
        .position(|&b| SUSPECT[b as usize])
        .map(|k| i + k)
}

/// Reports the hidden characters of a page (the first few in full, then a count), so a
/// reviewer sees them before they are escaped in the output.
pub fn report(text: &str, sink: &mut Sink) {
    const SHOWN: usize = 5;
    let bytes = text.as_bytes();
    let mut found = 0usize;
    // Lines are counted only up to a reported character: most pages have none, and the scan
    // for a suspect byte is a table lookup per byte, decoding a character only there.
    let (mut line, mut line_start, mut counted) = (1u32, 0usize, 0usize);
    let mut from = 0;
    while let Some(i) = next_suspect(bytes, from) {
        from = i + 1;
        let Some(c) = text
            .get(i..)
            .and_then(|t| t.chars().next())
            .filter(|&c| is_hidden(c))
        else {
            continue;
        };
        found += 1;
        if found > SHOWN {
            continue;
        }
        for (k, &b) in bytes[counted..i].iter().enumerate() {
            if b == b'\n' {
                line += 1;
                line_start = counted + k + 1;
            }
        }
        counted = i;
        let column = text[line_start..i].chars().count() as u32 + 1;
        let pos = Pos { line, column };
        let (what, escape) = (c as u32, format!("\\u{{{:x}}}", c as u32));
        // Reordering text is how source is made to lie; an invisible space is a typo.
        if reorders(c) {
            let msg = format!("U+{what:04X} reorders the text around it; emitted code writes it as `{escape}` so it reads as what it is");
            sink.warn(Code::HiddenCharacter, pos, msg);
        } else {
            let msg = format!("U+{what:04X} is invisible; emitted code writes it as `{escape}`");
            sink.note(Code::HiddenCharacter, pos, msg);
        }
    }
    if found > SHOWN {
        let msg = format!(
            "the page has {found} such characters in all ({} more not listed)",
            found - SHOWN
        );
        sink.note(Code::HiddenCharacter, Pos::line(1), msg);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trojan_source_characters_become_escapes() {
        assert_eq!(visible("plain text"), "plain text");
        assert_eq!(visible("a\u{202E}b\u{2066}c"), "a\\u{202e}b\\u{2066}c");
        assert_eq!(visible("zero\u{200B}width"), "zero\\u{200b}width");
        assert_eq!(visible("tab\tstays"), "tab\tstays");
        assert!(!is_hidden('é') && !is_hidden('—'));
    }

    #[test]
    fn the_word_scan_finds_what_the_byte_scan_finds() {
        let mut text: Vec<u8> = b"plain ascii text with a newline\n and a tab\t here ".to_vec();
        for b in 0..=255u8 {
            text.push(b);
            text.extend_from_slice(b" some filler ");
        }
        for from in 0..text.len() {
            let slow = text[from..]
                .iter()
                .position(|&b| SUSPECT[b as usize])
                .map(|k| from + k);
            assert_eq!(next_suspect(&text, from), slow, "from {from}");
        }
    }

    #[test]
    fn each_occurrence_is_reported_with_its_place() {
        let mut sink = Sink::new("p.md");
        report("ok\nd|Boolean|\u{202A}\n", &mut sink);
        assert_eq!(sink.items.len(), 1);
        assert_eq!((sink.items[0].line, sink.items[0].column), (2, 11));
        assert_eq!(sink.items[0].code, Code::HiddenCharacter);
    }
}
