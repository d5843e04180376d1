//! The kinds of damage the mutation run does to a tree of real pages (see
//! `corpus_mutations.rs`). Each is what a careless or hostile pull request could do.

use super::mutations::Rng;
use std::path::Path;

/// Where a case lives: its docs tree and output folder, and the files outside both that must
/// never be read (the canary) or written (the victim).
pub struct Places<'a> {
    pub tree: &'a Path,
    pub out: &'a Path,
    pub canary: &'a Path,
    pub victim: &'a Path,
}

/// Damages `pages[target]` (and for some kinds the tree around it) in the manner of `kind`.
pub fn apply(
    kind: usize,
    pages: &mut Vec<(String, Vec<u8>)>,
    target: usize,
    rng: &mut Rng,
    at: &Places,
) -> std::io::Result<()> {
    let page = &mut pages[target].1;
    match kind {
        0 => {
            for _ in 0..1 + rng.below(20) {
                let i = rng.below(page.len());
                page[i] ^= 1 << rng.below(8);
            }
        }
        1 => {
            // Cut inside a multi-byte character when the page has one.
            let inside: Vec<usize> = (1..page.len())
                .filter(|&i| page[i] & 0xC0 == 0x80)
                .collect();
            let at = if inside.is_empty() {
                rng.below(page.len())
            } else {
                inside[rng.below(inside.len())]
            };
            page.truncate(at);
        }
        2 => edit_lines(
            page,
            |line, rng| {
                if line.starts_with('|') && rng.below(2) == 0 {
                    match rng.below(3) {
                        0 => line.replacen('|', "", 1 + rng.below(3)),
                        1 => format!("{line}|extra|cells|"),
                        _ => line.replace('|', "||"),
                    }
                } else {
                    line.to_string()
                }
            },
            rng,
        ),
        3 => {
            let mut seen = 0;
            let drop = 1 + rng.below(4);
            edit_lines(
                page,
                |line, _| {
                    if line.trim_start().starts_with("```") {
                        seen += 1;
                        if seen == drop {
                            return String::new();
                        }
                    }
                    line.to_string()
                },
                rng,
            );
        }
        4 => {
            let depth = 50_000 + rng.below(50_000);
            let deep = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
            let text = String::from_utf8_lossy(page).into_owned();
            *page = match text.find("```json\n{") {
                Some(i) => format!("{}\"deep\": {deep},{}", &text[..i + 9], &text[i + 9..]),
                None => format!("{text}\n```json\n{{\"deep\": {deep}}}\n```\n"),
            }
            .into_bytes();
        }
        5 => {
            // A property row repeated with its name's case changed, and the page twice.
            edit_lines(
                page,
                |line, _| {
                    let cells: Vec<&str> = line.split('|').collect();
                    if cells.len() > 3 && !cells[1].contains("---") && !cells[1].trim().is_empty() {
                        let swapped: String = cells[1]
                            .chars()
                            .map(|c| {
                                if c.is_lowercase() {
                                    c.to_ascii_uppercase()
                                } else {
                                    c.to_ascii_lowercase()
                                }
                            })
                            .collect();
                        format!("{line}\n|{swapped}|{}", cells[2..].join("|"))
                    } else {
                        line.to_string()
                    }
                },
                rng,
            );
            let copy = (format!("resources/zz-copy-{target}.md"), page.clone());
            pages.push(copy);
        }
        6 => {
            // Every sampled type inherits from the next one, and the last from the first.
            let names: Vec<String> = pages.iter().filter_map(|(_, p)| type_of(p)).collect();
            if names.len() > 1 {
                for (_, p) in pages.iter_mut() {
                    if let Some(me) = type_of(p) {
                        let i = names.iter().position(|n| *n == me).unwrap_or(0);
                        let base = &names[(i + 1) % names.len()];
                        let text = String::from_utf8_lossy(p).replacen(
                            "\"blockType\": \"resource\",",
                            &format!("\"blockType\": \"resource\",\n  \"baseType\": \"{base}\","),
                            1,
                        );
                        *p = text.into_bytes();
                    }
                }
            }
        }
        7 => odd_files(pages, rng, at)?,
        8 => {
            const HIDDEN: [char; 6] = [
                '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{200B}', '\u{FEFF}',
            ];
            let text = String::from_utf8_lossy(page).into_owned();
            let mut out = String::with_capacity(text.len() + 64);
            for ch in text.chars() {
                out.push(ch);
                if ch == '|' && rng.below(6) == 0 {
                    out.push(HIDDEN[rng.below(HIDDEN.len())]);
                }
            }
            *page = out.into_bytes();
        }
        _ => huge_names_and_chains(pages, target, rng),
    }
    Ok(())
}

/// Rewrites each line of a page.
fn edit_lines(page: &mut Vec<u8>, mut f: impl FnMut(&str, &mut Rng) -> String, rng: &mut Rng) {
    let text = String::from_utf8_lossy(page).into_owned();
    let lines: Vec<String> = text.lines().map(|l| f(l, rng)).collect();
    *page = (lines.join("\n") + "\n").into_bytes();
}

/// The `@odata.type` a page's resource annotation names.
fn type_of(page: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(page);
    let at = text.find("\"blockType\": \"resource\"")?;
    let rest = &text[at..];
    let t = rest.find("\"@odata.type\": \"")? + "\"@odata.type\": \"".len();
    let name = &rest[t..t + rest[t..].find('"')?];
    Some(name.to_string())
}

/// A FIFO, links to a page outside the tree and to devices, a link loop, a page over the size
/// cap, bytes that are not UTF-8 — and, in the output folder, `mod.rs` as a link to a file
/// outside it.
fn odd_files(
    pages: &mut Vec<(String, Vec<u8>)>,
    rng: &mut Rng,
    at: &Places,
) -> std::io::Result<()> {
    let res = at.tree.join("resources");
    let made = std::process::Command::new("mkfifo")
        .arg(res.join("waiting.md"))
        .status()?;
    if !made.success() {
        return Err(std::io::Error::other("mkfifo failed"));
    }
    std::os::unix::fs::symlink(at.canary, res.join("borrowed.md"))?;
    std::os::unix::fs::symlink("/dev/zero", res.join("zeros.md"))?;
    std::os::unix::fs::symlink("/dev/urandom", res.join("noise.md"))?;
    std::os::unix::fs::symlink(res.join("circle.md"), res.join("circle.md"))?;
    std::os::unix::fs::symlink(at.canary.parent().unwrap_or(at.canary), res.join("up"))?;
    pages.push((
        "resources/huge.md".into(),
        vec![b'|'; (9 << 20) + rng.below(1000)],
    ));
    pages.push((
        "resources/latin1.md".into(),
        b"# caf\xe9 resource type\n\n|a|\xff\xfe|\n".to_vec(),
    ));
    if rng.below(2) == 0 {
        std::os::unix::fs::symlink(at.victim, at.out.join("mod.rs"))?;
    }
    Ok(())
}

/// A property whose name is longer than any name graphdoc accepts, a chain of types each
/// holding the next by value (deeper than rustc checks), and a long inheritance chain.
fn huge_names_and_chains(pages: &mut Vec<(String, Vec<u8>)>, target: usize, rng: &mut Rng) {
    let long = "q".repeat(300 + rng.below(100_000));
    edit_lines(
        &mut pages[target].1,
        |line, _| {
            if line.starts_with("|:--") || line.starts_with("|:-") {
                format!("{line}\n|{long}|String|Too long.|")
            } else {
                line.to_string()
            }
        },
        rng,
    );
    let n = 40 + rng.below(40);
    for i in 0..n {
        let (row, base) = if i + 1 < n {
            (
                format!("|next|[link{0}](link{0}.md)|Down.|", i + 1),
                format!("\n  \"baseType\": \"microsoft.graph.link{}\",", (i + 1) % n),
            )
        } else {
            ("|end|Int32|Bottom.|".to_string(), String::new())
        };
        let text = format!("# link{i} resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n{row}\n\n## JSON representation\n\n<!-- {{\n  \"blockType\": \"resource\",{base}\n  \"@odata.type\": \"microsoft.graph.link{i}\"\n}} -->\n\n```json\n{{}}\n```\n");
        pages.push((format!("resources/link{i}.md"), text.into_bytes()));
    }
}
