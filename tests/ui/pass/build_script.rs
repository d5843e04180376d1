// What graphdoc::Builder writes for a build script (the UI test harness ran it into
// GRAPHDOC_UI_OUT first) compiles as an included module.
#[allow(dead_code)]
mod graph {
    include!(concat!(env!("GRAPHDOC_UI_OUT"), "/graphdoc.rs"));
}

fn main() {
    let _ = graph::api::identity().api_connectors().list();
}
