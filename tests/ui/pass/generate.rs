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
    let _ = IdentityApiConnector::create(&c);
    let _: fn(&str) -> _ = IdentityApiConnector::delete;
}
