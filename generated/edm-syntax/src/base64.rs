//! `Edm.Binary`'s base64: read in the standard alphabet with `-`/`_` taken as `+`/`/` (some
//! Graph endpoints and clients use the URL-safe one), padding optional but never misplaced, no
//! stray bits in the last symbol; written in the standard alphabet with padding, which Graph
//! requires.

use std::fmt;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn morsel(b: u8) -> Option<u32> {
    Some(u32::from(match b {
        b'A'..=b'Z' => b - b'A',
        b'a'..=b'z' => b - b'a' + 26,
        b'0'..=b'9' => b - b'0' + 52,
        b'+' | b'-' => 62,
        b'/' | b'_' => 63,
        _ => return None,
    }))
}

const BAD_CHARACTER: &str = "invalid base64 character";

/// The bytes `s` encodes.
pub fn decode(s: &str) -> Result<Vec<u8>, &'static str> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len() / 4 * 3 + 2);
    if b.is_empty() {
        return Ok(out);
    }
    let rem = b.len() % 4;
    if rem == 1 && b.last() != Some(&b'=') && b.last().copied().and_then(morsel).is_none() {
        return Err(BAD_CHARACTER);
    }
    // Whole groups before the last (possibly padded or short) one.
    let body = b
        .len()
        .saturating_sub(rem)
        .saturating_sub(usize::from(rem == 0) * 4);
    for group in b.get(..body).unwrap_or_default().chunks(4) {
        let mut n = 0u32;
        for &x in group {
            n = (n << 6) | morsel(x).ok_or(BAD_CHARACTER)?;
        }
        out.extend_from_slice(&n.to_be_bytes()[1..]);
    }
    let mut pad = 0;
    let mut ms = [0u32; 4];
    let mut len = 0;
    for (i, &x) in b.get(body..).unwrap_or_default().iter().enumerate() {
        if x == b'=' {
            if i < 2 {
                return Err(BAD_CHARACTER);
            }
            pad += 1;
            continue;
        }
        if pad > 0 {
            return Err(BAD_CHARACTER);
        }
        let slot = ms.get_mut(len).ok_or(BAD_CHARACTER)?;
        *slot = morsel(x).ok_or(BAD_CHARACTER)?;
        len += 1;
    }
    if len < 2 {
        return Err("invalid base64 length");
    }
    let bytes = len * 6 / 8;
    let num = (ms[0] << 26) | (ms[1] << 20) | (ms[2] << 14) | (ms[3] << 8);
    if num & (u32::MAX >> (bytes * 8)) != 0 {
        return Err("base64 ends in a non-canonical symbol");
    }
    out.extend_from_slice(&num.to_be_bytes()[..bytes]);
    Ok(out)
}

/// Writes `bytes` in the standard alphabet with padding.
pub fn encode(f: &mut impl fmt::Write, bytes: &[u8]) -> fmt::Result {
    for chunk in bytes.chunks(3) {
        let mut n = 0u32;
        for (i, &b) in chunk.iter().enumerate() {
            n |= u32::from(b) << (16 - 8 * i);
        }
        for i in 0..4 {
            if i <= chunk.len() {
                let sextet = (n >> (18 - 6 * i)) & 63;
                f.write_char(char::from(ALPHABET[sextet as usize]))?;
            } else {
                f.write_char('=')?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(bytes: &[u8]) -> String {
        let mut s = String::new();
        encode(&mut s, bytes).unwrap();
        s
    }

    #[test]
    fn decodes_both_alphabets_padded_or_not() {
        assert_eq!(decode("aGVsbG8gd29ybGQ=").unwrap(), b"hello world");
        assert_eq!(decode("aGVsbG8").unwrap(), b"hello");
        assert_eq!(decode("").unwrap(), b"");
        for s in ["+/8=", "-_8=", "-_8", "+_8"] {
            assert_eq!(decode(s).unwrap(), [0xfb, 0xff], "{s}");
        }
        assert_eq!(decode("QQ==").unwrap(), b"A");
        assert_eq!(decode("QUJD").unwrap(), b"ABC");
        assert_eq!(decode("+/+/").unwrap(), [0xfb, 0xff, 0xbf]);
        assert_eq!(decode("AA").unwrap(), [0]);
    }

    #[test]
    fn rejects_with_reasons() {
        for (s, why) in [
            ("aGVsbG8=!", "invalid base64 character"),
            ("aGVs bG8=", "invalid base64 character"),
            ("é", "invalid base64 character"),
            ("A", "invalid base64 length"),
            ("AAAAA", "invalid base64 length"),
            ("AB==", "base64 ends in a non-canonical symbol"),
            ("A===", "invalid base64 character"),
            ("=", "invalid base64 character"),
            ("AA=A", "invalid base64 character"),
        ] {
            assert_eq!(decode(s), Err(why), "{s:?}");
        }
    }

    #[test]
    fn encodes_standard_padded_and_round_trips() {
        assert_eq!(enc(b"hello"), "aGVsbG8=");
        assert_eq!(enc(&[0xfb, 0xff]), "+/8=");
        assert_eq!(enc(b""), "");
        assert_eq!(enc(b"A"), "QQ==");
        let all: Vec<u8> = (0..=255).collect();
        for n in 0..all.len() {
            assert_eq!(decode(&enc(&all[..n])).unwrap(), &all[..n]);
        }
    }
}
