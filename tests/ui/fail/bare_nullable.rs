// Bare types for members a response may send as null or leave out fail at run time; the derive
// says what to write instead. The key and properties documented as not nullable may be bare,
// and the struct still gets its endpoints (no follow-on error at `Desk::list()`).
use graphdoc_derive::GraphResource;

#[derive(GraphResource, serde::Deserialize)]
#[graph(docs = "docs", resource = "desk")]
struct Desk {
    id: String,
    label: String,
    floor: i32,
    tags: Vec<String>,
}

fn main() {
    let _ = Desk::list();
}
