//! The output pass: emitted items as formatted text, in parallel and in a fixed order.
//!
//! Formatting is most of what emitting costs (syn reads every item back, prettyplease prints
//! it), and items are independent: each is formatted alone, at the indentation its module gives
//! it, and the texts are joined in emission order, so the file is the same as formatting the
//! whole tree at once, whichever thread took which item.

use proc_macro2::TokenStream;

/// An item that did not read back as Rust: the generator's bug, reported as `emit-bug`.
pub(crate) struct Unreadable {
    /// The tokens as plain text (what goes into the output instead).
    pub text: String,
    /// syn's complaint.
    pub error: syn::Error,
}

/// The items of `tokens` formatted as prettyplease prints them inside `depth` nested modules,
/// with hidden characters made visible. Items of the root module (`depth` 0) are marked
/// `#[allow(dead_code)]`: the output is a library of which a user calls a few items, and it may
/// live in a private module of a binary (where unused `pub` items warn). An inner `#![allow]`
/// cannot be used: `include!` and macro output reject it.
pub(crate) fn items(tokens: TokenStream, depth: usize) -> Result<String, Unreadable> {
    let text = || tokens.to_string();
    let file = match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(f) => f,
        Err(error) => {
            return Err(Unreadable {
                text: text(),
                error,
            })
        }
    };
    let mut items = file.items;
    if depth == 0 {
        let allow: syn::Attribute = syn::parse_quote!(#[allow(dead_code)]);
        for item in &mut items {
            if let Some(attrs) = attrs_mut(item) {
                attrs.insert(0, allow.clone());
            }
        }
    }
    // Wrapped in `depth` modules so lines break where they would in the whole file; the
    // wrapper's own lines (one opening and one closing per level) are cut off again.
    for _ in 0..depth {
        items = vec![syn::Item::Mod(syn::ItemMod {
            attrs: Vec::new(),
            vis: syn::Visibility::Inherited,
            unsafety: None,
            mod_token: Default::default(),
            ident: syn::Ident::new("m", proc_macro2::Span::call_site()),
            content: Some((Default::default(), items)),
            semi: None,
        })];
    }
    let printed = prettyplease::unparse(&syn::File {
        shebang: None,
        attrs: Vec::new(),
        items,
    });
    let printed = crate::parse::hidden::visible(&printed);
    let lines: Vec<&str> = printed.lines().collect();
    let Some(inner) = lines.get(depth..lines.len().saturating_sub(depth)) else {
        return Ok(String::new());
    };
    let mut out = String::with_capacity(printed.len());
    for l in inner {
        out.push_str(l);
        out.push('\n');
    }
    Ok(out)
}

/// The attributes of an item, for the kinds the emitter writes (and every other kind syn
/// knows, so a new kind is not silently left unmarked).
fn attrs_mut(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    macro_rules! attrs_of {
        ($($kind:ident),*) => {
            match item {
                $(syn::Item::$kind(i) => Some(&mut i.attrs),)*
                // A macro's items (the runtime's `wire_object!` impls) are trait impls: never
                // dead, and an attribute on the call would be unused.
                _ => None,
            }
        };
    }
    attrs_of!(
        Const,
        Enum,
        ExternCrate,
        Fn,
        ForeignMod,
        Impl,
        Mod,
        Static,
        Struct,
        Trait,
        TraitAlias,
        Type,
        Union,
        Use
    )
}

/// The opening lines of sub-module `name` at `depth` (as prettyplease prints `pub mod` with
/// its doc), and its closing line.
pub(crate) fn module_lines(name: &str, depth: usize) -> (String, String) {
    let indent = "    ".repeat(depth);
    let allow = if depth == 0 {
        "#[allow(dead_code)]\n"
    } else {
        ""
    };
    (
        format!(
            "{allow}{indent}///Types of the `{name}` sub-namespace.\n{indent}pub mod {name} {{\n"
        ),
        format!("{indent}}}\n"),
    )
}
