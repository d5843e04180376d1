use std::fmt;

use super::error::wraps;

/// `Edm.Guid`: read in every form Graph and its clients write (hyphenated, 32 bare digits,
/// braced, `urn:uuid:`; either case) and written hyphenated in lowercase, as Graph expects.
///
/// The value is a [`uuid::Uuid`]; [`as_uuid`](Self::as_uuid) and the `From` conversions hand it
/// over for everything this type leaves out.
///
/// ```
/// use graphdoc_generated::edm::Guid;
///
/// let g: Guid = "{5F4F2E1C-0B7A-4C3B-9D2E-8A1B2C3D4E5F}".parse().unwrap();
/// assert_eq!(g.to_string(), "5f4f2e1c-0b7a-4c3b-9d2e-8a1b2c3d4e5f");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Guid(::uuid::Uuid);

impl Guid {
    /// The GUID of these 16 bytes, in the order they are written.
    pub const fn from_bytes(bytes: [u8; 16]) -> Self {
        Guid(::uuid::Uuid::from_bytes(bytes))
    }

    /// The 16 bytes, in the order they are written.
    pub fn as_bytes(&self) -> &[u8; 16] {
        self.0.as_bytes()
    }

    /// The `uuid` value, for what this type leaves out (versions, timestamps, other formats).
    pub fn as_uuid(&self) -> ::uuid::Uuid {
        self.0
    }
}

wraps!(Guid(::uuid::Uuid), Guid, |s| {
    graphdoc_edm::guid(s).map(::uuid::Uuid::from_bytes)
});

impl fmt::Display for Guid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.hyphenated(), f)
    }
}

serde_via_str!(
    Guid,
    "an Edm.Guid string such as 5f4f2e1c-0b7a-4c3b-9d2e-8a1b2c3d4e5f"
);
