use graphdoc_derive::GraphResource;

#[derive(GraphResource, serde::Deserialize)]
#[graph(docs = "../../generated/docs", resource = "identityApiConector")]
struct Connector {
    id: String,
}

fn main() {}
