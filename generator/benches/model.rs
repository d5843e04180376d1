//! Model build over a whole docs corpus versus a bare pulldown-cmark pass over the same text, in
//! the same process. Prints medians and the ratio.
//!
//! `cargo bench -p graphdoc --bench model -- [DOCS_FOLDER...] [--runs N]`
//! (default folders: ../shared/graph-docs/v1.0 and ../shared/graph-docs/beta).

use graphdoc::diag::Sink;
use graphdoc::Docs;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let mut args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let mut runs = 7usize;
    if let Some(i) = args.iter().position(|a| a == "--runs") {
        runs = args
            .get(i + 1)
            .and_then(|n| n.parse().ok())
            .unwrap_or(7)
            .max(1);
        args.drain(i..(i + 2).min(args.len()));
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let folders: Vec<PathBuf> = if args.is_empty() {
        vec![
            root.join("../shared/graph-docs/v1.0"),
            root.join("../shared/graph-docs/beta"),
        ]
    } else {
        args.iter().map(PathBuf::from).collect()
    };
    let mut files: Vec<(String, String)> = Vec::new();
    for f in &folders {
        match Docs::read(f) {
            Ok(d) => files.extend(
                d.files
                    .into_iter()
                    .map(|(p, t)| (format!("{}/{p}", f.display()), t)),
            ),
            Err(e) => {
                eprintln!("skipping: {e}");
            }
        }
    }
    if files.is_empty() {
        eprintln!("no pages to measure; pass a docs folder");
        return;
    }
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    println!(
        "corpus: {} pages, {:.1} MB, {} runs each (interleaved)",
        files.len(),
        bytes as f64 / 1e6,
        runs
    );
    let docs = Docs::from_pages("bench", files.clone());

    let (mut model_par, mut model_seq, mut cmark) = (Vec::new(), Vec::new(), Vec::new());
    // Where the one-thread time goes: parsing pages, collecting their drafts, and `finish`
    // (merge, resolve, routes), which runs once over the whole tree.
    let (mut parse_t, mut collect_t, mut finish_t) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let t = Instant::now();
        black_box(docs.model());
        model_par.push(t.elapsed());

        let t = Instant::now();
        let (mut parsing, mut collecting) = (Duration::ZERO, Duration::ZERO);
        let mut collected = graphdoc::model::Collected::default();
        for (f, text) in &files {
            let p = Instant::now();
            let mut sink = Sink::new(f.clone());
            let page = graphdoc::parse::parse_page(f, text, &mut sink);
            let c = Instant::now();
            parsing += c - p;
            collected.absorb(graphdoc::model::Collected::from_diagnostics(sink.items));
            graphdoc::model::collect_page(&page, &mut collected);
            drop(page);
            collecting += c.elapsed();
        }
        let f = Instant::now();
        black_box(graphdoc::model::finish(collected));
        finish_t.push(f.elapsed());
        model_seq.push(t.elapsed());
        parse_t.push(parsing);
        collect_t.push(collecting);

        let t = Instant::now();
        let mut events = 0usize;
        for (_, text) in &files {
            let parser =
                pulldown_cmark::Parser::new_ext(text, pulldown_cmark::Options::ENABLE_TABLES);
            events += parser.count();
        }
        black_box(events);
        cmark.push(t.elapsed());
    }
    let (mp, ms, c) = (median(model_par), median(model_seq), median(cmark));
    println!("bare pulldown-cmark pass (1 thread):   {c:>10.2?}");
    println!(
        "graphdoc model build (all cores):      {mp:>10.2?}   ratio {:.2}",
        mp.as_secs_f64() / c.as_secs_f64()
    );
    println!(
        "graphdoc model build (1 thread):       {ms:>10.2?}   ratio {:.2}",
        ms.as_secs_f64() / c.as_secs_f64()
    );
    let (p, k, f) = (median(parse_t), median(collect_t), median(finish_t));
    println!("  of which parse {p:.2?}, collect {k:.2?}, finish (merge, resolve, routes) {f:.2?}");
}
