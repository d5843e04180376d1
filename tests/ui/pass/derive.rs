// A struct of its own over identityApiConnector: renamed, optional, inherited-free fields,
// a skipped field, and serde left to read wire names through the derive's renaming.
use graphdoc_derive::GraphResource;
use graphdoc_generated::GraphResource as _;

#[derive(GraphResource, serde::Deserialize)]
#[graph(docs = "../../generated/docs", resource = "identityApiConnector")]
struct Connector {
    id: String,
    display_name: Option<String>,
    #[graph(rename = "targetUrl")]
    url: Option<String>,
    authentication_configuration: Option<serde_json::Value>,
    #[graph(skip)]
    #[serde(skip)]
    fetched_at: Option<u64>,
}

#[derive(GraphResource, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[graph(docs = "../../generated/docs", resource = "microsoft.graph.basicAuthentication")]
struct Basic {
    username: Option<String>,
}

fn main() {
    assert_eq!(Connector::SELECT, ["id", "displayName", "targetUrl", "authenticationConfiguration"]);
    let _ = Connector::get("c1");
    let _ = Connector::list();
    assert_eq!(Basic::FIELDS, [("username", "username")]);
}
