//! What hostile pages generate must still compile with `deny(warnings)`: text that displays
//! differently from what it is (bidi controls in descriptions, names, members and file names),
//! members that collide after case folding, by-value nesting deeper than rustc's drop check
//! follows (plain, and through inheritance and dispatch enums), long inheritance chains, and
//! names too long to compile. The trees are written here, in memory; the time and
//! memory bounds of the CLI on such trees are `generator/tests/hostile.rs`.

use graphdoc::diag::Code;
use graphdoc::parse::hidden::is_hidden;
use graphdoc::{Docs, Settings};
use graphdoc_tests::{cargo_check, repo_root};

/// A page: its title line, namespace, the table under `section`, and an annotation.
fn page(name: &str, kind: &str, section: &str, header: &str, rows: &[String]) -> String {
    let mut text = format!("# {name} {kind} type\n\nNamespace: microsoft.graph\n\nMade up for a test.\n\n## {section}\n\n{header}\n|:---|:---|:---|\n");
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    if kind == "resource" {
        text.push_str(&format!("\n## JSON representation\n\n<!-- {{\"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.{name}\"}} -->\n\n```json\n{{}}\n```\n"));
    }
    text
}

fn resource(name: &str, rows: &[String]) -> String {
    page(
        name,
        "resource",
        "Properties",
        "|Property|Type|Description|",
        rows,
    )
}

fn hostile_tree() -> Docs {
    let mut pages = vec![
        (
            // A file name, a property name, a description and an enum member with bidi controls.
            "resources/wid\u{202E}get.md".to_string(),
            resource(
                "widget",
                &[
                    "|d\u{202A}|Boolean|Reads one way, \u{2067}is another\u{2069}.|".into(),
                    "|shade|[shade](shade.md)|Zero\u{200B}width.|".into(),
                    "|head|[nest0](nest0.md)|The top of a deep chain.|".into(),
                    format!("|{}|String|A name at the limit.|", "n".repeat(256)),
                    format!("|{}|String|A name over the limit.|", "o".repeat(257)),
                ],
            ),
        ),
        (
            "resources/shade.md".to_string(),
            page(
                "shade",
                "enum",
                "Members",
                "|Member|Value|Description|",
                &[
                    "|dark\u{2066}|0|Isolated.|".into(),
                    "|Self|1|A keyword.|".into(),
                    "|self|2|The same after case folding.|".into(),
                    "|SELF|3|And again.|".into(),
                ],
            ),
        ),
    ];
    // 200 types nested by value, with no cycle: nothing is boxed to break one, yet rustc's
    // drop check gives up near 128 levels.
    for i in 0..200 {
        let next = format!("|next|[nest{0}](nest{0}.md)|One level down.|", i + 1);
        let rows = if i < 199 {
            vec![next]
        } else {
            vec!["|end|Int32|The bottom.|".into()]
        };
        pages.push((
            format!("resources/nest{i}.md"),
            resource(&format!("nest{i}"), &rows),
        ));
    }
    // 80 types each inheriting from the next and holding it: through the dispatch enums every
    // link reaches the one before it too, so boxes close cycles, and rustc's drop check still
    // walks the whole chain.
    for i in 0..80 {
        let rows = [format!(
            "|next|[link{0}](link{0}.md)|The next link.|",
            i + 1
        )];
        let rows = if i < 79 { &rows[..] } else { &[] };
        let text = resource(&format!("link{i}"), rows).replace(
            "{\"blockType\": \"resource\",",
            &format!(
                "{{\"blockType\": \"resource\", \"baseType\": \"microsoft.graph.link{}\",",
                i + 1
            ),
        );
        pages.push((format!("resources/link{i}.md"), text));
    }
    Docs::from_pages("hostile", pages)
}

#[test]
fn hostile_pages_generate_code_that_compiles_without_warnings() {
    let docs = hostile_tree();
    let model = docs.model();
    let codes = |code: Code| model.diagnostics.iter().filter(|d| d.code == code).count();
    assert!(
        codes(Code::HiddenCharacter) >= 4,
        "{:#?}",
        model.diagnostics
    );
    assert_eq!(codes(Code::NameTooLong), 1, "{:#?}", model.diagnostics);
    assert!(codes(Code::BaseTooDeep) >= 4, "{:#?}", model.diagnostics);
    let out = graphdoc::generate(&model, &Settings::default());
    assert!(!out.has_errors(), "{:?}", out.diagnostics);
    let cut = out
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::NestingTooDeep);
    assert!(cut.count() >= 2, "{:#?}", out.diagnostics);
    assert!(
        !out.code.contains(is_hidden),
        "a hidden character reached the output"
    );
    for shown in [
        "wid\\u{202e}get.md",
        "is another\\u{2069}",
        "Zero\\u{200b}width",
        // The wire name, in the `wire_object!` list the struct's serde impls come from.
        "\"d\\u{202a}\" =>",
    ] {
        assert!(out.code.contains(shown), "`{shown}` missing");
    }
    assert!(out.code.contains(&format!("pub {}:", "n".repeat(256))));
    assert!(!out.code.contains(&"o".repeat(257)));
    assert!(
        out.code.contains("    Self_,")
            && out.code.contains("    Self2,")
            && out.code.contains("    SELF,")
    );
    let dir = repo_root().join("target/tests/hostile");
    let (ok, log) = cargo_check(&dir, "hostile_output", &out.code);
    assert!(ok, "{log}");
}
