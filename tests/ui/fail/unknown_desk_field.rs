// An unknown field's error lists only page problems that could hide a property: the desk page
// also links a missing API page, which cannot, so no note about it appears.
use graphdoc_derive::GraphResource;

#[derive(GraphResource, serde::Deserialize)]
#[graph(docs = "docs", resource = "desk")]
struct Desk {
    id: String,
    lable: Option<String>,
}

fn main() {}
