//! Pages come out minified because their templates are minified when compiled. Minifying the
//! templates must not change what a page says: every page of this repository's site, minified
//! whole, is the same whether it was rendered from minified templates or from templates as
//! written. (Every template of the default theme is used by some page of the site.)

use std::path::Path;

use knead::render::{self, RenderOptions, minify, urls::Linker};

fn pages(
    minified_templates: bool,
    portable: bool,
    finish: fn(String) -> Vec<u8>,
) -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = knead::load::load(root, Default::default());
    let site = knead::model::build(&source, &knead::model::ModelOptions::default())
        .unwrap_or_else(|e| panic!("the site has errors: {e:?}"));
    let options = RenderOptions {
        linker: Linker { portable },
        minify: minified_templates,
        finish,
        search_version: "test".into(),
    };
    render::render(&site, &source, &options)
        .unwrap_or_else(|e| panic!("render failed: {e:?}"))
        .into_iter()
        .map(|p| (p.file, p.bytes))
        .collect()
}

#[test]
fn minified_templates_make_the_same_pages_as_templates_as_written() {
    for portable in [false, true] {
        let fast = pages(true, portable, |p| minify::html(&p));
        let exact = pages(false, portable, |p| minify::html(&p));
        assert_eq!(fast.len(), exact.len());
        assert!(fast.len() > 30, "{} pages", fast.len());
        for ((file, a), (other, b)) in fast.iter().zip(&exact) {
            assert_eq!(file, other);
            assert!(
                a == b,
                "{file} differs:\n{}\n---\n{}",
                String::from_utf8_lossy(a),
                String::from_utf8_lossy(b)
            );
        }
    }
}

#[test]
fn built_pages_are_minified() {
    // What a build writes: the minified doctype, no line of template indentation.
    for (file, bytes) in pages(true, false, |html| html.as_bytes().to_vec()) {
        let text = String::from_utf8(bytes).unwrap();
        assert!(
            text.starts_with("<!doctype html><html lang=\"en\"><head><meta charset=utf-8>"),
            "{file}: {}",
            &text[..80.min(text.len())]
        );
        assert!(
            !text.contains(">\n  <"),
            "{file} keeps template indentation"
        );
    }
}
