//! The sample pages bundled into graphdoc, so `graphdoc generate` with no folder has something
//! real to work on. They are the repo's own pages for the API-connector family
//! (`generated/docs/`), written in the Graph format.

/// `(path relative to the docs root, text)` of every bundled page.
pub const PAGES: &[(&str, &str)] = &[
    (
        "api/identityapiconnector-create.md",
        include_str!("../../generated/docs/api/identityapiconnector-create.md"),
    ),
    (
        "api/identityapiconnector-delete.md",
        include_str!("../../generated/docs/api/identityapiconnector-delete.md"),
    ),
    (
        "api/identityapiconnector-get.md",
        include_str!("../../generated/docs/api/identityapiconnector-get.md"),
    ),
    (
        "api/identityapiconnector-list.md",
        include_str!("../../generated/docs/api/identityapiconnector-list.md"),
    ),
    (
        "api/identityapiconnector-update.md",
        include_str!("../../generated/docs/api/identityapiconnector-update.md"),
    ),
    (
        "api/identityapiconnector-uploadclientcertificate.md",
        include_str!("../../generated/docs/api/identityapiconnector-uploadclientcertificate.md"),
    ),
    (
        "resources/apiauthenticationconfigurationbase.md",
        include_str!("../../generated/docs/resources/apiauthenticationconfigurationbase.md"),
    ),
    (
        "resources/basicauthentication.md",
        include_str!("../../generated/docs/resources/basicauthentication.md"),
    ),
    (
        "resources/clientcertificateauthentication.md",
        include_str!("../../generated/docs/resources/clientcertificateauthentication.md"),
    ),
    (
        "resources/identityapiconnector.md",
        include_str!("../../generated/docs/resources/identityapiconnector.md"),
    ),
    (
        "resources/pkcs12certificate.md",
        include_str!("../../generated/docs/resources/pkcs12certificate.md"),
    ),
    (
        "resources/pkcs12certificateinformation.md",
        include_str!("../../generated/docs/resources/pkcs12certificateinformation.md"),
    ),
];

/// The bundled pages as a docs tree.
pub fn docs() -> crate::Docs {
    crate::Docs::from_pages(
        "<bundled sample pages>",
        PAGES.iter().map(|(p, t)| (p.to_string(), t.to_string())),
    )
}
