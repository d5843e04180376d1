//! Graph's flags enums: several members in one comma-separated string (`"apps,tabs"`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What emitted Graph enums implement, so generic runtime code can read and write them.
pub trait GraphEnum: Sized {
    /// The member's wire name (or the unrecognized value as sent).
    fn as_wire(&self) -> &str;
    /// The member for a wire name; an unknown name becomes the enum's unrecognized variant.
    fn from_wire(value: &str) -> Self;
}

/// A set of flags-enum members, written on the wire as `"a,b"` (order kept, so a value
/// round-trips unchanged). Unknown members are kept in the enum's unrecognized variant.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Flags<T>(pub Vec<T>);

impl<T: GraphEnum + PartialEq> Flags<T> {
    /// True when `member` is set.
    pub fn contains(&self, member: &T) -> bool {
        self.0.contains(member)
    }
}

impl<T> From<Vec<T>> for Flags<T> {
    fn from(v: Vec<T>) -> Self {
        Flags(v)
    }
}

impl<T: GraphEnum> Serialize for Flags<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text: Vec<&str> = self.0.iter().map(GraphEnum::as_wire).collect();
        s.serialize_str(&text.join(","))
    }
}

impl<'de, T: GraphEnum> Deserialize<'de> for Flags<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Ok(Flags(
            text.split(',')
                .map(str::trim)
                .filter(|m| !m.is_empty())
                .map(T::from_wire)
                .collect(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    enum Part {
        Apps,
        Tabs,
        Other(String),
    }

    impl GraphEnum for Part {
        fn as_wire(&self) -> &str {
            match self {
                Part::Apps => "apps",
                Part::Tabs => "tabs",
                Part::Other(s) => s,
            }
        }
        fn from_wire(v: &str) -> Self {
            match v {
                "apps" => Part::Apps,
                "tabs" => Part::Tabs,
                o => Part::Other(o.to_string()),
            }
        }
    }

    #[test]
    fn round_trip_keeps_order_and_unknowns() {
        let f: Flags<Part> = serde_json::from_str("\"tabs, apps,hologram\"").unwrap();
        assert_eq!(
            f.0,
            vec![Part::Tabs, Part::Apps, Part::Other("hologram".into())]
        );
        assert!(f.contains(&Part::Apps));
        assert_eq!(serde_json::to_string(&f).unwrap(), "\"tabs,apps,hologram\"");
        let empty: Flags<Part> = serde_json::from_str("\"\"").unwrap();
        assert!(empty.0.is_empty());
    }
}
