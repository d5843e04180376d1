//! One snapshot per fixture page: the model of the types it documents, its diagnostics and the
//! emitted Rust. Review changes with `cargo insta review`. `insta::glob!` runs every page and
//! reports all the pages that changed, not only the first.

use graphdoc_tests::{fixture, page_report};
use std::path::Path;

fn snapshot_tree(tree: &str) {
    let docs = fixture(tree);
    let model = docs.model();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(tree);
    let mut seen = 0;
    insta::glob!(&root, "{resources,api}/*.md", |path| {
        let file = path
            .strip_prefix(&root)
            .expect("a page of the tree")
            .to_string_lossy()
            .replace('\\', "/");
        let name = format!(
            "{tree}__{}",
            file.trim_end_matches(".md").replace('/', "__")
        );
        let report = page_report(&docs, &model, &file);
        seen += 1;
        insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false, omit_expression => true, snapshot_suffix => "" }, {
            insta::assert_snapshot!(name, report);
        });
    });
    assert_eq!(
        seen,
        docs.files.len(),
        "every page the tree reads has a snapshot"
    );
}

#[test]
fn hazards() {
    snapshot_tree("hazards");
}

#[test]
fn implied() {
    snapshot_tree("implied");
}

#[test]
fn malformed() {
    snapshot_tree("malformed");
}
