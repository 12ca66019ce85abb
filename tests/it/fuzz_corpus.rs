//! The fuzz targets' inputs replayed without a fuzzer: the seed corpus (fuzz/corpus/<target>/)
//! and every input a fuzzer once failed on (fuzz/regressions/<target>/) go through the same
//! entry points (`knead::fuzzing`), whose assertions are the fuzzers' own. So `cargo test`
//! guards each fix, and a new crash needs only its file dropped into fuzz/regressions/.

use std::fs;
use std::path::PathBuf;

use crate::support::repo_root;

/// Every input file for `target`, from the corpus and the regressions, in name order.
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    for folder in ["corpus", "regressions"] {
        let dir = repo_root().join("fuzz").join(folder).join(target);
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("folder entry").path();
            if path.is_file() {
                let bytes = fs::read(&path).expect("read fuzz input");
                files.push((path, bytes));
            }
        }
    }
    files.sort();
    files
}

/// Runs each input of `target` through `run`, naming the file if it panics.
fn replay(target: &str, run: impl Fn(&[u8])) {
    let files = inputs(target);
    assert!(
        files.len() >= 2,
        "fuzz/corpus/{target}/ holds too few seeds"
    );
    for (path, bytes) in files {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(&bytes)));
        assert!(result.is_ok(), "{} fails its target", path.display());
    }
}

/// The text targets take UTF-8 only, as their fuzz targets do.
fn text(run: fn(&str)) -> impl Fn(&[u8]) {
    move |bytes| {
        if let Ok(text) = std::str::from_utf8(bytes) {
            run(text);
        }
    }
}

#[test]
fn front_matter_inputs() {
    replay("front_matter", text(knead::fuzzing::front_matter));
}

#[test]
fn markdown_inputs() {
    replay("markdown", text(knead::fuzzing::markdown));
}

#[test]
fn quiz_inputs() {
    replay("quiz", text(knead::fuzzing::quiz));
}

#[test]
fn site_yaml_inputs() {
    replay("site_yaml", text(knead::fuzzing::site_yaml));
}

#[test]
fn site_inputs() {
    replay("site", knead::fuzzing::site);
}

#[test]
fn seed_sites_reach_the_linked_model() {
    // The site seeds are meant to get past parsing: at least one of them must build a model.
    let built = inputs("site")
        .iter()
        .filter(|(_, bytes)| {
            let files = knead::fuzzing::site_files(bytes);
            let source = knead::fuzzing::source(&files);
            // The target builds each site without and with drafts, as `--drafts` does.
            [false, true].into_iter().any(|drafts| {
                let options = knead::model::ModelOptions {
                    drafts,
                    base_url: None,
                };
                knead::model::build(&source, &options).is_ok()
            })
        })
        .count();
    assert!(built >= 2, "only {built} seed sites build");
}
