use std::fmt;

use super::error::wraps;

/// `Edm.Binary`: raw bytes, such as photos, thumbnails and certificates,
/// carried in JSON as base64.
///
/// Output is standard base64 with padding, which Graph requires; input may
/// also use the URL-safe alphabet or leave the padding out. `Debug` shows
/// only the length, since the bytes may be a key or a token and `Debug`
/// output ends up in logs; `Display` is the base64 text itself.
///
/// ```
/// use graphdoc_generated::edm::Binary;
///
/// let key = Binary::from(vec![0xfb, 0xff]);
/// assert_eq!(key.to_string(), "+/8=");
/// assert_eq!("-_8".parse::<Binary>().unwrap(), key);
/// assert_eq!(format!("{key:?}"), "Binary { len: 2, .. }");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Binary(Vec<u8>);

impl Binary {
    /// Wraps bytes to be sent as `Edm.Binary`.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Binary(bytes.into())
    }

    /// The decoded bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The decoded bytes, without copying.
    pub fn into_vec(self) -> Vec<u8> {
        self.0
    }

    /// Number of decoded bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Binary")
            .field("len", &self.0.len())
            .finish_non_exhaustive()
    }
}

impl fmt::Display for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        graphdoc_edm::base64::encode(f, &self.0)
    }
}

// The standard alphabet with or without padding; URL-safe input too, because some Graph
// endpoints and clients use it.
wraps!(Binary(Vec<u8>), Binary, graphdoc_edm::base64::decode);

impl From<&[u8]> for Binary {
    fn from(bytes: &[u8]) -> Self {
        Binary(bytes.to_vec())
    }
}

impl AsRef<[u8]> for Binary {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

serde_via_str!(Binary, "a base64 Edm.Binary string");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edm::EdmKind;

    fn bin(s: &str) -> Vec<u8> {
        s.parse::<Binary>()
            .unwrap_or_else(|e| panic!("{s:?} should parse: {e}"))
            .into_vec()
    }

    #[test]
    fn decodes_standard_url_safe_and_unpadded() {
        assert_eq!(bin("aGVsbG8="), b"hello");
        assert_eq!(bin("aGVsbG8"), b"hello");
        assert_eq!(bin(""), b"");
        assert_eq!(bin("+/8="), [0xfb, 0xff]);
        assert_eq!(bin("-_8="), [0xfb, 0xff]);
        assert_eq!(bin("-_8"), [0xfb, 0xff]);
        assert_eq!(bin("+_8"), [0xfb, 0xff]);
        assert_eq!(bin("AA=="), [0]);
        assert_eq!(bin("AA"), [0]);
    }

    #[test]
    fn encodes_standard_padded() {
        assert_eq!(Binary::new(*b"hello").to_string(), "aGVsbG8=");
        assert_eq!(Binary::from(&[0xfbu8, 0xff][..]).to_string(), "+/8=");
        assert_eq!(Binary::default().to_string(), "");
        let all: Vec<u8> = (0..=255).collect();
        let b = Binary::from(all.clone());
        assert_eq!(
            b.to_string().parse::<Binary>().unwrap().as_bytes(),
            &all[..]
        );
    }

    #[test]
    fn rejects_garbage_without_echoing_it() {
        for (s, why) in [
            ("aGVsbG8=!", "invalid base64 character"),
            ("AAAAA", "invalid base64 length"),
            ("AB==", "base64 ends in a non-canonical symbol"),
        ] {
            let e = s.parse::<Binary>().unwrap_err();
            assert_eq!(e.reason(), why, "{s:?}");
            assert_eq!(e.input(), None);
            assert_eq!(e.kind(), EdmKind::Binary);
        }
    }

    #[test]
    fn debug_hides_the_bytes() {
        let secret = Binary::new(*b"hunter2");
        let shown = format!("{secret:?}");
        assert_eq!(shown, "Binary { len: 7, .. }");
        assert!(!shown.contains("104"));
    }

    #[test]
    fn serde_round_trip() {
        let b: Binary = serde_json::from_str("\"aGVsbG8\"").unwrap();
        assert_eq!(b.as_bytes(), b"hello");
        assert_eq!(b.len(), 5);
        assert!(!b.is_empty());
        let json = serde_json::to_string(&b).unwrap();
        assert_eq!(json, "\"aGVsbG8=\"");
        assert_eq!(serde_json::from_str::<Binary>(&json).unwrap(), b);
        let err = serde_json::from_str::<Binary>("\"c2VjcmV0!\"").unwrap_err();
        assert!(!err.to_string().contains("c2VjcmV0"), "{err}");
        assert!(serde_json::from_str::<Binary>("[1,2]").is_err());
    }

    #[test]
    fn conversions() {
        let b = Binary::from(vec![1, 2, 3]);
        assert_eq!(b.as_ref(), &[1, 2, 3]);
        assert_eq!(Vec::<u8>::from(b.clone()), vec![1, 2, 3]);
        assert!(Binary::from(vec![1]) < Binary::from(vec![2]));
    }
}
