// generate! expands the resource and what it references, endpoints included.
graphdoc_derive::generate! {
    docs = "../../generated/docs",
    resources = ["identityApiConnector"],
}

fn main() {
    let c = IdentityApiConnector {
        display_name: "Check".to_string().into(),
        ..Default::default()
    };
    let _ = api::identity().api_connectors().create(&c);
    let _ = api::identity().api_connectors().by_id("x").delete();
}
