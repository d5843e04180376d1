//! Generates the identityApiConnector family into `$OUT_DIR/graphdoc.rs`. Cargo reruns this
//! only when one of the pages used changes.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    graphdoc::Builder::new("../../generated/docs")
        .resource("identityApiConnector")
        .generate()?;
    Ok(())
}
