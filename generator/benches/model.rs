//! Model build over a whole docs corpus versus a bare pulldown-cmark pass over the same text, in
//! the same process. Prints medians and the ratio.
//!
//! `cargo bench -p graphdoc --bench model -- [DOCS_FOLDER...] [--runs N] [--tables]`
//! (default folders: ../shared/graph-docs/v1.0 and ../shared/graph-docs/beta).
//!
//! Also timed: what reading the pages through pulldown-cmark would cost at the least (its
//! offset iterator, each event's offset turned into a line as diagnostics need). `--tables`
//! compares the tables pulldown-cmark finds with the ones graphdoc reads, page by page.

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
    let tables = args.iter().any(|a| a == "--tables");
    args.retain(|a| a != "--tables");
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
    if tables {
        compare_tables(&files);
    }

    let (mut model_par, mut model_seq, mut cmark) = (Vec::new(), Vec::new(), Vec::new());
    let mut offsets = Vec::new();
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
        // `finish` fans some steps out; this figure is one thread's.
        black_box(graphdoc::par::one_thread(|| {
            graphdoc::model::finish(collected)
        }));
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

        let t = Instant::now();
        let mut last = 0u32;
        for (_, text) in &files {
            let starts = line_starts(text);
            let parser =
                pulldown_cmark::Parser::new_ext(text, pulldown_cmark::Options::ENABLE_TABLES);
            for (_, range) in parser.into_offset_iter() {
                last ^= starts.partition_point(|&s| s <= range.start) as u32;
            }
        }
        black_box(last);
        offsets.push(t.elapsed());
    }
    let (mp, ms, c) = (median(model_par), median(model_seq), median(cmark));
    let o = median(offsets);
    println!("bare pulldown-cmark pass (1 thread):   {c:>10.2?}");
    println!(
        "  offset iterator + event lines:        {o:>10.2?}   ({:.2}x the bare pass)",
        o.as_secs_f64() / c.as_secs_f64()
    );
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

/// Byte offsets where the lines of `text` start.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// Tables and body rows per page as pulldown-cmark (GFM tables) sees them, against graphdoc's
/// reading: how many pages a CommonMark reading would read differently.
fn compare_tables(files: &[(String, String)]) {
    use pulldown_cmark::{Event, Tag, TagEnd};
    let (mut ours, mut theirs, mut our_rows, mut their_rows) = (0usize, 0usize, 0usize, 0usize);
    let (mut pages_differ, mut rows_differ) = (0usize, 0usize);
    for (f, text) in files {
        let mut sink = Sink::new(f.clone());
        let page = graphdoc::parse::parse_page(f, text, &mut sink);
        let mut counts: Vec<usize> = Vec::new();
        let mut in_body = false;
        for ev in pulldown_cmark::Parser::new_ext(text, pulldown_cmark::Options::ENABLE_TABLES) {
            match ev {
                Event::Start(Tag::Table(_)) => counts.push(0),
                Event::End(TagEnd::TableHead) => in_body = true,
                Event::End(TagEnd::Table) => in_body = false,
                Event::Start(Tag::TableRow) if in_body => {
                    if let Some(n) = counts.last_mut() {
                        *n += 1;
                    }
                }
                _ => {}
            }
        }
        let mine: Vec<usize> = page.tables.iter().map(|t| t.rows.len()).collect();
        ours += mine.len();
        theirs += counts.len();
        our_rows += mine.iter().sum::<usize>();
        their_rows += counts.iter().sum::<usize>();
        if mine != counts {
            pages_differ += 1;
            let (a, b) = (mine.iter().sum::<usize>(), counts.iter().sum::<usize>());
            rows_differ += a.abs_diff(b).max(usize::from(mine.len() != counts.len()));
        }
    }
    println!(
        "tables: graphdoc {ours} ({our_rows} body rows), pulldown-cmark {theirs} ({their_rows} body rows); \
         {pages_differ} of {} pages read differently ({rows_differ} rows apart)",
        files.len()
    );
}
