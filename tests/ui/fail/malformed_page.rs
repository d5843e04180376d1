use graphdoc_derive::GraphResource;

// The page's Properties table has no rows; `ghost` is only in its JSON block.
#[derive(GraphResource, serde::Deserialize)]
#[graph(docs = "../fixtures/malformed", resource = "emptyProperties")]
struct Empty {
    ghost: Option<String>,
}

fn main() {}
