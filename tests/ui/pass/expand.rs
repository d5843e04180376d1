// Relationships marked `#[graph(expand)]` are asked for with `$expand`, properties with
// `$select`; a collection with `#[serde(default)]` may be bare.
use graphdoc_derive::GraphResource;
use graphdoc_generated::GraphResource as _;

#[derive(GraphResource, serde::Deserialize)]
#[graph(docs = "docs", resource = "desk")]
struct Desk {
    id: String,
    floor: i32,
    #[serde(default)]
    tags: Vec<String>,
    #[graph(expand)]
    occupant: Option<serde_json::Value>,
    #[graph(expand)]
    #[serde(default)]
    drawers: Vec<serde_json::Value>,
}

fn main() {
    assert_eq!(Desk::SELECT, ["id", "floor", "tags"]);
    assert_eq!(Desk::EXPAND, ["occupant", "drawers"]);
    let http = Desk::list().to_http("https://graph.example").unwrap();
    assert_eq!(
        http.uri().to_string(),
        "https://graph.example/desks?$select=id,floor,tags&$expand=occupant,drawers"
    );
}
