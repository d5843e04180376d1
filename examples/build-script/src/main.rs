//! Models written by `build.rs` (with `graphdoc::Builder`) and included from `OUT_DIR`.

// Only part of the generated API is used by this small program.
#[allow(dead_code)]
mod graph {
    include!(concat!(env!("OUT_DIR"), "/graphdoc.rs"));
}

use graph::{api, IdentityApiConnector};
use graphdoc_generated::http::StatusCode;
use graphdoc_generated::{Json, Page, ResponseBody};

/// A list response as the service sends it.
const LIST_RESPONSE: &str = r##"{
  "value": [
    {
      "id": "0d5e2f0a-7c1b-4f3e-8a9d-2b6c4e8f1a37",
      "displayName": "Validate sign-up",
      "targetUrl": "https://signup.example.net/validate",
      "authenticationConfiguration": {
        "@odata.type": "#microsoft.graph.clientCertificateAuthentication",
        "certificateList": [
          { "thumbprint": "0A1B2C3D4E5F", "notAfter": 1893456000, "notBefore": 1735689600, "isActive": true }
        ]
      }
    }
  ]
}"##;

fn main() {
    let list = api::identity().api_connectors().list();
    println!("{} {}", list.method(), list.path());
    let page = Json::<Page<IdentityApiConnector>>::parse(StatusCode::OK, LIST_RESPONSE.as_bytes())
        .expect("the documented shape decodes");
    for c in &page.value {
        println!("{:?} -> {:?}", c.display_name, c.target_url);
        println!("{:?}", c.authentication_configuration);
    }
}

#[cfg(test)]
mod tests {
    /// The build script wrote exactly what `graphdoc generate` writes for the same pages.
    #[test]
    fn out_dir_holds_the_cli_output() {
        let written = include_str!(concat!(env!("OUT_DIR"), "/graphdoc.rs"));
        let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../generated/docs");
        let model = graphdoc::Docs::read(&docs).unwrap().model();
        let cli = graphdoc::generate(
            &model,
            &graphdoc::Settings::default().with_resource("identityApiConnector"),
        );
        assert_eq!(written, cli.code);
    }
}
