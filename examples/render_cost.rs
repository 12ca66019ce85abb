//! Where render time goes: pages from the minified templates, then what minifying each page
//! whole, or only its article text, costs on top.
//! Usage: cargo run --release --example render_cost -- <site folder>

use std::time::Instant;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let root = std::env::args()
        .nth(1)
        .expect("usage: render_cost <site folder>");
    let source = knead::load::load(std::path::Path::new(&root), Default::default());
    let site = knead::model::build(&source, &knead::model::ModelOptions::default())
        .unwrap_or_else(|_| panic!("site has errors"));
    let options = knead::render::RenderOptions {
        linker: knead::render::urls::Linker { portable: false },
        minify: true,
        finish: String::into_bytes,
        search_version: "x".into(),
    };
    let started = Instant::now();
    let pages =
        knead::render::render(&site, &source, &options).unwrap_or_else(|_| panic!("render"));
    let render = started.elapsed().as_secs_f64();
    let texts: Vec<&str> = pages
        .iter()
        .map(|p| std::str::from_utf8(&p.bytes).unwrap())
        .collect();
    let raw: usize = texts.iter().map(|t| t.len()).sum();
    let started = Instant::now();
    let whole: usize = texts
        .iter()
        .map(|t| knead::render::minify::html(t).len())
        .sum();
    let whole_ms = started.elapsed().as_secs_f64();
    // The article text alone: the theme's prose block.
    let prose = |t: &str| -> Option<(usize, usize)> {
        let start = t.find("<div class=prose>")? + "<div class=prose>".len();
        let end = t[start..].find("</div><")? + start;
        Some((start, end))
    };
    let fragments: Vec<&str> = texts
        .iter()
        .filter_map(|t| prose(t).map(|(s, e)| &t[s..e]))
        .collect();
    let fragment_bytes: usize = fragments.iter().map(|f| f.len()).sum();
    let started = Instant::now();
    let fragment_min: usize = fragments
        .iter()
        .map(|f| knead::render::minify::html(f).len())
        .sum();
    let fragment_ms = started.elapsed().as_secs_f64();
    println!(
        "{} pages: render {:.0} ms; {:.1} MB as rendered; whole pages minified {:.0} ms on one thread -> {:.1} MB; \
         article text only ({:.1} MB) minified {:.0} ms -> {:.1} MB",
        pages.len(),
        render * 1000.0,
        raw as f64 / 1e6,
        whole_ms * 1000.0,
        whole as f64 / 1e6,
        fragment_bytes as f64 / 1e6,
        fragment_ms * 1000.0,
        fragment_min as f64 / 1e6,
    );
    let _ = std::fs::create_dir_all("/tmp/mc");
    std::fs::write("/tmp/mc/sample.html", &pages[pages.len() / 2].bytes).unwrap();
}
