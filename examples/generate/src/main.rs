//! `generate!`: the identityApiConnector family expanded in place, the same items
//! `graphdoc generate` writes, with their endpoint functions.

// Only part of the generated API is used by this small program.
#[allow(dead_code)]
mod graph {
    graphdoc_derive::generate! {
        docs = "../../generated/docs",
        resources = ["identityApiConnector"],
    }
}

use graph::{
    api, AnyApiAuthenticationConfigurationBase, BasicAuthentication, IdentityApiConnector,
};

fn main() {
    let connector = IdentityApiConnector {
        display_name: "Check loyalty number".to_string().into(),
        target_url: "https://loyalty.example.org/api/check".to_string().into(),
        authentication_configuration: AnyApiAuthenticationConfigurationBase::BasicAuthentication(
            Box::new(BasicAuthentication {
                username: "flow-caller".to_string().into(),
                password: "correct horse".to_string().into(),
                ..Default::default()
            }),
        )
        .into(),
        ..Default::default()
    };
    let create = api::identity().api_connectors().create(&connector);
    println!("{} {}", create.method(), create.path());
    println!(
        "{}",
        String::from_utf8_lossy(create.body().unwrap_or_default())
    );
    // Debug never shows the password.
    println!("{connector:?}");
}
