//! Where render time goes: templates and Markdown alone, then minification of the same pages.
//! Usage: cargo run --release --example render_cost -- <site folder>

use std::time::Instant;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let root = std::env::args()
        .nth(1)
        .expect("usage: render_cost <site folder>");
    let source = knead::load::load(std::path::Path::new(&root));
    let site = knead::model::build(&source, &knead::model::ModelOptions::default())
        .unwrap_or_else(|_| panic!("site has errors"));
    let options = knead::render::RenderOptions {
        linker: knead::render::urls::Linker { portable: false },
        minify: false,
        finish: |html| html.as_bytes().to_vec(),
        search_version: "x".into(),
    };
    let started = Instant::now();
    let pages =
        knead::render::render(&site, &source, &options).unwrap_or_else(|_| panic!("render"));
    let render = started.elapsed().as_secs_f64();
    let raw: usize = pages.iter().map(|p| p.bytes.len()).sum();
    let started = Instant::now();
    let mut min = 0;
    for p in &pages {
        min += knead::render::minify::html(std::str::from_utf8(&p.bytes).unwrap()).len();
    }
    let minify = started.elapsed().as_secs_f64();
    println!(
        "{} pages: render {:.0} ms (1 thread-equivalent unknown), minify {:.0} ms on one thread; {:.1} MB -> {:.1} MB",
        pages.len(),
        render * 1000.0,
        minify * 1000.0,
        raw as f64 / 1e6,
        min as f64 / 1e6
    );
    std::fs::write("/tmp/mc/sample.html", &pages[pages.len() / 2].bytes).unwrap();
}
