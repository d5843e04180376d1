//! `Edm.Guid` in every form Graph and its clients write: 32 hex digits, hyphenated (8-4-4-4-12),
//! braced, or as a `urn:uuid:` URN; hex digits in either case.

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// The 16 bytes of a GUID written as 32 hex digits, with the hyphens of the 8-4-4-4-12 form
/// where `hyphens` says.
fn digits(b: &[u8], hyphens: bool) -> Option<[u8; 16]> {
    let mut out = [0u8; 16];
    let mut nibbles = 0usize;
    for (i, &c) in b.iter().enumerate() {
        if hyphens && matches!(i, 8 | 13 | 18 | 23) {
            if c != b'-' {
                return None;
            }
            continue;
        }
        let v = hex(c)?;
        let byte = out.get_mut(nibbles / 2)?;
        *byte = (*byte << 4) | v;
        nibbles += 1;
    }
    (nibbles == 32).then_some(out)
}

/// An `Edm.Guid`, the whole of `s`: its bytes in the order written.
pub fn guid(s: &str) -> Result<[u8; 16], &'static str> {
    let b = s.as_bytes();
    let parsed = match b.len() {
        32 => digits(b, false),
        36 => digits(b, true),
        38 if b.first() == Some(&b'{') && b.last() == Some(&b'}') => {
            b.get(1..37).and_then(|inner| digits(inner, true))
        }
        45 if b
            .get(..9)
            .is_some_and(|p| p.eq_ignore_ascii_case(b"urn:uuid:")) =>
        {
            b.get(9..).and_then(|inner| digits(inner, true))
        }
        _ => None,
    };
    parsed.ok_or("not a GUID")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_reads_the_same_bytes() {
        let want = [
            0x5f, 0x4f, 0x2e, 0x1c, 0x0b, 0x7a, 0x4c, 0x3b, 0x9d, 0x2e, 0x8a, 0x1b, 0x2c, 0x3d,
            0x4e, 0x5f,
        ];
        for s in [
            "5F4F2E1C-0B7A-4C3B-9D2E-8A1B2C3D4E5F",
            "5f4f2e1c0b7a4c3b9d2e8a1b2c3d4e5f",
            "{5f4f2e1c-0b7a-4c3b-9d2e-8a1b2c3d4e5f}",
            "URN:UUID:5f4f2e1c-0b7a-4c3b-9d2e-8a1b2c3d4e5f",
        ] {
            assert_eq!(guid(s), Ok(want), "{s}");
        }
    }

    #[test]
    fn rejects_near_misses() {
        for s in [
            "",
            "not-a-guid",
            "5f4f2e1c-0b7a-4c3b-9d2e-8a1b2c3d4e5",
            "5f4f2e1c-0b7a-4c3b-9d2e-8a1b2c3d4e5g",
            "5f4f2e1c00b7a-4c3b-9d2e-8a1b2c3d4e5f",
            "{5f4f2e1c-0b7a-4c3b-9d2e-8a1b2c3d4e5f]",
            "urn:uuix:5f4f2e1c-0b7a-4c3b-9d2e-8a1b2c3d4e5f",
            "5f4f2e1c0b7a4c3b9d2e8a1b2c3d4e5-",
            "{5f4f2e1c0b7a4c3b9d2e8a1b2c3d4e5f}",
            "5f4f2e1c-0b7a-4c3b-9d2e-8a1b2c3d4é",
        ] {
            assert_eq!(guid(s), Err("not a GUID"), "{s:?}");
        }
    }
}
