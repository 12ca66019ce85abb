//! What the search index adds to a build: its time and the memory it takes on top of the
//! loaded, validated site. Usage:
//!   cargo run --release --example search_index_cost -- <site folder>
//! (for example a corpus from ../shared/bench/gencorpus.py). Prints the median of 3 runs.
//!
//! A build reads each page's plain text (headings and sentences) in the model's pass of
//! pulldown-cmark, for the index. That share is timed here too, as an upper bound: every body
//! is read again on its own, which also pays for a second Markdown parse.

use std::time::Instant;

use rayon::prelude::*;

// The same allocator as the knead binary, so the figures match a real build.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Peak resident memory of this process so far, in MiB (Linux; 0 elsewhere).
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    let root = std::env::args()
        .nth(1)
        .expect("usage: search_index_cost <site folder>");
    let source = knead::load::load(std::path::Path::new(&root), Default::default());
    let site = match knead::model::build(&source, &knead::model::ModelOptions::default()) {
        Ok(site) => site,
        Err(errors) => {
            for e in errors {
                eprintln!("{e}");
            }
            std::process::exit(1);
        }
    };
    let before = peak_mib();
    let linker = knead::render::urls::Linker { portable: false };
    let mut times = Vec::new();
    let mut text_times = Vec::new();
    let mut files = 0;
    let mut bytes = 0;
    for _ in 0..3 {
        let started = Instant::now();
        let texts: Vec<_> = site
            .articles
            .par_iter()
            .map(|a| knead::model::body::plain_text(&a.body.markdown))
            .collect();
        text_times.push(started.elapsed().as_secs_f64());
        drop(texts);
        let started = Instant::now();
        let index = knead::output::search_index::build(&site, linker, "bench");
        times.push(started.elapsed().as_secs_f64());
        files = index.files.len();
        bytes = index
            .files
            .iter()
            .map(|(_, text)| text.len())
            .sum::<usize>();
    }
    times.sort_by(f64::total_cmp);
    text_times.sort_by(f64::total_cmp);
    let pages = site.articles.len() + site.collections.len();
    println!(
        "search index for {pages} pages: {:.0} ms (median of 3, {:.0}-{:.0}) plus at most {:.0} ms reading the pages' plain text, +{:.0} MiB peak memory, {files} files ({:.1} per 20 pages), {:.1} MB",
        times[1] * 1000.0,
        times[0] * 1000.0,
        times[2] * 1000.0,
        text_times[1] * 1000.0,
        (peak_mib() - before).max(0.0),
        files as f64 * 20.0 / pages as f64,
        bytes as f64 / 1e6
    );
}
