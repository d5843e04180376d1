use graphdoc_derive::GraphResource;

#[derive(GraphResource, serde::Deserialize)]
#[graph(docs = "../../generated/docs", resource = "identityApiConnector")]
struct Connector {
    id: String,
    display_nmae: Option<String>,
}

fn main() {}
