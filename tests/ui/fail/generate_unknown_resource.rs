graphdoc_derive::generate! {
    docs = "../../generated/docs",
    resources = ["identityApiConnector", "basicAuthentcation"],
}

fn main() {}
