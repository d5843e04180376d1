//! Reading what the user wrote: `#[graph(…)]` and the parts of `#[serde(…)]` that decide
//! names, and the `generate! { … }` arguments.

use proc_macro2::Span;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Attribute, LitStr, Token};

/// A string argument and where it was written, for errors that point at it.
#[derive(Debug, Clone)]
pub(super) struct Spanned {
    pub value: String,
    pub span: Span,
}

impl From<&LitStr> for Spanned {
    fn from(l: &LitStr) -> Spanned {
        Spanned {
            value: l.value(),
            span: l.span(),
        }
    }
}

/// `#[graph(docs = "…", resource = "…", runtime = "…")]` on the struct.
#[derive(Debug, Default)]
pub(super) struct Container {
    pub docs: Option<Spanned>,
    pub resource: Option<Spanned>,
    pub runtime: Option<Spanned>,
    /// serde's `rename_all`, for the names serde reads.
    pub serde_rename_all: Option<String>,
}

/// `#[graph(rename = "…")]` / `#[graph(skip)]` and serde's naming attributes on a field.
#[derive(Debug, Default)]
pub(super) struct FieldAttrs {
    pub graph_rename: Option<Spanned>,
    pub skip: bool,
    /// `#[graph(expand)]`: a relationship the struct asks for with `$expand`.
    pub expand: bool,
    /// `#[serde(default)]`: an absent member decodes as the type's default.
    pub serde_default: bool,
    pub serde_rename: Option<String>,
    /// `#[serde(skip)]`, `skip_deserializing` or `flatten`: serde does not read the field
    /// from a member of its own.
    pub serde_not_a_member: bool,
}

fn unknown_key(meta: &syn::meta::ParseNestedMeta<'_>, allowed: &str) -> syn::Error {
    let name = meta
        .path
        .get_ident()
        .map_or_else(|| "this".to_string(), |i| i.to_string());
    meta.error(format!(
        "unknown graph attribute `{name}`; expected {allowed}"
    ))
}

/// The name a serde `rename`/`rename_all` gives deserialization: `x = "…"`, or the `deserialize`
/// half of `x(serialize = "…", deserialize = "…")`.
fn deserialize_name(meta: &syn::meta::ParseNestedMeta<'_>) -> syn::Result<Option<String>> {
    if let Ok(v) = meta.value() {
        return Ok(Some(v.parse::<LitStr>()?.value()));
    }
    let mut name = None;
    meta.parse_nested_meta(|inner| {
        let lit: LitStr = inner.value()?.parse()?;
        if inner.path.is_ident("deserialize") {
            name = Some(lit.value());
        }
        Ok(())
    })?;
    Ok(name)
}

/// Steps over a serde argument that does not concern names (`default = "…"`, `skip_serializing_if`).
fn skip_value(meta: &syn::meta::ParseNestedMeta<'_>) -> syn::Result<()> {
    if let Ok(v) = meta.value() {
        let _: syn::Expr = v.parse()?;
    }
    Ok(())
}

/// Reads the struct's attributes.
pub(super) fn container(attrs: &[Attribute]) -> syn::Result<Container> {
    let mut c = Container::default();
    for attr in attrs {
        if attr.path().is_ident("graph") {
            attr.parse_nested_meta(|meta| {
                let slot = if meta.path.is_ident("docs") {
                    &mut c.docs
                } else if meta.path.is_ident("resource") {
                    &mut c.resource
                } else if meta.path.is_ident("runtime") {
                    &mut c.runtime
                } else {
                    return Err(unknown_key(
                        &meta,
                        "`docs = \"…\"`, `resource = \"…\"` or `runtime = \"…\"`",
                    ));
                };
                let lit: LitStr = meta.value()?.parse()?;
                *slot = Some((&lit).into());
                Ok(())
            })?;
        } else if attr.path().is_ident("serde") {
            // Only `rename_all` matters here; everything else is serde's business.
            let _ = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename_all") {
                    if let Some(rule) = deserialize_name(&meta)? {
                        c.serde_rename_all = Some(rule);
                    }
                } else {
                    skip_value(&meta)?;
                }
                Ok(())
            });
        }
    }
    Ok(c)
}

/// Reads a field's attributes.
pub(super) fn field(attrs: &[Attribute]) -> syn::Result<FieldAttrs> {
    let mut f = FieldAttrs::default();
    for attr in attrs {
        if attr.path().is_ident("graph") {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    let lit: LitStr = meta.value()?.parse()?;
                    f.graph_rename = Some((&lit).into());
                    Ok(())
                } else if meta.path.is_ident("skip") {
                    f.skip = true;
                    Ok(())
                } else if meta.path.is_ident("expand") {
                    f.expand = true;
                    Ok(())
                } else {
                    Err(unknown_key(&meta, "`rename = \"…\"`, `skip` or `expand`"))
                }
            })?;
        } else if attr.path().is_ident("serde") {
            let _ = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    if let Some(name) = deserialize_name(&meta)? {
                        f.serde_rename = Some(name);
                    }
                } else if meta.path.is_ident("skip")
                    || meta.path.is_ident("skip_deserializing")
                    || meta.path.is_ident("flatten")
                {
                    f.serde_not_a_member = true;
                } else if meta.path.is_ident("default") {
                    f.serde_default = true;
                    skip_value(&meta)?;
                } else {
                    skip_value(&meta)?;
                }
                Ok(())
            });
        }
    }
    Ok(f)
}

/// The name serde's derive reads for a field called `ident` under `rename_all = rule`.
pub(super) fn serde_name(ident: &str, rule: Option<&str>) -> String {
    let words: Vec<&str> = ident.split('_').filter(|w| !w.is_empty()).collect();
    let cap = |w: &str| {
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
            .unwrap_or_default()
    };
    match rule {
        Some("lowercase") => ident.to_ascii_lowercase(),
        Some("UPPERCASE") => ident.to_ascii_uppercase(),
        Some("PascalCase") => words.iter().map(|w| cap(w)).collect(),
        Some("camelCase") => words
            .iter()
            .enumerate()
            .map(|(i, w)| if i == 0 { w.to_string() } else { cap(w) })
            .collect(),
        Some("SCREAMING_SNAKE_CASE") => ident.to_ascii_uppercase(),
        Some("kebab-case") => ident.replace('_', "-"),
        Some("SCREAMING-KEBAB-CASE") => ident.replace('_', "-").to_ascii_uppercase(),
        _ => ident.to_string(),
    }
}

/// `generate! { docs = "…", resources = ["…", …], runtime = "…", doc_url = "…" }`.
#[derive(Debug, Default)]
pub(super) struct GenerateArgs {
    pub docs: Option<Spanned>,
    pub resources: Vec<Spanned>,
    pub runtime: Option<Spanned>,
    pub doc_url: Option<Spanned>,
}

impl Parse for GenerateArgs {
    fn parse(input: ParseStream<'_>) -> syn::Result<GenerateArgs> {
        let mut a = GenerateArgs::default();
        while !input.is_empty() {
            let key: syn::Ident = input.parse()?;
            input.parse::<Token![=]>()?;
            match key.to_string().as_str() {
                "docs" => a.docs = Some((&input.parse::<LitStr>()?).into()),
                "runtime" => a.runtime = Some((&input.parse::<LitStr>()?).into()),
                "doc_url" => a.doc_url = Some((&input.parse::<LitStr>()?).into()),
                "resource" => a.resources.push((&input.parse::<LitStr>()?).into()),
                "resources" => {
                    let content;
                    syn::bracketed!(content in input);
                    let list = Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?;
                    a.resources.extend(list.iter().map(Spanned::from));
                }
                other => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!("unknown argument `{other}`; expected `docs = \"…\"`, `resources = [\"…\", …]`, `runtime = \"…\"` or `doc_url = \"…\"`"),
                    ))
                }
            }
            if input.is_empty() {
                break;
            }
            input.parse::<Token![,]>()?;
        }
        Ok(a)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn serde_names_follow_rename_all() {
        use super::serde_name;
        assert_eq!(serde_name("display_name", None), "display_name");
        assert_eq!(serde_name("display_name", Some("camelCase")), "displayName");
        assert_eq!(
            serde_name("display_name", Some("PascalCase")),
            "DisplayName"
        );
        assert_eq!(serde_name("target_url", Some("kebab-case")), "target-url");
        assert_eq!(serde_name("id", Some("SCREAMING_SNAKE_CASE")), "ID");
    }
}
