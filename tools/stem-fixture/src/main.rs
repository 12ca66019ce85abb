//! Prints `word<TAB>stem` for each word read on stdin (one per line), stemmed by rust-stemmers'
//! English (Snowball "Porter2") algorithm, the stemmer the search index is built with.
//!
//! Regenerate the browser stemmer's fixture from its own words (add new words as extra lines),
//! from the repository root:
//!
//! ```sh
//! cut -f1 tests/js/fixtures/stems.tsv | CARGO_TARGET_DIR=/tmp/stem-target cargo run --quiet \
//!     --release --manifest-path tools/stem-fixture/Cargo.toml | LC_ALL=C sort -u > /tmp/stems.tsv
//! mv /tmp/stems.tsv tests/js/fixtures/stems.tsv
//! ```

use std::io::{self, BufRead, BufWriter, Write};

use rust_stemmers::{Algorithm, Stemmer};

fn main() -> io::Result<()> {
    let stemmer = Stemmer::create(Algorithm::English);
    let mut out = BufWriter::new(io::stdout().lock());
    for line in io::stdin().lock().lines() {
        let line = line?;
        let word = line.trim();
        if !word.is_empty() {
            writeln!(out, "{}\t{}", word, stemmer.stem(word))?;
        }
    }
    out.flush()
}
