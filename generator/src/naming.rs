//! Wire names → Rust identifiers, predictably: the same wire name always gives the same
//! identifier, and the rules are short enough to guess (see README "Naming").

/// Words Rust reserves; an identifier equal to one gets a trailing `_` (`type` → `type_`).
/// Raw identifiers (`r#type`) would be shorter but cannot express `self`, `super`, `crate` or
/// `Self`, and a single rule is easier to remember.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield", "gen", "union",
];

/// Splits a wire name into words: camelCase humps, digits stay with the letters before them,
/// anything not alphanumeric separates.
fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let boundary = c.is_ascii_uppercase()
            && !cur.is_empty()
            && (prev.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit())
                || (prev.is_some_and(|p| p.is_ascii_uppercase())
                    && next.is_some_and(|n| n.is_ascii_lowercase())));
        if boundary {
            out.push(std::mem::take(&mut cur));
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `displayName` → `display_name`, `isMFARegistered` → `is_mfa_registered`,
/// `@odata.type` → `odata_type`, `3dModel` → `_3d_model`, `type` → `type_`.
pub fn field(name: &str) -> String {
    let joined = words(name)
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_");
    ident(joined, "field", '_')
}

/// `identityApiConnector` → `IdentityApiConnector`, `unknownFutureValue` → `UnknownFutureValue`,
/// `3dModel` → `T3dModel`, `Self` → `Self_`.
pub fn type_name(name: &str) -> String {
    let joined: String = words(name)
        .iter()
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect();
    ident(joined, "Type", 'T')
}

/// The words of a name joined as `field` or `type_name` joins them, made an identifier:
/// `empty` for a name with no words, `digit_prefix` before a leading digit, `_` after a keyword.
fn ident(mut s: String, empty: &str, digit_prefix: char) -> String {
    if s.is_empty() {
        s = empty.to_string();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, digit_prefix);
    }
    if KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// Enum variants follow type naming, but a member that is only digits or punctuation gets a `V`
/// prefix rather than `T` (`1.0` → `V1_0`) to read as a value.
pub fn variant(name: &str) -> String {
    let w = words(name);
    if w.first()
        .is_some_and(|f| f.starts_with(|c: char| c.is_ascii_digit()))
    {
        let joined = w.join("_");
        return format!("V{joined}");
    }
    type_name(name)
}

/// `microsoft.graph.callRecords` → `call_records` (the module for a sub-namespace segment).
pub fn module(segment: &str) -> String {
    field(segment)
}

/// Picks `base`, or `base_2`, `base_3`, … — the first that `taken` does not contain (for
/// snake_case names).
pub fn unique(base: &str, taken: &std::collections::BTreeSet<String>) -> String {
    unique_with(base, "_", taken)
}

/// Like [`unique`], for CamelCase names: `Base2`, `Base3`, …
pub fn unique_camel(base: &str, taken: &std::collections::BTreeSet<String>) -> String {
    unique_with(base, "", taken)
}

fn unique_with(base: &str, sep: &str, taken: &std::collections::BTreeSet<String>) -> String {
    if !taken.contains(base) {
        return base.to_string();
    }
    // `self_` + `_2` would be `self__2`, which rustc flags as not snake case; and a CamelCase
    // `Self_` + `2` would be `Self_2`, which it flags as not camel case: `Self2`.
    let (base, sep) = match base.strip_suffix('_') {
        Some(stem) if sep.is_empty() => (stem, ""),
        _ if base.ends_with('_') => (base, ""),
        _ => (base, sep),
    };
    (2..)
        .map(|n| format!("{base}{sep}{n}"))
        .find(|c| !taken.contains(c))
        .unwrap_or_else(|| base.to_string())
}

/// What serde's `rename_all = "camelCase"` makes of a field name (its `RenameRule`, on the name
/// without `r#`): each `_` dropped and the letter after it uppercased, the first lowercased.
pub fn serde_camel(field: &str) -> String {
    let field = field.strip_prefix("r#").unwrap_or(field);
    let mut pascal = String::new();
    let mut upper = true;
    for c in field.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            pascal.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            pascal.push(c);
        }
    }
    match pascal.chars().next() {
        Some(first) => first.to_ascii_lowercase().to_string() + &pascal[first.len_utf8()..],
        None => pascal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields() {
        for (wire, rust) in [
            ("displayName", "display_name"),
            ("id", "id"),
            ("isMFARegistered", "is_mfa_registered"),
            ("pkcs12Value", "pkcs12_value"),
            ("@odata.type", "odata_type"),
            ("3dModel", "_3d_model"),
            ("type", "type_"),
            ("self", "self_"),
            ("move", "move_"),
            ("final", "final_"),
            ("use", "use_"),
            ("x-ms-name", "x_ms_name"),
            ("", "field"),
            ("@", "field"),
            ("userPrincipalName", "user_principal_name"),
            ("ID", "id"),
            ("oAuth2PermissionScopes", "o_auth2_permission_scopes"),
        ] {
            assert_eq!(field(wire), rust, "{wire}");
        }
    }

    #[test]
    fn types_variants_and_modules() {
        type Rule = fn(&str) -> String;
        let cases: [(Rule, &str, &str); 9] = [
            (type_name, "identityApiConnector", "IdentityApiConnector"),
            (type_name, "pkcs12Certificate", "Pkcs12Certificate"),
            (type_name, "3dModel", "T3dModel"),
            (type_name, "self", "Self_"),
            (type_name, "tuple_2ofx", "Tuple2ofx"),
            (variant, "unknownFutureValue", "UnknownFutureValue"),
            (variant, "1.0", "V1_0"),
            (variant, "Windows 10", "Windows10"),
            (module, "callRecords", "call_records"),
        ];
        for (name, wire, rust) in cases {
            assert_eq!(name(wire), rust, "{wire}");
        }
    }

    /// A suffix after a keyword's `_` stays a name rustc accepts in either case.
    #[test]
    fn unique_names_after_a_keyword() {
        let taken = |s: &str| [s.to_string()].into_iter().collect();
        assert_eq!(unique_camel("Self_", &taken("Self_")), "Self2");
        assert_eq!(unique("self_", &taken("self_")), "self_2");
    }

    #[test]
    fn camel_case_is_serdes() {
        for (field, wire) in [
            ("display_name", "displayName"),
            ("id", "id"),
            // A keyword's trailing `_` is dropped as serde drops it.
            ("type_", "type"),
            ("_3d_model", "3dModel"),
        ] {
            assert_eq!(serde_camel(field), wire, "{field}");
        }
        // Where the Rust name does not read back as the wire name, a rename is emitted.
        for (field, wire) in [("aad_user_id", "aadUserID"), ("odata_type", "@odata.type")] {
            assert_ne!(serde_camel(field), wire, "{field}");
        }
    }
}
