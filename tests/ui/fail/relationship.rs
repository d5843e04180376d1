// A relationship is sent only when expanded: selecting it would silently give nothing, so it
// must be marked `#[graph(expand)]`; and `expand` on a plain property is refused.
use graphdoc_derive::GraphResource;

#[derive(GraphResource, serde::Deserialize)]
#[graph(docs = "docs", resource = "desk")]
struct Desk {
    id: String,
    occupant: Option<serde_json::Value>,
    #[graph(expand)]
    label: Option<String>,
}

fn main() {}
