//! Which properties hold secrets, and a `Debug` that does not print them.
//!
//! The rule, from what the Graph docs call secrets: a property whose wire name contains
//! `password`, `secret`, `passphrase`, `privateKey` or `pkcs12Value`, or ends in `Token`
//! (`accessToken`, `refreshToken`) — names the docs use for credentials, client secrets and
//! certificate blobs. Such a field prints as `<redacted>` in `Debug` (an absent or `null` one
//! still prints as such, so a reader can tell whether one was set).

use crate::model::Property;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// Is this property a secret?
pub fn is_secret(p: &Property) -> bool {
    is_secret_name(&p.name)
}

/// The name rule on its own (also used for action parameters).
pub fn is_secret_name(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    [
        "password",
        "secret",
        "passphrase",
        "privatekey",
        "pkcs12value",
    ]
    .iter()
    .any(|w| l.contains(w))
        || (l.ends_with("token") && l.len() > 5)
}

/// `(derive, impl)`: `Debug,` to derive when no field is secret; otherwise nothing to derive and
/// a hand-written `Debug` that redacts the secret fields. `fields` are `(field ident, secret)`.
///
/// A secret field is printed through `as_ref().map(|_| "<redacted>")`, which `Option<T>` and the
/// runtime's `Field<T>` (and so `Patch<T>`) both have: it hides the value and keeps the state,
/// `Some("<redacted>")`/`None` or `Value("<redacted>")`/`Null`/`Absent`.
pub fn debug(name: &Ident, fields: &[(String, bool)]) -> (TokenStream, TokenStream) {
    debug_required(name, fields, &[])
}

/// Like [`debug`], for structs whose listed `required` fields are secrets held bare (not in an
/// `Option` or `Field`): those print as `"<redacted>"` unconditionally.
pub fn debug_required(
    name: &Ident,
    fields: &[(String, bool)],
    required: &[String],
) -> (TokenStream, TokenStream) {
    if required.is_empty() && !fields.iter().any(|(_, s)| *s) {
        return (quote!(Debug,), TokenStream::new());
    }
    let label = name.to_string();
    let entries = fields.iter().map(|(f, secret)| {
        let fi = Ident::new(f, proc_macro2::Span::call_site());
        let shown = f.trim_end_matches('_');
        if required.contains(f) {
            quote!(.field(#shown, &"<redacted>"))
        } else if *secret {
            quote!(.field(#shown, &self.#fi.as_ref().map(|_| "<redacted>")))
        } else {
            quote!(.field(#shown, &self.#fi))
        }
    });
    let imp = quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label) #(#entries)* .finish()
            }
        }
    };
    (TokenStream::new(), imp)
}

#[cfg(test)]
mod tests {
    #[test]
    fn names() {
        for s in [
            "password",
            "pkcs12Value",
            "clientSecret",
            "accessToken",
            "privateKey",
            "passwordProfile",
        ] {
            assert!(super::is_secret_name(s), "{s}");
        }
        assert!(!super::is_secret_name("username"));
        assert!(!super::is_secret_name("token"));
        assert!(!super::is_secret_name("keyId"));
    }
}
