use graphdoc_derive::GraphResource;

#[derive(GraphResource, serde::Deserialize)]
#[graph(docs = "graph-docs/beta", resource = "identityApiConnector")]
struct Connector {
    id: String,
}

fn main() {}
