use graphdoc_derive::GraphResource;

#[derive(GraphResource, serde::Deserialize)]
#[graph(docs = "../../generated/docs", resource = "identityApiConnector")]
struct Connector {
    id: String,
    target_url: Option<i32>,
    authentication_configuration: Option<String>,
}

fn main() {}
