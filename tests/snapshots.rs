//! One snapshot per fixture page: the model of the types it documents, its diagnostics and the
//! emitted Rust. Review changes with `cargo insta review`.

use graphdoc_tests::{fixture, page_report};

fn snapshot_tree(tree: &str) {
    let docs = fixture(tree);
    let model = docs.model();
    for (file, _) in &docs.files {
        let name = format!(
            "{tree}__{}",
            file.trim_end_matches(".md").replace('/', "__")
        );
        let report = page_report(&docs, &model, file);
        insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(name, report);
        });
    }
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
